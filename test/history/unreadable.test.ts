import { execFileSync } from 'node:child_process';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { BIN } from '../helpers/cli.js';
import { cleanEnv, git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

const ctx = {
  rules: loadRuleFiles().map((l) => l.data),
  color: false,
  toolVersion: 'test',
  docsBase: 'https://example.invalid/rules',
};

/** Overwrites the loose object file of `oid` with bytes that are not a zlib stream. */
function corrupt(repo: string, oid: string, bytes: Buffer): void {
  const file = join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  chmodSync(file, 0o644);
  writeFileSync(file, bytes);
}

function sweepCli(repo: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [BIN, 'sweep', repo, '--workers', '0', ...args], {
      env: cleanEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sweep: objects git cannot read', () => {
  it('a corrupt loose blob: exit 2 naming the object, in every format, with the other secrets still listed', async () => {
    const repo = tempRepo();
    write(repo, {
      'a.yaml': secret('a', { password: 'fake-sweep-readable-1' }),
      'b.yaml': secret('b', { password: 'fake-sweep-corrupt-1' }),
    });
    commitAt(repo, T0);
    const oid = git(repo, 'rev-parse', 'HEAD:b.yaml').trim();
    corrupt(repo, oid, Buffer.from('garbage, not an object\n'));

    const report = await sweep(repo);
    expect(report.secrets.map((r) => r.name)).toEqual(['a']);
    expect(report.errors).toHaveLength(1);
    expect(report.errors![0]).toContain(`1 blob that commits name cannot be read`);
    expect(report.errors![0]).toContain(oid);

    for (const fmt of ['text', 'json', 'markdown', 'csv', 'sarif'] as const) {
      const run = sweepCli(repo, '--format', fmt);
      expect(run.status, fmt).toBe(2);
      expect(run.stdout, fmt).toContain(oid);
      expect(run.stderr, fmt).toContain(oid);
      expect(run.stdout + run.stderr).not.toContain('fake-sweep-readable-1');
      expect(run.stderr).not.toContain('internal error');
    }
    expect(JSON.parse(sweepCli(repo, '--format', 'sarif').stdout).runs[0].invocations[0].executionSuccessful).toBe(
      false,
    );
  });

  it('a blob missing from a mirror fails the sweep unless --allow-missing-objects, which still names it', () => {
    const repo = tempRepo();
    write(repo, { 'a.yaml': secret('a', { password: 'fake-sweep-mirror-1' }), 'big.bin.yaml': 'kind: ConfigMap\n' });
    commitAt(repo, T0);
    const oid = git(repo, 'rev-parse', 'HEAD:big.bin.yaml').trim();
    const file = join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    renameSync(file, `${file}.gone`);

    const strict = sweepCli(repo, '--format', 'json');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain(oid);

    const allowed = sweepCli(repo, '--format', 'json', '--allow-missing-objects');
    expect(allowed.status).toBe(1);
    const report = JSON.parse(allowed.stdout) as {
      secrets: Array<{ name: string }>;
      notes: string[];
      errors?: string[];
    };
    expect(report.secrets.map((r) => r.name)).toEqual(['a']);
    expect(report.errors ?? []).toEqual([]);
    expect(report.notes.find((n) => n.includes('--allow-missing-objects'))).toContain(oid);
    expect(allowed.stdout + allowed.stderr).not.toContain('fake-sweep-mirror-1');
  });

  it('every blob unreadable: not a clean exit 0', () => {
    const repo = tempRepo();
    write(repo, { 'b.yaml': secret('b', { password: 'fake-sweep-corrupt-2' }) });
    commitAt(repo, T0);
    corrupt(repo, git(repo, 'rev-parse', 'HEAD:b.yaml').trim(), Buffer.from('x'));
    const run = sweepCli(repo);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^error: 1 blob that commits name cannot be read/m);
  });

  it('a blob whose bytes no longer hash to its id (a valid zlib stream of other content) is an error, not scanned content', async () => {
    const repo = tempRepo();
    write(repo, { 'b.yaml': secret('b', { password: 'fake-sweep-corrupt-3' }) });
    commitAt(repo, T0);
    const oid = git(repo, 'rev-parse', 'HEAD:b.yaml').trim();
    const { deflateSync } = await import('node:zlib');
    const other = 'clean: true\n';
    corrupt(repo, oid, deflateSync(Buffer.from(`blob ${other.length}\0${other}`)));
    const report = await sweep(repo);
    expect(report.secrets).toEqual([]);
    expect(report.errors?.join('\n')).toContain(`does not hash to its id`);
    expect(report.errors?.join('\n')).toContain(oid);
  });

  it('a truncated object that makes git cat-file die: that blob is an error, and the rest are still read', async () => {
    const repo = tempRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++)
      files[`s${i}.yaml`] = secret(`s${i}`, { password: `fake-sweep-truncated-${i}-${'Qx7Lp2Vm9Rt4'.repeat(170)}` });
    write(repo, files);
    commitAt(repo, T0);
    const oid = git(repo, 'rev-parse', 'HEAD:s2.yaml').trim();
    const { deflateSync } = await import('node:zlib');
    const body = Buffer.from(`blob ${Buffer.byteLength(files['s2.yaml']!)}\0${files['s2.yaml']}`);
    const whole = deflateSync(body);
    corrupt(repo, oid, whole.subarray(0, whole.length - 4)); // no checksum: git prints the header, then dies streaming the body
    const report = await sweep(repo);
    expect(report.secrets.map((r) => r.name).sort()).toEqual(['s0', 's1', 's3', 's4', 's5']);
    expect(report.errors).toHaveLength(1);
    expect(report.errors![0]).toMatch(/^1 blob could not be read \(.*unable to stream/);
    expect(report.errors![0]).toContain(oid);
  });

  it('a partial clone whose promisor remote is gone: a warning naming the missing blobs, exit by findings, never an internal error', async () => {
    const origin = tempRepo();
    write(origin, { 'README.md': '# app\n', 'db.yaml': secret('db', { password: 'fake-sweep-partial-1' }) });
    commitAt(origin, T0);
    write(origin, { 'api.yaml': secret('api', { token: 'fake-sweep-partial-2' }) });
    commitAt(origin, T0 + 10);
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    const clone = join(origin, '..', 'partial');
    git(join(origin, '..'), 'clone', '-q', '--filter=blob:none', '--no-checkout', `file://${origin}`, clone);
    // One blob fetched while the remote is there, then the remote goes away.
    git(clone, 'cat-file', 'blob', 'HEAD:db.yaml');
    renameSync(origin, `${origin}.gone`);

    const report = await sweep(clone);
    expect(report.errors ?? []).toEqual([]);
    expect(report.secrets.map((r) => r.name)).toEqual(['db']);
    const warning = report.notes.find((n) => n.includes('partial clone'));
    expect(warning).toMatch(/^warning: 2 blobs are not in this partial clone \(promisor remote origin\)/);

    const run = sweepCli(clone, '--format', 'csv');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('not in this partial clone');
    expect(run.stderr).not.toContain('internal error');
    expect(REPORTERS.sweep.markdown.render(report, ctx)).toContain('not in this partial clone');
  });
});
