import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readTracked, type Tracked } from './git-index.js';
import { gitDirsOf, hasDotGit } from './work-tree.js';

/** `git`: meaningful only inside a work tree (.gitignore, info/exclude); `sealcheck`: everywhere. */
type RuleKind = 'git' | 'sealcheck';

/**
 * Case-sensitive, like git's default. On a case-insensitive file system git sets core.ignorecase
 * and ignores a little more than we do; scanning a little more is the safe side for a scanner.
 */
const newIgnore = (): Ignore => ignore({ ignorecase: false });

/** The patterns of one ignore file, matched against paths relative to the folder they belong to. */
class IgnoreFile {
  private readonly all: Ignore;
  private perRule: { negative: boolean; matcher: Ignore }[] | undefined;

  constructor(
    readonly base: string,
    readonly kind: RuleKind,
    private readonly patterns: readonly string[],
  ) {
    this.all = newIgnore().add(patterns);
  }

  /**
   * Git's question for one path: does the last pattern naming the path itself exclude it (true),
   * re-include it (false), or does none name it (undefined)? Parent folders are not consulted:
   * the walk never enters an excluded folder, and a deeper ignore file may have re-included one
   * that these patterns exclude, which `ignore`'s own parent check cannot know.
   */
  match(rel: string): boolean | undefined {
    try {
      const r = this.all.test(rel);
      if (!r.ignored) return r.unignored ? false : undefined;
      const parent = parentOf(rel);
      if (parent === '' || !this.all.test(parent).ignored) return true;
      return this.matchSelfOnly(rel);
    } catch {
      // `ignore` throws on a name it cannot take as a relative path; scanning it is the safe side.
      return undefined;
    }
  }

  /**
   * The rare case where these patterns exclude a parent folder that was re-included or named on
   * the command line: test each pattern alone, as a negation, which `ignore` applies to the path
   * itself only, and let the last match decide.
   */
  private matchSelfOnly(rel: string): boolean | undefined {
    this.perRule ??= this.patterns
      .filter((p) => p.trim() !== '' && !p.startsWith('#'))
      .map((p) => {
        const negative = p.startsWith('!');
        return { negative, matcher: newIgnore().add(`!${negative ? p.slice(1) : p}`) };
      });
    for (const rule of this.perRule.toReversed()) if (rule.matcher.test(rel).unignored) return !rule.negative;
    return undefined;
  }
}

/** The ignore files in force inside one folder, lowest precedence first. */
export interface Layers {
  /** Globs from the configuration: above every ignore file, like git's command-line excludes. */
  extra: IgnoreFile | undefined;
  files: readonly IgnoreFile[];
  inGit: boolean;
  /** What the enclosing repository tracks; undefined outside git or when its index is not readable. */
  tracked: Tracked | undefined;
}

/**
 * How a folder's entries are taken: `all` by their own rules; `tracked` when git rules exclude the
 * folder, so only files git tracks in it count (git never re-includes below an excluded folder).
 */
export type WalkMode = 'all' | 'tracked';

/**
 * What to do with `real`, met in a folder walked in `mode`: `no` (excluded), or how to take it
 * (for a folder, the mode to walk it in). sealcheck's own rules (configured globs, then
 * .sealcheckignore files) decide first, either way; git's rules decide only what they leave open,
 * and never exclude a tracked file.
 */
export function decide(layers: Layers, real: string, isDir: boolean, mode: WalkMode): WalkMode | 'no' {
  const own = verdict(layers, real, isDir, 'sealcheck');
  if (own !== undefined) return own ? 'no' : 'all';
  if (mode === 'all' && verdict(layers, real, isDir, 'git') !== true) return 'all';
  const tracked = isDir ? layers.tracked?.folders : layers.tracked?.files;
  return tracked?.has(real) ? (isDir ? 'tracked' : 'all') : 'no';
}

