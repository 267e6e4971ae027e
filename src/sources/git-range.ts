import { posix } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { BlobReader } from '../git/blob-reader.js';
import { rangeChanges, resolveRange, type FileChange } from '../git/changes.js';
import { CHART_FILE, roleByRoots, type FileRole } from './chart-folders.js';
import { readCeiling, type InputFile, type SkippedFile, type Source } from './source.js';

export interface GitSourceOptions {
  /** Where git runs: any folder of the work tree (or the repository for a bare clone). */
  cwd: string;
  /** Environment for git; in a hook it carries GIT_INDEX_FILE, which names the index being committed. */
  env?: NodeJS.ProcessEnv;
  /** Blobs over this are checked line by line; beyond `readCeiling` of it they are drained from git, never held, and reported as not scanned. */
  maxFileSize: number;
  /** Paths (relative to the repository root) that configuration excludes. */
  exclude?: (path: string) => boolean;
  /**
   * The revision prefix `.sealcheckignore` files are read from, when it is not the snapshot's own
   * (a pull request judged by its base's policy). Default: the snapshot.
   */
  policySnapshot?: string;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Could this file be what a Kustomize generator turns into a Secret (`files:`, `envs:`)? Anything
 * but a Kubernetes manifest or a kustomization itself: those are scanned as what they are.
 */
function mayBeMaterial(path: string, bytes: Buffer): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (KUSTOMIZATION_NAMES.includes(name)) return false;
  const head = bytes.subarray(0, 4096).toString('latin1');
  return !(/^apiVersion:/m.test(head) && /^kind:/m.test(head));
}

/** How many blob requests are in flight ahead of the scanner: git keeps working while we parse. */
const READ_AHEAD = 8;

/**
 * The files a snapshot changes, read from git objects, never from the working tree. `snapshot` is
 * the revision prefix for references (`<commit>:` for a range, `:` for the index), so a Kustomize
 * `files:` entry is read from the same state as the kustomization that names it.
 *
 * Paths are relative to the repository root, as git names them (and as config `ignore:` globs are
 * written). Deletions, submodules (160000) and symlinks (120000) are not scanned; binary blobs are
 * handed over for the driver to skip; Git LFS pointer files are scanned as the small text they are
 * (the real content lives outside git and never reaches a commit's objects).
 */
export class GitChangeSource implements Source {
  readonly skipped: SkippedFile[] = [];

  constructor(
    /** What the snapshot changes, for the judge. */
    readonly changes: readonly FileChange[],
    private readonly reader: BlobReader,
    private readonly snapshot: string,
    private readonly opts: GitSourceOptions,
  ) {}

  async *files(): AsyncIterable<InputFile> {
    const wanted: FileChange[] = [];
    for (const c of this.changes) {
      if (c.status === 'D') continue;
      if (this.opts.exclude?.(c.path) || (await this.sealcheckIgnored(c.path))) continue;
      if (c.newMode === '160000')
        this.skipped.push({ path: c.path, reason: 'submodule (scanned in its own repository)' });
      else if (c.newMode === '120000') this.skipped.push({ path: c.path, reason: 'symbolic link (not followed)' });
      else wanted.push(c);
    }
    // Ask by oid: exact whatever the path holds (newlines included), and one pipe for all.
    const inFlight = wanted
      .slice(0, READ_AHEAD)
      .map((c) => this.reader.request(c.newOid, readCeiling(this.opts.maxFileSize)));
    const material: string[] = [];
    for (const [i, change] of wanted.entries()) {
      const next = wanted[i + READ_AHEAD];
      if (next) inFlight.push(this.reader.request(next.newOid, readCeiling(this.opts.maxFileSize)));
      // Request i was made READ_AHEAD iterations ago (or before the loop): it is always there.
      const pending = inFlight[i];
      if (pending === undefined) throw new Error(`internal: no read-ahead request for ${change.path}`);
      const answer = await pending;
      const path = change.path;
      if (answer.kind === 'blob') {
        if (mayBeMaterial(path, answer.bytes)) material.push(path);
        const role = await this.chartRole(path);
        yield role === undefined ? { path, bytes: answer.bytes } : { path, bytes: answer.bytes, role };
      } else if (answer.kind === 'too-large')
        this.skipped.push({
          path,
          reason: `larger than the ${readCeiling(this.opts.maxFileSize)} byte limit (${answer.size} bytes)`,
          unchecked: true,
        });
      else
        this.skipped.push({
          path,
          reason: `object ${change.newOid} cannot be read from git (${answer.kind})`,
          unchecked: true,
        });
    }
    yield* this.contextKustomizations(material, new Set(this.changes.map((c) => c.path)));
  }

