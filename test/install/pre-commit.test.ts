import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitInit, requireTool, run, write } from '../hooks/repo.js';
import { cloneProject, expectCommitBlocked, report, scratchDir, timed } from './project.js';

/** The installed pre-commit framework's version, or undefined when the binary is absent. */
const PRE_COMMIT = ((): string | undefined => {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined;
})();

const atLeast = (version: string, min: [number, number]): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
};

/*
 * The pre-commit framework installing sealcheck itself, as a user's `.pre-commit-config.yaml` does:
 * `repo:` a clone of this repository, `rev:` a commit. The framework clones it, runs
 * `npm install` in it (devDependencies included: the framework asks for them), packs it and
 * installs the tarball into its own environment; nothing is built. The devDependencies come from
 * the machine's npm cache when it has them (`npm ci` filled it; sealcheck itself is never there,
 * it is a local clone), else from the registry.
 */
describe('pre-commit framework, repo: a clone of sealcheck, rev: a commit', () => {
  it('installs, blocks a raw Secret at commit and at push', { timeout: 300_000 }, (ctx) => {
    requireTool(ctx, 'pre-commit', 'apt-get install pre-commit');
    const version = PRE_COMMIT ?? '0.0.0';
    const dir = scratchDir();
    const { clone } = cloneProject(dir);
    let rev = git(clone, 'rev-parse', 'HEAD').trim();
    if (!atLeast(version, [3, 2])) {
      // pre-commit before 3.2.0 (Debian bookworm ships 3.0.4) knows the stages only as
      // `commit`/`push` and refuses the manifest: the clone gets a commit that renames them.
      const manifest = path.join(clone, '.pre-commit-hooks.yaml');
      write(clone, {
        '.pre-commit-hooks.yaml': readFileSync(manifest, 'utf8')
          .replace('stages: [pre-commit]', 'stages: [commit]')
          .replace('stages: [pre-push]', 'stages: [push]')
          .replaceAll("minimum_pre_commit_version: '3.2.0'", "minimum_pre_commit_version: '0'"),
      });
      git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-am', 'old stage names');
      rev = git(clone, 'rev-parse', 'HEAD').trim();
    }
    const env = {
      PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };

    const repo = gitInit(path.join(dir, 'repo'));
    write(repo, {
      '.pre-commit-config.yaml': [
        'repos:',
        `  - repo: ${clone}`,
        `    rev: ${rev}`,
        '    hooks:',
        '      - id: sealcheck',
        '      - id: sealcheck-pre-push',
        '',
      ].join('\n'),
    });
    git(repo, 'add', '.pre-commit-config.yaml');
    const seconds = timed(
      repo,
      'pre-commit',
      ['install', '--install-hooks', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'],
      env,
    );
    report('pre-commit install --install-hooks (repo: clone, rev: commit)', seconds);
    // The framework's own checkout of the hook repository: the committed bundle, no compiler output.
    const home = env.PRE_COMMIT_HOME;
    const checkouts = readdirSync(home).filter((name) => existsSync(path.join(home, name, '.pre-commit-hooks.yaml')));
    expect(checkouts).toHaveLength(1);
    const checkout = path.join(home, checkouts[0]!);
    expect(existsSync(path.join(checkout, 'dist', 'sealcheck.mjs'))).toBe(true);
    expect(existsSync(path.join(checkout, 'dist', 'cli')), 'nothing was built').toBe(false);

    const blocked = expectCommitBlocked(repo, env);
    expect(blocked.out).toMatch(/sealcheck \(Kubernetes credentials in staged changes\)\.+Failed/);

    // The push stage: a commit that adds the Secret is stopped before it leaves.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'config and leak');
    const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
    git(repo, 'remote', 'add', 'origin', remote);
    const push = run(repo, 'git', ['push', '-q', 'origin', 'main'], { env });
    expect(push.status, push.out).toBe(1);
    expect(push.out).toMatch(/sealcheck \(Kubernetes credentials in pushed commits\)\.+Failed/);
    expect(push.out).toContain('db-secret.yaml');
  });
});
