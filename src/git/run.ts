import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { redactUrlsIn } from '../redact-url.js';

/**
 * The one place sealcheck starts git. Everything else asks through `git`/`gitText` (a run whose
 * output fits in memory) or `spawnGit` (a long-lived or streaming process: `cat-file --batch`,
 * `log --raw`), so the environment, the error type and what an error may show are decided once.
 */

/**
 * Why a git run failed: a non-zero exit, a signal, more output than allowed, no git on PATH
 * (or no such `cwd`: both are ENOENT), or another start-up error.
 */
export type GitFailure =
  | { reason: 'exit'; code: number }
  | { reason: 'signal'; signal: string }
  | { reason: 'output-limit' }
  | { reason: 'not-found' }
  | { reason: 'not-started'; message: string };

/** Longest stderr tail kept: git's complaint is in its last lines, and a bound keeps errors small. */
const STDERR_EXCERPT = 4000;

/**
 * A git run that did not succeed. Carries the arguments, the exit code and the end of stderr;
 * never stdout, which may hold file contents.
 */
export class GitFailed extends Error {
  /** The last part of what git wrote to stderr, trimmed; what happened (`exit 1`, …) when it wrote nothing. */
  readonly stderr: string;

  constructor(
    readonly args: readonly string[],
    readonly failure: GitFailure,
    stderr: string,
  ) {
    const excerpt = stderr.trim().slice(-STDERR_EXCERPT);
    super(`git ${subcommand(args)} failed (${describe(failure)})${excerpt !== '' ? `: ${redactUrlsIn(excerpt)}` : ''}`);
    this.name = 'GitFailed';
    this.stderr = excerpt !== '' ? excerpt : describe(failure);
  }

  /** The exit code, when git ran and exited. */
  get exitCode(): number | undefined {
    return this.failure.reason === 'exit' ? this.failure.code : undefined;
  }
}

export interface GitRunOptions {
  /** Most stdout bytes accepted; more fails the run with reason `output-limit`. Default 1 GiB. */
  maxBuffer?: number | undefined;
}

const DEFAULT_MAX_BUFFER = 1 << 30;

/** Runs git in `cwd` and returns stdout as bytes; a failure is a GitFailed. */
export function git(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  opts: GitRunOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env, encoding: 'buffer', maxBuffer: opts.maxBuffer ?? DEFAULT_MAX_BUFFER },
      (err, stdout, stderr) => {
        if (err) reject(failure(args, err, stderr.toString('utf8')));
        else resolve(stdout);
      },
    );
  });
}

/** `git` with stdout decoded as UTF-8 and its final line break removed (one-line answers: rev-parse, config). */
export async function gitText(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return (await git(cwd, args, env)).toString('utf8').replace(/\r?\n$/, '');
}

/** A git process with piped stdin, stdout and stderr. */
export type GitProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** A git process for callers that stream (the caller owns its lifetime and reads its stderr). */
export function spawnGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): GitProcess {
  return spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The GitFailed for a streaming run that ended with `code` or `signal` after writing `stderr`. */
export function spawnFailure(
  args: readonly string[],
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): GitFailed {
  const how: GitFailure =
    code !== null ? { reason: 'exit', code } : { reason: 'signal', signal: signal ?? 'unknown signal' };
  return new GitFailed(args, how, stderr);
}

/** The GitFailed for a streaming process that could not start (the `error` event of spawnGit's child). */
export function startFailure(args: readonly string[], err: Error): GitFailed {
  return new GitFailed(args, startProblem(err), '');
}

function failure(args: readonly string[], err: Error, stderr: string): GitFailed {
  const { code, signal } = err as Error & { code?: unknown; signal?: unknown };
  if (typeof code === 'number') return new GitFailed(args, { reason: 'exit', code }, stderr);
  if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return new GitFailed(args, { reason: 'output-limit' }, stderr);
  if (typeof signal === 'string') return new GitFailed(args, { reason: 'signal', signal }, stderr);
  return new GitFailed(args, startProblem(err), stderr);
}

function startProblem(err: Error): GitFailure {
  const { code } = err as Error & { code?: unknown };
  return code === 'ENOENT' ? { reason: 'not-found' } : { reason: 'not-started', message: err.message };
}

/** The subcommand of an argument list, after any `-c name=value` and other global options. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-c' || a === '-C') i += 1;
    else if (!a.startsWith('-')) return a;
  }
  return args[0] ?? '';
}

function describe(f: GitFailure): string {
  switch (f.reason) {
    case 'exit':
      return `exit ${f.code}`;
    case 'signal':
      return `killed by ${f.signal}`;
    case 'output-limit':
      return 'more output than allowed';
    case 'not-found':
      return 'git not found: is it installed and on PATH?';
    case 'not-started':
      return `git could not start: ${f.message}`;
  }
}
