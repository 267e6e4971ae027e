import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The root of the git work tree holding `dir`, found as git finds it, without running git: the
 * nearest folder at or above `dir` holding `.git` (a folder in a plain clone, a `gitdir: …` file
 * in a linked worktree or a submodule). Undefined outside any work tree.
 */
export async function findWorkTreeRoot(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await hasDotGit(d)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export async function hasDotGit(dir: string): Promise<boolean> {
  try {
    await lstat(path.join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/** Where git keeps the repository of the work tree at `root`. */
export interface GitDirs {
  /** This work tree's own git dir: its `index` lives here. */
  gitDir: string;
  /** The git dir shared by linked worktrees: `info/exclude` and `config` live here. */
  commonDir: string;
}

/**
 * Follows `root/.git` to the git dirs: a folder in a plain clone, or a `gitdir: …` file in a
 * linked worktree or submodule, whose git dir names the shared one in `commondir`
 * (gitrepository-layout(5)). Undefined when `.git` cannot be followed.
 */
export async function gitDirsOf(root: string): Promise<GitDirs | undefined> {
  const dotGit = path.join(root, '.git');
  try {
    let gitDir = dotGit;
    if ((await lstat(dotGit)).isFile()) {
      // Read line by line: `^gitdir:\s*(.+?)\s*$` with the m flag re-scans runs of blank lines.
      const line = (await readFile(dotGit, 'utf8')).split(/\r?\n/).find((l) => l.startsWith('gitdir:'));
      const target = line?.slice('gitdir:'.length).trim();
      if (target === undefined || target === '') return undefined;
      gitDir = path.resolve(root, target);
    }
    const commonDir = await readFile(path.join(gitDir, 'commondir'), 'utf8').then(
      (text) => path.resolve(gitDir, text.trim()),
      () => gitDir,
    );
    return { gitDir, commonDir };
  } catch {
    return undefined;
  }
}
