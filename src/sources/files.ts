import { existsSync, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path, { posix } from 'node:path';
import { UsageError } from '../errors.js';
import { CHART_FILE, roleInChart } from './chart-folders.js';
import { IgnoreRules, isUnder, toPosix } from './ignore-rules.js';
import { describeError, readLimited } from './read-file.js';
import { readCeiling, type InputFile, type SkippedFile, type Source } from './source.js';
import { compare, walk, type WalkEntry } from './walk.js';
import { findWorkTreeRoot } from './work-tree.js';

export interface FileSourceOptions {
  /** Files or folders to scan, relative to `cwd` or absolute. Default `['.']`. */
  paths?: string[];
  cwd: string;
  /** Gitignore-syntax globs from the configuration, relative to the repository root (`cwd` outside git). */
  extraIgnores?: string[];
  /** Larger files are read up to `readCeiling` and checked line by line; beyond it they are reported in `skipped`. */
  maxFileSize: number;
}

/** A path from the command line, resolved. */
interface Target {
  shown: string;
  real: string;
  isDir: boolean;
}

interface Plan {
  /** Disjoint targets in path order: one nested in another's folder is reached by that walk. */
  targets: Target[];
  /** Real paths of every target: scanned even when ignored, like ripgrep. */
  explicit: Set<string>;
  /** Every folder above a target. */
  aboveExplicit: Set<string>;
  rules: IgnoreRules;
  cwdReal: string;
}

/**
 * The working tree as a Source: walks folders honouring .gitignore (inside a work tree),
 * .sealcheckignore and configured globs, and reads files in path order, one at a time (reads are
 * synchronous, see read-file.ts, so reading ahead would overlap nothing).
 */
export class FileSource implements Source {
  readonly skipped: SkippedFile[] = [];
  private readonly cwd: string;
  private readonly paths: string[];
  private plan_: Promise<Plan> | undefined;
  /** Symlink targets read through a link, by real path, with the first link's path. */
  private readonly viaLinks = new Map<string, string>();

  constructor(private readonly opts: FileSourceOptions) {
    this.cwd = path.resolve(opts.cwd);
    this.paths = opts.paths !== undefined && opts.paths.length > 0 ? opts.paths : ['.'];
    // Checked before anything is scanned, so a mistyped path fails at once with the usage exit code.
    for (const p of this.paths) {
      try {
        statSync(path.resolve(this.cwd, p));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(
          code === 'ENOENT' || code === 'ENOTDIR'
            ? `no such file or folder: ${p}`
            : `cannot open ${p}: ${describeError(err)}`,
        );
      }
    }
  }

  async *files(): AsyncIterable<InputFile> {
    this.skipped.length = 0;
    this.viaLinks.clear();
    for await (const e of this.entries()) {
      const r = this.load(e);
      if ('bytes' in r) yield r;
      else this.skipped.push(r);
    }
  }

  async read(p: string): Promise<Buffer | undefined> {
    const plan = await this.plan();
    let real: string;
    try {
      // Resolved before the check, so neither `..` nor a symlink can lead out of the tree.
      real = await realpath(path.resolve(this.cwd, p));
    } catch {
      return undefined;
    }
    if (plan.rules.rootOf(real) === undefined) return undefined;
    // An ignored file is not committed: a reference to it leaks nothing through git.
    const named = (dir: string): boolean => plan.explicit.has(dir) || plan.aboveExplicit.has(dir);
    if (await plan.rules.isIgnored(real, named)) return undefined;
    const r = readLimited(real, this.opts.maxFileSize);
    return 'bytes' in r ? r.bytes : undefined;
  }

  private plan(): Promise<Plan> {
    this.plan_ ??= this.makePlan();
    return this.plan_;
  }

  private async makePlan(): Promise<Plan> {
    const cwdReal = await realpath(this.cwd);
    const found: Target[] = [];
    const roots: string[] = [];
    for (const p of this.paths) {
      const abs = path.resolve(this.cwd, p);
      let real: string;
      let isDir: boolean;
      try {
        real = await realpath(abs);
        isDir = (await stat(real)).isDirectory();
      } catch {
        throw new UsageError(`no such file or folder: ${p}`);
      }
      const work = await findWorkTreeRoot(isDir ? real : path.dirname(real));
      const insideCwd = real === cwdReal || isUnder(cwdReal, real);
      roots.push(work ?? (insideCwd ? cwdReal : isDir ? real : path.dirname(real)));
      found.push({ shown: this.show(abs, cwdReal), real, isDir });
    }
    const targets = found
      .filter((t, i) => !found.some((o, j) => (o.real === t.real && j < i) || (o.isDir && isUnder(o.real, t.real))))
      .sort((a, b) => compare(sortKey(a), sortKey(b)));
    const aboveExplicit = new Set<string>();
    for (const t of found)
      for (let d = path.dirname(t.real); !aboveExplicit.has(d) && d !== path.dirname(d); d = path.dirname(d))
        aboveExplicit.add(d);
    return {
      targets,
      explicit: new Set(found.map((t) => t.real)),
      aboveExplicit,
      rules: new IgnoreRules(roots, this.opts.extraIgnores ?? []),
      cwdReal,
    };
  }

  private async *entries(): AsyncGenerator<Exclude<WalkEntry, { kind: 'link' }>> {
    const plan = await this.plan();
    for (const t of plan.targets) {
      const tree = plan.rules.rootOf(t.real) ?? t.real;
      const chart = this.chartAbove(t.real, tree, plan.cwdReal);
      if (!t.isDir) {
        yield { kind: 'file', path: t.shown, real: t.real, ...(chart !== undefined ? { chart } : {}) };
        continue;
      }
      const ctx = { ...plan, tree };
      for await (const e of walk(t.shown, t.real, ctx, 'all', chart))
        yield e.kind === 'link' ? await this.throughLink(e, plan) : e;
    }
  }

  /**
   * The chart folder above a path named on the command line (`scan charts/app/ci`), up to the top
   * of its tree, shown as paths are: a few stats per target. Below it, the walk sees Chart.yaml in
   * each listing.
   */
  private chartAbove(real: string, top: string, cwdReal: string): string | undefined {
    if (real === top) return undefined;
    for (let d = path.dirname(real); ; d = path.dirname(d)) {
      if (d !== top && !isUnder(top, d)) return undefined;
      if (existsSync(path.join(d, CHART_FILE))) return this.show(d, cwdReal);
      if (d === top || d === path.dirname(d)) return undefined;
    }
  }

  /**
   * git stores a symlink as the name of its target, so a credential is only ever in the target.
   * The target is read once: under its own name when the scan reaches it, else under the first
   * link to it (a link from the scanned folder to a file elsewhere in the repository).
   */
  private async throughLink(
    e: WalkEntry & { kind: 'link' },
    plan: Plan,
  ): Promise<Exclude<WalkEntry, { kind: 'link' }>> {
    const target = this.show(e.real, plan.cwdReal);
    const skip = (why: string) => ({ kind: 'skip', path: e.path, reason: `symlink to ${target}, ${why}` }) as const;
    if (plan.explicit.has(e.real)) return skip('scanned under that name');
    if (await plan.rules.isIgnored(e.real)) return skip('which is ignored');
    if (plan.targets.some((t) => (t.isDir ? isUnder(t.real, e.real) : t.real === e.real)))
      return skip('scanned under that name');
    const first = this.viaLinks.get(e.real);
    if (first !== undefined) return skip(`already scanned through ${first}`);
    this.viaLinks.set(e.real, e.path);
    return { kind: 'file', path: e.path, real: e.real, ...(e.chart !== undefined ? { chart: e.chart } : {}) };
  }

  private load(e: Exclude<WalkEntry, { kind: 'link' }>): InputFile | SkippedFile {
    if (e.kind === 'skip')
      return e.unchecked ? { path: e.path, reason: e.reason, unchecked: true } : { path: e.path, reason: e.reason };
    const r = readLimited(e.real, readCeiling(this.opts.maxFileSize));
    if (!('bytes' in r)) return { path: e.path, ...r };
    const role =
      e.chart === undefined ? undefined : roleInChart(e.chart === '.' ? e.path : posix.relative(e.chart, e.path));
    return role === undefined ? { path: e.path, bytes: r.bytes } : { path: e.path, bytes: r.bytes, role };
  }

  /** Relative to the working directory with `/` when inside it (as typed, or after resolving symlinks), else absolute. */
  private show(abs: string, cwdReal: string): string {
    for (const base of [this.cwd, cwdReal]) {
      if (abs === base) return '.';
      if (isUnder(base, abs)) return toPosix(path.relative(base, abs));
    }
    return toPosix(abs);
  }
}

/**
 * Targets inside the working directory first, then those shown as absolute paths; each in path
 * order, a folder as `name/` so that the files under it come out sorted as well.
 */
function sortKey(t: Target): string {
  return `${path.posix.isAbsolute(t.shown) ? '1' : '0'}${t.shown}${t.isDir ? '/' : ''}`;
}
