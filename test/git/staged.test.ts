import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREEXISTING_NOTE } from '../../src/git/judge.js';
import { gitChecked } from '../helpers/git.js';
import { cleanEnv, commitAll, git, lineOf, scanChanges, secret, summary, tempRepo, write } from './repo.js';

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: 1',
  '',
].join('\n');

describe('scan --staged', () => {
  it('honours .sealcheckignore files as staged, in the root and in sub-folders, not as in the working tree', async () => {
    const repo = tempRepo();
    write(repo, {
      '.sealcheckignore': 'fixtures/\n',
      'charts/a/.sealcheckignore': 'examples/\n',
      'README.md': '# x\n',
    });
    commitAll(repo);
    const leak = secret('db', { password: 'fake-ignore-file-pass' });
    write(repo, {
      'fixtures/s.yaml': leak,
      'charts/a/examples/s.yaml': leak,
      'charts/a/real.yaml': leak,
      'other/examples/s.yaml': leak,
    });
    git(repo, 'add', '.');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(report.findings.map((f) => f.location.path).sort()).toEqual(['charts/a/real.yaml', 'other/examples/s.yaml']);
    // An ignore rule only in the working tree silences nothing that is staged.
    write(repo, { '.sealcheckignore': 'fixtures/\nother/\n' });
    const again = await scanChanges({ staged: true }, repo);
    expect(again.report.findings.map((f) => f.location.path).sort()).toEqual([
      'charts/a/real.yaml',
      'other/examples/s.yaml',
    ]);
  });

  it('ignores a secret that is only in the working tree', async () => {
    const repo = tempRepo();
    write(repo, { 'app.yaml': deployment });
    commitAll(repo);
    write(repo, {
      'app.yaml': `${deployment}---\n${secret('db', { password: 'fake-working-tree-only-pass' })}`,
      'note.txt': 'hello\n',
    });
    git(repo, 'add', 'note.txt');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(report.findings).toEqual([]);
  });

  it('blocks a secret staged and then removed from the working tree', async () => {
    const repo = tempRepo();
    write(repo, { 'app.yaml': deployment });
    commitAll(repo);
    const staged = `${deployment}---\n${secret('db', { password: 'fake-staged-then-removed-pass' })}`;
    write(repo, { 'app.yaml': staged });
    git(repo, 'add', 'app.yaml');
    write(repo, { 'app.yaml': deployment });
    const { report } = await scanChanges({ staged: true }, repo);
    expect(summary(report)).toEqual([`app.yaml:${lineOf(staged, 'password:')} error`]);
  });

  it('judges a partial `git add -p` by the staged hunk', async () => {
    const repo = tempRepo();
    const filler = Array.from({ length: 12 }, (_, i) => `# filler line ${i}`).join('\n');
    const base = `${secret('one', { user: 'app' })}${filler}\n${secret('two', { user: 'app' }).replace('apiVersion', '---\napiVersion')}`;
    write(repo, { 's.yaml': base });
    commitAll(repo);
    const both = base
      .replace('  user: YXBw', `  user: YXBw\n  password: ${Buffer.from('fake-first-hunk-pass').toString('base64')}`)
      .replace(
        /(name: two\ndata:\n {2}user: \S+)/,
        `$1\n  token: ${Buffer.from('fake-second-hunk-token').toString('base64')}`,
      );
    write(repo, { 's.yaml': both });
    // Stage the first hunk only, as `git add -p` with answers y, n.
    gitChecked(repo, ['add', '-p', 's.yaml'], { input: 'y\nn\n' });
    const stagedText = git(repo, 'show', ':s.yaml');
    expect(stagedText).toContain('password:');
    expect(stagedText).not.toContain('token:');
    const { report } = await scanChanges({ staged: true }, repo);
    // The `user:` keys are notes of their own; everything but the staged hunk is already in history.
    expect(summary(report).filter((s) => !s.endsWith('preexisting'))).toEqual([
      `s.yaml:${lineOf(stagedText, 'password:')} error`,
    ]);
  });

  it('blocks a new data key in a committed Secret; the committed keys are already in history', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-old-password-1', apikey: 'fake-old-api-key-22' }) });
    commitAll(repo);
    const next = secret('db', {
      password: 'fake-old-password-1',
      token: 'fake-new-token-value-333',
      apikey: 'fake-old-api-key-22',
    });
    write(repo, { 'db.yaml': next });
    git(repo, 'add', 'db.yaml');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(summary(report)).toEqual([
      `db.yaml:${lineOf(next, 'password:')} note preexisting`,
      `db.yaml:${lineOf(next, 'token:')} error`,
      `db.yaml:${lineOf(next, 'apikey:')} note preexisting`,
    ]);
    const old = report.findings.find((f) => f.preexisting)!;
    expect(old.message.endsWith(PREEXISTING_NOTE)).toBe(true);
    expect(old.object.kind).toBe('Secret');
  });

  it('finds nothing new in a pure rename, and only the edit in a rename with an edit', async () => {
    const repo = tempRepo();
    const filler = Array.from({ length: 10 }, (_, i) => `# comment ${i}`).join('\n');
    const original = `${filler}\n${secret('db', { password: 'fake-renamed-pass-1' })}`;
    write(repo, { 'old.yaml': original });
    commitAll(repo);

    git(repo, 'mv', 'old.yaml', 'new.yaml');
    const pure = await scanChanges({ staged: true }, repo);
    expect(pure.changes.map((c) => `${c.status} ${c.oldPath} -> ${c.path}`)).toEqual(['R old.yaml -> new.yaml']);
    expect(summary(pure.report)).toEqual([`new.yaml:${lineOf(original, 'password:')} note preexisting`]);

    const edited = original.replace(
      '  password:',
      `  token: ${Buffer.from('fake-rename-edit-token').toString('base64')}\n  password:`,
    );
    write(repo, { 'new.yaml': edited });
    git(repo, 'add', 'new.yaml');
    const withEdit = await scanChanges({ staged: true }, repo);
    expect(withEdit.changes.map((c) => c.status)).toEqual(['R']);
    expect(summary(withEdit.report)).toEqual([
      `new.yaml:${lineOf(edited, 'token:')} error`,
      `new.yaml:${lineOf(edited, 'password:')} note preexisting`,
    ]);
  });

  it('scans nothing for a deleted file', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-deleted-pass-1' }), 'keep.yaml': deployment });
    commitAll(repo);
    git(repo, 'rm', '-q', 'db.yaml');
    const { report, changes } = await scanChanges({ staged: true }, repo);
    expect(changes.map((c) => `${c.status} ${c.path}`)).toEqual(['D db.yaml']);
    expect(report.findings).toEqual([]);
    expect(report.stats.files).toBe(0);
  });

  it('hands binary files over, and the driver checks their printable text for tokens', async () => {
    const repo = tempRepo();
    write(repo, {
      'blob.bin': Buffer.concat([Buffer.from('ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT\n'), Buffer.from([0, 1, 2, 0])]),
    });
    git(repo, 'add', 'blob.bin');
    const { report } = await scanChanges({ staged: true }, repo);
    // git gives no changed lines for a binary file: the token is judged new, so it blocks.
    expect(report.findings.map((f) => [f.location.path, f.ruleId, f.location.line, f.severity])).toEqual([
      ['blob.bin', 'github-token', 1, 'error'],
    ]);
    expect(report.skipped).toEqual([{ path: 'blob.bin', reason: 'binary file' }]);
  });

  it('skips symlinks and submodules with a reason, and scans an LFS pointer as text', async () => {
    const repo = tempRepo();
    write(repo, {
      'target.yaml': deployment,
      'model.bin':
        'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
    });
    execFileSync('ln', ['-s', 'target.yaml', join(repo, 'link.yaml')]);
    const sub = tempRepo();
    write(sub, { 'x.txt': 'x\n' });
    const subHead = commitAll(sub);
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${subHead},vendor/sub`);
    git(repo, 'add', 'target.yaml', 'model.bin', 'link.yaml');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: 'link.yaml', reason: 'symbolic link (not followed)' },
        { path: 'vendor/sub', reason: 'submodule (scanned in its own repository)' },
      ]),
    );
    expect(report.stats.files).toBe(2);
  });

  it('maps added lines to odd file names (spaces, unicode, quotes, backslash, leading dash, newline, tab)', async () => {
    const repo = tempRepo();
    const names = [
      'with space.env',
      'ünïcødé/秘密.env',
      'quote"d.env',
      'back\\slash.env',
      '-leading-dash.env',
      'new\nline.env',
      'tab\there.env',
    ];
    const first = 'A=1\nGITHUB_TOKEN=ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT\n';
    write(repo, Object.fromEntries(names.map((n) => [n, first])));
    commitAll(repo);
    const second = `${first}B=2\nNEW_TOKEN=ghp_0Nl3rpm6i4Ju2BeZFakeXi8wWxocMayBDHv8\n`;
    write(repo, Object.fromEntries(names.map((n) => [n, second])));
    git(repo, 'add', '-A');
    const { report, changes } = await scanChanges({ staged: true }, repo);
    expect(changes.map((c) => c.path).sort()).toEqual([...names].sort());
    for (const c of changes) expect(c.addedLines).toEqual([{ start: 3, end: 4 }]);
    const expected = names.flatMap((n) => [
      `${n}:${lineOf(second, 'GITHUB_TOKEN')} note preexisting`,
      `${n}:${lineOf(second, 'NEW_TOKEN')} error`,
    ]);
    expect(summary(report).sort()).toEqual(expected.sort());
  });

  it('works on the initial commit of an unborn branch', async () => {
    const repo = tempRepo();
    const text = secret('db', { password: 'fake-initial-commit-pass' });
    write(repo, { 'db.yaml': text });
    git(repo, 'add', 'db.yaml');
    const { report, changes } = await scanChanges({ staged: true }, repo);
    expect(changes.map((c) => c.status)).toEqual(['A']);
    expect(summary(report)).toEqual([`db.yaml:${lineOf(text, 'password:')} error`]);
  });

  it('reads the index of a linked worktree from inside it', async () => {
    const repo = tempRepo();
    write(repo, { 'app.yaml': deployment });
    commitAll(repo);
    const wt = join(repo, '..', 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', wt);
    const text = secret('db', { password: 'fake-worktree-pass-1' });
    write(wt, { 'sub/db.yaml': text });
    git(wt, 'add', 'sub/db.yaml');
    // From a subfolder of the worktree: paths stay relative to its root, as git names them.
    const inWt = await scanChanges({ staged: true }, join(wt, 'sub'));
    expect(summary(inWt.report)).toEqual([`sub/db.yaml:${lineOf(text, 'password:')} error`]);
    const inMain = await scanChanges({ staged: true }, repo);
    expect(inMain.report.findings).toEqual([]);
  });

  it('reads a Kustomize envs: file from the index, not the working tree', async () => {
    const repo = tempRepo();
    const kustomization = 'secretGenerator:\n  - name: app\n    envs: [app.env]\n';
    write(repo, { 'base/kustomization.yaml': kustomization, 'base/app.env': 'LOG_LEVEL=info\n' });
    commitAll(repo);
    // Staged: a password; working tree: clean again.
    write(repo, {
      'base/app.env': 'LOG_LEVEL=info\nDB_PASSWORD=fake-env-file-pass\n',
      'base/kustomization.yaml': `${kustomization}# touched\n`,
    });
    git(repo, 'add', 'base');
    write(repo, { 'base/app.env': 'LOG_LEVEL=info\n' });
    const staged = await scanChanges({ staged: true }, repo);
    expect(summary(staged.report).filter((s) => !s.includes('note'))).toEqual(['base/app.env:2 error']);

    // The reverse: the password only in the working tree is not read.
    git(repo, 'reset', '-q', 'HEAD', '--', 'base/app.env');
    write(repo, { 'base/app.env': 'LOG_LEVEL=info\nDB_PASSWORD=fake-env-file-pass\n' });
    const clean = await scanChanges({ staged: true }, repo);
    expect(clean.report.findings.filter((f) => f.location.path === 'base/app.env' && f.severity !== 'note')).toEqual(
      [],
    );
    expect(clean.report.findings.some((f) => f.location.line === 2)).toBe(false);
  });

  it('judges a staged envs: file through its unchanged kustomization, without reporting the kustomization', async () => {
    const repo = tempRepo();
    // The kustomization (one folder up) also holds an old literal: context only, not reported again.
    write(repo, {
      'apps/kustomization.yaml':
        'secretGenerator:\n  - name: app\n    envs: [shop/app.env]\n    literals: [OLD_TOKEN=fake-old-literal-token]\n',
      'apps/shop/app.env': 'LOG_LEVEL=info\n',
      'other/notes.env': 'LOG_LEVEL=info\n',
    });
    commitAll(repo);
    write(repo, {
      'apps/shop/app.env': 'LOG_LEVEL=info\nDB_PASSWORD=fake-env-through-context\n',
      'other/notes.env': 'LOG_LEVEL=debug\nDB_PASSWORD=fake-no-generator-here\n',
    });
    git(repo, 'add', '-A');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(summary(report).filter((s) => !s.includes('note'))).toEqual(['apps/shop/app.env:2 error']);
    const blocking = report.findings.find((f) => f.severity === 'error')!;
    expect(blocking.ruleId).toBe('kustomize-secret-file');
    expect(blocking.message).toContain('apps/kustomization.yaml');
    expect(report.findings.filter((f) => f.location.path !== 'apps/shop/app.env')).toEqual([]);
  });

  it('treats findings in a referenced file the change did not touch as already in history', async () => {
    const repo = tempRepo();
    write(repo, { 'base/app.env': 'DB_PASSWORD=fake-committed-env-pass\n' });
    commitAll(repo);
    write(repo, { 'base/kustomization.yaml': 'secretGenerator:\n  - name: app\n    envs: [app.env]\n' });
    git(repo, 'add', 'base/kustomization.yaml');
    const { report } = await scanChanges({ staged: true }, repo);
    const fromEnv = report.findings.filter((f) => f.location.path === 'base/app.env');
    expect(fromEnv.length).toBeGreaterThan(0);
    for (const f of fromEnv) expect([f.severity, f.preexisting]).toEqual(['note', true]);
  });

  it('honours the ignore: globs of the configuration (paths relative to the repository root)', async () => {
    const repo = tempRepo();
    write(repo, { '.sealcheck.yaml': 'ignore:\n  - fixtures/**\n' });
    commitAll(repo);
    const text = secret('db', { password: 'fake-ignored-fixture-pass' });
    write(repo, { 'fixtures/db.yaml': text, 'live/db.yaml': text });
    git(repo, 'add', '-A');
    const { report } = await scanChanges({ staged: true }, join(repo, 'live'));
    expect(summary(report)).toEqual([`live/db.yaml:${lineOf(text, 'password:')} error`]);
  });

  it('honours the GIT_INDEX_FILE a hook is given', async () => {
    const repo = tempRepo();
    write(repo, { 'app.yaml': deployment });
    commitAll(repo);
    const text = secret('db', { password: 'fake-alternate-index-pass' });
    write(repo, { 'db.yaml': text });
    const index = join(repo, '..', 'other-index');
    gitChecked(repo, ['read-tree', 'HEAD'], { env: { GIT_INDEX_FILE: index } });
    gitChecked(repo, ['add', 'db.yaml'], { env: { GIT_INDEX_FILE: index } });
    const { prepareChangeScan } = await import('../../src/scan-setup.js');
    const { runScan } = await import('../../src/scan.js');
    const setup = await prepareChangeScan({ staged: true }, {}, repo, cleanEnv({ GIT_INDEX_FILE: index }));
    const report = await runScan(setup.source, setup.ruleset, setup.options).finally(() => setup.close());
    expect(report.findings.map((f) => f.location.path)).toEqual(['db.yaml']);
    // The default index has nothing staged.
    expect((await scanChanges({ staged: true }, repo)).report.findings).toEqual([]);
  });
});
