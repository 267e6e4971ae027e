import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { git, gitInit, RAW_SECRET, run, write, type Run } from '../hooks/repo.js';

/*
 * Installs of sealcheck the ways users install it, with the real tools, into temporary folders.
 * The package installed is a clone of this repository at HEAD: what a user gets from git is the
 * committed state (the committed bundles included), not this working tree.
 */

/** The version every install must report. */
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** A scratch folder for one test, removed when it finishes. */
export function scratchDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sealcheck-install-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A clone of this repository at HEAD, in `dir`/sealcheck; returns its path and commit. Shallow: the
 * installs need one commit, and npm fetches a GitHub URL as the tarball of one commit too.
 */
export function cloneProject(dir: string): { clone: string; commit: string } {
  const clone = path.join(dir, 'sealcheck');
  git(dir, 'clone', '-q', '--depth', '1', pathToFileURL(ROOT).href, clone);
  return { clone, commit: git(clone, 'rev-parse', 'HEAD').trim() };
}

/**
 * npm as a user runs it, but with an empty cache of its own (nothing of sealcheck cached from an
 * earlier run) and offline: sealcheck has no dependencies, so an install must need no registry.
 */
export function npmEnv(dir: string): Record<string, string> {
  return {
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
}

/** A git repository with a package.json, where a project installs its tools. */
export function consumerProject(dir: string): string {
  const repo = gitInit(path.join(dir, 'project'));
  write(repo, {
    'package.json': `${JSON.stringify({ name: 'project', version: '1.0.0', private: true }, null, 2)}\n`,
    '.gitignore': 'node_modules/\n',
  });
  return repo;
}

/** Runs a command that must succeed; returns how long it took, in seconds. */
export function timed(cwd: string, cmd: string, args: string[], env: Record<string, string>): number {
  const start = performance.now();
  const r = run(cwd, cmd, args, { env });
  const seconds = (performance.now() - start) / 1000;
  expect(r.status, `${cmd} ${args.join(' ')}\n${r.out}`).toBe(0);
  return seconds;
}

/** Prints a measured install time, so that a run shows what each install path costs. */
export function report(what: string, seconds: number): void {
  process.stdout.write(`install time: ${what}: ${seconds.toFixed(1)} s\n`);
}

/** Stages the raw Secret in `repo` and commits: the commit must be refused with sealcheck's finding. */
export function expectCommitBlocked(repo: string, env: Record<string, string> = {}): Run {
  write(repo, { 'db-secret.yaml': RAW_SECRET });
  git(repo, 'add', 'db-secret.yaml');
  const blocked = run(repo, 'git', ['commit', '-q', '-m', 'leak'], { env });
  expect(blocked.status, blocked.out).not.toBe(0);
  expect(blocked.out).toMatch(/db-secret\.yaml:\S+ +Secret \S+ +secret-data/);
  expect(blocked.out).toMatch(/10:13\s+error\s+password/);
  expect(run(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD']).status, 'nothing was committed').not.toBe(0);
  return blocked;
}

/** A folder, created. */
export function folder(...parts: string[]): string {
  const dir = path.join(...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
