import { git, GitFailed } from '../src/git/run.js';
import { UsageError } from '../src/errors.js';

/** What a run judges: the lines `head` adds over `base` (for a pull request, the merge base). */
export interface ScanRange {
  base: string;
  head: string;
}

/** The empty tree: the base of a repository's first push. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8b69288fbc4b904';

async function has(cwd: string, rev: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return git(cwd, ['cat-file', '-e', `${rev}^{commit}`], env).then(
    () => true,
    () => false,
  );
}

async function shallow(cwd: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return git(cwd, ['rev-parse', '--is-shallow-repository'], env).then(
    (out) => out.toString('utf8').trim() === 'true',
    () => false,
  );
}

async function fetch(cwd: string, args: string[], env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<boolean> {
  log(`git fetch ${args.join(' ')}`);
  return git(cwd, ['-c', 'protocol.version=2', 'fetch', '--no-tags', '--quiet', 'origin', ...args], env).then(
    () => true,
    (err: unknown) => {
      log(`  failed: ${err instanceof GitFailed ? err.stderr : String(err)}`);
      return false;
    },
  );
}

/**
 * Makes sure the commits are in the clone: actions/checkout fetches one commit (the merge commit
 * for a pull request) by default, so base and head are fetched by id when missing. A commit that
 * still cannot be read is an error (exit 2), never a silent pass: an unscanned change is not a clean one.
 */
export async function ensureCommits(
  cwd: string,
  shas: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (s: string) => void,
): Promise<void> {
  const missing: string[] = [];
  for (const s of shas) if (!(await has(cwd, s, env))) missing.push(s);
  if (missing.length === 0) return;
  await fetch(cwd, ['--depth=1', ...missing], env, log);
  const still: string[] = [];
  for (const s of missing) if (!(await has(cwd, s, env))) still.push(s);
  if (still.length > 0) {
    throw new UsageError(
      `commit ${still.join(', ')} is not in this clone and cannot be fetched from origin: check out with fetch-depth: 0 (actions/checkout), or make sure origin is reachable`,
    );
  }
}

/**
 * The merge base of a pull request's base and head, deepening a shallow clone by id until the two
 * histories meet (50, then 500 more commits, then the whole history).
 */
export async function mergeBase(
  cwd: string,
  base: string,
  head: string,
  env: NodeJS.ProcessEnv,
  log: (s: string) => void,
): Promise<string> {
  const steps = ['--deepen=50', '--deepen=500', '--unshallow'];
  for (let i = 0; ; i++) {
    try {
      return (await git(cwd, ['merge-base', base, head], env)).toString('utf8').trim();
    } catch {
      const step = steps[i];
      if (step === undefined || !(await shallow(cwd, env))) break;
      await fetch(cwd, [step, base, head], env, log);
    }
  }
  throw new UsageError(
    `${base.slice(0, 12)} and ${head.slice(0, 12)} have no merge base in this clone${(await shallow(cwd, env)) ? ' (a shallow clone that could not be deepened: check out with fetch-depth: 0)' : ''}`,
  );
}

/**
 * The base of a push of a new branch: where it leaves the default branch. The default branch is
 * looked up as origin/<name>, then <name>, fetched when neither is there. The first push of a
 * repository's default branch is judged against the empty tree (everything it holds is added).
 */
export async function newBranchBase(
  cwd: string,
  after: string,
  ref: string,
  defaultBranch: string | undefined,
  env: NodeJS.ProcessEnv,
  log: (s: string) => void,
): Promise<string> {
  if (defaultBranch === undefined)
    throw new UsageError('a new branch was pushed and the event names no default branch to compare it with');
  if (ref === `refs/heads/${defaultBranch}`) return EMPTY_TREE;
  const candidates = [`refs/remotes/origin/${defaultBranch}`, `refs/heads/${defaultBranch}`];
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const c of candidates) {
      if (await has(cwd, c, env)) return mergeBase(cwd, c, after, env, log);
    }
    if (attempt === 0)
      await fetch(cwd, ['--depth=50', `+refs/heads/${defaultBranch}:refs/remotes/origin/${defaultBranch}`], env, log);
  }
  throw new UsageError(
    `a new branch was pushed, and the default branch ${defaultBranch} cannot be found or fetched to compare it with`,
  );
}
