import { UsageError } from '../errors.js';
import { showPathBytes } from '../sources/path-bytes.js';
import { git, GitFailed } from './run.js';

/** Inclusive 1-based line range of the new blob. */
export interface LineRange {
  start: number;
  end: number;
}

/** One file a commit or range changes, as git itself reports it. */
export interface FileChange {
  /** Path in the new tree, relative to the repository root, exactly as git stores it. */
  path: string;
  /** Source path of a rename or copy. */
  oldPath?: string;
  status: 'A' | 'M' | 'R' | 'C' | 'D' | 'T';
  /** Object id of the new blob (all zeros for a deletion). */
  newOid: string;
  /** Octal mode of the new entry: 100644, 100755, 120000 (symlink), 160000 (submodule), 000000 (deleted). */
  newMode: string;
  /** Lines of the new blob that the change adds or modifies, sorted. */
  addedLines: LineRange[];
}

/** What a diff compares: `--cached` (index against HEAD) or two commits. */
interface DiffSides {
  /** Arguments selecting the two sides, e.g. `['--cached']` or `[base, head]`. */
  args: string[];
}

/**
 * Options that make the output independent of the user's configuration: no colour, no external
 * diff or textconv (the bytes we judge are the blob's), fixed prefixes, root-relative paths.
 */
const STABLE = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '-M', '-C', '--diff-filter=ACDMRT'];

