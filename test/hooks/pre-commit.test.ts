import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, gitInit, gitWith, RAW_SECRET, run, scratch, script, SEALED_SECRET, write } from './repo.js';

/** A repository with sealcheck's pre-commit hook installed, and the PATH folder holding sealcheck. */
function protectedRepo(): { repo: string; bin: string; dir: string } {
  const { dir, bin } = scratch();
  const repo = gitInit(path.join(dir, 'repo'));
  expect(cli(repo, 'install').status).toBe(0);
  return { repo, bin, dir };
}

const commit = (bin: string, repo: string, env: Record<string, string> = {}) =>
  gitWith(bin, repo, ['commit', '-q', '-m', 'change'], { env });
const committed = (repo: string): string[] =>
  run(repo, 'git', ['ls-tree', '-r', '--name-only', 'HEAD'])
    .stdout.split('\n')
    .filter((l) => l !== '');

describe('the pre-commit hook', { timeout: 120_000 }, () => {
  it('blocks a raw Secret with the findings and how to proceed; its SealedSecret passes', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    const blocked = commit(bin, repo);
    expect(blocked.status).toBe(1);
    expect(blocked.out).toMatch(/db-secret\.yaml/);
    expect(blocked.out).toMatch(/db-secret\.yaml:9-10 +Secret shop\/postgres-credentials +secret-data\n/);
    expect(blocked.out).toMatch(/10:13\s+error\s+password/);
    expect(blocked.out).toContain('kubeseal --format yaml');
    expect(blocked.out).toContain('sealcheck: commit blocked: the staged changes add the credentials listed above.');
    expect(blocked.out).toContain('# sealcheck:allow <reason>');
    expect(blocked.out).toContain('allow:` in .sealcheck.yaml');
    expect(blocked.out).toContain('rotate');
    expect(blocked.out).not.toContain('c2gwcC1kYi1GQUtFLXBhc3N3b3JkLTIwMjY='); // never the value
    expect(run(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);

    git(repo, 'rm', '-q', '--cached', 'db-secret.yaml');
    write(repo, { 'db-sealedsecret.yaml': SEALED_SECRET });
    git(repo, 'add', 'db-sealedsecret.yaml');
    const passed = commit(bin, repo);
    expect(passed.out).not.toContain('blocked');
    expect(passed.status).toBe(0);
    expect(committed(repo)).toEqual(['db-sealedsecret.yaml']);
  });

  it('lists values already committed in a touched file as "already in history: rotate it", one line each; notes stay counted', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    // Committed past the hook, as a leak that predates it would be.
    expect(commit(bin, repo, { SEALCHECK_SKIP: '1' }).status).toBe(0);
    write(repo, {
      'db-secret.yaml': RAW_SECRET.replace('  namespace: shop\n', '  namespace: shop\n  labels: {app: shop}\n'),
    });
    git(repo, 'add', 'db-secret.yaml');
    const touched = commit(bin, repo);
    expect(touched.status).toBe(0);
    const listed = touched.out.split('\n').filter((l) => l.startsWith('already in history: rotate it'));
    expect(listed).toEqual([
      expect.stringMatching(/^already in history: rotate it {2}db-secret\.yaml:11 {2}secret-data {2}sh…\(26 chars\)$/),
    ]);
    // The username is a note (an account name, not a credential): counted, not listed.
    expect(touched.out).toMatch(/1 note on unchanged lines not shown/);
    expect(touched.out).toContain('1 already in history, listed above: rotate it');
    expect(touched.out).not.toContain('c2gwcC1kYi1GQUtFLXBhc3N3b3JkLTIwMjY=');
  });

  it('does not say a staged value "reached a commit" before anything was committed', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    const blocked = commit(bin, repo);
    expect(blocked.status).toBe(1);
    expect(blocked.out).not.toContain('reached a commit');
    expect(blocked.out).toContain('Not committed yet');
  });

  it('judges `git commit -a` and `git commit -- <path>`, which commit through a temporary index', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'db.yaml': 'kind: ConfigMap\n' });
    git(repo, 'add', 'db.yaml');
    expect(commit(bin, repo).status).toBe(0);
    write(repo, { 'db.yaml': RAW_SECRET });
    for (const args of [
      ['commit', '-q', '-a', '-m', 'all'],
      ['commit', '-q', '-m', 'only', '--', 'db.yaml'],
    ]) {
      const r = gitWith(bin, repo, args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.out).toContain('commit blocked: the staged changes add the credentials');
    }
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it("prefers the repository's node_modules/.bin/sealcheck over one on PATH", () => {
    const { repo, bin } = protectedRepo();
    script(
      path.join(repo, 'node_modules/.bin/sealcheck'),
      'echo "local sealcheck $*" >"$(git rev-parse --show-toplevel)/used"; exit 0',
    );
    write(repo, { '.gitignore': 'node_modules/\nused\n', 'a.txt': 'a' });
    git(repo, 'add', '.gitignore', 'a.txt');
    expect(commit(bin, repo).status).toBe(0);
    expect(readFileSync(path.join(repo, 'used'), 'utf8')).toBe('local sealcheck scan --staged\n');
  });

  it('runs a chained hook first, and its failure blocks the commit', () => {
    const { dir, bin } = scratch();
    const repo = gitInit(path.join(dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(
      hook,
      `echo "team hook ran" >&2\n[ -e "$(git rev-parse --show-toplevel)/fail-team-hook" ] && exit 3\nexit 0`,
    );
    expect(cli(repo, 'install').status).toBe(0);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(true);

    write(repo, { 'ok.yaml': 'kind: ConfigMap\n', '.gitignore': 'fail-team-hook\n' });
    git(repo, 'add', 'ok.yaml', '.gitignore');
    const passed = commit(bin, repo);
    expect(passed.status).toBe(0);
    expect(passed.out).toContain('team hook ran');

    write(repo, { 'fail-team-hook': '', 'more.yaml': 'kind: ConfigMap\n' });
    git(repo, 'add', 'more.yaml');
    const failed = commit(bin, repo);
    expect(failed.status).toBe(1);
    expect(failed.out).toContain('team hook ran');
    expect(failed.out).toContain('the previous pre-commit hook');
    expect(failed.out).toContain('failed with exit code 3; commit blocked');

    // The chained hook passing does not let a secret through.
    run(repo, 'rm', ['fail-team-hook']);
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    const secret = commit(bin, repo);
    expect(secret.status).toBe(1);
    expect(secret.out).toContain('team hook ran');
    expect(secret.out).toContain('commit blocked: the staged changes add the credentials');
  });

  it('fails closed on a broken .sealcheck.yaml, naming the escape hatch; SEALCHECK_SKIP=1 lets it through loudly', () => {
    const { repo, bin } = protectedRepo();
    write(repo, {
      '.sealcheck.yaml': 'rules:\n  secret-data: { severity: catastrophic }\n',
      'ok.yaml': 'kind: ConfigMap\n',
    });
    git(repo, 'add', 'ok.yaml', '.sealcheck.yaml');
    const blocked = commit(bin, repo);
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain('.sealcheck.yaml');
    expect(blocked.out).toContain(
      'sealcheck: commit blocked: sealcheck could not check the staged changes (exit code 2)',
    );
    expect(blocked.out).toContain('SEALCHECK_SKIP=1 git commit');
    expect(run(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);

    const skipped = commit(bin, repo, { SEALCHECK_SKIP: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain('sealcheck: SKIPPED (SEALCHECK_SKIP=1): this commit was NOT checked');
    expect(committed(repo)).toEqual(['.sealcheck.yaml', 'ok.yaml']);
  });

  it('SEALCHECK_SKIP=1 skips even a blocking secret, and says so on stderr', () => {
    const { repo, bin } = protectedRepo();
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    const r = commit(bin, repo, { SEALCHECK_SKIP: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('NOT checked');
    expect(committed(repo)).toEqual(['db-secret.yaml']);
  });

  it('fails closed when sealcheck is not installed at all', () => {
    const { dir } = scratch();
    const repo = gitInit(path.join(dir, 'repo'));
    expect(cli(repo, 'install').status).toBe(0);
    write(repo, { 'ok.yaml': 'kind: ConfigMap\n' });
    git(repo, 'add', 'ok.yaml');
    // PATH without sealcheck (git and node stay reachable; npx finds no sealcheck without downloading).
    const r = run(repo, 'git', ['commit', '-q', '-m', 'x'], {
      path: process.env.PATH ?? '',
      env: { npm_config_offline: 'true' },
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('sealcheck: commit blocked: sealcheck is not installed');
    expect(r.out).toContain('SEALCHECK_SKIP=1 git commit');
  });

  it('fails closed when sealcheck crashes or exits with an unexpected code', () => {
    const { dir } = scratch();
    const repo = gitInit(path.join(dir, 'repo'));
    expect(cli(repo, 'install').status).toBe(0);
    const fake = path.join(dir, 'fake-bin');
    script(path.join(fake, 'sealcheck'), 'echo "Segmentation fault" >&2; exit 139');
    write(repo, { 'ok.yaml': 'kind: ConfigMap\n' });
    git(repo, 'add', 'ok.yaml');
    const r = gitWith(fake, repo, ['commit', '-q', '-m', 'x']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('could not check the staged changes (exit code 139)');
    expect(r.out).toContain('SEALCHECK_SKIP=1 git commit');
  });
});
