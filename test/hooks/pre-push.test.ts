import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, gitInit, gitWith, RAW_SECRET, run, scratch, script, SEALED_SECRET, write } from './repo.js';

/** A clone-like setup: `repo` with sealcheck's pre-push hook and a local bare repository as `origin`. */
function pushSetup(): { repo: string; remote: string; bin: string; dir: string } {
  const { dir, bin } = scratch();
  const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
  const repo = gitInit(path.join(dir, 'repo'));
  git(repo, 'remote', 'add', 'origin', remote);
  expect(cli(repo, 'install', '--hook', 'pre-push').status).toBe(0);
  return { repo, remote, bin, dir };
}

function commitFiles(repo: string, files: Record<string, string>, message: string): void {
  write(repo, files);
  git(repo, 'add', ...Object.keys(files));
  git(repo, 'commit', '-q', '--no-verify', '-m', message);
}

const push = (bin: string, repo: string, ...args: string[]) => gitWith(bin, repo, ['push', '-q', ...args]);
const remoteHas = (remote: string, ref: string): boolean =>
  run(remote, 'git', ['rev-parse', '--verify', '-q', ref]).status === 0;

describe('the pre-push hook', { timeout: 120_000 }, () => {
  it('judges a new branch by the commits no remote has, and skips deletions', () => {
    const { repo, remote, bin } = pushSetup();
    commitFiles(repo, { 'README.md': 'deploy repo\n' }, 'root');
    expect(push(bin, repo, '--no-verify', 'origin', 'main').status).toBe(0);

    git(repo, 'switch', '-q', '-c', 'leak');
    commitFiles(repo, { 'app.yaml': 'kind: ConfigMap\n' }, 'clean');
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'leak');
    const blocked = push(bin, repo, 'origin', 'leak');
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain('db-secret.yaml');
    expect(blocked.out).toContain('secret-data');
    expect(blocked.out).toContain('sealcheck: push blocked: the pushed commits add the credentials listed above.');
    expect(blocked.out).toContain('git push --no-verify');
    expect(remoteHas(remote, 'leak')).toBe(false);

    git(repo, 'switch', '-q', '-c', 'sealed', 'main');
    commitFiles(repo, { 'db-sealedsecret.yaml': SEALED_SECRET }, 'sealed');
    const passed = push(bin, repo, 'origin', 'sealed');
    expect(passed.out).not.toContain('blocked');
    expect(passed.status).toBe(0);
    expect(remoteHas(remote, 'sealed')).toBe(true);

    const deleted = push(bin, repo, 'origin', '--delete', 'sealed');
    expect(deleted.status).toBe(0);
    expect(remoteHas(remote, 'sealed')).toBe(false);
  });

  it('judges a first push (root commit) against the empty tree', () => {
    const { repo, remote, bin } = pushSetup();
    commitFiles(repo, { 'README.md': 'deploy repo\n' }, 'root');
    expect(push(bin, repo, 'origin', 'main').status).toBe(0);
    git(repo, 'switch', '-q', '--orphan', 'fresh');
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'another root');
    const blocked = push(bin, repo, 'origin', 'fresh');
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain('push blocked');
    expect(remoteHas(remote, 'fresh')).toBe(false);
  });

  it('judges a force push from the merge base, and lines already pushed do not block again', () => {
    const { repo, remote, bin } = pushSetup();
    commitFiles(repo, { 'README.md': 'deploy repo\n' }, 'root');
    expect(push(bin, repo, '--no-verify', 'origin', 'main').status).toBe(0);
    commitFiles(repo, { 'app.yaml': 'kind: ConfigMap\n' }, 'app');
    expect(push(bin, repo, 'origin', 'main').status).toBe(0);

    // Rewrite the last commit so it adds a Secret, then force-push over the remote branch.
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'rewritten');
    const blocked = push(bin, repo, '--force', 'origin', 'main');
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain('db-secret.yaml');
    expect(blocked.out).toContain('push blocked');

    // A clean rewrite passes.
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    commitFiles(repo, { 'db-sealedsecret.yaml': SEALED_SECRET }, 'sealed instead');
    const forced = push(bin, repo, '--force', 'origin', 'main');
    expect(forced.out).not.toContain('blocked');
    expect(forced.status).toBe(0);
    expect(git(remote, 'rev-parse', 'main')).toBe(git(repo, 'rev-parse', 'main'));

    // A Secret already on the remote (pushed with --no-verify) does not block the next push.
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'leak');
    expect(gitWith(bin, repo, ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    commitFiles(repo, { 'other.yaml': 'kind: ConfigMap\n' }, 'later');
    const later = push(bin, repo, 'origin', 'main');
    expect(later.out).not.toContain('push blocked');
    expect(later.status).toBe(0);
  });

  it('falls back to the commits no remote has when the remote tip was never fetched', () => {
    const { repo, remote, bin, dir } = pushSetup();
    commitFiles(repo, { 'README.md': 'deploy repo\n' }, 'root');
    expect(push(bin, repo, '--no-verify', 'origin', 'main').status).toBe(0);
    // Someone else moves the remote branch; this clone never fetches it.
    const other = path.join(dir, 'other');
    git(dir, 'clone', '-q', remote, other);
    git(other, 'config', 'user.name', 'Other');
    git(other, 'config', 'user.email', 'other@example.invalid');
    commitFiles(other, { 'theirs.yaml': 'kind: ConfigMap\n' }, 'theirs');
    git(other, 'push', '-q', 'origin', 'main');

    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'leak');
    const blocked = push(bin, repo, '--force', 'origin', 'main');
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain('db-secret.yaml');
  });

  it('feeds a chained pre-push hook the same arguments and stdin, and its failure blocks', () => {
    const { dir, bin } = scratch();
    const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
    const repo = gitInit(path.join(dir, 'repo'));
    git(repo, 'remote', 'add', 'origin', remote);
    const log = path.join(dir, 'chained.log');
    script(
      path.join(repo, '.git/hooks/pre-push'),
      `echo "args: $*" >"${log}"\ncat >>"${log}"\n[ -e "${dir}/fail" ] && exit 4\nexit 0`,
    );
    expect(cli(repo, 'install', '--hook', 'pre-push').status).toBe(0);

    commitFiles(repo, { 'README.md': 'deploy repo\n' }, 'root');
    expect(push(bin, repo, '--no-verify', 'origin', 'main').status).toBe(0);
    commitFiles(repo, { 'app.yaml': 'kind: ConfigMap\n' }, 'app');
    const [before, sha] = [git(repo, 'rev-parse', 'origin/main').trim(), git(repo, 'rev-parse', 'HEAD').trim()];
    expect(push(bin, repo, 'origin', 'main').status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(
      `args: origin ${remote}\nrefs/heads/main ${sha} refs/heads/main ${before}\n`,
    );

    // Both run: the chained hook passes, sealcheck still blocks the secret.
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'leak');
    const blocked = push(bin, repo, 'origin', 'main');
    expect(blocked.status).toBe(1);
    expect(readFileSync(log, 'utf8')).toContain('refs/heads/main');
    expect(blocked.out).toContain('push blocked: the pushed commits add');

    write(dir, { fail: '' });
    const failed = push(bin, repo, 'origin', 'main');
    expect(failed.status).toBe(1);
    expect(failed.out).toContain('the previous pre-push hook');
    expect(failed.out).toContain('failed with exit code 4; push blocked');
  });

  it('SEALCHECK_SKIP=1 lets a push through with a loud warning', () => {
    const { repo, remote, bin } = pushSetup();
    commitFiles(repo, { 'db-secret.yaml': RAW_SECRET }, 'root');
    const r = gitWith(bin, repo, ['push', '-q', 'origin', 'main'], { env: { SEALCHECK_SKIP: '1' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('sealcheck: SKIPPED (SEALCHECK_SKIP=1): this push was NOT checked');
    expect(remoteHas(remote, 'main')).toBe(true);
  });
});
