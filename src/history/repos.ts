import { redactUrl, redactUrlsIn } from '../redact-url.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SealcheckError, UsageError } from '../errors.js';
import { git, GitFailed } from '../git/run.js';
import { readUserFile, REPO_LIST_FILE } from '../user-file.js';

/**
 * `--repos FILE --shard I/N`: a list of clone URLs or local paths, one a line (`#` comments and
 * blank lines ignored), split round-robin into N shards: entry j (0-based) belongs to shard
 * (j mod N) + 1. Shards are 1-based, as in `--shard 1/4`; a Kubernetes Indexed Job passes
 * JOB_COMPLETION_INDEX + 1.
 */
export function readRepoList(file: string): string[] {
  return readUserFile(file, REPO_LIST_FILE)
    .text.split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard ${text}: expected I/N with 1 <= I <= N (e.g. 1/4)`);
  return { index, count };
}

export function shardOf<T>(list: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...list];
  return list.filter((_, j) => j % shard.count === shard.index - 1);
}

/** `https://…`, `ssh://…`, `git@host:path`, `file://…`: cloned; anything else is a local path used in place. */
export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || isScpLike(entry);
}

/**
 * `user@host:path`, as `^[^/\\\s]+@[^/\\\s:]+:` would say, read by hand: that regex tries every `@`
 * of a long run of them against the rest of the entry. Before the first `/`, `\` or space, some `@`
 * after the first character must be followed by a host (no `:`) and a `:`.
 */
function isScpLike(entry: string): boolean {
  const stop = entry.search(/[/\\\s]/);
  const limit = stop === -1 ? entry.length : stop;
  let colon = -1;
  for (let at = entry.indexOf('@', 1); at !== -1 && at < limit; at = entry.indexOf('@', at + 1)) {
    if (colon <= at) colon = entry.indexOf(':', at + 1);
    if (colon === -1 || colon >= limit) return false;
    if (colon > at + 1) return true;
  }
  return false;
}

/** An entry as shown in reports and messages: credentials in a URL (user info, query, fragment) are hidden. */
export function displayName(entry: string): string {
  return redactUrl(entry);
}

/**
 * A repository to sweep: a local path as is, a URL as a full mirror clone (every ref, not only
 * branches) in a temporary folder, removed by `release`.
 */
export async function openRepository(
  entry: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ path: string; release(): void }> {
  if (!isRemote(entry)) {
    const path = resolve(cwd, entry);
    if (!existsSync(path)) throw new UsageError(`--repos: ${entry} is neither a URL nor an existing folder`);
    return { path, release: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-sweep-'));
  const path = join(dir, 'repo.git');
  try {
    // No prompt for credentials: a sweep runs unattended, and a prompt would wait forever.
    await git(dir, ['clone', '--mirror', '--quiet', '--', entry, path], { ...env, GIT_TERMINAL_PROMPT: '0' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if (!(err instanceof GitFailed)) throw err;
    // git's message names the URL it was given: shown as displayName, other URLs redacted too.
    const why = redactUrlsIn(err.stderr.split(entry).join(displayName(entry)));
    throw new SealcheckError(`cannot clone ${displayName(entry)}: ${why}`);
  }
  return { path, release: () => rmSync(dir, { recursive: true, force: true }) };
}
