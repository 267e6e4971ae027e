import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Git as every test drives it: the real binary, in temporary repositories, isolated from the
 * machine it runs on. One copy, so that a fix to the isolation reaches every suite.
 */

/** Extra variables for one run; `undefined` removes a variable. */
export type EnvPatch = Record<string, string | undefined>;

/**
 * What the tests change in the environment of git (and of a sealcheck that runs git): every
 * inherited GIT_* variable removed (tests may run inside a hook, where GIT_DIR and GIT_INDEX_FILE
 * point at another repository), no global or system configuration (the developer's aliases,
 * hooksPath, signing or default branch), no credential prompt that would wait forever, and no
 * SEALCHECK_SKIP from the developer's shell turning off a hook a test installs. `extra` comes last.
 * A patch, for runners that merge it into process.env themselves (helpers/cli.ts `sealcheck`).
 */
export function gitIsolation(extra: EnvPatch = {}): EnvPatch {
  const patch: EnvPatch = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('GIT_') || k === 'SEALCHECK_SKIP') patch[k] = undefined;
  return { ...patch, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** process.env with gitIsolation(extra) applied: the environment for git in tests. */
export function cleanEnv(extra: EnvPatch = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(gitIsolation(extra))) {
    if (v === undefined) Reflect.deleteProperty(env, k);
    else env[k] = v;
  }
  return env;
}

interface GitRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  /** Added to cleanEnv(); `undefined` removes a variable. */
  env?: EnvPatch;
  /** What git reads on stdin; nothing (a closed stdin) by default. */
  input?: string;
}

/** Runs git in `cwd` with cleanEnv(); the caller judges the outcome. */
function runGit(cwd: string, args: readonly string[], opts: GitRunOptions = {}): GitRun {
  const r = spawnSync('git', args, {
    cwd,
    env: cleanEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A git run that must succeed; returns its stdout. */
export function gitChecked(cwd: string, args: readonly string[], opts: GitRunOptions = {}): string {
  const r = runGit(cwd, args, opts);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}`);
  return r.stdout;
}

/** `git <args>` in `cwd`, which must succeed; returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return gitChecked(cwd, args);
}

/** The identity every test commit has. */
const GIT_USER = { name: 'Sealcheck Test', email: 'test@example.invalid' };

/**
 * A fresh repository at `dir` (created if missing) on `main`, configured locally: an identity, no
 * signing, no background maintenance or gc that could touch the objects a test inspects.
 */
export function gitInit(dir: string, ...initArgs: string[]): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main', ...initArgs);
  if (initArgs.includes('--bare')) return dir;
  git(dir, 'config', 'user.name', GIT_USER.name);
  git(dir, 'config', 'user.email', GIT_USER.email);
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'maintenance.auto', 'false');
  git(dir, 'config', 'gc.auto', '0');
  return dir;
}

/** Stages everything and commits it (an empty commit when nothing changed); returns the commit id. */
export function commitAll(repo: string, message = 'commit'): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}

/** Author and committer dates of `seconds` since the epoch, UTC. */
function datedEnv(seconds: number): EnvPatch {
  const date = `@${String(seconds)} +0000`;
  return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
}

/** Runs git with fixed author and committer dates (merges, tags). */
export function gitAt(repo: string, seconds: number, ...args: string[]): string {
  return gitChecked(repo, args, { env: datedEnv(seconds) });
}

/** commitAll with fixed author and committer dates, so that "earliest" is deterministic. */
export function commitAt(repo: string, seconds: number, message = 'commit'): string {
  gitAt(repo, seconds, 'add', '-A');
  gitAt(repo, seconds, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}
