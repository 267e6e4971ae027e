import path from 'node:path';
import { git } from '../git/run.js';

/**
 * Files git tracks, as real paths, and every folder above them. .gitignore only hides untracked
 * files: a credential committed first and ignored afterwards is still in every clone, so a
 * tracked file is scanned whatever the ignore files say.
 */
export interface Tracked {
  files: ReadonlySet<string>;
  folders: ReadonlySet<string>;
}

/**
 * The tracked paths of the work tree at `root`, from one `git ls-files` (git itself reads every
 * index version, split indexes and SHA-256 repositories). Undefined when git cannot answer (not
 * installed, a corrupt index): then ignore rules alone decide, as for a repository without commits.
 */
export async function readTracked(root: string): Promise<Tracked | undefined> {
  let out: string;
  try {
    // A minimal environment: git discovers the repository from `root` itself (worktrees and
    // submodules included), and a GIT_DIR or GIT_INDEX_FILE inherited from a hook cannot redirect it.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    out = (await git(root, ['ls-files', '-z', '--cached', '--full-name'], env)).toString('utf8');
  } catch {
    return undefined;
  }
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const name of out.split('\0')) {
    if (name === '') continue;
    const file = path.join(root, name);
    files.add(file);
    for (let d = path.dirname(file); d.length > root.length && !folders.has(d); d = path.dirname(d)) folders.add(d);
  }
  return { files, folders };
}
