import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { git, GitFailed, spawnFailure, spawnGit, startFailure } from '../git/run.js';

/**
 * Enumerates history as git itself records it: one streaming `git log --raw` over the selected
 * revisions, never a patch. Each commit comes with the blobs its tree changes relative to its first
 * parent (the empty tree for a root, or for a grafted commit at a shallow boundary), so the tree
 * of every commit can be rebuilt by replaying changes along first parents, and each distinct blob
 * is read once, whatever the number of commits that hold it.
 *
 * Choices, and why:
 * - `--raw -z --no-abbrev`: exact paths (no quoting), full object ids, no content.
 * - `--no-renames`: a rename is then a deletion plus an addition, which replays the tree exactly as
 *   well; identities do not include the path, so a renamed or copied file keeps its identity, and
 *   rename detection (similarity scoring) would be pure cost.
 * - `--diff-merges=first-parent`: a merge shows what it brings relative to its first parent, which is
 *   precisely what first-parent replay needs (the default would show nothing for clean merges).
 * - `--root`: a root commit's tree is shown as additions (git's default, but configuration can turn it off).
 * - no `--topo-order`: git would compute the whole graph before printing the first commit; the
 *   caller orders commits itself, from the parent lists.
 */

/** One entry a commit's tree changes: `oid` undefined for a deletion (or a non-blob: symlink, submodule). */
export interface TreeChange {
  path: string;
  oid: string | undefined;
}

export interface WalkedCommit {
  sha: string;
  parents: string[];
  author: string;
  /** Author date, strict ISO 8601 (`%aI`), as shown in reports. */
  date: string;
  /** Committer time, seconds since the epoch: the order of "earliest" and "latest". */
  time: number;
  changes: TreeChange[];
}

export interface WalkOptions {
  /** Pseudo-revisions given as options: `--all`, `--reflog`. */
  pseudo: string[];
  /** Commit ids to walk from, and `^<id>` for commits (and their ancestors) to leave out; passed on stdin. */
  revisions: string[];
  since?: string;
  until?: string;
  env?: NodeJS.ProcessEnv;
}

const ZERO = /^0+$/;
const HEADER = 0x01;

/** Format of the commit header: SOH, `%H %P`, author, author date, committer time (NUL-separated by -z). */
const FORMAT = '%x01%H %P%x00%an%x00%aI%x00%ct';

/**
 * Streams the commits of `revisions`, calling `onCommit` for each as soon as its raw changes are
 * complete. Memory: one commit's changes at a time, plus the undecoded tail of one chunk.
 */
