import { BlobReader } from '../git/blob-reader.js';
import { BlobQueue } from './blob-queue.js';
import { holdsControllerKey, keysOfBlob } from './blob-scan.js';
import type { HistoryIndex, StoredCommit } from './history-index.js';
import { KeyRing } from './leaked-keys.js';
import { scanGeneratorMaterial } from './material.js';
import { emptyStats, type SweepReport } from './model.js';
import { localBlobs, promisorRemotes } from './partial-clone.js';
import { ScanPool } from './scan-pool.js';
import { saveState } from './state.js';
import { assemble } from './sweep-assemble.js';
import { judge } from './sweep-judge.js';
import { SweepNotes } from './sweep-notes.js';
import type { SweepOptions, SweepProgress } from './sweep-options.js';
import { excludeSwept, hasNothingToSweep, openRepo, planSweep, type OpenedRepo, type SweepPlan } from './sweep-plan.js';
import { ChangeLists, seedFromParents, walkCommits, type WalkStep } from './sweep-walk.js';
import { UNREADABLE } from './unreadable.js';

export { suppressionOptions, type SweepOptions, type SweepProgress } from './sweep-options.js';

/**
 * Sweeps one repository's history, in steps: open the repository and plan the walk (suppression,
 * `--state`, revisions); walk the commits while their blobs are read and scanned in parallel;
 * scan Kustomize generator material and recover leaked keys; judge (identities, key trials,
 * attribution, verdicts); assemble the report (suppression, notes, counts).
 */
export async function sweepRepository(repo: string, opts: SweepOptions = {}): Promise<SweepReport> {
  const notes = new SweepNotes(opts.repoLabel);
  const opened = await openRepo(repo, opts, notes);
  if (hasNothingToSweep(opened, opts)) {
    notes.add('the repository has no commits');
    const stats = { ...emptyStats(), repositories: 1, refs: opened.refs.length };
    return { secrets: [], stats, notes: notes.list };
  }
  const plan = await planSweep(opened, opts, notes);
  const promisors = await promisorRemotes(repo, opened.env);
  const present = promisors.length > 0 ? await localBlobs(repo, opened.env) : undefined;
  const reader = new BlobReader(repo, opened.env);
  reader.start();
  const pool = new ScanPool({
    workers: opts.workers,
    overrides: opts.overrides ?? {},
    maxFileSize: opened.maxFileSize,
  });
  try {
    await excludeSwept(plan, reader);
    const ring = new KeyRing();
    const progress: SweepProgress = { commits: 0, blobsQueued: 0, blobsDone: 0, bytes: 0, walking: true };
    const report = (): void => opts.progress?.(progress);
    const { index } = plan;
    const queue = new BlobQueue({ index, reader, pool, ring, present, ceiling: opened.ceiling, progress, report });
    requeueUnreadable(index, queue);
    const step: WalkStep = {
      repo,
      env: opened.env,
      index,
      changes: new ChangeLists(index, queue, opened.ruleset, plan.suppressor),
      progress,
      report,
    };
    const added = await walkCommits(step, plan.select);
    const boundary = await seedFromParents(step, added);
    progress.walking = false;
    report();
    await queue.drain();

    await scanGeneratorMaterial(index, reader, opened.ruleset, opened.maxFileSize);
    await readRememberedKeys(index, reader, ring, queue.keysRead, opened);
    noteLimits(boundary, opts, notes);

    const commits = sweptCommits(opened, plan, opts);
    const judgement = judge(
      {
        index,
        commits,
        refs: opened.refs,
        head: opened.head,
        ring,
        sealingKeys: opts.sealingKeys ?? [],
        repo: opts.repoLabel,
      },
      notes,
    );
    if (opts.statePath !== undefined) saveState(opts.statePath, plan.stateOptions, index);
    return assemble(
      {
        index,
        commits,
        refCount: opened.refs.length,
        judgement,
        suppressor: plan.suppressor,
        boundary,
        ceiling: opened.ceiling,
        promisors,
        allowMissingObjects: opts.allowMissingObjects === true,
      },
      notes,
    );
  } finally {
    await pool.close();
    await reader.close();
  }
}

/** Blobs an earlier sweep could not read are read again: they may have been fetched or repaired since. */
function requeueUnreadable(index: HistoryIndex, queue: BlobQueue): void {
  index.units.forEach((u, id) => {
    if (u.result?.skipped === 'missing' || u.result?.skipped?.startsWith(UNREADABLE)) {
      delete u.result;
      queue.add(id);
    }
  });
}

/** Keys are never stored: blobs remembered from an earlier sweep are read again for theirs. */
async function readRememberedKeys(
  index: HistoryIndex,
  reader: BlobReader,
  ring: KeyRing,
  keysRead: ReadonlySet<number>,
  opened: OpenedRepo,
): Promise<void> {
  for (const [u, unit] of index.units.entries()) {
    if (!unit.result?.hasKeys || keysRead.has(u)) continue;
    const answer = await reader.request(unit.oid, opened.ceiling);
    if (answer.kind === 'blob')
      ring.add(u, keysOfBlob(unit.path, answer.bytes, opened.maxFileSize), holdsControllerKey(unit.result.hits));
  }
}

/** What the walk could not see: beyond a shallow clone's boundary, or outside `--since`/`--until`. */
function noteLimits(boundary: ReadonlySet<string>, opts: SweepOptions, notes: SweepNotes): void {
  if (boundary.size > 0) {
    const shown = [...boundary].slice(0, 3).map((s) => s.slice(0, 12));
    notes.add(
      `shallow clone: the parents of ${boundary.size} boundary commit${boundary.size === 1 ? '' : 's'} (${shown.join(', ')}${boundary.size > 3 ? ', …' : ''}) were not fetched; a secret first seen at the boundary may be older, and commits, authors and refs beyond it could not be seen (git fetch --unshallow for a complete sweep)`,
    );
  }
  if (opts.since !== undefined || opts.until !== undefined) {
    const since = opts.since !== undefined ? `since ${opts.since} ` : '';
    const until = opts.until !== undefined ? `until ${opts.until}` : '';
    notes.add(
      `only commits ${since}${until} were swept; the tree at the start of the range was read whole, so older secrets are attributed to the range's first commit`.replace(
        /\s+/g,
        ' ',
      ),
    );
  }
}

/** The commits judged: an earlier sweep's commits that no ref reaches any more (force-pushed away) are dropped. */
function sweptCommits(opened: OpenedRepo, plan: SweepPlan, opts: SweepOptions): StoredCommit[] {
  const { commits } = plan.index;
  if (opts.unreachable === true || !plan.resumed) return commits;
  const tips = opened.refs.map((r) => r.commit);
  if (opened.head.commit !== undefined) tips.push(opened.head.commit);
  return reachable(commits, tips);
}

/** Commits reachable from `tips` through any parent. */
function reachable(commits: readonly StoredCommit[], tips: readonly string[]): StoredCommit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c] as const));
  const seen = new Set<string>();
  const stack = tips.filter((t) => bySha.has(t));
  for (let sha = stack.pop(); sha !== undefined; sha = stack.pop()) {
    const commit = bySha.get(sha);
    if (commit === undefined || seen.has(sha)) continue;
    seen.add(sha);
    for (const p of commit.parents) if (bySha.has(p) && !seen.has(p)) stack.push(p);
  }
  return commits.filter((c) => seen.has(c.sha));
}
