import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, gitInit, gitWith, run, scratch, write } from './repo.js';

/** One Secret with three keys: the typical leak a commit brings. Fake values. */
const SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: db',
  '  namespace: shop',
  'type: Opaque',
  'stringData:',
  '  user: shop',
  '  password: sh0p-db-FAKE-password-2026',
  '  url: postgres://shop:sh0p-db-FAKE-pw@postgres.shop:5432/shop',
  '',
].join('\n');

const VALUES = ['sh0p-db-FAKE-password-2026', 'sh0p-db-FAKE-pw'];

function protectedRepo(): { repo: string; bin: string } {
  const { dir, bin } = scratch();
  const repo = gitInit(path.join(dir, 'repo'));
  expect(cli(repo, 'install').status).toBe(0);
  return { repo, bin };
}

const lines = (s: string): string[] => s.replace(/\n$/, '').split('\n');

describe('the output of a blocked commit', { timeout: 120_000 }, () => {
  it('fits one screen for one Secret with three keys: one entry, its keys, the fix once', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'secret.yaml': SECRET });
    git(repo, 'add', 'secret.yaml');
    const blocked = gitWith(bin, repo, ['commit', '-q', '-m', 'add db secret']);
    expect(blocked.status).toBe(1);
    const out = lines(blocked.out);
    expect(out.length, blocked.out).toBeLessThanOrEqual(12);
    // The fix text is the remediation module's and may be long; every other line stays short (rows wrap).
    const fixAt = out.findIndex((l) => l.startsWith('  fix '));
    expect(fixAt).toBeGreaterThan(0);
    const long = out.filter((l, i) => l.length > 120 && i !== fixAt);
    expect(long).toEqual([]);
    // One object header, three key rows, the seal command once.
    expect(out.filter((l) => l.startsWith('secret.yaml:'))).toEqual([
      'secret.yaml:8-10  Secret shop/db  secret-string-data',
    ]);
    expect(out.filter((l) => /^ {2}\d+:\d+ /.test(l)).map((l) => l.split(/\s+/).slice(1, 4))).toEqual([
      ['8:9', 'note', 'user'],
      ['9:13', 'error', 'password'],
      ['10:8', 'error', 'url'],
    ]);
    expect(blocked.out.split('sealcheck seal --in-place').length - 1).toBe(1);
    // Details are for --verbose.
    expect(blocked.out).not.toContain('docs/rules.md');
    expect(blocked.out).not.toContain('fingerprint');
    expect(blocked.out).toContain('sealcheck: commit blocked');
    expect(blocked.out).toContain('sealcheck scan --staged -v');
    for (const v of VALUES) expect(blocked.out).not.toContain(v);
    expect(run(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);
  });

  it('scan --staged --verbose adds the details, --quiet prints only the summary line, both with the same exit code', () => {
    const { repo } = protectedRepo();
    write(repo, { 'secret.yaml': SECRET });
    git(repo, 'add', 'secret.yaml');
    const normal = cli(repo, 'scan', '--staged');
    const verbose = cli(repo, 'scan', '--staged', '--verbose');
    const quiet = cli(repo, 'scan', '--staged', '--quiet');
    for (const r of [normal, verbose, quiet]) expect(r.status).toBe(1);
    const summary = '2 errors, 0 warnings, 1 note in 1 file (1 scanned)';
    expect(quiet.stdout).toBe(`${summary}\n`);
    expect(lines(normal.stdout).at(-1)).toBe(summary);
    expect(verbose.stdout).toContain('docs/rules.md#secret-string-data');
    expect(verbose.stdout).toMatch(/\n {4}fingerprint [0-9a-f]{32}\n/);
    expect(verbose.stdout).toContain('  why ');
    expect(verbose.stdout).toContain('  remediation ');
    // Messages are wrapped, never cut: the whole reason is there in both.
    const flat = (t: string): string => t.replace(/\s+/g, ' ');
    for (const r of [normal, verbose])
      expect(flat(r.stdout)).toContain('identifies an account, not a credential; seal it with the rest of the Secret');
    expect(lines(verbose.stdout).length).toBeGreaterThan(lines(normal.stdout).length);
    for (const r of [normal, verbose, quiet]) for (const v of VALUES) expect(r.out).not.toContain(v);
    const both = cli(repo, 'scan', '--staged', '--quiet', '--verbose');
    expect(both.status).toBe(2);
  });
});
