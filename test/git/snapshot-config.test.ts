import { symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sealcheck } from '../helpers/cli.js';
import { cleanEnv, commitAll, git, secret, tempRepo, write } from './repo.js';

// In git modes the configuration is part of what is judged: `--staged` reads .sealcheck.yaml (and
// the baseline it names) from the index, `--diff A..B` from B. An allowlist entry that is only in
// the working tree must not let a staged secret through.

const run = (args: string[], cwd: string) => sealcheck(args, { cwd, env: { ...cleanEnv(), NO_COLOR: '1' } });
const SECRET = secret('db', { password: 'fake-Passw0rd-for-tests' });

/** The fingerprint of the one blocking finding of a staged scan, from the JSON report. */
function stagedFingerprint(repo: string): string {
  const r = run(['scan', '--staged', '--format', 'json'], repo);
  expect(r.status).toBe(1);
  const findings = (JSON.parse(r.stdout) as { findings: { fingerprint: string; severity: string }[] }).findings.filter(
    (f) => f.severity === 'error',
  );
  expect(findings).toHaveLength(1);
  return findings[0]!.fingerprint;
}

const allowing = (fp: string) => `allow:\n  - fingerprint: ${fp}\n    reason: test fixture\n`;

describe('configuration read from the snapshot being judged', () => {
  it('--staged: an unstaged allowlist entry does not apply (and the user is told); once staged it does', () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const fp = stagedFingerprint(repo);

    write(repo, { '.sealcheck.yaml': allowing(fp) });
    const unstaged = run(['scan', '--staged'], repo);
    expect(unstaged.status).toBe(1);
    expect(unstaged.stderr).toContain('.sealcheck.yaml is not staged, so it does not apply to this commit');

    git(repo, 'add', '.sealcheck.yaml');
    const staged = run(['scan', '--staged'], repo);
    expect(staged.status).toBe(0);
    expect(staged.stderr).not.toContain('warning');
  });

  it('--staged: the staged version wins over unstaged edits, with a warning', () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const fp = stagedFingerprint(repo);
    write(repo, { '.sealcheck.yaml': allowing(fp) });
    git(repo, 'add', '.sealcheck.yaml');
    // The working copy turns the rule's allowlist off again; the staged copy still allows.
    write(repo, { '.sealcheck.yaml': 'failOn: error\n' });
    const r = run(['scan', '--staged'], repo);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('.sealcheck.yaml has unstaged changes; the staged version applies');

    // And the other way round: an allowlist only in the working copy does not apply.
    git(repo, 'add', '.sealcheck.yaml');
    write(repo, { '.sealcheck.yaml': allowing(fp) });
    expect(run(['scan', '--staged'], repo).status).toBe(1);
  });

  it('a broken configuration is reported with the git name of what was read', () => {
    const repo = tempRepo();
    write(repo, { '.sealcheck.yaml': 'failOn: sometimes\n', 'ok.yaml': 'kind: ConfigMap\n' });
    git(repo, 'add', '-A');
    const r = run(['scan', '--staged'], repo);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(':.sealcheck.yaml:1');
  });

  it('--staged: the baseline named by the staged configuration is read from the index', () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const written = run(['baseline', 'db.yaml', '-o', 'ci/baseline.json'], repo);
    expect(written.status).toBe(0);
    write(repo, { '.sealcheck.yaml': 'baseline: ci/baseline.json\n' });
    git(repo, 'add', '.sealcheck.yaml');
    // Named but not staged: an error, never a silent pass or a silent full report.
    const missing = run(['scan', '--staged'], repo);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(':ci/baseline.json');
    expect(missing.stderr).toContain('baseline file not found');

    git(repo, 'add', 'ci/baseline.json');
    expect(run(['scan', '--staged'], repo).status).toBe(0);
  });

  it('--config FILE still reads that file from disk', () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const fp = stagedFingerprint(repo);
    write(repo, { 'local.yaml': allowing(fp) });
    expect(run(['scan', '--staged', '--config', 'local.yaml'], repo).status).toBe(0);
  });

  it('--diff A..B reads the configuration as B has it', () => {
    const repo = tempRepo();
    write(repo, { 'README.md': 'x\n' });
    const base = commitAll(repo, 'base');
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const fp = stagedFingerprint(repo);
    const leak = commitAll(repo, 'leak');
    expect(run(['scan', '--diff', `${base}..${leak}`], repo).status).toBe(1);

    write(repo, { '.sealcheck.yaml': allowing(fp) });
    // Not committed: the range's end has no configuration, so the secret still blocks.
    expect(run(['scan', '--diff', `${base}..${leak}`], repo).status).toBe(1);
    const allowed = commitAll(repo, 'allow it');
    expect(run(['scan', '--diff', `${base}..${allowed}`], repo).status).toBe(0);
    // The older end of history does not carry the entry.
    expect(run(['scan', '--diff', `${base}..${leak}`], repo).status).toBe(1);
  });

  it('finds the configuration of a subfolder the scan runs from, as on disk', () => {
    const repo = tempRepo();
    write(repo, { 'apps/db.yaml': SECRET });
    git(repo, 'add', '-A');
    const fp = stagedFingerprint(repo);
    write(repo, { 'apps/.sealcheck.yaml': allowing(fp) });
    git(repo, 'add', '-A');
    expect(run(['scan', '--staged'], `${repo}/apps`).status).toBe(0);
    // From the root, the subfolder's configuration is not on the search path.
    expect(run(['scan', '--staged'], repo).status).toBe(1);
  });
});

describe('a configuration file that is a symbolic link', () => {
  it('is followed in the snapshot, as on disk', () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': SECRET });
    git(repo, 'add', 'db.yaml');
    const fp = stagedFingerprint(repo);
    write(repo, { 'conf/sealcheck.yaml': allowing(fp) });
    symlinkSync('conf/sealcheck.yaml', `${repo}/.sealcheck.yaml`);
    git(repo, 'add', '-A');
    expect(run(['scan', 'db.yaml'], repo).status).toBe(0);
    const staged = run(['scan', '--staged'], repo);
    expect(staged.stderr).toBe('');
    expect(staged.status).toBe(0);
  });
});
