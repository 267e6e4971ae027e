import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { git, gitInit, RAW_SECRET, run, scratch, SEALED_SECRET, write } from './repo.js';

/*
 * The husky and lefthook set-ups the README documents, run by the real tools when they are on PATH
 * (CI installs them outside package.json: `npm install --prefix <dir> husky@9 lefthook@2`). The
 * temporary repository gets sealcheck the way `npm install --save-dev` would lay it out.
 */
const onPath = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

function projectWithSealcheck(): { repo: string; dir: string } {
  const { dir } = scratch();
  const repo = gitInit(path.join(dir, 'repo'));
  mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
  mkdirSync(path.join(repo, 'node_modules/sealcheck'), { recursive: true });
  symlinkSync(BIN, path.join(repo, 'node_modules/.bin/sealcheck'));
  symlinkSync(path.join(ROOT, 'hooks'), path.join(repo, 'node_modules/sealcheck/hooks'));
  write(repo, { '.gitignore': 'node_modules/\n' });
  return { repo, dir };
}

/** Commits the raw Secret (must be blocked), then its SealedSecret instead (must pass). */
function expectSecretBlockedSealedPasses(repo: string): void {
  write(repo, { 'db-secret.yaml': RAW_SECRET });
  git(repo, 'add', '-A');
  const blocked = run(repo, 'git', ['commit', '-q', '-m', 'leak']);
  expect(blocked.status, blocked.out).not.toBe(0);
  expect(blocked.out).toMatch(/10:13\s+error\s+secret-data/);
  expect(run(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);

  git(repo, 'rm', '-q', '--cached', 'db-secret.yaml');
  run(repo, 'rm', ['db-secret.yaml']);
  write(repo, { 'db-sealedsecret.yaml': SEALED_SECRET });
  git(repo, 'add', '-A');
  const passed = run(repo, 'git', ['commit', '-q', '-m', 'sealed']);
  expect(passed.status, passed.out).toBe(0);
}

describe('documented hook managers', { timeout: 120_000 }, () => {
  it('husky: .husky/pre-commit running `npx sealcheck scan --staged`', (ctx) => {
    if (!onPath('husky') && process.env.CI === undefined) ctx.skip('husky is not on PATH (npm install --prefix <dir> husky@9, then add <dir>/node_modules/.bin to PATH)');
    const { repo } = projectWithSealcheck();
    const init = run(repo, 'husky', []);
    expect(init.status, init.out).toBe(0);
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    write(repo, { '.husky/pre-commit': 'npx sealcheck scan --staged\n' });
    expectSecretBlockedSealedPasses(repo);
  });

  it('lefthook: lefthook.yml with the commit and push commands', (ctx) => {
    if (!onPath('lefthook') && process.env.CI === undefined) ctx.skip('lefthook is not on PATH (npm install --prefix <dir> lefthook@2, then add <dir>/node_modules/.bin to PATH)');
    const { repo, dir } = projectWithSealcheck();
    write(repo, {
      'lefthook.yml': [
        'pre-commit:',
        '  commands:',
        '    sealcheck:',
        '      run: npx sealcheck scan --staged',
        'pre-push:',
        '  commands:',
        '    sealcheck:',
        '      run: sh node_modules/sealcheck/hooks/pre-push {1} {2}',
        '      use_stdin: true',
        '',
      ].join('\n'),
    });
    const install = run(repo, 'lefthook', ['install']);
    expect(install.status, install.out).toBe(0);
    expectSecretBlockedSealedPasses(repo);

    const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
    git(repo, 'remote', 'add', 'origin', remote);
    expect(run(repo, 'git', ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'leak');
    const push = run(repo, 'git', ['push', '-q', 'origin', 'main']);
    expect(push.status, push.out).not.toBe(0);
    expect(push.out).toContain('sealcheck: push blocked: the pushed commits add the credentials listed above.');
  });
});
