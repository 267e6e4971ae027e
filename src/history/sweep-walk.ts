import { GitFailed } from '../git/run.js';
import { UsageError } from '../errors.js';
import type { Ruleset } from '../ruleset/load.js';
import type { BlobQueue } from './blob-queue.js';
import type { HistoryIndex, StoredCommit } from './history-index.js';
import type { SweepProgress } from './sweep-options.js';
import type { SweepSuppressor } from './sweep-suppression.js';
import { fileClass } from './file-class.js';
import { commitExists, shallowBoundary, treeOf, walkHistory, type TreeChange, type WalkOptions } from './walk.js';

/**
 * Turns the changes git reports for a commit into the index's flat (path id, unit id) pairs, and
 * queues each blob the first time it is met under its file class. Per-path answers (file class,
 * ignored or not) are computed once: a path recurs in thousands of commits.
 */
export class ChangeLists {
  private readonly classes: string[] = [];
  private readonly skipPath: boolean[] = [];

  constructor(
    private readonly index: HistoryIndex,
    private readonly queue: BlobQueue,
    private readonly ruleset: Ruleset,
    private readonly suppressor: SweepSuppressor,
  ) {}

  /** Flat pairs; unit -1 for a deletion, a non-blob, or an ignored path. */
  flatten(list: readonly TreeChange[]): number[] {
    const flat: number[] = [];
    for (const c of list) {
      const path = this.index.pathId(c.path);
      // An ignored path is never present, in every commit alike, so the tree replay stays consistent.
      const skip = (this.skipPath[path] ??= this.suppressor.skips(c.path));
      flat.push(path, c.oid === undefined || skip ? -1 : this.unitOf(path, c.path, c.oid));
    }
    return flat;
  }

  private unitOf(pathId: number, path: string, oid: string): number {
    const cls = (this.classes[pathId] ??= fileClass(path, this.ruleset));
    const { id, created } = this.index.unitId(oid, path, cls);
    if (created) this.queue.add(id);
    return id;
  }
}

export interface WalkStep {
  repo: string;
  env: NodeJS.ProcessEnv;
  index: HistoryIndex;
  changes: ChangeLists;
  progress: SweepProgress;
  report: () => void;
}

/**
 * Streams the selected commits into the index (their blobs are queued for scanning meanwhile) and
 * returns the commits this run added: with `--state`, the ones an earlier sweep did not see.
 */
export async function walkCommits(step: WalkStep, select: Omit<WalkOptions, 'env'>): Promise<StoredCommit[]> {
  const { repo, env, index, changes, progress, report } = step;
  const added: StoredCommit[] = [];
  await walkHistory(repo, { ...select, env }, (c) => {
    const stored: StoredCommit = {
      sha: c.sha,
      parents: c.parents,
      author: c.author,
      date: c.date,
      time: c.time,
      changes: changes.flatten(c.changes),
    };
    if (index.addCommit(stored)) added.push(stored);
    progress.commits += 1;
    report();
  }).catch((err: unknown) => {
    if (err instanceof GitFailed) throw new UsageError(`cannot read the history of ${repo}: ${err.stderr}`);
    throw err;
  });
  return added;
}

/**
 * A commit whose first parent was not walked (the start of `--since`, or a branch limit) starts
 * from its parent's whole tree, so the secrets already there are attributed to it. At a shallow
 * boundary the parent does not exist (git shows the commit as a root, so its changes already list
 * its whole tree). Returns the shallow boundary commits, for the report's note.
 */
export async function seedFromParents(step: WalkStep, added: readonly StoredCommit[]): Promise<Set<string>> {
  const { repo, env, index, changes } = step;
  const boundary = new Set(await shallowBoundary(repo, env));
  for (const c of added) {
    const fp = c.parents[0];
    if (fp === undefined || index.commitIndex.has(fp) || boundary.has(c.sha)) continue;
    if (!(await commitExists(repo, fp, env))) continue;
    c.changes = [...changes.flatten(await treeOf(repo, fp, env)), ...c.changes];
  }
  return boundary;
}
