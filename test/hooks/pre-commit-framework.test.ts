import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from '../helpers/cli.js';
import { git, gitInit, RAW_SECRET, run, scratch, SEALED_SECRET, write } from './repo.js';

const MANIFEST = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');

/** The installed pre-commit framework's version, or undefined when the binary is absent. */
const PRE_COMMIT = ((): string | undefined => {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined;
})();

const atLeast = (version: string, min: [number, number]): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
};

describe('.pre-commit-hooks.yaml', () => {
  it('at the repository root is identical to hooks/.pre-commit-hooks.yaml, its source', () => {
    expect(MANIFEST).toBe(readFileSync(path.join(ROOT, 'hooks/.pre-commit-hooks.yaml'), 'utf8'));
  });

  it('declares the commit and push hooks over the whole repository, not file names', () => {
    const hooks = parse(MANIFEST) as Array<Record<string, unknown>>;
    expect(hooks.map((h) => [h.id, h.language, h.pass_filenames, h.stages])).toEqual([
      ['sealcheck', 'node', false, ['pre-commit']],
      ['sealcheck-pre-push', 'node', false, ['pre-push']],
    ]);
    expect(hooks[0]!.entry).toBe('sealcheck scan --staged');
  });

  /*
   * The real framework against this manifest, in a hook repository that holds it with a one-line
   * package whose `sealcheck` bin starts this checkout (so the framework's node install runs offline,
   * without downloading sealcheck's dependencies). pre-commit before 3.2.0 (Debian bookworm ships
   * 3.0.4) knows the stages only as `commit`/`push`: the copy is translated for it.
   */
  it('blocks a raw Secret and passes a SealedSecret through `pre-commit install`', (ctx) => {
    if (PRE_COMMIT === undefined && process.env.CI === undefined)
      ctx.skip('the pre-commit framework is not installed (apt-get install pre-commit)');
    const version = PRE_COMMIT!;
    const { dir } = scratch();
    const env = {
      PRE_COMMIT_HOME: path.join(dir, 'cache'),
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };

    const hookRepo = gitInit(path.join(dir, 'hook-repo'));
    const manifest = atLeast(version, [3, 2])
      ? MANIFEST
      : MANIFEST.replace('stages: [pre-commit]', 'stages: [commit]')
          .replace('stages: [pre-push]', 'stages: [push]')
          .replaceAll("minimum_pre_commit_version: '3.2.0'", "minimum_pre_commit_version: '0'");
    write(hookRepo, {
      '.pre-commit-hooks.yaml': manifest,
      'package.json': JSON.stringify({ name: 'sealcheck', version: '0.0.0-test', bin: { sealcheck: 'sealcheck.mjs' } }),
      'sealcheck.mjs': `#!/usr/bin/env node\nawait import(${JSON.stringify(pathToFileURL(BIN).href)});\n`,
    });
    git(hookRepo, 'add', '.');
    git(hookRepo, 'commit', '-q', '-m', 'hooks');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    const repo = gitInit(path.join(dir, 'repo'));
    write(repo, {
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: sealcheck\n      - id: sealcheck-pre-push\n`,
    });
    git(repo, 'add', '.pre-commit-config.yaml');
    const installed = run(
      repo,
      'pre-commit',
      ['install', '--install-hooks', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'],
      { env },
    );
    expect(installed.out, installed.out).toMatch(/pre-commit installed/);
    expect(installed.status).toBe(0);

    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    const blocked = run(repo, 'git', ['commit', '-q', '-m', 'leak'], { env });
    expect(blocked.status, blocked.out).toBe(1);
    expect(blocked.out).toMatch(/sealcheck \(Kubernetes credentials in staged changes\)\.+Failed/);
    expect(blocked.out).toMatch(/10:13\s+error\s+password /);

    git(repo, 'rm', '-q', '--cached', 'db-secret.yaml');
    write(repo, { 'db-sealedsecret.yaml': SEALED_SECRET });
    git(repo, 'add', 'db-sealedsecret.yaml');
    const passed = run(repo, 'git', ['commit', '-q', '-m', 'sealed'], { env });
    expect(passed.status, passed.out).toBe(0);
    expect(passed.out).toMatch(/sealcheck \(Kubernetes credentials in staged changes\)\.+Passed/);

    // The push stage: a later commit that adds the Secret is stopped before it leaves.
    const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
    git(repo, 'remote', 'add', 'origin', remote);
    // The first push reaches the root commit, judged against the empty tree: see pre-push.test.ts.
    const first = run(repo, 'git', ['push', '-q', '--no-verify', 'origin', 'main'], { env });
    expect(first.status, first.out).toBe(0);
    git(repo, 'add', 'db-secret.yaml');
    expect(run(repo, 'git', ['commit', '-q', '--no-verify', '-m', 'leak'], { env }).status).toBe(0);
    const push = run(repo, 'git', ['push', '-q', 'origin', 'main'], { env });
    expect(push.status, push.out).toBe(1);
    expect(push.out).toMatch(/sealcheck \(Kubernetes credentials in pushed commits\)\.+Failed/);
    expect(push.out).toContain('db-secret.yaml');
  }, 180_000);
});
