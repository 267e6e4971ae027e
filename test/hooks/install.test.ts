import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { cli, git, gitInit, scratch, script, treeSnapshot, write } from './repo.js';

const PACKAGED = readFileSync(path.join(ROOT, 'hooks/pre-commit'), 'utf8');
const PACKAGED_PUSH = readFileSync(path.join(ROOT, 'hooks/pre-push'), 'utf8');
const FOREIGN = 'echo "the team\'s own hook"';

const isExecutable = (file: string): boolean => (statSync(file).mode & 0o111) === 0o111;

describe('sealcheck install / uninstall', () => {
  it('installs the packaged pre-commit script, executable, and a second install changes nothing', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    const first = cli(repo, 'install');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('installed the pre-commit hook in .git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toBe(PACKAGED);
    expect(isExecutable(hook)).toBe(true);

    const second = cli(repo, 'install');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already installed');
    expect(second.stdout).toContain('nothing changed');
    expect(readFileSync(hook, 'utf8')).toBe(PACKAGED);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);
  });

  it('installs pre-push on request, and creates a missing hooks folder', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    git(repo, 'config', 'core.hooksPath', 'not/yet/there');
    const r = cli(repo, 'install', '--hook', 'pre-push');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(repo, 'not/yet/there/pre-push'), 'utf8')).toBe(PACKAGED_PUSH);
    expect(existsSync(path.join(repo, 'not/yet/there/pre-commit'))).toBe(false);
  });

  it('chains an existing hook instead of overwriting it, and uninstall restores it', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(hook, FOREIGN);
    const original = readFileSync(hook, 'utf8');

    const install = cli(repo, 'install');
    expect(install.status).toBe(0);
    expect(install.stdout).toContain('the existing hook moved to .git/hooks/pre-commit.sealcheck-chained');
    expect(readFileSync(`${hook}.sealcheck-chained`, 'utf8')).toBe(original);
    expect(isExecutable(`${hook}.sealcheck-chained`)).toBe(true);
    expect(readFileSync(hook, 'utf8')).toBe(PACKAGED);

    const again = cli(repo, 'install');
    expect(again.stdout).toContain('nothing changed');
    expect(readFileSync(`${hook}.sealcheck-chained`, 'utf8')).toBe(original);

    const uninstall = cli(repo, 'uninstall');
    expect(uninstall.status).toBe(0);
    expect(uninstall.stdout).toContain('the previous hook is back in .git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(isExecutable(hook)).toBe(true);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);

    const twice = cli(repo, 'uninstall', '--hook', 'pre-commit');
    expect(twice.status).toBe(0);
    expect(twice.stdout).toContain("is not sealcheck's pre-commit hook; left alone");
    expect(readFileSync(hook, 'utf8')).toBe(original);
  });

  it('uninstall removes only its own scripts and is idempotent', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    expect(cli(repo, 'install').status).toBe(0);
    expect(cli(repo, 'install', '--hook', 'pre-push').status).toBe(0);
    const first = cli(repo, 'uninstall');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('removed the pre-commit hook');
    expect(first.stdout).toContain('removed the pre-push hook');
    expect(existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(path.join(repo, '.git/hooks/pre-push'))).toBe(false);
    const second = cli(repo, 'uninstall');
    expect(second.status).toBe(0);
    expect(second.stdout.match(/nothing changed/g)).toHaveLength(2);
  });

  it('refuses to overwrite a local edit of its own script or a second chained hook, unless forced', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    expect(cli(repo, 'install').status).toBe(0);
    script(hook, `# sealcheck-hook v1\necho edited`);
    const edited = cli(repo, 'install');
    expect(edited.status).toBe(2);
    expect(edited.stderr).toContain('edited locally; run with --force');
    expect(cli(repo, 'install', '--force').stdout).toContain('updated the pre-commit hook');
    expect(readFileSync(hook, 'utf8')).toBe(PACKAGED);

    // Another tool replaced our hook while an older chained one is still there.
    script(`${hook}.sealcheck-chained`, 'echo first');
    script(hook, 'echo second');
    const conflict = cli(repo, 'install');
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toContain('already exists');
    const forced = cli(repo, 'install', '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(`${hook}.sealcheck-chained`, 'utf8')).toContain('echo second');
    expect(readFileSync(`${hook}.sealcheck-chained.old`, 'utf8')).toContain('echo first');
  });

  it('uninstall refuses to delete a locally edited sealcheck hook unless forced, then restores the chained one', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(hook, FOREIGN);
    const original = readFileSync(hook, 'utf8');
    expect(cli(repo, 'install').status).toBe(0);
    const edited = `${PACKAGED}echo "a local addition"\n`;
    script(hook, edited.replace(/^#!\/bin\/sh\n/, ''));
    const before = treeSnapshot(repo);

    const refused = cli(repo, 'uninstall', '--hook', 'pre-commit');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(".git/hooks/pre-commit is sealcheck's pre-commit hook but was edited locally");
    expect(refused.stderr).toContain('rm ');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toContain('internal error');
    expect(treeSnapshot(repo)).toEqual(before);

    const forced = cli(repo, 'uninstall', '--hook', 'pre-commit', '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);
  });

  it('uninstall of every hook still handles the others when one is refused, and exits 2', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    expect(cli(repo, 'install').status).toBe(0);
    expect(cli(repo, 'install', '--hook', 'pre-push').status).toBe(0);
    script(path.join(repo, '.git/hooks/pre-commit'), '# sealcheck-hook v1\necho edited');
    const r = cli(repo, 'uninstall');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('removed the pre-push hook');
    expect(r.stderr).toContain('edited locally');
    expect(existsSync(path.join(repo, '.git/hooks/pre-push'))).toBe(false);
    expect(readFileSync(path.join(repo, '.git/hooks/pre-commit'), 'utf8')).toContain('echo edited');
  });

  it('puts a dangling chained hook back under its own name, never deleting it', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(hook, FOREIGN);
    const original = readFileSync(hook, 'utf8');
    expect(cli(repo, 'install').status).toBe(0);
    rmSync(hook); // sealcheck's hook went away (deleted by hand or by another tool); the chained one stayed
    const r = cli(repo, 'uninstall', '--hook', 'pre-commit');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the previous hook is back in .git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(isExecutable(hook)).toBe(true);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);
  });

  it('refuses to choose between a foreign hook and a different chained one, and explains', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(`${hook}.sealcheck-chained`, 'echo moved aside');
    script(hook, 'echo written later by another tool');
    const before = treeSnapshot(repo);
    for (const args of [['uninstall'], ['uninstall', '--force']]) {
      const r = cli(repo, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("is not sealcheck's pre-commit hook, and .git/hooks/pre-commit.sealcheck-chained");
      expect(r.stderr).toContain('cannot tell which one');
      expect(r.stderr).toContain('mv .git/hooks/pre-commit.sealcheck-chained .git/hooks/pre-commit');
      expect(treeSnapshot(repo)).toEqual(before);
    }
  });

  it('puts back a chained hook identical to the hook in place (nothing to lose)', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(`${hook}.sealcheck-chained`, FOREIGN);
    script(hook, FOREIGN);
    const r = cli(repo, 'uninstall', '--hook', 'pre-commit');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('was identical to .git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain(FOREIGN);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);
  });

  it('exits 2 with a clear message when core.hooksPath names a file, changing nothing', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    write(repo, { 'hooks.txt': 'not a folder\n' });
    for (const setting of ['hooks.txt', 'hooks.txt/sub']) {
      git(repo, 'config', 'core.hooksPath', setting);
      const before = treeSnapshot(repo);
      for (const command of ['install', 'uninstall']) {
        const r = cli(repo, command);
        expect(r.status, r.out).toBe(2);
        expect(r.stderr).toContain(`core.hooksPath (${JSON.stringify(setting)}) names`);
        expect(r.stderr).toContain('not a folder');
        expect(r.stderr).toContain('git config --unset core.hooksPath');
        expect(r.stderr).not.toContain('internal error');
      }
      expect(treeSnapshot(repo)).toEqual(before);
    }
  });

  it('upgrades a script from an older sealcheck without --force', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const hook = path.join(repo, '.git/hooks/pre-commit');
    script(hook, '# sealcheck-hook v0\nexit 0');
    const r = cli(repo, 'install');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('updated');
    expect(readFileSync(hook, 'utf8')).toBe(PACKAGED);
    expect(existsSync(`${hook}.sealcheck-chained`)).toBe(false);
  });

  it('honours core.hooksPath, relative to the top of the work tree even from a subfolder', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    git(repo, 'config', 'core.hooksPath', '.githooks');
    script(path.join(repo, 'deploy/prod/.keep'), '');
    const r = cli(path.join(repo, 'deploy/prod'), 'install');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(repo, '.githooks/pre-commit'), 'utf8')).toBe(PACKAGED);
    expect(existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(path.join(repo, 'deploy/prod/.githooks'))).toBe(false);
  });

  it('installs into the shared hooks folder from a linked worktree', () => {
    const { dir } = scratch();
    const repo = gitInit(path.join(dir, 'repo'));
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'root');
    git(repo, 'worktree', 'add', '-q', path.join(dir, 'wt'), '-b', 'feature');
    const r = cli(path.join(dir, 'wt'), 'install');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(repo, '.git/hooks/pre-commit'), 'utf8')).toBe(PACKAGED);
  });

  it('exits 2 with a clear message outside a git repository', () => {
    const { dir } = scratch();
    for (const command of ['install', 'uninstall']) {
      const r = cli(dir, command);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('is not inside a git repository');
    }
  });

  it('rejects an unknown hook name as a usage error', () => {
    const repo = gitInit(path.join(scratch().dir, 'repo'));
    const r = cli(repo, 'install', '--hook', 'post-commit');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pre-commit');
  });
});