  /**
   * A changed `.env` or properties file becomes Secret data through a kustomization that may be
   * unchanged: that kustomization (in the file's folder or one above it, as the snapshot has it)
   * is read as context, so the file is judged as the Secret material it is, not only by the
   * token rules. Costs a few lookups on the open reader, and only for files that are not manifests.
   */
  private async *contextKustomizations(
    material: readonly string[],
    changed: ReadonlySet<string>,
  ): AsyncIterable<InputFile> {
    const forKustomization = new Map<string, string[]>();
    for (const path of material) {
      const parts = path.split('/');
      for (let depth = parts.length - 1; depth >= 0; depth--) {
        const dir = parts.slice(0, depth).join('/');
        for (const name of KUSTOMIZATION_NAMES) {
          const k = dir === '' ? name : `${dir}/${name}`;
          if (changed.has(k) || !(await this.exists(k))) continue;
          forKustomization.set(k, [...(forKustomization.get(k) ?? []), path]);
        }
      }
    }
    for (const [path, contextFor] of forKustomization) {
      const bytes = await this.read(path);
      if (bytes !== undefined) yield { path, bytes, contextFor };
    }
  }

  /**
   * A changed YAML file's role in the chart folder above it: the nearest folder whose Chart.yaml the
   * snapshot holds, asked of the open reader once per folder (the chart's Chart.yaml is usually not
   * among the changes).
   */
  private chartRole(path: string): Promise<FileRole | undefined> {
    return roleByRoots(path, (dir) => this.exists(dir === '' ? CHART_FILE : `${dir}/${CHART_FILE}`));
  }

  private readonly present = new Map<string, Promise<boolean>>();

  private exists(path: string): Promise<boolean> {
    let known = this.present.get(path);
    if (known === undefined) {
      known = this.reader
        .request(`${this.snapshot}${path}`, 0)
        .then((a) => a.kind === 'too-large' || a.kind === 'blob');
      this.present.set(path, known);
    }
    return known;
  }

  private readonly ignoreFiles = new Map<string, Promise<Ignore | undefined>>();

  /**
   * `.sealcheckignore` files as the snapshot has them (the index for --staged, the range's end
   * for --diff), in the repository root and every folder above the path, each matching paths
   * relative to its own folder. Read from git, not the working tree: an ignore file that is not
   * staged does not silence a staged file.
   */
  private async sealcheckIgnored(path: string): Promise<boolean> {
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      let rules = this.ignoreFiles.get(dir);
      if (rules === undefined) {
        const name = dir === '' ? '.sealcheckignore' : `${dir}/.sealcheckignore`;
        const policy = this.opts.policySnapshot;
        rules = (
          policy === undefined || policy === this.snapshot ? this.read(name) : this.reader.read(`${policy}${name}`)
        ).then((b) => (b === undefined ? undefined : ignore().add(b.toString('utf8'))));
        this.ignoreFiles.set(dir, rules);
      }
      const matcher = await rules;
      if (matcher?.ignores(parts.slice(depth).join('/'))) return true;
    }
    return false;
  }

  async read(path: string): Promise<Buffer | undefined> {
    const rel = posix.normalize(path);
    if (rel.startsWith('../') || rel === '..' || posix.isAbsolute(rel)) return undefined;
    return this.reader.read(`${this.snapshot}${rel}`);
  }

  /** Ends the git process behind the reader. Call once the scan is over. */
  close(): Promise<void> {
    return this.reader.close();
  }
}

/**
 * A state of the repository being judged, opened before the scan is set up: the object reader,
 * how git names the snapshot (`:` for the index, `<commit>:` for a range's end) and the change
 * list, still being computed. Configuration is read through the same reader, from the same state.
 */
export interface GitSnapshot {
  reader: BlobReader;
  prefix: string;
  changes: Promise<FileChange[]>;
}

/** The files `BASE..HEAD` or `BASE...HEAD` changes, with their content at the range's end. */
export async function openRangeSnapshot(
  range: string,
  opts: Pick<GitSourceOptions, 'cwd' | 'env'>,
): Promise<GitSnapshot> {
  const env = opts.env ?? process.env;
  const resolved = await resolveRange(opts.cwd, range, env);
  const reader = new BlobReader(opts.cwd, env);
  reader.start();
  return { reader, prefix: `${resolved.head}:`, changes: rangeChanges(opts.cwd, resolved, env) };
}
