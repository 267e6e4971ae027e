import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, gitAt, rowsOf, sealedSecret, sweep, T0 } from './helpers.js';

const FAKE_CIPHERTEXT = 'AgBfakeciphertextfakeciphertextfakeciphertextfakeciphertext00==';

describe('sealcheck sweep: history scenarios in real repositories', () => {
  it('a Secret committed, then sealed: rotate, because the plaintext stays in history', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-sweep-sealed-later-1' }) });
    const first = commitAt(repo, T0, 'add db secret');
    git(repo, 'rm', '-q', 'db.yaml');
    write(repo, { 'db.sealed.yaml': sealedSecret('db', { password: FAKE_CIPHERTEXT }) });
    const sealed = commitAt(repo, T0 + 60, 'seal it');
    const report = await sweep(repo);
    expect(report.secrets).toHaveLength(1);
    const row = report.secrets[0]!;
    expect(row).toMatchObject({
      kind: 'Secret',
      name: 'db',
      key: 'password',
      rule: 'secret-data',
      status: 'rotate',
      presentAtHead: false,
      commits: 1,
      refs: ['refs/heads/main'],
    });
    expect(row.introducedIn).toMatchObject({ commit: first, author: 'Test', path: 'db.yaml' });
    expect(row.lastSeenIn.commit).toBe(first);
    expect(row.reason).toContain(
      `sealed in a later commit (${sealed.slice(0, 12)}), but the plaintext stays in history`,
    );
    expect(row.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(report.stats).toMatchObject({ commits: 2, rotate: 1, superseded: 0, repositories: 1 });
  });

  it('deleted on main but kept on a branch: rotate, reachable from that branch', async () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    commitAt(repo, T0);
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, { 'k8s/api.yaml': secret('api', { token: 'fake-sweep-branch-token-2' }) });
    commitAt(repo, T0 + 10, 'leak on a branch');
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'k8s/api.yaml': secret('api', { token: 'fake-sweep-branch-token-2' }) });
    commitAt(repo, T0 + 20, 'leak on main');
    git(repo, 'rm', '-q', 'k8s/api.yaml');
    commitAt(repo, T0 + 30, 'delete on main');
    const [row] = (await sweep(repo)).secrets;
    expect(row).toMatchObject({
      name: 'api',
      key: 'token',
      status: 'rotate',
      presentAtHead: false,
      refs: ['refs/heads/feature', 'refs/heads/main'],
      commits: 2,
    });
    expect(row!.reason).toContain('present at the tip of branch feature');
    // Earliest by date: the branch commit, not the one on main.
    expect(row!.introducedIn.date).toBe(new Date((T0 + 10) * 1000).toISOString().replace('.000Z', '+00:00'));
  });

  it('a value changed: the old one is superseded, the new one is rotate', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-sweep-old-value-3' }) });
    const c1 = commitAt(repo, T0);
    write(repo, { 'db.yaml': secret('db', { password: 'fake-sweep-new-value-3' }) });
    const c2 = commitAt(repo, T0 + 100);
    const report = await sweep(repo);
    const [current, old] = report.secrets;
    expect(current).toMatchObject({ status: 'rotate', presentAtHead: true, commits: 1 });
    expect(current!.introducedIn.commit).toBe(c2);
    expect(current!.reason).toBe('present at the tip of main (db.yaml)');
    expect(old).toMatchObject({ status: 'superseded', presentAtHead: false, commits: 1 });
    expect(old!.introducedIn.commit).toBe(c1);
    expect(old!.reason).toContain(`replaced in commit ${c2.slice(0, 12)}`);
    expect(old!.fingerprint).not.toBe(current!.fingerprint);
    expect(report.stats).toMatchObject({ rotate: 1, superseded: 1, secrets: 2 });
  });

  it('a renamed file keeps the identity: one row, counted in every commit, from the old path to the new', async () => {
    const repo = tempRepo();
    write(repo, { 'old/db.yaml': secret('db', { password: 'fake-sweep-rename-4' }) });
    commitAt(repo, T0);
    git(repo, 'mv', 'old', 'new');
    commitAt(repo, T0 + 1);
    write(repo, { 'copy/db.yaml': secret('db', { password: 'fake-sweep-rename-4' }) });
    commitAt(repo, T0 + 2);
    const report = await sweep(repo);
    expect(report.secrets).toHaveLength(1);
    const row = report.secrets[0]!;
    expect(row).toMatchObject({ commits: 3, presentAtHead: true, status: 'rotate' });
    expect(row.introducedIn.path).toBe('old/db.yaml');
    expect(['new/db.yaml', 'copy/db.yaml']).toContain(row.lastSeenIn.path);
    // The renamed blob is the same object: read once.
    expect(report.stats.blobs).toBe(1);
  });

  it('a leak reachable only from a tag', async () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    commitAt(repo, T0);
    write(repo, { 'release/creds.yaml': secret('release', { apiKey: 'fake-sweep-tag-only-5' }) });
    commitAt(repo, T0 + 5, 'release');
    gitAt(repo, T0 + 5, 'tag', '-a', '-m', 'release', 'v1.2');
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    const [row] = (await sweep(repo)).secrets;
    expect(row).toMatchObject({ refs: ['refs/tags/v1.2'], presentAtHead: false, status: 'rotate', commits: 1 });
    expect(row!.reason).toContain('tag v1.2');
  });

  it('merge commits: a branch leak is introduced by the branch commit, a leak made in a merge by the merge', async () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    commitAt(repo, T0);
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, { 'a.yaml': secret('a', { password: 'fake-sweep-merge-branch-6' }) });
    const branchCommit = commitAt(repo, T0 + 10);
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'main.txt': 'x\n' });
    commitAt(repo, T0 + 20);
    gitAt(repo, T0 + 30, 'merge', '-q', '--no-ff', '--no-commit', 'feature');
    write(repo, { 'b.yaml': secret('b', { password: 'fake-sweep-merge-evil-6' }) });
    const merge = commitAt(repo, T0 + 30, 'merge with a leak');
    write(repo, { 'main.txt': 'y\n' });
    commitAt(repo, T0 + 40);
    const report = await sweep(repo);
    const a = rowsOf(report, (r) => r.name === 'a')[0]!;
    const b = rowsOf(report, (r) => r.name === 'b')[0]!;
    expect(a.introducedIn.commit).toBe(branchCommit);
    expect(a.commits).toBe(3); // the branch commit, the merge, the commit after it
    expect(a.refs).toEqual(['refs/heads/feature', 'refs/heads/main']);
    expect(b.introducedIn.commit).toBe(merge);
    expect(b.commits).toBe(2);
    expect(b.refs).toEqual(['refs/heads/main']);
    expect(report.stats.commits).toBe(5);
  });

  it('a last-applied-configuration copy is found, with the annotation named', async () => {
    const repo = tempRepo();
    const value = 'fake-sweep-last-applied-7';
    write(repo, {
      'deploy.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        '  annotations:',
        `    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"},"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"DB_PASSWORD","value":"${value}"}]}]}}}}'`,
        'spec: {}',
        '',
      ].join('\n'),
    });
    commitAt(repo, T0);
    const [row] = (await sweep(repo)).secrets;
    expect(row).toMatchObject({
      kind: 'Deployment',
      name: 'api',
      key: 'DB_PASSWORD',
      rule: 'env-literal-credential',
      via: ['kubectl.kubernetes.io/last-applied-configuration'],
    });
  });

  it('a stash and a dangling commit: the stash is a ref, the dangling commit needs --unreachable', async () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# app\n' });
    commitAt(repo, T0);
    write(repo, { 'stashed.yaml': secret('stashed', { password: 'fake-sweep-stash-8' }) });
    git(repo, 'add', 'stashed.yaml');
    gitAt(repo, T0 + 1, 'stash', '-q');
    write(repo, { 'lost.yaml': secret('lost', { password: 'fake-sweep-dangling-8' }) });
    const lost = commitAt(repo, T0 + 2, 'lost');
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    git(repo, 'reflog', 'expire', '--expire=now', '--all');

    const plain = await sweep(repo);
    expect(plain.secrets.map((r) => r.name)).toEqual(['stashed']);
    expect(plain.secrets[0]!.refs).toEqual(['refs/stash']);

    const all = await sweep(repo, { unreachable: true });
    const row = rowsOf(all, (r) => r.name === 'lost')[0]!;
    expect(row.introducedIn.commit).toBe(lost);
    expect(row.refs).toEqual([]);
    expect(row.reason).toContain('only in commits no ref reaches');
    expect(all.notes.join('\n')).toContain('reachable from no ref');
  });

  it('an empty repository: nothing to report, and says why', async () => {
    const repo = tempRepo();
    const report = await sweep(repo);
    expect(report.secrets).toEqual([]);
    expect(report.notes).toEqual(['the repository has no commits']);
    expect(report.stats.commits).toBe(0);
  });

  it('a shallow clone: secrets before the boundary are attributed to it, and the report says what could not be seen', async () => {
    const origin = tempRepo();
    write(origin, { 'db.yaml': secret('db', { password: 'fake-sweep-shallow-9' }) });
    commitAt(origin, T0, 'old leak');
    write(origin, { 'README.md': '# later\n' });
    commitAt(origin, T0 + 10);
    write(origin, { 'README.md': '# latest\n' });
    const tip = commitAt(origin, T0 + 20);
    const clone = `${origin}-shallow`;
    git(origin, 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    const report = await sweep(clone);
    const [row] = report.secrets;
    expect(row!.introducedIn.commit).toBe(tip);
    expect(row!.reason).toContain('shallow');
    expect(report.stats.shallow).toBe(1);
    expect(report.notes.join('\n')).toMatch(/shallow clone: the parents of 1 boundary commit .* were not fetched/);
    git(origin, 'rev-parse', 'HEAD'); // origin untouched
  });

  it('--since reads the tree at the start of the range whole, --branch limits refs', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-sweep-since-10' }) });
    commitAt(repo, T0);
    write(repo, { 'README.md': '# a\n' });
    const later = commitAt(repo, T0 + 86_400 * 10);
    git(repo, 'branch', 'other', 'HEAD~1');
    const report = await sweep(repo, { since: String(T0 + 86_400 * 5), branches: ['main'] });
    expect(report.stats.commits).toBe(1);
    expect(report.secrets[0]).toMatchObject({ refs: ['refs/heads/main'], presentAtHead: true });
    expect(report.secrets[0]!.introducedIn.commit).toBe(later);
    expect(report.notes.join('\n')).toContain('only commits since');
  });

  it('an oversized blob is checked line by line, a binary one by its printable text; both are counted as skipped', async () => {
    const repo = tempRepo();
    write(repo, {
      'big.yaml': `# padding\n${'#'.repeat(4096)}\n${secret('big', { password: 'fake-sweep-too-large-11' })}`,
      'blob.bin': Buffer.from([0, 1, 2, 3]),
    });
    commitAt(repo, T0);
    const report = await sweep(repo, { maxFileSize: 1024 });
    // The size limit bounds the YAML parse, not reading: the Secret in the big blob is still found.
    expect(report.secrets.map((r) => [r.introducedIn.path, r.key])).toEqual([['big.yaml', 'password']]);
    expect(report.stats.skipped).toBe(2);
    expect(report.notes.join('\n')).not.toContain('not read at all');
  });

  it('inline scanning and worker threads give the same report', async () => {
    const repo = tempRepo();
    for (let i = 0; i < 6; i++) {
      write(repo, { [`s${i}.yaml`]: secret(`s${i}`, { password: `fake-sweep-workers-${i}-x` }) });
      commitAt(repo, T0 + i);
    }
    const inline = await sweep(repo, { workers: 0 });
    const threads = await sweep(repo, { workers: 2 });
    expect(threads).toEqual(inline);
    expect(inline.secrets).toHaveLength(6);
  });
});

