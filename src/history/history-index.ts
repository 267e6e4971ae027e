import type { LedgerCommit } from './ledger.js';
import type { MaterialLink, SealedValue, SecretHit } from './blob-scan.js';

/**
 * Everything the sweep remembers between reading git and judging: commits with their tree
 * changes (as path and unit ids), interned paths, and the scan result of each unit. A unit is a
 * distinct blob under a distinct "file class" (which rules apply to its path and whether it is
 * parsed as a manifest): a blob is read once per class, in practice once. Results hold no content;
 * this is also what the `--state` file stores.
 */

export interface StoredCommit extends LedgerCommit {
  sha: string;
  parents: string[];
  author: string;
  date: string;
  time: number;
  changes: number[];
}

export interface UnitResult {
  hits: SecretHit[];
  sealed: SealedValue[];
  /** The blob holds a sealing key: read again to recover the key (keys are never stored). */
  hasKeys: boolean;
  skipped?: string;
  /** Generator files this blob (a kustomization) names. */
  links?: MaterialLink[];
  /** Generator references this blob was already scanned for as material (`path\0format\0key\0name`). */
  material?: string[];
}

export interface Unit {
  oid: string;
  /** The first path the blob was seen at: the name it is scanned under. */
  path: string;
  cls: string;
  result?: UnitResult;
}

const EMPTY_RESULT: UnitResult = Object.freeze({ hits: [], sealed: [], hasKeys: false });

export class HistoryIndex {
  readonly commits: StoredCommit[] = [];
  readonly commitIndex = new Map<string, number>();
  readonly paths: string[] = [];
  private readonly pathIds = new Map<string, number>();
  readonly units: Unit[] = [];
  private readonly unitIds = new Map<string, number>();
  /** Bytes of all blobs read, over every sweep this index has been through. */
  bytes = 0;

  pathId(path: string): number {
    let id = this.pathIds.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.paths.push(path);
      this.pathIds.set(path, id);
    }
    return id;
  }

  /** The unit of a blob under a file class; `created` tells the caller to scan it. */
  unitId(oid: string, path: string, cls: string): { id: number; created: boolean } {
    const key = `${oid}\u0000${cls}`;
    const id = this.unitIds.get(key);
    if (id !== undefined) return { id, created: false };
    const fresh = this.units.length;
    this.units.push({ oid, path, cls });
    this.unitIds.set(key, fresh);
    return { id: fresh, created: true };
  }

  addCommit(c: StoredCommit): boolean {
    if (this.commitIndex.has(c.sha)) return false;
    this.commitIndex.set(c.sha, this.commits.length);
    this.commits.push(c);
    return true;
  }

  /** The unit with this id; an id the index never gave out is a bug in the caller. */
  unit(id: number): Unit {
    const u = this.units[id];
    if (u === undefined) throw new Error(`internal error: the history index has no unit ${id}`);
    return u;
  }

  /** The path with this id (see `unit`). */
  path(id: number): string {
    const p = this.paths[id];
    if (p === undefined) throw new Error(`internal error: the history index has no path ${id}`);
    return p;
  }

  setResult(unit: number, r: UnitResult): void {
    this.unit(unit).result =
      r.hits.length === 0 &&
      r.sealed.length === 0 &&
      !r.hasKeys &&
      r.skipped === undefined &&
      r.links === undefined &&
      r.material === undefined
        ? EMPTY_RESULT
        : r;
  }

  /** Serialisable form (the `--state` file): arrays rather than objects, to keep it small. */
  toJSON(): unknown {
    return {
      bytes: this.bytes,
      paths: this.paths,
      units: this.units.map((u) => [u.oid, u.path, u.cls, u.result === EMPTY_RESULT ? 0 : (u.result ?? null)]),
      commits: this.commits.map((c) => [c.sha, c.parents.join(' '), c.author, c.date, c.time, c.changes]),
    };
  }

  static fromJSON(raw: unknown): HistoryIndex {
    const data = raw as {
      bytes: number;
      paths: string[];
      units: [string, string, string, UnitResult | 0 | null][];
      commits: [string, string, string, string, number, number[]][];
    };
    const index = new HistoryIndex();
    index.bytes = data.bytes;
    for (const p of data.paths) index.pathId(p);
    for (const [oid, path, cls, result] of data.units) {
      const { id } = index.unitId(oid, path, cls);
      if (result === 0) index.unit(id).result = EMPTY_RESULT;
      else if (result !== null) index.unit(id).result = result;
    }
    for (const [sha, parents, author, date, time, changes] of data.commits) {
      index.addCommit({ sha, parents: parents === '' ? [] : parents.split(' '), author, date, time, changes });
    }
    return index;
  }
}