/** The verdict of the deepest file of one kind that names `real` itself. */
function verdict(layers: Layers, real: string, isDir: boolean, kind: RuleKind): boolean | undefined {
  const check = (f: IgnoreFile): boolean | undefined =>
    f.kind === kind && isUnder(f.base, real) ? f.match(toPosix(below(f.base, real)) + (isDir ? '/' : '')) : undefined;
  const fromExtra = kind === 'sealcheck' && layers.extra ? check(layers.extra) : undefined;
  if (fromExtra !== undefined) return fromExtra;
  for (const f of layers.files.toReversed()) {
    const v = check(f);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Loads and caches the ignore files of each folder. `roots` are the real paths the scan is anchored
 * at (repository roots, or the working directory outside git): rules are gathered from there down.
 */
export class IgnoreRules {
  private readonly cache = new Map<string, Promise<Layers>>();
  private readonly roots: string[];

  constructor(
    roots: readonly string[],
    private readonly extraIgnores: readonly string[],
  ) {
    // A root nested in another is dropped, so every folder has one chain of rules whichever way it is reached.
    this.roots = roots.filter((r, i) => !roots.some((o, j) => (j < i && o === r) || (o !== r && isUnder(o, r))));
  }

  rootOf(real: string): string | undefined {
    return this.roots.find((r) => r === real || isUnder(r, real));
  }

  /** The layers in force inside `dir`. `names`, when the caller has listed the folder, saves probing for files. */
  layersFor(dir: string, names?: ReadonlySet<string>): Promise<Layers> {
    let layers = this.cache.get(dir);
    if (layers === undefined) {
      layers = this.compute(dir, names);
      this.cache.set(dir, layers);
    }
    return layers;
  }

  /** Whether the walk would pass over `real`: excluded itself or below an excluded folder, or inside `.git`. */
  /** `named`: folders the user named (or that lead to one); like the walk, they are entered even when ignored. */
  async isIgnored(real: string, named: (dir: string) => boolean = () => false): Promise<boolean> {
    const root = this.rootOf(real);
    if (root === undefined || root === real) return false;
    const parts = below(root, real).split(path.sep);
    let dir = root;
    let mode: WalkMode = 'all';
    for (const [i, name] of parts.entries()) {
      const child = path.join(dir, name);
      const isDir = i < parts.length - 1;
      const next: WalkMode | 'no' = name === '.git' ? 'no' : decide(await this.layersFor(dir), child, isDir, mode);
      if (next === 'no' && !(isDir && named(child))) return true;
      if (next !== 'no') mode = next;
      dir = child;
    }
    return false;
  }

  private async compute(dir: string, names: ReadonlySet<string> | undefined): Promise<Layers> {
    const atRoot = this.rootOf(dir) === undefined || this.roots.includes(dir);
    const parent = atRoot ? undefined : await this.layersFor(path.dirname(dir));
    let files = parent?.files ?? [];
    let tracked = parent?.tracked;
    const gitHere = names ? names.has('.git') : await hasDotGit(dir);
    const gitDirs = gitHere ? await gitDirsOf(dir) : undefined;
    if (gitHere) {
      // A nested repository (submodule, vendored clone) answers to its own ignore files and index, not ours.
      files = files.filter((f) => f.kind !== 'git');
      tracked = gitDirs && (await readTracked(dir));
      if (gitDirs)
        files = withFile(files, await loadIgnoreFile(path.join(gitDirs.commonDir, 'info', 'exclude'), dir, 'git'));
    }
    const inGit = gitHere || (parent?.inGit ?? false);
    const present = (name: string): boolean => names?.has(name) ?? true;
    // Only git gives .gitignore its meaning: outside a work tree nothing stops an "ignored" file
    // from being copied, archived or committed to another repository, so it is scanned.
    if (inGit && present('.gitignore'))
      files = withFile(files, await loadIgnoreFile(path.join(dir, '.gitignore'), dir, 'git'));
    if (present('.sealcheckignore'))
      files = withFile(files, await loadIgnoreFile(path.join(dir, '.sealcheckignore'), dir, 'sealcheck'));
    const extra = parent
      ? parent.extra
      : this.extraIgnores.length > 0
        ? new IgnoreFile(dir, 'sealcheck', this.extraIgnores)
        : undefined;
    return { extra, files, inGit, tracked };
  }
}

/** An ignore file's patterns, or undefined when it is absent or unreadable (scanning more is the safe failure). */
async function loadIgnoreFile(file: string, base: string, kind: RuleKind): Promise<IgnoreFile | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    return new IgnoreFile(base, kind, text.split(/\r?\n/));
  } catch {
    return undefined;
  }
}

function withFile(files: readonly IgnoreFile[], f: IgnoreFile | undefined): readonly IgnoreFile[] {
  return f === undefined ? files : [...files, f];
}

/** `a/b/` for `a/b/c` and for `a/b/c/`; empty at the top. */
function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/', rel.endsWith('/') ? rel.length - 2 : rel.length - 1);
  return i < 0 ? '' : rel.slice(0, i + 1);
}

/** Whether `p` lies strictly below the folder `dir` (both absolute, same form). */
export function isUnder(dir: string, p: string): boolean {
  return p.length > dir.length && p.startsWith(dir) && (dir.endsWith(path.sep) || p[dir.length] === path.sep);
}

/** `real` relative to `dir`, a folder above it: a plain slice, as both are resolved already. */
function below(dir: string, real: string): string {
  return real.slice(dir.endsWith(path.sep) ? dir.length : dir.length + 1);
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
