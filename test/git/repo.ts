import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { prepareChangeScan, type ChangeMode } from '../../src/scan-setup.js';
import { judgeChanges } from '../../src/git/judge.js';
import { runScan, type ScanReport } from '../../src/scan.js';
import type { FileChange } from '../../src/git/changes.js';
import { cleanEnv, git, gitInit } from '../helpers/git.js';

export { cleanEnv, commitAll, git } from '../helpers/git.js';

/**
 * A fresh repository on an unborn `main`, removed when the test ends. Its author is `Test`, the
 * name the history tests expect in a sweep's attribution.
 */
export function tempRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-git-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const repo = gitInit(join(dir, 'repo'));
  git(repo, 'config', 'user.name', 'Test');
  return repo;
}

export function write(repo: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A core v1 Secret with obviously fake values (keys in order, one per line from line 6). */
export function secret(name: string, data: Record<string, string>): string {
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${b64(v)}`);
  return ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, 'data:', ...lines, ''].join('\n');
}

/** Line of `key:` in a text, 1-based. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in text`);
  return i + 1;
}

export interface JudgedScan {
  report: ScanReport;
  changes: readonly FileChange[];
}

/** What `sealcheck scan --staged` / `--diff` computes, in process. */
export async function scanChanges(mode: ChangeMode, cwd: string): Promise<JudgedScan> {
  const setup = await prepareChangeScan(mode, {}, cwd, cleanEnv());
  try {
    const report = await runScan(setup.source, setup.ruleset, setup.options);
    return { report: judgeChanges(report, setup.changes), changes: setup.changes };
  } finally {
    await setup.close();
  }
}

/** `path:line severity` of each finding, for compact assertions. */
export function summary(r: ScanReport): string[] {
  return r.findings.map(
    (f) => `${f.location.path}:${f.location.line} ${f.severity}${f.preexisting ? ' preexisting' : ''}`,
  );
}
