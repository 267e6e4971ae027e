import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { decide, isUnder, type IgnoreRules, type WalkMode } from './ignore-rules.js';
import { describeError } from './read-file.js';

/** What the walk found at one path, in path order. */
export type WalkEntry =
  /** A regular file to read. */
  | { kind: 'file'; path: string; real: string }
  /** A symlink to a regular file inside the tree; `real` is the file it points to. */
  | { kind: 'link'; path: string; real: string }
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
export async function* walk(shown: string, real: string, ctx: WalkContext, mode: Mode = 'all'): AsyncGenerator<WalkEntry> {
  let dirents: Dirent[];
  try {
    dirents = readdirSync(real, { withFileTypes: true }); // synchronous: see read-file.ts
  } catch (err) {
    yield { kind: 'skip', path: shown, reason: `folder not readable: ${describeError(err)}`, unchecked: true };
    return;
  }
  const entries = await Promise.all(dirents.map((d) => typed(d, real)));
  // A folder sorts as `name/`, so `a.txt` comes before `a/x` as in a sorted list of full paths.
  entries.sort((a, b) => compare(a.key, b.key));
  const layers = await ctx.rules.layersFor(real, new Set(entries.map((e) => e.name)));

  for (const e of entries) {
    const childReal = path.join(real, e.name);
    const childShown = joinShown(shown, e.name);
    const isDir = e.type === 'dir';
    let take: Mode | 'no' = 'all';
    if (!ctx.explicit.has(childReal)) {
      take = mode === 'explicit' || e.name === '.git' ? 'no' : decide(layers, childReal, isDir, mode);
      if (take === 'no' && isDir && ctx.aboveExplicit.has(childReal)) take = 'explicit';
      if (take === 'no') continue;
    }
    if (isDir) yield* walk(childShown, childReal, ctx, take);
    else if (e.type === 'file') yield { kind: 'file', path: childShown, real: childReal };
    else if (e.type === 'link') yield await followLink(childShown, childReal, ctx.tree);
    else yield { kind: 'skip', path: childShown, reason: 'not a regular file (device, socket or pipe)' };
  }
}

type EntryType = 'dir' | 'file' | 'link' | 'other';

async function typed(d: Dirent, dir: string): Promise<{ name: string; type: EntryType; key: string }> {
  // Some file systems do not report types in listings (DT_UNKNOWN); ask for each such entry.
  const type =
    direntType(d) ?? (await lstat(path.join(dir, d.name)).then((s) => direntType(s) ?? 'other', () => 'other' as const));
  return { name: d.name, type, key: type === 'dir' ? `${d.name}/` : d.name };
}

/** A listing entry or an lstat result: both answer these. */
type Typed = Pick<Dirent, 'isDirectory' | 'isFile' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>;

function direntType(d: Typed): EntryType | undefined {
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'link';
  if (d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()) return 'other';
  return undefined;
}

/** A symlink is followed only to a regular file inside the tree; anything else is reported and left. */
async function followLink(shown: string, link: string, tree: string): Promise<WalkEntry> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (err) {
    return { kind: 'skip', path: shown, reason: `broken symlink: ${describeError(err)}` };
  }
  if (target !== tree && !isUnder(tree, target)) return { kind: 'skip', path: shown, reason: `symlink to ${target}, outside the scanned tree: not followed` };
  try {
    const s = await stat(target);
    if (s.isDirectory()) return { kind: 'skip', path: shown, reason: 'symlink to a folder: not followed' };
    if (!s.isFile()) return { kind: 'skip', path: shown, reason: 'symlink to something other than a regular file: not followed' };
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
