import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHART_FILE } from './chart-folders.js';
import { decide, isUnder, type IgnoreRules, type WalkMode } from './ignore-rules.js';
import { isUtf8Name, showPathBytes } from './path-bytes.js';
import { describeError } from './read-file.js';

/**
 * A path on disk: a string, or its bytes when a name on the way is not UTF-8 (a string cannot
 * name such a file, see path-bytes.ts).
 */
export type RealPath = string | Buffer;

/** What the walk found at one path, in path order. */
export type WalkEntry =
  /** A regular file to read; `chart` is the shown path of the nearest folder above it holding a Chart.yaml. */
  | { kind: 'file'; path: string; real: RealPath; chart?: string }
  /** A symlink to a regular file inside the tree; `real` is the file it points to. */
  | { kind: 'link'; path: string; real: string; chart?: string }
  | { kind: 'skip'; path: string; reason: string; unchecked?: true };

export interface WalkContext {
  rules: IgnoreRules;
  /** Real path of the tree: symlinks resolving outside it are not followed. */
  tree: string;
  /** Real paths named on the command line: scanned even when ignored, like ripgrep. */
  explicit: ReadonlySet<string>;
  /** Every folder above a path in `explicit`, so an ignored folder is still entered to reach it. */
  aboveExplicit: ReadonlySet<string>;
}

/** How a folder is walked: by the rules (see `WalkMode`), or only on the way to paths named explicitly. */
type Mode = WalkMode | 'explicit';

/**
 * Walks the folder `real` (shown as `shown`) depth first. Entries are visited in an order that
 * makes the full paths come out sorted, and only one folder listing is held per level, so memory
 * follows the depth of the tree rather than its size. Symlinked folders are never entered, so the
 * walk cannot loop.
 */
export async function* walk(
  shown: string,
  real: RealPath,
  ctx: WalkContext,
  mode: Mode = 'all',
  chart?: string,
): AsyncGenerator<WalkEntry> {
  let dirents: Dirent<Buffer>[];
  try {
    // Names as bytes: one that is not UTF-8 is shown escaped and opened by its bytes.
    dirents = readdirSync(real, { withFileTypes: true, encoding: 'buffer' }); // synchronous: see read-file.ts
  } catch (err) {
    yield { kind: 'skip', path: shown, reason: `folder not readable: ${describeError(err)}`, unchecked: true };
    return;
  }
  const entries = await Promise.all(dirents.map((d) => typed(d, real)));
  // A folder sorts as `name/`, so `a.txt` comes before `a/x` as in a sorted list of full paths.
  entries.sort((a, b) => compare(a.key, b.key));
  const realText = textOf(real);
  // The listing shows whether this folder is a Helm chart: its files and subfolders then belong to it.
  const here = entries.some((e) => e.name === CHART_FILE && e.type !== 'dir') ? shown : chart;
  const layers = await ctx.rules.layersFor(realText, new Set(entries.map((e) => e.name)));

  for (const e of entries) {
    const childReal = e.real;
    // Ignore rules are text: a name that is not UTF-8 is matched in its escaped form.
    const childText = typeof childReal === 'string' ? childReal : path.join(realText, e.name);
    const childShown = joinShown(shown, e.name);
    const isDir = e.type === 'dir';
    let take: Mode | 'no' = 'all';
    if (!ctx.explicit.has(childText)) {
      take = mode === 'explicit' || e.name === '.git' ? 'no' : decide(layers, childText, isDir, mode);
      if (take === 'no' && isDir && ctx.aboveExplicit.has(childText)) take = 'explicit';
      if (take === 'no') continue;
    }
    const inChart = here === undefined ? {} : { chart: here };
    if (isDir) yield* walk(childShown, childReal, ctx, take, here);
    else if (e.type === 'file') yield { kind: 'file', path: childShown, real: childReal, ...inChart };
    else if (e.type === 'link') {
      const link = await followLink(childShown, childReal, ctx.tree);
      yield link.kind === 'link' ? { ...link, ...inChart } : link;
    } else yield { kind: 'skip', path: childShown, reason: 'not a regular file (device, socket or pipe)' };
  }
}

type EntryType = 'dir' | 'file' | 'link' | 'other';

async function typed(
  d: Dirent<Buffer>,
  dir: RealPath,
): Promise<{ name: string; real: RealPath; type: EntryType; key: string }> {
  const name = showPathBytes(d.name);
  const real = joinReal(dir, d.name);
  // Some file systems do not report types in listings (DT_UNKNOWN); ask for each such entry.
  const type =
    direntType(d) ??
    (await lstat(real).then(
      (s) => direntType(s) ?? 'other',
      () => 'other' as const,
    ));
  return { name, real, type, key: type === 'dir' ? `${name}/` : name };
}

/** `dir/name` as a string while every name is UTF-8, as bytes from the first one that is not. */
function joinReal(dir: RealPath, name: Buffer): RealPath {
  if (typeof dir === 'string' && isUtf8Name(name)) return path.join(dir, name.toString('utf8'));
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, Buffer.from(path.sep), name]);
}

/** A real path as text for ignore rules and messages: shown escaped where it is not UTF-8. */
function textOf(real: RealPath): string {
  return typeof real === 'string' ? real : showPathBytes(real);
}

/** A listing entry or an lstat result: both answer these. */
type Typed = Pick<
  Dirent,
  'isDirectory' | 'isFile' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'
>;

function direntType(d: Typed): EntryType | undefined {
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'link';
  if (d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()) return 'other';
  return undefined;
}

/** A symlink is followed only to a regular file inside the tree; anything else is reported and left. */
async function followLink(shown: string, link: RealPath, tree: string): Promise<WalkEntry> {
  let target: string;
  try {
    const bytes = await realpath(link, { encoding: 'buffer' });
    if (!isUtf8Name(bytes))
      return {
        kind: 'skip',
        path: shown,
        reason: `symlink to ${showPathBytes(bytes)}, whose name is not UTF-8: not followed`,
      };
    target = bytes.toString('utf8');
  } catch (err) {
    return { kind: 'skip', path: shown, reason: `broken symlink: ${describeError(err)}` };
  }
  if (target !== tree && !isUnder(tree, target))
    return { kind: 'skip', path: shown, reason: `symlink to ${target}, outside the scanned tree: not followed` };
  try {
    const s = await stat(target);
    if (s.isDirectory()) return { kind: 'skip', path: shown, reason: 'symlink to a folder: not followed' };
    if (!s.isFile())
      return { kind: 'skip', path: shown, reason: 'symlink to something other than a regular file: not followed' };
  } catch (err) {
    return { kind: 'skip', path: shown, reason: `broken symlink: ${describeError(err)}` };
  }
  return { kind: 'link', path: shown, real: target };
}

function joinShown(dir: string, name: string): string {
  if (dir === '.') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Plain code-unit order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
