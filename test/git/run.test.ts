import { describe, expect, it } from 'vitest';
import { git, GitFailed, gitText, spawnFailure, spawnGit } from '../../src/git/run.js';
import { cleanEnv, commitAll, tempRepo, write } from './repo.js';

async function failureOf(run: Promise<unknown>): Promise<GitFailed> {
  const err: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GitFailed)) throw new Error(`expected a GitFailed, got ${String(err)}`);
  return err;
}

describe('the git runner', () => {
  it('returns stdout as bytes, and gitText as one line', async () => {
    const repo = tempRepo();
    write(repo, { 'a.yaml': 'x: 1\n' });
    const head = commitAll(repo);
    expect((await git(repo, ['rev-parse', 'HEAD'], cleanEnv())).toString('utf8')).toBe(`${head}\n`);
    expect(await gitText(repo, ['rev-parse', 'HEAD'], cleanEnv())).toBe(head);
  });

  it('a failure names the subcommand (past -c options), the exit code and git’s complaint', async () => {
    const repo = tempRepo();
    const err = await failureOf(git(repo, ['-c', 'core.quotePath=false', 'rev-parse', '--verify', 'nope'], cleanEnv()));
    expect(err.failure).toEqual({ reason: 'exit', code: 128 });
    expect(err.exitCode).toBe(128);
    expect(err.stderr).toMatch(/^fatal: /);
    expect(err.message).toMatch(/^git rev-parse failed \(exit 128\): fatal: /);
    expect(err.args).toEqual(['-c', 'core.quotePath=false', 'rev-parse', '--verify', 'nope']);
  });

  it('never carries stdout, even when git wrote file content before failing', async () => {
    const repo = tempRepo();
    write(repo, { 'a.yaml': 'password: fake-run-test-value\n' });
    commitAll(repo);
    // More output than allowed: the content git was writing must not reach the error.
    const err = await failureOf(git(repo, ['cat-file', 'blob', 'HEAD:a.yaml'], cleanEnv(), { maxBuffer: 4 }));
    expect(err.failure.reason).toBe('output-limit');
    expect(`${err.message} ${err.stderr}`).not.toContain('fake-run-test-value');
  });

  it('says when git cannot be found', async () => {
    const repo = tempRepo();
    const err = await failureOf(git(repo, ['status'], { ...cleanEnv(), PATH: '/nonexistent' }));
    expect(err.failure.reason).toBe('not-found');
    expect(err.stderr).toContain('git not found');
  });

  it('keeps only the end of a long stderr, and hides credentials in URLs', async () => {
    const repo = tempRepo();
    const url = 'https://user:fake-run-test-token@127.0.0.1:9/repo.git';
    const err = await failureOf(git(repo, ['ls-remote', url], cleanEnv()));
    expect(err.failure.reason).toBe('exit');
    expect(err.message).not.toContain('fake-run-test-token');
    const long = new GitFailed(['log'], { reason: 'exit', code: 1 }, `${'x'.repeat(10_000)}\nfatal: the end`);
    expect(long.stderr.length).toBeLessThanOrEqual(4000);
    expect(long.stderr).toMatch(/fatal: the end$/);
  });

  it('spawnGit streams, and a streaming failure is a GitFailed too', async () => {
    const repo = tempRepo();
    const child = spawnGit(repo, ['cat-file', '--batch-check'], cleanEnv());
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stdin.end('HEAD\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toBe('HEAD missing\n');
    expect(spawnFailure(['log', '--all'], 128, null, 'fatal: bad').message).toBe(
      'git log failed (exit 128): fatal: bad',
    );
    expect(spawnFailure(['log'], null, 'SIGKILL', '').failure).toEqual({ reason: 'signal', signal: 'SIGKILL' });
  });
});
