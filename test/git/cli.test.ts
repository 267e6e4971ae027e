import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sealcheck, tempTree } from '../helpers/cli.js';
import { cleanEnv, commitAll, git, lineOf, secret, tempRepo, write } from './repo.js';

const run = (args: string[], cwd: string) => sealcheck(args, { cwd, env: { ...cleanEnv(), NO_COLOR: '1' } });

describe('sealcheck scan --staged / --diff (end to end)', () => {
  beforeAll(() => {
    // The CLI runs from dist/: build it so these tests exercise the current sources.
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT },
    );
  }, 120_000);

  it('exits 1 on a staged secret, 0 once it is only already in history', () => {
    const repo = tempRepo();
    const text = secret('db', { password: 'fake-cli-staged-pass-1' });
    write(repo, { 'db.yaml': text });
    git(repo, 'add', 'db.yaml');
    const blocked = run(['scan', '--staged'], repo);
    expect(blocked.stderr).toBe('');
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain(`db.yaml`);
    expect(blocked.stdout).not.toContain('fake-cli-staged-pass-1');

    commitAll(repo);
    write(repo, { 'db.yaml': `# owner: team-a\n${text}` });
    git(repo, 'add', 'db.yaml');
    const old = run(['scan', '--staged', '--format', 'json'], repo);
    expect(old.status).toBe(0);
    const json = JSON.parse(old.stdout) as {
      findings: { severity: string; preexisting?: boolean; message: string; location: { line: number } }[];
    };
    const password = json.findings.find((f) => f.location.line === lineOf(`# owner: team-a\n${text}`, 'password:'))!;
    expect(password.severity).toBe('note');
    expect(password.preexisting).toBe(true);
    expect(password.message).toContain('already in history: rotate it, see `sealcheck sweep`');
  });

  it('exits 0 on a clean staged change and 1 on a leaking range', () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# hi\n' });
    const start = commitAll(repo);
    write(repo, { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { LOG_LEVEL: info }\n' });
    git(repo, 'add', 'cm.yaml');
    expect(run(['scan', '--staged'], repo).status).toBe(0);
    write(repo, { '.env': 'GITHUB_TOKEN=ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT\n' });
    commitAll(repo);
    expect(run(['scan', '--diff', `${start}..HEAD`], repo).status).toBe(1);
    expect(run(['scan', '--diff', `${start}...HEAD`], repo).status).toBe(1);
    expect(run(['scan', '--diff', 'HEAD..HEAD'], repo).status).toBe(0);
  });

  it('exits 2 with a clear message on misuse, outside a repository and in a shallow clone', () => {
    const repo = tempRepo();
    write(repo, { 'a.txt': 'a\n' });
    const first = commitAll(repo);
    write(repo, { 'b.txt': 'b\n' });
    commitAll(repo);

    const both = run(['scan', '--staged', '--diff', 'HEAD~1..HEAD'], repo);
    expect([both.status, both.stderr]).toEqual([2, 'sealcheck: --staged and --diff cannot be combined\n']);
    const withPaths = run(['scan', '--staged', 'a.txt'], repo);
    expect(withPaths.status).toBe(2);
    expect(withPaths.stderr).toContain('takes no paths');
    expect(run(['scan', '--diff', 'HEAD'], repo).status).toBe(2);
    expect(run(['scan', '--diff'], repo).status).toBe(2);

    const outside = run(['scan', '--staged'], tempTree({ 'x.txt': 'x\n' }));
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/not a git repository/i);

    const shallow = join(repo, '..', 'shallow');
    git(join(repo, '..'), 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const r = run(['scan', '--diff', `${first}..HEAD`], shallow);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shallow clone');
    expect(r.stdout).toBe('');
  });

  it('still scans the current folder when no paths are given', () => {
    const dir = tempTree({ 'db.yaml': secret('db', { password: 'fake-default-path-pass' }) });
    expect(run(['scan'], dir).status).toBe(1);
  });
});
