import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { InputFile, SkippedFile, Source } from '../../src/sources/source.js';

/** Git as the tests need it: no user or system configuration, no signing, no background work. */
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

/** A real temporary folder holding `files` (parents created), removed when the test finishes. */
export function tempTree(files: Record<string, string | Buffer> = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sealcheck-files-')));
  onTestFinished(() => {
    restoreModes(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** A repository at `dir`, configured locally as the tests' git expects. */
export function gitInit(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Sealcheck Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'maintenance.auto', 'false');
  git(dir, 'config', 'gc.auto', '0');
}

/** What git itself would offer to commit: tracked and untracked files that are not ignored. */
export function gitVisible(dir: string): string[] {
  return git(dir, '-c', 'core.excludesFile=/dev/null', 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    .filter((p) => p !== '')
    .sort();
}

export interface Drained {
  paths: string[];
  text: Record<string, string>;
  skipped: SkippedFile[];
}

/** Everything a source yields, in its order. */
export async function drain(source: Source): Promise<Drained> {
  const files: InputFile[] = [];
  for await (const f of source.files()) files.push(f);
  return {
    paths: files.map((f) => f.path),
    text: Object.fromEntries(files.map((f) => [f.path, f.bytes.toString('utf8')])),
    skipped: source.skipped,
  };
}

/** Unlocks folders a test made unreadable, so the cleanup can remove them. */
function restoreModes(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) restoreModes(path.join(dir, e.name));
  } catch {
    // already gone, or not ours to fix
  }
}
