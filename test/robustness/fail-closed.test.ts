import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, sealcheck, type CliResult } from '../helpers/cli.js';
import { cleanEnv, commitAll, git, tempRepo, write } from '../git/repo.js';
import {
  aliasBomb,
  binaryWithToken,
  decompressionBomb,
  deepJson,
  deepLastApplied,
  duplicateKind,
  encode,
  fakeToken,
  plainSecret,
  secretsDump,
  undecodable,
} from './fail-closed-inputs.js';

/**
 * Inputs that used to pass as clean (exit 0, committed through the hook) with a credential in them.
 * Each goes through the built CLI: a plain scan reports it (at least a not-scanned warning), and
 * `scan --staged` (what the pre-commit hook runs) in a real repository exits non-zero, says why,
 * and never prints the planted value.
 */

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  location: { path: string; line: number; column: number };
  object: { key?: string };
  fix?: string;
}

/** The built CLI (launcher, bundle, rules, package.json) copied into a folder anyone may read; its launcher. */
function readableCopyOfCli(): string {
  const pkg = dirname(dirname(BIN));
  const copy = mkdtempSync(join(tmpdir(), 'sealcheck-cli-'));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  for (const part of ['bin', 'dist', 'rules', 'schema', 'package.json'])
    cpSync(join(pkg, part), join(copy, part), { recursive: true, preserveTimestamps: true });
  chmodSync(copy, 0o755);
  return join(copy, 'bin', 'sealcheck.js');
}

function json(r: CliResult): Finding[] {
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

function where(findings: Finding[]): Array<[string, string, number, number, string | undefined]> {
  return findings.map((f) => [f.ruleId, f.severity, f.location.line, f.location.column, f.object.key]);
}

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-failclosed-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [p, content] of Object.entries(files)) writeFileSync(join(dir, p), content);
  return dir;
}

/** `scan --staged` in a repository with one commit and `files` staged on top. */
function staged(files: Record<string, string | Buffer>, ...args: string[]): CliResult {
  const repo = tempRepo();
  write(repo, { 'README.md': '# app\n' });
  commitAll(repo);
  write(repo, files);
  git(repo, 'add', '-A');
  return sealcheck(['scan', '--staged', ...args], { cwd: repo, env: cleanEnv() });
}

function absent(r: CliResult, ...values: string[]): void {
  for (const v of values) {
    expect(r.stdout).not.toContain(v);
    expect(r.stderr).not.toContain(v);
  }
}