describe('sealcheck sweep: Kustomize generator files', () => {
  it('a file a secretGenerator names is material wherever the kustomization was, and the sweep follows its versions', async () => {
    const repo = tempRepo();
    write(repo, {
      'base/kustomization.yaml': 'secretGenerator:\n  - name: app\n    envs: [app.env]\n',
      'base/app.env': 'DB_PASSWORD=fake-sweep-env-file-12\n',
    });
    commitAt(repo, T0);
    write(repo, { 'base/app.env': 'DB_PASSWORD=fake-sweep-env-file-rotated-12\n' });
    commitAt(repo, T0 + 10);
    const report = await sweep(repo);
    const rows = report.secrets.filter((r) => r.rule === 'kustomize-secret-file');
    expect(rows.map((r) => `${r.kind}/${r.name}/${r.key}:${r.status}:${r.introducedIn.path}`)).toEqual([
      'Secret/app/DB_PASSWORD:rotate:base/app.env',
      'Secret/app/DB_PASSWORD:superseded:base/app.env',
    ]);
    expect(JSON.stringify(report)).not.toContain('fake-sweep-env-file');
  });
});

describe('sealcheck sweep: what the repository says not to report', () => {
  it('honours ignore: globs, the root .sealcheckignore at HEAD, inline allows and allowlisted fingerprints', async () => {
    const repo = tempRepo();
    const fixture = secret('fixture', { password: 'fake-fixture-sweep-pass' });
    const globbed = secret('vendored', { password: 'fake-vendored-sweep-pass' });
    const inline = secret('doc-example', { password: 'fake-inline-allowed-pass' }).replace(
      /(password: .*)$/m,
      '$1 # sealcheck:allow documentation example',
    );
    write(repo, {
      'fixtures/db.yaml': fixture,
      'vendor/db.yaml': globbed,
      'docs/db.yaml': inline,
      'apps/db.yaml': secret('db', { password: 'fake-real-sweep-pass' }),
      'apps/api.yaml': secret('api', { token: 'fake-reviewed-sweep-token' }),
    });
    commitAt(repo, T0, 'everything');
    const all = await sweep(repo);
    expect(
      rowsOf(all)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['api', 'db', 'doc-example', 'fixture', 'vendored'].filter((n) => n !== 'doc-example'));

    // The ignore file counts as the default branch's tip has it, for the whole history.
    write(repo, { '.sealcheckignore': 'fixtures/\n' });
    commitAt(repo, T0 + 10, 'ignore fixtures');
    const api = rowsOf(all, (r) => r.name === 'api')[0]!;
    const report = await sweep(repo, {
      ignore: ['vendor/**'],
      allow: [{ fingerprint: api.fingerprint, reason: 'reviewed: a test token' }],
    });
    expect(rowsOf(report).map((r) => r.name)).toEqual(['db']);
    // Suppressed copies are listed with their reason and counted, never as rows.
    expect(report.suppressed?.map((x) => `${x.by} ${x.path} ${x.reason}`).sort()).toEqual([
      'config apps/api.yaml reviewed: a test token',
      'inline docs/db.yaml documentation example',
    ]);
    expect(report.notes.join('\n')).toContain(
      "2 secret copies were suppressed and not listed as rows (1 by a # sealcheck:allow comment, 1 by the configuration's allow: list)",
    );
    expect(report.notes.join('\n')).toContain('.sealcheckignore');
    // An expired allowlist entry no longer hides anything.
    const expired = await sweep(repo, {
      allow: [{ fingerprint: api.fingerprint, reason: 'old', expires: '2020-01-01' }],
    });
    expect(
      rowsOf(expired)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['api', 'db', 'vendored']);
  });
});

