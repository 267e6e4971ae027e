import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { excludeFileOf, hasDotGit } from './work-tree.js';

/** `git`: meaningful only inside a work tree (.gitignore, info/exclude); `sealcheck`: everywhere. */
type RuleKind = 'git' | 'sealcheck';

/**
 * Case-sensitive, like git's default. On a case-insensitive file system git sets core.ignorecase
 * and ignores a little more than we do; scanning a little more is the safe side for a scanner.
 */
const newIgnore = (): Ignore => ignore({ ignorecase: false });

/** The patterns of one ignore file, matched against paths relative to the folder they belong to. */
export class IgnoreFile {
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
    const r = this.all.test(rel);
    if (!r.ignored) return r.unignored ? false : undefined;
    const parent = parentOf(rel);
    if (parent === '' || !this.all.test(parent).ignored) return true;
    return this.matchSelfOnly(rel);
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
    for (let i = this.perRule.length - 1; i >= 0; i -= 1) {
      const rule = this.perRule[i]!;
      if (rule.matcher.test(rel).unignored) return !rule.negative;
    }
    return undefined;
  }
}

/** The ignore files in force inside one folder, lowest precedence first. */
export interface Layers {
  /** Globs from the configuration: highest precedence, like git's command-line excludes. */
  extra: IgnoreFile | undefined;
  files: readonly IgnoreFile[];
  inGit: boolean;
}

/** Whether `real` (an absolute path below the folder the layers belong to) is ignored by its own name. */
export function ignoredBy(layers: Layers, real: string, isDir: boolean): boolean {
  const check = (f: IgnoreFile): boolean | undefined =>
    isUnder(f.base, real) ? f.match(toPosix(real.slice(f.base.length).replace(/^[\\/]/, '')) + (isDir ? '/' : '')) : undefined;
  const fromExtra = layers.extra && check(layers.extra);
  if (fromExtra !== undefined) return fromExtra;
  // Deeper files override shallower ones; within a folder .sealcheckignore overrides .gitignore.
  for (let i = layers.files.length - 1; i >= 0; i -= 1) {
    const v = check(layers.files[i]!);
    if (v !== undefined) return v;
  }
  return false;
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

  /** Whether `real` or a folder above it (up to its root) is ignored, or lies inside a `.git` folder. */
  async isIgnored(real: string): Promise<boolean> {
    const root = this.rootOf(real);
    if (root === undefined || root === real) return false;
    const parts = real.slice(root.length).split(/[\\/]/).filter((p) => p !== '');
    let dir = root;
    for (const [i, name] of parts.entries()) {
      const child = path.join(dir, name);
      if (name === '.git' || ignoredBy(await this.layersFor(dir), child, i < parts.length - 1)) return true;
      dir = child;
    }
    return false;
  }

  private async compute(dir: string, names: ReadonlySet<string> | undefined): Promise<Layers> {
    const atRoot = this.rootOf(dir) === undefined || this.roots.includes(dir);
    const parent = atRoot ? undefined : await this.layersFor(path.dirname(dir));
    const files = [...(parent?.files ?? [])];
    const gitHere = names ? names.has('.git') : await hasDotGit(dir);
    const present = (name: string): boolean => names?.has(name) ?? true;
    if (gitHere) {
      // A nested repository (submodule, vendored clone) answers to its own ignore files, not ours.
      const own = files.filter((f) => f.kind !== 'git');
      files.length = 0;
      files.push(...own);
      const exclude = await excludeFileOf(dir);
      if (exclude !== undefined) pushIfAny(files, await loadIgnoreFile(exclude, dir, 'git'));
    }
    const inGit = gitHere || (parent?.inGit ?? false);
    // Only git gives .gitignore its meaning: outside a work tree nothing stops an "ignored" file
    // from being copied, archived or committed to another repository, so it is scanned.
    if (inGit && present('.gitignore')) pushIfAny(files, await loadIgnoreFile(path.join(dir, '.gitignore'), dir, 'git'));
    if (present('.sealcheckignore')) pushIfAny(files, await loadIgnoreFile(path.join(dir, '.sealcheckignore'), dir, 'sealcheck'));
    const extra = parent ? parent.extra : this.extraIgnores.length > 0 ? new IgnoreFile(dir, 'sealcheck', this.extraIgnores) : undefined;
    return { extra, files, inGit };
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

function pushIfAny(files: IgnoreFile[], f: IgnoreFile | undefined): void {
  if (f !== undefined) files.push(f);
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

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
