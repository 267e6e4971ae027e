import { copyFileSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import {
  cli,
  git,
  gitInit,
  HUSKY_HOW,
  LEFTHOOK_HOW,
  projectWithSealcheck,
  RAW_SECRET,
  requireTool,
  run,
  treeSnapshot,
  write,
} from './repo.js';

/*
 * `sealcheck install` in repositories whose hooks belong to a hook manager, driven by the real
 * managers (CI installs husky@9, lefthook@2 and the pre-commit framework; see .ci/run).
 */

/** A user's own husky script that blocks a commit staging a file named BLOCK. */
const USER_PRE_COMMIT =
  '# the team\'s own check\nif git diff --cached --name-only | grep -qx BLOCK; then\n  echo "user hook: BLOCK is staged" >&2\n  exit 1\nfi\n';
/** A user's own husky pre-push script that reads the refs git sends on stdin. */
const USER_PRE_PUSH =
  '#!/usr/bin/env sh\nwhile read -r local_ref local_sha remote_ref remote_sha; do\n  echo "user pre-push saw $local_ref" >&2\ndone\n';

const PRE_COMMIT_HOW = 'apt-get install pre-commit';
const modeOf = (file: string): number => statSync(file).mode & 0o7777;

/** A husky 9 project, set up by the real `husky` command (core.hooksPath=.husky/_, dispatcher in .husky/_/h). */
function huskyProject(): { repo: string; dir: string } {
  const project = projectWithSealcheck();
  const init = run(project.repo, 'husky', []);
  expect(init.status, init.out).toBe(0);
  expect(git(project.repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
  expect(existsSync(path.join(project.repo, '.husky/_/h'))).toBe(true);
  return project;
}

/** Stages exactly `files` (after unstaging and deleting the previous attempt's) and commits. */
function commit(repo: string, files: Record<string, string>): ReturnType<typeof run> {
  write(repo, files);
  git(repo, 'add', ...Object.keys(files));
  const r = run(repo, 'git', ['commit', '-q', '-m', 'attempt']);
  if (r.status !== 0) {
    git(repo, 'rm', '-q', '--cached', ...Object.keys(files));
    for (const name of Object.keys(files)) run(repo, 'rm', [name]);
  }
  return r;
}

describe('sealcheck install with husky', { timeout: 120_000 }, () => {
  it("adds one line to the user's .husky/pre-commit: sealcheck and the user's check both block, uninstall restores the file byte for byte", (ctx) => {
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo } = huskyProject();
    const script = path.join(repo, '.husky/pre-commit');
    write(repo, { '.husky/pre-commit': USER_PRE_COMMIT });
    const mode = modeOf(script);
    const dispatcher = treeSnapshot(path.join(repo, '.husky/_'));

    const install = cli(repo, 'install');
    expect(install.status, install.out).toBe(0);
    expect(install.stdout).toContain(
      'husky project: added the pre-commit check as one line near the top of .husky/pre-commit',
    );
    const installed = readFileSync(script, 'utf8');
    expect(installed.endsWith(USER_PRE_COMMIT)).toBe(true);
    expect(installed.split('\n').length).toBe(USER_PRE_COMMIT.split('\n').length + 1);
    expect(modeOf(script)).toBe(mode);
    // husky's own folder is untouched: its dispatcher still finds .husky/pre-commit by name.
    expect(treeSnapshot(path.join(repo, '.husky/_'))).toEqual(dispatcher);

    const again = cli(repo, 'install');
    expect(again.stdout).toContain('already runs the pre-commit check; nothing changed');
    expect(readFileSync(script, 'utf8')).toBe(installed);

    const leak = commit(repo, { 'db-secret.yaml': RAW_SECRET });
    expect(leak.status, leak.out).not.toBe(0);
    expect(leak.out).toMatch(/10:13\s+error\s+password /);
    expect(leak.out).toContain('sealcheck: commit blocked');

    const user = commit(repo, { BLOCK: 'x\n' });
    expect(user.status, user.out).not.toBe(0);
    expect(user.out).toContain('user hook: BLOCK is staged');

    const clean = commit(repo, { 'notes.txt': 'nothing secret\n' });
    expect(clean.status, clean.out).toBe(0);
    expect(git(repo, 'log', '--format=%s').trim()).toBe('attempt');

    const uninstall = cli(repo, 'uninstall');
    expect(uninstall.status, uninstall.out).toBe(0);
    expect(uninstall.stdout).toContain('removed the sealcheck line from .husky/pre-commit');
    expect(readFileSync(script, 'utf8')).toBe(USER_PRE_COMMIT);
    expect(modeOf(script)).toBe(mode);
    expect(treeSnapshot(path.join(repo, '.husky/_'))).toEqual(dispatcher);
    expect(commit(repo, { BLOCK: 'x\n' }).status).not.toBe(0);
  });

  it("pre-push: the line leaves the refs on stdin for the user's script, blocks a pushed Secret, and uninstall restores the script", (ctx) => {
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo, dir } = huskyProject();
    const script = path.join(repo, '.husky/pre-push');
    write(repo, { '.husky/pre-push': USER_PRE_PUSH });
    const install = cli(repo, 'install', '--hook', 'pre-push');
    expect(install.status, install.out).toBe(0);
    // The shebang stays the first line.
    expect(readFileSync(script, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env sh');

    const remote = gitInit(path.join(dir, 'remote.git'), '--bare');
    git(repo, 'remote', 'add', 'origin', remote);
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'root');
    const first = run(repo, 'git', ['push', '-q', 'origin', 'main']);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('user pre-push saw refs/heads/main');

    write(repo, { 'db-secret.yaml': RAW_SECRET });
    git(repo, 'add', 'db-secret.yaml');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'leak');
    const push = run(repo, 'git', ['push', '-q', 'origin', 'main']);
    expect(push.status, push.out).not.toBe(0);
    expect(push.out).toContain('sealcheck: push blocked: the pushed commits add the credentials listed above.');

    expect(cli(repo, 'uninstall', '--hook', 'pre-push').status).toBe(0);
    expect(readFileSync(script, 'utf8')).toBe(USER_PRE_PUSH);
  });

  it('creates a missing husky script and uninstall deletes it again', (ctx) => {
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo } = huskyProject();
    const before = treeSnapshot(path.join(repo, '.husky'));
    const install = cli(repo, 'install');
    expect(install.status, install.out).toBe(0);
    expect(install.stdout).toContain('created .husky/pre-commit');
    expect(commit(repo, { 'db-secret.yaml': RAW_SECRET }).status).not.toBe(0);
    expect(cli(repo, 'uninstall').status).toBe(0);
    expect(treeSnapshot(path.join(repo, '.husky'))).toEqual(before);
  });

  it('refuses an edited sealcheck line on install and uninstall, unless forced', (ctx) => {
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo } = huskyProject();
    const script = path.join(repo, '.husky/pre-commit');
    write(repo, { '.husky/pre-commit': USER_PRE_COMMIT });
    expect(cli(repo, 'install').status).toBe(0);
    const edited = readFileSync(script, 'utf8').replace('"$@"', '"$@" --verbose');
    write(repo, { '.husky/pre-commit': edited });
    for (const command of ['install', 'uninstall']) {
      const r = cli(repo, command);
      expect(r.status, r.out).toBe(2);
      expect(r.stderr).toContain('.husky/pre-commit:1 is the line `sealcheck install` added, but it was edited');
      expect(readFileSync(script, 'utf8')).toBe(edited);
    }
    expect(cli(repo, 'uninstall', '--force').status).toBe(0);
    expect(readFileSync(script, 'utf8')).toBe(USER_PRE_COMMIT);
  });

  it("repairs an earlier install that moved husky's dispatcher aside, so the user's script runs again", (ctx) => {
    requireTool(ctx, 'husky', HUSKY_HOW);
    const { repo } = huskyProject();
    write(repo, { '.husky/pre-commit': USER_PRE_COMMIT });
    // What `sealcheck install` used to do in a husky 9 project: its own script in husky's folder,
    // husky's stub renamed, so husky's dispatcher (which looks for .husky/<its own name>) finds nothing.
    const stub = path.join(repo, '.husky/_/pre-commit');
    const stubText = readFileSync(stub, 'utf8');
    renameSync(stub, `${stub}.sealcheck-chained`);
    copyFileSync(path.join(ROOT, 'hooks/pre-commit'), stub);

    const r = cli(repo, 'install');
    expect(r.status, r.out).toBe(0);
    expect(r.stdout).toContain('the previous hook is back in .husky/_/pre-commit');
    expect(readFileSync(stub, 'utf8')).toBe(stubText);
    expect(existsSync(`${stub}.sealcheck-chained`)).toBe(false);
    const user = commit(repo, { BLOCK: 'x\n' });
    expect(user.status, user.out).not.toBe(0);
    expect(user.out).toContain('user hook: BLOCK is staged');
    expect(commit(repo, { 'db-secret.yaml': RAW_SECRET }).status).not.toBe(0);
  });
});