describe('fail closed: each input that passed as clean', () => {
  it(
    'a 6 MB `kubectl get secrets -A -o yaml` dump: its stringData is found line by line, and the size is reported',
    { timeout: 120_000 },
    () => {
      const value = 'fake-dump-pass-61';
      const dump = secretsDump(6 * 1024 * 1024, value);
      const dir = tree({ 'dump.yaml': dump.text });
      const r = sealcheck(['scan', 'dump.yaml', '-f', 'json'], { cwd: dir });
      expect(r.status).toBe(1);
      const findings = json(r);
      expect(where(findings)).toEqual([
        ['not-scanned', 'warning', 1, 1, 'too-large'],
        ['secret-string-data', 'error', dump.line, 15, 'password'],
      ]);
      expect(findings[0]!.fix).toContain('--max-file-size');
      absent(r, value);

      const hook = staged({ 'dump.yaml': dump.text });
      expect(hook.status).toBe(1);
      expect(hook.stdout).toContain('not fully checked: larger than the');
      expect(hook.stdout).toContain('--max-file-size');
      absent(hook, value);
    },
  );

  it(
    'a file over the limit with no credential in it: a warning in scan, blocking in the hook, with the way out',
    { timeout: 60_000 },
    () => {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  notes: ${'n'.repeat(4096)}\n`;
      const plain = sealcheck(['scan', '.', '--max-file-size', '1KB'], { cwd: tree({ 'big.yaml': text }) });
      expect(plain.status).toBe(0);
      expect(plain.stdout).toMatch(/ {2}not-scanned\n {2}\d+:\d+ +warning /);
      const hook = staged({ 'big.yaml': text }, '--max-file-size', '1KB');
      expect(hook.status).toBe(1);
      expect(hook.stdout).toMatch(/ {2}not-scanned\n {2}\d+:\d+ +error /);
      expect(hook.stdout).toContain('--max-file-size 4');
      expect(hook.stdout).toContain('.sealcheckignore');
    },
  );

  it.each([
    [
      'UTF-16LE with BOM (PowerShell 5.1 `>`)',
      encode(plainSecret('fake-utf16le-bom-62'), 'utf-16le', true),
      'fake-utf16le-bom-62',
    ],
    ['UTF-16BE with BOM', encode(plainSecret('fake-utf16be-bom-63'), 'utf-16be', true), 'fake-utf16be-bom-63'],
    ['UTF-16LE without BOM', encode(plainSecret('fake-utf16le-raw-64'), 'utf-16le', false), 'fake-utf16le-raw-64'],
    ['UTF-32LE with BOM', encode(plainSecret('fake-utf32le-bom-65'), 'utf-32le', true), 'fake-utf32le-bom-65'],
    ['UTF-32BE without BOM', encode(plainSecret('fake-utf32be-raw-66'), 'utf-32be', false), 'fake-utf32be-raw-66'],
    [
      'CR-only line ends (old Mac)',
      Buffer.from(plainSecret('fake-cr-only-pass-67').replace(/\n/g, '\r')),
      'fake-cr-only-pass-67',
    ],
  ])('%s: the Secret is found at its line, and the hook blocks it', { timeout: 60_000 }, (_name, bytes, value) => {
    const r = sealcheck(['scan', 's.yaml', '-f', 'json'], { cwd: tree({ 's.yaml': bytes }) });
    expect(r.status).toBe(1);
    expect(where(json(r))).toEqual([['secret-string-data', 'error', 6, 13, 'password']]);
    absent(r, value);
    const hook = staged({ 's.yaml': bytes });
    expect(hook.status).toBe(1);
    expect(hook.stdout).toMatch(/6:13\s+error\s+password /);
    absent(hook, value);
  });

  it(
    'JSON with a sibling nested deeper than 256: the Secret beside it is found, and the depth is reported',
    { timeout: 60_000 },
    () => {
      const value = 'fake-deep-sibling-68';
      const r = sealcheck(['scan', 'deep.json', '-f', 'json'], { cwd: tree({ 'deep.json': deepJson(value) }) });
      expect(r.status).toBe(1);
      expect(where(json(r))).toEqual([
        ['not-scanned', 'warning', 1, 326, 'nesting-too-deep'],
        ['secret-string-data', 'error', 1, 696, 'password'],
      ]);
      absent(r, value);
      const hook = staged({ 'deep.json': deepJson(undefined) });
      expect(hook.status).toBe(1);
      expect(hook.stdout).toContain('nested deeper than 256 levels');
    },
  );

  it('the same inside a last-applied-configuration copy', { timeout: 60_000 }, () => {
    const value = 'fake-deep-copy-69';
    const r = sealcheck(['scan', 'cm.yaml', '-f', 'json'], { cwd: tree({ 'cm.yaml': deepLastApplied(value) }) });
    expect(r.status).toBe(1);
    const found = json(r);
    expect(found.map((f) => [f.ruleId, f.severity, f.location.line, f.object.key])).toEqual([
      ['not-scanned', 'warning', 6, 'nesting-too-deep'],
      ['secret-string-data', 'error', 7, 'password'],
    ]);
    expect(found[0]!.message).toContain('in the kubectl.kubernetes.io/last-applied-configuration annotation');
    absent(r, value);
  });

  it('a kubecfg annotation that decompresses past 8 MiB is reported, not dropped', { timeout: 60_000 }, () => {
    const text = decompressionBomb('fake-bomb-pass-70');
    const r = sealcheck(['scan', 'cm.yaml', '-f', 'json'], { cwd: tree({ 'cm.yaml': text }) });
    expect(r.status).toBe(0);
    expect(where(json(r))).toEqual([['not-scanned', 'warning', 6, 52, 'decompression-limit']]);
    const hook = staged({ 'cm.yaml': text });
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain('decompresses to more than 8 MiB');
  });

  it(
    'an unreadable file (mode 000, read by an unprivileged user): a not-scanned finding with the reason',
    { timeout: 60_000 },
    () => {
      const value = 'fake-unreadable-71';
      const dir = tree({ 's.yaml': plainSecret(value), 'ok.yaml': 'a: b\n' });
      chmodSync(join(dir, 's.yaml'), 0o000);
      chmodSync(dir, 0o755);
      // Root reads mode 000 files, so the CLI runs as `nobody` when the tests run as root, from a
      // copy `nobody` can read: the checkout may sit in a folder only root may enter (mktemp -d).
      const root = process.getuid?.() === 0;
      const asUser = root ? { uid: 65534, gid: 65534 } : {};
      const bin = root ? readableCopyOfCli() : BIN;
      const r = spawnSync(process.execPath, [bin, 'scan', '.', '-f', 'json'], {
        cwd: dir,
        encoding: 'utf8',
        ...asUser,
      });
      expect(r.stderr).toBe('');
      const found = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
      expect(found.map((f) => [f.location.path, f.ruleId, f.severity, f.object.key, f.message])).toEqual([
        ['s.yaml', 'not-scanned', 'warning', 'unreadable', 'not fully checked: unreadable: permission denied (EACCES)'],
      ]);
    },
  );

  it('an unreadable staged blob (its object is missing): the hook stops with the reason', () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    commitAll(repo);
    git(repo, 'update-index', '--add', '--info-only', '--cacheinfo', `100644,${'12345678'.repeat(5)},s.yaml`);
    const r = sealcheck(['scan', '--staged'], { cwd: repo, env: cleanEnv() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`unable to read ${'12345678'.repeat(5)}`);
  });

  it(
    'a duplicate `kind:` (Secret, then ConfigMap) is judged as a Secret and the duplicate reported',
    { timeout: 60_000 },
    () => {
      const value = 'fake-duplicate-kind-72';
      const r = sealcheck(['scan', 's.yaml', '-f', 'json'], { cwd: tree({ 's.yaml': duplicateKind(value) }) });
      expect(r.status).toBe(1);
      expect(where(json(r))).toEqual([
        ['secret-string-data', 'error', 6, 13, 'password'],
        ['parse-error', 'note', 7, 1, 'duplicate-key'],
      ]);
      absent(r, value);
      const hook = staged({ 's.yaml': duplicateKind(value) });
      expect(hook.status).toBe(1);
      absent(hook, value);
    },
  );

  it('a binary file with a token: found in its printable text by scan and the hook', { timeout: 60_000 }, () => {
    const token = fakeToken('binary-73');
    const r = sealcheck(['scan', 'logo.png', '-f', 'json'], { cwd: tree({ 'logo.png': binaryWithToken(token) }) });
    expect(r.status).toBe(1);
    expect(where(json(r))).toEqual([['github-token', 'error', 2, 7, undefined]]);
    absent(r, token);
    const hook = staged({ 'logo.png': binaryWithToken(token) });
    expect(hook.status).toBe(1);
    absent(hook, token);
  });

  it(
    "the history sweep reads a binary blob's printable runs, and counts it and an undecodable blob as skipped",
    { timeout: 60_000 },
    () => {
      const token = fakeToken('sweep-74');
      const repo = tempRepo();
      write(repo, { 'logo.png': binaryWithToken(token), 'odd.yaml': undecodable() });
      commitAll(repo);
      const r = sealcheck(['sweep', '--no-progress', '--workers', '0', '-f', 'json'], {
        cwd: repo,
        env: cleanEnv(),
      });
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout) as {
        secrets: Array<{ rule: string; introducedIn: { path: string } }>;
        stats: { skipped: number };
      };
      expect(report.secrets.map((s) => [s.rule, s.introducedIn.path])).toEqual([['github-token', 'logo.png']]);
      // Both are counted: the binary one was checked by its printable text only, the other not decoded in full.
      expect(report.stats.skipped).toBe(2);
      absent(r, token);
    },
  );
});

describe('the history sweep applies the size limit to the parse, not to reading', () => {
  it(
    'a Secrets dump over --max-file-size in history is read line by line and its value found',
    { timeout: 60_000 },
    () => {
      const value = 'fake-sweep-dump-Pw-77';
      const dump = secretsDump(8 * 1024, value);
      const repo = tempRepo();
      write(repo, { 'dump.yaml': dump.text });
      commitAll(repo);
      const r = sealcheck(['sweep', '--no-progress', '--workers', '0', '--max-file-size', '2KB', '-f', 'json'], {
        cwd: repo,
        env: cleanEnv(),
      });
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout) as {
        secrets: Array<{ rule: string; introducedIn: { path: string; line?: number } }>;
      };
      expect(report.secrets.map((s) => [s.rule, s.introducedIn.path])).toEqual([['secret-string-data', 'dump.yaml']]);
      absent(r, value);
    },
  );
});

describe('hook fail-closed matrix: every reason a file goes unchecked blocks pre-commit and pre-push', () => {
  const reasons: Array<[string, () => Record<string, string | Buffer>, string[], RegExp]> = [
    [
      'too large',
      () => ({ 'big.yaml': `kind: ConfigMap\ndata:\n  a: ${'x'.repeat(4096)}\n` }),
      ['--max-file-size', '1KB'],
      /larger than the 1000 byte limit/,
    ],
    ['binary with a credential', () => ({ 'blob.bin': binaryWithToken(fakeToken('matrix-75')) }), [], /github-token/],
    ['undecodable', () => ({ 'odd.yaml': undecodable() }), [], /not valid UTF-32LE/],
    ['too deep', () => ({ 'deep.json': deepJson(undefined) }), [], /nested deeper than 256 levels/],
    ['alias bomb', () => ({ 'bomb.yaml': aliasBomb() }), [], /too many nodes \(alias expansion\)/],
    [
      'decompression bomb',
      () => ({ 'cm.yaml': decompressionBomb('fake-matrix-bomb-76') }),
      [],
      /decompresses to more than 8 MiB/,
    ],
  ];

  it.each(reasons)(
    '%s: scan --staged exits non-zero with the reason',
    { timeout: 60_000 },
    (_name, files, args, reason) => {
      const r = staged(files(), ...args);
      expect([1, 2]).toContain(r.status);
      expect(r.stdout + r.stderr).toMatch(reason);
    },
  );

  it.each(reasons)(
    '%s: scan --diff exits non-zero with the reason',
    { timeout: 60_000 },
    (_name, files, args, reason) => {
      const repo = tempRepo();
      write(repo, { 'README.md': '# app\n' });
      const base = commitAll(repo);
      write(repo, files());
      commitAll(repo);
      const r = sealcheck(['scan', '--diff', `${base}..HEAD`, ...args], {
        cwd: repo,
        env: cleanEnv(),
      });
      expect([1, 2]).toContain(r.status);
      expect(r.stdout + r.stderr).toMatch(reason);
    },
  );

  it('unreadable: a staged blob and a pushed blob whose objects are missing stop both modes', () => {
    const missing = 'abcdef01'.repeat(5);
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    const base = commitAll(repo);
    git(repo, 'update-index', '--add', '--info-only', '--cacheinfo', `100644,${missing},s.yaml`);
    const pre = sealcheck(['scan', '--staged'], { cwd: repo, env: cleanEnv() });
    expect([1, 2]).toContain(pre.status);
    expect(pre.stderr).toContain(`unable to read ${missing}`);
    // A commit whose tree names a blob this repository does not have (a broken partial clone).
    const tree = execGit(repo, ['mktree', '--missing'], `100644 blob ${missing}\ts.yaml\n`).trim();
    const head = execGit(repo, ['commit-tree', tree, '-p', base, '-m', 'missing blob'], '').trim();
    const push = sealcheck(['scan', '--diff', `${base}..${head}`], {
      cwd: repo,
      env: cleanEnv(),
    });
    expect([1, 2]).toContain(push.status);
    expect(push.stderr).toContain(`unable to read ${missing}`);
  });
});

function execGit(cwd: string, args: string[], input: string): string {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8', env: cleanEnv() });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