export async function walkHistory(cwd: string, opts: WalkOptions, onCommit: (c: WalkedCommit) => void): Promise<void> {
  const args = [
    '-c',
    'core.quotePath=false',
    '-c',
    'log.showSignature=false',
    '-c',
    'diff.renames=false',
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--diff-merges=first-parent',
    '--root',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${FORMAT}`,
  ];
  if (opts.since !== undefined) args.push(`--since=${opts.since}`);
  if (opts.until !== undefined) args.push(`--until=${opts.until}`);
  args.push(...opts.pseudo, '--stdin', '--');
  const child = spawnGit(cwd, args, opts.env ?? process.env);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (stderr += s));
  child.stdin.on('error', () => undefined); // git exits early on a bad revision; the exit code says so
  child.stdin.end(opts.revisions.map((r) => `${r}\n`).join(''));

  const parser = new RawLogParser(onCommit);
  // Settles with the failure rather than rejecting: nothing awaits it while stdout is read.
  const closed = new Promise<GitFailed | undefined>((resolve) => {
    child.on('error', (err) => resolve(startFailure(args, err)));
    child.on('close', (code, signal) => resolve(code === 0 ? undefined : spawnFailure(args, code, signal, stderr)));
  });
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) parser.push(chunk);
  const failed = await closed;
  if (failed) throw failed;
  parser.end();
}

/** Incremental parser of `git log --raw -z` with FORMAT: NUL-separated tokens, commits start with SOH. */
export class RawLogParser {
  private tail: Buffer = Buffer.alloc(0);
  private current: WalkedCommit | undefined;
  /** Header fields still expected after `%H %P`: author, date, time. */
  private headerLeft = 0;
  /** Set after a raw record's head: its path is the next token. */
  private rawHead: { oid: string | undefined } | undefined;

  constructor(private readonly onCommit: (c: WalkedCommit) => void) {}

  push(chunk: Buffer): void {
    const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const end = data.indexOf(0, at);
      if (end < 0) break;
      this.token(data.subarray(at, end));
      at = end + 1;
    }
    this.tail = Buffer.from(data.subarray(at));
  }

  end(): void {
    if (this.tail.length > 0) this.token(this.tail);
    this.tail = Buffer.alloc(0);
    this.flush();
  }

  private flush(): void {
    if (this.current) this.onCommit(this.current);
    this.current = undefined;
  }

  private token(bytes: Buffer): void {
    let b = bytes;
    while (b.length > 0 && b[0] === 0x0a) b = b.subarray(1); // the blank line between header and records
    if (this.rawHead) {
      const { oid } = this.rawHead;
      this.rawHead = undefined;
      this.current?.changes.push({ path: b.toString('utf8'), oid });
      return;
    }
    if (b.length > 0 && b[0] === HEADER) {
      this.flush();
      const [sha = '', ...parents] = b.subarray(1).toString('latin1').trim().split(' ');
      this.current = { sha, parents: parents.filter((p) => p !== ''), author: '', date: '', time: 0, changes: [] };
      this.headerLeft = 3;
      return;
    }
    if (!this.current) {
      if (b.length === 0) return;
      throw new Error(`unexpected git log output before the first commit: ${b.subarray(0, 40).toString('utf8')}`);
    }
    if (this.headerLeft > 0) {
      const s = b.toString('utf8');
      if (this.headerLeft === 3) this.current.author = s;
      else if (this.headerLeft === 2) this.current.date = s;
      else this.current.time = Number(s);
      this.headerLeft -= 1;
      return;
    }
    if (b.length === 0) return;
    if (b[0] !== 0x3a) throw new Error(`unexpected git log --raw record: ${b.subarray(0, 60).toString('utf8')}`);
    // `:oldmode newmode oldoid newoid status`
    const [, newMode = '', , newOid = '', status = ''] = b.subarray(1).toString('latin1').split(' ');
    const isBlob = newMode === '100644' || newMode === '100755';
    this.rawHead = { oid: status.startsWith('D') || ZERO.test(newOid) || !isBlob ? undefined : newOid };
  }
}

/** A ref and the commit it points at (annotated tags peeled). */
export interface RefTip {
  /** Full name: `refs/heads/main`, `refs/tags/v1.2`, `refs/remotes/origin/x`, `refs/stash`, or `HEAD` when detached. */
  name: string;
  commit: string;
}

/** Every ref that points (through tags) at a commit, in refname order; a detached HEAD is added as `HEAD`. */
export async function listRefs(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RefTip[]> {
  const out = (
    await git(
      cwd,
      ['for-each-ref', '--format=%(objectname) %(objecttype) %(*objectname) %(*objecttype) %(refname)'],
      env,
    )
  ).toString('utf8');
  const refs: RefTip[] = [];
  for (const line of out.split('\n')) {
    // The format always writes the four separating spaces (two fields are empty for a non-tag).
    const m = /^([0-9a-f]+) (\S+) ([0-9a-f]*) (\S*) (.+)$/.exec(line);
    if (!m) continue;
    const [, oid, type, peeled, peeledType, name] = m as unknown as [string, string, string, string, string, string];
    if (type === 'commit') refs.push({ name, commit: oid });
    else if (type === 'tag' && peeledType === 'commit') refs.push({ name, commit: peeled });
  }
  const head = await headState(cwd, env);
  if (head.detached && head.commit !== undefined) refs.push({ name: 'HEAD', commit: head.commit });
  return refs;
}

export interface HeadState {
  /** `refs/heads/main`; undefined when detached or when HEAD names no branch. */
  branch: string | undefined;
  commit: string | undefined;
  detached: boolean;
}

/** What HEAD is: in a mirror or bare clone, the remote's default branch. */
export async function headState(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<HeadState> {
  const branch = await git(cwd, ['symbolic-ref', '-q', 'HEAD'], env).then(
    (b) => b.toString('utf8').trim() || undefined,
    () => undefined,
  );
  const commit = await git(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], env).then(
    (b) => b.toString('utf8').trim() || undefined,
    () => undefined,
  );
  return { branch, commit, detached: branch === undefined };
}

/** Dangling commits (`git fsck --unreachable --no-reflogs`): not reachable from any ref nor reflog. */
export async function unreachableCommits(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  let out: string;
  try {
    out = (await git(cwd, ['fsck', '--unreachable', '--no-reflogs', '--no-progress'], env)).toString('utf8');
  } catch (err) {
    // fsck exits non-zero when it finds corruption, but still lists what it could.
    if (!(err instanceof GitFailed)) throw err;
    out = '';
  }
  return [...out.matchAll(/^unreachable commit ([0-9a-f]+)$/gm)].flatMap((m) => (m[1] !== undefined ? [m[1]] : []));
}

/** The commits at a shallow clone's boundary (their parents were not fetched), from `.git/shallow`. */
export async function shallowBoundary(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'], env)).toString('utf8').trim() === 'true';
  if (!shallow) return [];
  const file = (await git(cwd, ['rev-parse', '--git-path', 'shallow'], env)).toString('utf8').trim();
  const text = await readFile(path.resolve(cwd, file), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

/** Whether `rev` names a commit in this repository. */
export async function commitExists(cwd: string, rev: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return git(cwd, ['cat-file', '-e', `${rev}^{commit}`], env).then(
    () => true,
    () => false,
  );
}

/** The blobs of a commit's whole tree, as additions: the starting point when a walk begins below a parent it does not show. */
export async function treeOf(cwd: string, commit: string, env: NodeJS.ProcessEnv = process.env): Promise<TreeChange[]> {
  const out = (await git(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit], env)).toString('utf8');
  const changes: TreeChange[] = [];
  for (const rec of out.split('\0')) {
    const [, mode, type, oid, name] = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(rec) ?? [];
    if (oid === undefined || name === undefined) continue;
    if (type === 'blob' && (mode === '100644' || mode === '100755')) changes.push({ path: name, oid });
  }
  return changes;
}
