import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  git,
  gitInit,
  HUSKY_HOW,
  LEFTHOOK_HOW,
  projectWithSealcheck,
  RAW_SECRET,
  requireTool,
  run,
  SEALED_SECRET,
  write,
} from './repo.js';

/*
 * The husky and lefthook set-ups the README documents, run by the real tools when they are on PATH
 * (CI installs them outside package.json: `npm install --prefix <dir> husky@9 lefthook@2`). The
 * temporary repository gets sealcheck the way `npm install --save-dev` would lay it out.
 */

/** Commits the raw Secret (must be blocked), then its SealedSecret instead (must pass). */
function expectSecretBlockedSealedPasses(repo: string): void {
  write(repo, { 'db-secret.yaml': RAW_SECRET });
  git(repo, 'add', '-A');
  const blocked = run(repo, 'git', ['commit', '-q', '-m', 'leak']);
  expect(blocked.status, blocked.out).not.toBe(0);
  expect(blocked.out).toMatch(/10:13\s+error\s+password /);
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
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo } = projectWithSealcheck();
    const init = run(repo, 'husky', []);
    expect(init.status, init.out).toBe(0);
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    write(repo, { '.husky/pre-commit': 'npx sealcheck scan --staged\n' });
    expectSecretBlockedSealedPasses(repo);
  });

  it('lefthook: lefthook.yml with the commit and push commands', (ctx) => {
    requireTool(ctx, 'lefthook', LEFTHOOK_HOW);
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
