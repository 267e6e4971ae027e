import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { InputFile, SkippedFile, Source } from '../../src/sources/source.js';
import { git } from '../helpers/git.js';

export { git, gitInit } from '../helpers/git.js';

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
