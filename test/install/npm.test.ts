import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../hooks/repo.js';
import {
  cloneProject,
  consumerProject,
  expectCommitBlocked,
  npmEnv,
  report,
  scratchDir,
  timed,
  VERSION,
} from './project.js';

/*
 * `npm install --save-dev <path | git URL | tarball>` into a fresh project, then the installed CLI
 * guards a real repository. Each install must finish without building anything (no compiler, no
 * devDependencies: the committed bundles run as they are) and without a registry (offline, with an
 * empty cache): sealcheck has no dependencies.
 */

/** The installed CLI answers with package.json's version, installs the commit hook, and the hook blocks. */
function expectInstalledCliGuards(project: string, env: Record<string, string>): void {
  // The bin npm linked (what npx and the hooks run), called directly: npx costs a second a call.
  const bin = path.join(project, 'node_modules', '.bin', 'sealcheck');
  const version = run(project, bin, ['--version'], { env });
  expect(version.status, version.out).toBe(0);
  expect(version.stdout.trim()).toBe(VERSION);

  const install = run(project, bin, ['install'], { env });
  expect(install.status, install.out).toBe(0);
  expectCommitBlocked(project, env);

  // The same check without the hook, as the README's `npx sealcheck scan --staged`.
  const staged = run(project, 'npx', ['--no-install', 'sealcheck', 'scan', '--staged'], { env });
  expect(staged.status, staged.out).toBe(1);
  expect(staged.stdout).toMatch(/db-secret\.yaml/);
}

/** Nothing was built or installed inside the package: no node_modules, no compiler output. */
function expectNoBuild(pkg: string): void {
  expect(existsSync(path.join(pkg, 'node_modules')), `${pkg}/node_modules`).toBe(false);
  expect(existsSync(path.join(pkg, 'dist', 'cli')), `${pkg}/dist/cli (tsc output)`).toBe(false);
  expect(existsSync(path.join(pkg, 'dist', 'sealcheck.mjs'))).toBe(true);
  expect(existsSync(path.join(pkg, 'dist', 'scan-worker.mjs'))).toBe(true);
  expect(existsSync(path.join(pkg, 'dist', 'rules.json'))).toBe(true);
  // The husky, lefthook and simple-git-hooks recipes run node_modules/sealcheck/hooks/<hook>.
  expect(existsSync(path.join(pkg, 'hooks', 'pre-commit'))).toBe(true);
  expect(existsSync(path.join(pkg, 'hooks', 'pre-push'))).toBe(true);
}

describe('npm install', { timeout: 120_000 }, () => {
  it('package.json lists no dependencies and no install-time scripts', () => {
    const manifest = JSON.parse(readFileSync(path.join(cloneProject(scratchDir()).clone, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const script of ['prepare', 'preinstall', 'install', 'postinstall', 'prepack', 'postpack'])
      expect(manifest.scripts[script], script).toBeUndefined();
  });

  it('--save-dev /path/to/a/clone', () => {
    const dir = scratchDir();
    const { clone } = cloneProject(dir);
    const project = consumerProject(dir);
    const env = npmEnv(dir);
    const seconds = timed(project, 'npm', ['install', '--save-dev', clone], env);
    report('npm install --save-dev <path>', seconds);
    // npm links a folder dependency: the clone itself is what runs.
    expect(lstatSync(path.join(project, 'node_modules', 'sealcheck')).isSymbolicLink()).toBe(true);
    expectInstalledCliGuards(project, env);
    expectNoBuild(clone);
  });

  it('--save-dev git+file://<clone>#<commit>', () => {
    const dir = scratchDir();
    const { clone, commit } = cloneProject(dir);
    const project = consumerProject(dir);
    const env = npmEnv(dir);
    const url = `git+${pathToFileURL(clone).href}#${commit}`;
    const seconds = timed(project, 'npm', ['install', '--save-dev', url], env);
    report('npm install --save-dev git+<url>#<commit>', seconds);
    const installed = path.join(project, 'node_modules', 'sealcheck');
    expect(lstatSync(installed).isDirectory()).toBe(true);
    expectNoBuild(installed);
    expect(existsSync(path.join(installed, 'src')), 'only the files package.json ships').toBe(false);
    expectInstalledCliGuards(project, env);
  });

  it('npm pack, then --save-dev <tarball>', () => {
    const dir = scratchDir();
    const { clone } = cloneProject(dir);
    const project = consumerProject(dir);
    const env = npmEnv(dir);
    const pack = run(clone, 'npm', ['pack', '--pack-destination', dir], { env });
    expect(pack.status, pack.out).toBe(0);
    const tarball = path.join(dir, pack.stdout.trim().split('\n').at(-1) ?? '');
    expect(path.basename(tarball)).toBe(`sealcheck-${VERSION}.tgz`);
    expectNoBuild(clone);

    const listing = run(dir, 'tar', ['-tzf', tarball]).stdout.split('\n');
    for (const f of ['bin/sealcheck.js', 'dist/sealcheck.mjs', 'dist/scan-worker.mjs', 'dist/rules.json'])
      expect(listing).toContain(`package/${f}`);
    expect(listing.filter((f) => /^package\/(?:src|test|action|node_modules)\//.test(f))).toEqual([]);
    expect(listing).not.toContain('package/dist/index.js');

    const seconds = timed(project, 'npm', ['install', '--save-dev', tarball], env);
    report('npm install --save-dev <tarball>', seconds);
    expectNoBuild(path.join(project, 'node_modules', 'sealcheck'));
    expectInstalledCliGuards(project, env);
  });
});