/** Index against HEAD. On an unborn branch git compares with the empty tree, so every file is added. */
export async function stagedChanges(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<FileChange[]> {
  return diffChanges(cwd, { args: ['--cached'] }, env);
}

/** The two commits of a range, resolved to full object ids. */
export interface ResolvedRange {
  base: string;
  head: string;
}

/**
 * `A..B` compares A with B; `A...B` compares the merge base of A and B with B (what a pull request
 * adds). An empty side means HEAD, as in git. A base that is not in the repository (a shallow
 * clone) is an error: a scan that silently compared against nothing would pass everything.
 */
export async function resolveRange(
  cwd: string,
  range: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedRange> {
  const [, leftText, dots, rightText] = /^(.*?)(\.\.\.?)(.*)$/s.exec(range) ?? [];
  if (
    leftText === undefined ||
    dots === undefined ||
    rightText === undefined ||
    leftText.includes('..') ||
    rightText.includes('..')
  )
    throw new UsageError(`--diff: "${range}" is not a range (use BASE..HEAD or BASE...HEAD)`);
  const left = leftText || 'HEAD';
  const right = rightText || 'HEAD';
  const head = await commitOf(cwd, right, range, env);
  // `A..B` may start from a tree: the empty tree is the base of a root commit (a first push).
  const leftOid = dots === '..' ? await commitOf(cwd, left, range, env, 'tree') : await commitOf(cwd, left, range, env);
  if (dots === '..') return { base: leftOid, head };
  try {
    const out = await git(cwd, ['merge-base', leftOid, head], env);
    return { base: out.toString('utf8').trim(), head };
  } catch {
    throw new UsageError(
      `--diff ${range}: ${left} and ${right} have no merge base in this repository${(await isShallow(cwd, env)) ? shallowHint : ''}`,
    );
  }
}

export async function rangeChanges(
  cwd: string,
  range: string | ResolvedRange,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FileChange[]> {
  const r = typeof range === 'string' ? await resolveRange(cwd, range, env) : range;
  return diffChanges(cwd, { args: [r.base, r.head] }, env);
}

const shallowHint =
  ': this is a shallow clone, fetch the base first (git fetch --deepen, git fetch --unshallow, or fetch-depth: 0 in CI)';

async function commitOf(
  cwd: string,
  rev: string,
  range: string,
  env: NodeJS.ProcessEnv,
  peel: 'commit' | 'tree' = 'commit',
): Promise<string> {
  if (rev.startsWith('-')) throw new UsageError(`--diff ${range}: "${rev}" is not a revision`);
  try {
    const out = await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{${peel}}`], env);
    return out.toString('utf8').trim();
  } catch {
    throw new UsageError(
      `--diff ${range}: "${rev}" is not a commit in this repository${(await isShallow(cwd, env)) ? shallowHint : ''}`,
    );
  }
}

async function isShallow(cwd: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    return (await git(cwd, ['rev-parse', '--is-shallow-repository'], env)).toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * One git run over the pair of trees: `--raw -z` records for statuses, modes, oids and exact paths
 * (NUL-separated, never quoted), then, after an empty record, a `-U0` patch for the added lines.
 * The patch is matched to the records by the new path, which it names in its `+++ b/…` line.
 * One process rather than one per output: on a large index each run costs a full index read.
 */
async function diffChanges(cwd: string, sides: DiffSides, env: NodeJS.ProcessEnv = process.env): Promise<FileChange[]> {
  const args = [
    '-c',
    'core.quotePath=false',
    'diff',
    ...STABLE,
    '--raw',
    '-z',
    '--no-abbrev',
    '-p',
    '-U0',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    ...sides.args,
    '--',
  ];
  let out: string;
  try {
    // Paths are bytes: one that is not UTF-8 is shown escaped (`caf\\xe9.yaml`), never as U+FFFD.
    out = showPathBytes(await git(cwd, args, env));
  } catch (err) {
    if (!(err instanceof GitFailed)) throw err;
    // Outside a repository `git diff` turns into `diff --no-index` and complains about options:
    // say what is really wrong.
    const notRepo = await git(cwd, ['rev-parse', '--git-dir'], env).then(
      () => undefined,
      (e: unknown) => (e instanceof GitFailed ? e.stderr : String(e)),
    );
    if (notRepo !== undefined) throw new UsageError(`not inside a git repository (${cwd}): ${notRepo}`);
    throw new UsageError(`cannot read the changes from git: ${gitTrouble(err.stderr)}`);
  }
  const { changes, rest } = parseRaw(out);
  const added = parsePatch(rest);
  for (const c of changes) c.addedLines = c.status === 'D' ? [] : (added.get(c.path) ?? []);
  return changes;
}

/**
 * git's complaint on one line, with what to do for a cause users meet: a partial clone
 * (`--filter=blob:none`, common in CI) fetches missing blobs on demand from its promisor remote,
 * and fails when that remote cannot be reached.
 */
function gitTrouble(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last =
    [...lines].reverse().find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ?? lines.at(-1) ?? 'git failed';
  if (/promisor remote/i.test(stderr)) {
    return `this partial clone lacks blobs the change needs, and its promisor remote could not be reached (${last}); reconnect to the remote or fetch the blobs (git fetch), then run again`;
  }
  return last;
}

/**
 * `:old new oldOid newOid S[score]\0path\0[newPath\0]` records, up to the empty record that
 * separates them from a patch; `rest` is what follows.
 */
export function parseRaw(out: string): { changes: FileChange[]; rest: string } {
  const changes: FileChange[] = [];
  let at = 0;
  const field = (): string => {
    const end = out.indexOf('\0', at);
    const value = end < 0 ? out.slice(at) : out.slice(at, end);
    at = end < 0 ? out.length : end + 1;
    return value;
  };
  while (at < out.length) {
    if (out[at] !== ':') {
      if (out[at] === '\0') at += 1; // the separator before the patch
      break;
    }
    const head = field();
    const [, newMode, , newOid, score] = head.slice(1).split(' ');
    const status = score?.[0] as FileChange['status'] | undefined;
    if (!newMode || !newOid || !status || !'AMRCDT'.includes(status))
      throw new Error(`unexpected git diff --raw record: ${head}`);
    const first = field();
    if (status === 'R' || status === 'C')
      changes.push({ path: field(), oldPath: first, status, newOid, newMode, addedLines: [] });
    else changes.push({ path: first, status, newOid, newMode, addedLines: [] });
  }
  return { changes, rest: out.slice(at) };
}

/** New path → added line ranges, from a `-U0` patch with `a/` and `b/` prefixes. */
export function parsePatch(out: string): Map<string, LineRange[]> {
  const result = new Map<string, LineRange[]>();
  let current: LineRange[] | undefined;
  let inHeader = false;
  for (const line of out.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      inHeader = true;
    } else if (inHeader && line.startsWith('+++ ')) {
      const name = patchPath(line.slice(4));
      current = undefined;
      if (name !== undefined) {
        current = result.get(name) ?? [];
        result.set(name, current);
      }
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const count = m?.[2] !== undefined ? Number(m[2]) : 1;
      if (m && current && count > 0) current.push({ start: Number(m[1]), end: Number(m[1]) + count - 1 });
    }
  }
  return result;
}

/**
 * The path of a `+++` line: `/dev/null`, `b/name` (followed by a tab when the name has a space)
 * or a C-quoted `"b/na\"me"` when the name holds `"`, `\` or control characters.
 */
export function patchPath(field: string): string | undefined {
  let name: string;
  if (field.startsWith('"')) name = unquoteC(field);
  else name = field.replace(/\t$/, '');
  if (name === '/dev/null') return undefined;
  if (!name.startsWith('b/')) throw new Error(`unexpected patch file name: ${field}`);
  return name.slice(2);
}

const ESCAPES = new Map<string, number>([
  ['a', 7],
  ['b', 8],
  ['t', 9],
  ['n', 10],
  ['v', 11],
  ['f', 12],
  ['r', 13],
  ['"', 34],
  ['\\', 92],
]);

function pushAll(bytes: number[], from: Buffer): void {
  for (const b of from) bytes.push(b);
}

/** Git's C-style quoting (quote.c): escapes and octal bytes, decoded as UTF-8 (other bytes shown as `\\xHH`, see path-bytes.ts); stops at the closing quote. */
export function unquoteC(quoted: string): string {
  const bytes: number[] = [];
  for (let i = 1; i < quoted.length; i++) {
    const ch = String.fromCodePoint(quoted.codePointAt(i) ?? 0);
    if (ch === '"') break;
    if (ch !== '\\') {
      pushAll(bytes, Buffer.from(ch, 'utf8'));
      i += ch.length - 1;
      continue;
    }
    const next = quoted[++i] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(quoted.slice(i, i + 3));
    // git never writes `\x`: it is a raw byte that was not UTF-8, escaped when the output was decoded.
    const hexDigits = /^x([0-9a-f]{2})/.exec(quoted.slice(i, i + 3))?.[1];
    const escaped = ESCAPES.get(next);
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 2;
    } else if (hexDigits !== undefined) {
      bytes.push(parseInt(hexDigits, 16));
      i += 2;
    } else if (escaped !== undefined) bytes.push(escaped);
    else pushAll(bytes, Buffer.from(next, 'utf8'));
  }
  return showPathBytes(Buffer.from(bytes));
}

/** True when a line range list contains any line of [start, end]. */
export function touches(ranges: readonly LineRange[], start: number, end: number): boolean {
  return ranges.some((r) => r.start <= end && start <= r.end);
}