describe('sealcheck install in a clone where husky has not run yet', () => {
  it('adds the line to .husky/pre-commit (what the project commits), not to .git/hooks, and says husky is not set up', () => {
    const { repo } = projectWithSealcheck();
    write(repo, { '.husky/pre-commit': USER_PRE_COMMIT });
    const hooks = treeSnapshot(path.join(repo, '.git/hooks'));
    const r = cli(repo, 'install');
    expect(r.status, r.out).toBe(0);
    expect(r.stdout).toContain('added the pre-commit check as one line near the top of .husky/pre-commit');
    expect(r.stderr).toContain('husky is not set up in this clone (core.hooksPath is unset)');
    expect(readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8').endsWith(USER_PRE_COMMIT)).toBe(true);
    expect(treeSnapshot(path.join(repo, '.git/hooks'))).toEqual(hooks);
    expect(cli(repo, 'uninstall').status).toBe(0);
    expect(readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8')).toBe(USER_PRE_COMMIT);
  });
});

describe(
  'sealcheck install with another hook manager: refuses with the recipe, changes nothing',
  { timeout: 120_000 },
  () => {
    it('lefthook: prints the lefthook.yml entry, which works as printed', (ctx) => {
      requireTool(ctx, 'lefthook', LEFTHOOK_HOW);
      const { repo } = projectWithSealcheck();
      write(repo, { 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: "true"\n' });
      const installed = run(repo, 'lefthook', ['install']);
      expect(installed.status, installed.out).toBe(0);
      const before = treeSnapshot(repo);

      const r = cli(repo, 'install');
      expect(r.status, r.out).toBe(2);
      expect(r.stderr).toContain('managed by lefthook');
      expect(r.stderr).toContain('nothing was changed');
      expect(treeSnapshot(repo)).toEqual(before);
      const push = cli(repo, 'install', '--hook', 'pre-push');
      expect(push.status).toBe(2);
      expect(push.stderr).toContain('run: sh node_modules/sealcheck/hooks/pre-push {1} {2}');
      expect(push.stderr).toContain('use_stdin: true');
      expect(treeSnapshot(repo)).toEqual(before);

      // The printed entry, pasted into lefthook.yml in place of the project's own, blocks a raw Secret.
      const lines = r.stderr.split('\n');
      const start = lines.findIndex((l) => l.trim() === '# lefthook.yml');
      const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
      expect(start).toBeGreaterThan(-1);
      write(repo, {
        'lefthook.yml': `${lines
          .slice(start + 1, end)
          .map((l) => l.slice(4))
          .join('\n')}\n`,
      });
      expect(run(repo, 'lefthook', ['install']).status).toBe(0);
      const leak = commit(repo, { 'db-secret.yaml': RAW_SECRET });
      expect(leak.status, leak.out).not.toBe(0);
      expect(leak.out).toMatch(/10:13\s+error\s+password /);
    });

    it('the pre-commit framework: prints the .pre-commit-config.yaml entry', (ctx) => {
      requireTool(ctx, 'pre-commit', PRE_COMMIT_HOW);
      const { repo, dir } = projectWithSealcheck();
      write(repo, { '.pre-commit-config.yaml': 'repos: []\n' });
      const installed = run(repo, 'pre-commit', ['install'], { env: { PRE_COMMIT_HOME: path.join(dir, 'cache') } });
      expect(installed.status, installed.out).toBe(0);
      expect(readFileSync(path.join(repo, '.git/hooks/pre-commit'), 'utf8')).toContain('File generated by pre-commit');
      const before = treeSnapshot(repo);
      const r = cli(repo, 'install');
      expect(r.status, r.out).toBe(2);
      expect(r.stderr).toContain('managed by the pre-commit framework (found the hook .git/hooks/pre-commit)');
      expect(r.stderr).toContain('- id: sealcheck ');
      expect(r.stderr).toContain('Then run: pre-commit install --hook-type pre-commit');
      expect(treeSnapshot(repo)).toEqual(before);
    });

    it('simple-git-hooks: prints the package.json entry', () => {
      const { repo } = projectWithSealcheck();
      write(repo, {
        'package.json': `${JSON.stringify({ name: 'app', devDependencies: { 'simple-git-hooks': '^2.11.0' }, 'simple-git-hooks': { 'pre-commit': 'npx lint-staged' } }, null, 2)}\n`,
      });
      const before = treeSnapshot(repo);
      for (const [hook, entry] of [
        ['pre-commit', '"pre-commit": "npx sealcheck scan --staged"'],
        ['pre-push', '"pre-push": "sh node_modules/sealcheck/hooks/pre-push \\"$@\\""'],
      ] as const) {
        const r = cli(repo, 'install', '--hook', hook);
        expect(r.status, r.out).toBe(2);
        expect(r.stderr).toContain('managed by simple-git-hooks (found package.json (simple-git-hooks))');
        expect(r.stderr).toContain(entry);
        expect(r.stderr).toContain('Then run: npx simple-git-hooks');
        expect(treeSnapshot(repo)).toEqual(before);
      }
    });

    it("points at `sealcheck uninstall` when an earlier install moved the manager's hook aside", () => {
      const { repo } = projectWithSealcheck();
      write(repo, {
        '.git/hooks/pre-commit.sealcheck-chained':
          '#!/bin/sh\n# File generated by pre-commit: https://pre-commit.com\n',
      });
      copyFileSync(path.join(ROOT, 'hooks/pre-commit'), path.join(repo, '.git/hooks/pre-commit'));
      const r = cli(repo, 'install');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        'managed by the pre-commit framework (found the hook .git/hooks/pre-commit.sealcheck-chained)',
      );
      expect(r.stderr).toContain(
        'moved a hook aside to .git/hooks/pre-commit.sealcheck-chained: `sealcheck uninstall` puts it back',
      );
    });
  },
);
