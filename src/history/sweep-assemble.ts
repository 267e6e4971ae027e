import { SEALING_KEY_RULE } from './blob-scan.js';
import type { HistoryIndex, StoredCommit } from './history-index.js';
import { emptyStats, type SecretRow, type SweepReport, type SweepStats } from './model.js';
import type { SweepNotes } from './sweep-notes.js';
import { suppressionNote, type SweepSuppressor } from './sweep-suppression.js';
import type { Judgement } from './sweep-judge.js';
import { unreadableObjects } from './unreadable.js';

/** Everything the report is made of, once the history is judged. */
export interface AssembleInput {
  index: HistoryIndex;
  commits: readonly StoredCommit[];
  refCount: number;
  judgement: Judgement;
  suppressor: SweepSuppressor;
  /** Shallow boundary commits: a secret first seen there may be older. */
  boundary: ReadonlySet<string>;
  ceiling: number;
  promisors: readonly string[];
  allowMissingObjects: boolean;
}

/**
 * The report: suppression applied to the rows (one decision for allow comments, the allowlist and
 * the baseline), the notes that say what was left out or could not be seen, the counts, and the
 * objects git could not read as errors.
 */
export function assemble(input: AssembleInput, notes: SweepNotes): SweepReport {
  const { index, judgement, suppressor } = input;
  const { rows, suppressed } = suppressor.split(judgement.built);
  const suppressedNote = suppressionNote(suppressed);
  if (suppressedNote !== undefined) notes.add(suppressedNote);
  if (suppressor.ignoresPaths)
    notes.add(
      "paths matched by the configuration's ignore: globs or the root .sealcheckignore (as the default branch has it) were not swept",
    );
  for (const r of rows)
    if (input.boundary.has(r.introducedIn.commit))
      r.reason += " (first seen at the shallow clone's boundary: it may be older)";
  const stats = statsOf(input, rows);
  if (input.boundary.size > 0) stats.shallow = 1;
  const large = index.units.filter((u) => u.result?.skipped?.startsWith('larger')).length;
  if (large > 0)
    notes.add(
      `${large} blob${large === 1 ? ' was' : 's were'} larger than ${input.ceiling} bytes and not read at all (blobs over --max-file-size are checked line by line up to that size)`,
    );
  const errors = unreadableObjects(index.units, input.promisors, (s) => notes.add(s), input.allowMissingObjects);
  const unreachable = judgement.ledger.unreachable;
  if (unreachable > 0)
    notes.add(
      `${unreachable} swept commit${unreachable === 1 ? ' is' : 's are'} reachable from no ref (dangling commits and reflog entries)`,
    );
  return {
    secrets: rows,
    stats,
    notes: notes.list,
    ...(suppressed.length > 0 ? { suppressed } : {}),
    ...(errors.length > 0 ? { errors: errors.map((e) => notes.named(e)) } : {}),
  };
}

function statsOf(input: AssembleInput, rows: readonly SecretRow[]): SweepStats {
  const { index } = input;
  const stats = emptyStats();
  stats.repositories = 1;
  stats.refs = input.refCount;
  stats.commits = input.commits.length;
  stats.blobs = index.units.length;
  stats.bytes = index.bytes;
  stats.skipped = index.units.filter((u) => u.result?.skipped !== undefined).length;
  stats.secrets = rows.length;
  stats.rotate = rows.filter((r) => r.status === 'rotate').length;
  stats.superseded = rows.filter((r) => r.status === 'superseded').length;
  stats.leakedSealingKeys = rows.filter((r) => r.rule === SEALING_KEY_RULE).length + input.judgement.unlabelledKeys;
  return stats;
}
