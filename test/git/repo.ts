import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { prepareChangeScan, type ChangeMode } from '../../src/scan-setup.js';
import { judgeChanges } from '../../src/git/judge.js';
import { runScan, type ScanReport } from '../../src/scan.js';
import type { FileChange } from '../../src/git/changes.js';

/**
 * The environment for git in tests: no inherited GIT_* variables (tests may run inside a hook,
 * where GIT_DIR and GIT_INDEX_FILE point at another repository), no global or system config.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && v !== undefined) env[k] = v;
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh repository on an unborn `main`, removed when the test ends. */
export function tempRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-git-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.invalid');
  git(repo, 'config', 'commit.gpgsign', 'false');
  return repo;
}

export function write(repo: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
}

export function commitAll(repo: string, message = 'commit'): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
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