describe('sealcheck sweep: a baseline', () => {
  it('suppresses what `sealcheck baseline` wrote, lists it with the reason and counts it, as scan does', () => {
    const repo = tempRepo();
    write(repo, { 'apps/db.yaml': secret('db', { password: 'fake-baselined-sweep-pass' }) });
    commitAt(repo, T0);
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: repo, encoding: 'utf8' });
    expect(run('baseline', '.', '-o', 'known.json').status).toBe(0);
    const before = run('sweep', '.', '--workers', '0');
    expect(before.status).toBe(1);
    const swept = run('sweep', '.', '--workers', '0', '--baseline', 'known.json', '--format', 'json');
    expect(swept.status, swept.stderr).toBe(0);
    const doc = JSON.parse(swept.stdout) as {
      secrets: unknown[];
      suppressed: { rule: string; path: string; by: string; reason: string }[];
    };
    expect(doc.secrets).toEqual([]);
    expect(doc.suppressed.map((x) => `${x.by} ${x.path}`)).toEqual(['baseline apps/db.yaml']);
    expect(doc.suppressed[0]?.reason).toContain('known.json');
    // The configuration's baseline: applies without the flag, as for scan; the text summary counts it.
    write(repo, { '.sealcheck.yaml': 'baseline: known.json\n' });
    const text = run('sweep', '.', '--workers', '0', '--no-color');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/0 secret values in history: .*; 1 suppressed\n$/);
    expect(`${swept.stdout}${text.stdout}`).not.toContain('fake-baselined-sweep-pass');
  });
});

describe('sealcheck sweep: reviewed fixes', () => {
  it('a value replaced on main but still at the tip of another branch stays rotate, and says where', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-branch-tip-old' }) });
    commitAt(repo, T0, 'A');
    git(repo, 'branch', 'release');
    write(repo, { 'db.yaml': secret('db', { password: 'fake-branch-tip-new' }) });
    commitAt(repo, T0 + 10, 'B');
    git(repo, 'rm', '-q', 'db.yaml');
    commitAt(repo, T0 + 20, 'gone');
    const report = await sweep(repo);
    const rows = rowsOf(report);
    expect(rows).toHaveLength(2);
    const a = rows.find((r) => r.refs.includes('refs/heads/release') && r.reason.includes('release'))!;
    expect(a).toBeDefined();
    expect(a.status).toBe('rotate');
    expect(a.reason).toContain('present at the tip of');
  });

  it('the fingerprint of an object without a name is the one scan prints for its file', async () => {
    const repo = tempRepo();
    write(repo, { 'notes.md': 'token: ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT\n' });
    commitAt(repo, T0);
    const [row] = rowsOf(await sweep(repo));
    const scanned = JSON.parse(
      spawnSync(process.execPath, [BIN, 'scan', 'notes.md', '--format', 'json'], { cwd: repo, encoding: 'utf8' })
        .stdout,
    ) as { findings: { fingerprint: string }[] };
    expect(row!.fingerprint).toBe(scanned.findings[0]!.fingerprint);
  });
});
