import { SealcheckError } from '../errors.js';
import {
  addStats,
  byRisk,
  emptyStats,
  type SecretRow,
  type SweepReport,
  type SweepStats,
  type SweepSuppression,
} from './model.js';
import { SWEEP_REPORT_VERSION } from './report-common.js';
import { readUserFile, SWEEP_REPORT_FILE } from '../user-file.js';

/**
 * Combines sweep reports (shards of a `--repos` list) into one: rows concatenated and put in risk
 * order, stats summed, notes sorted. Shards cover disjoint repositories and the risk order is total,
 * so merging the shards of a list gives exactly the report of one run over the whole list.
 */
export function mergeReports(reports: readonly SweepReport[]): SweepReport {
  let stats = emptyStats();
  const secrets: SecretRow[] = [];
  const notes: string[] = [];
  const errors: string[] = [];
  const suppressed: SweepSuppression[] = [];
  for (const r of reports) {
    stats = addStats(stats, r.stats);
    for (const s of r.secrets) secrets.push(s);
    for (const n of r.notes) notes.push(n);
    for (const e of r.errors ?? []) errors.push(e);
    for (const s of r.suppressed ?? []) suppressed.push(s);
  }
  return {
    secrets: secrets.sort(byRisk),
    stats,
    notes: notes.sort(),
    ...(errors.length > 0 ? { errors: errors.sort() } : {}),
    ...(suppressed.length > 0 ? { suppressed: suppressed.sort(bySuppressionKey) } : {}),
  };
}

/** A total order of suppressions, so a merged report equals a single run over the same list. */
function bySuppressionKey(a: SweepSuppression, b: SweepSuppression): number {
  const key = (s: SweepSuppression): string =>
    [s.repo ?? '', s.path, s.rule, s.fingerprint, s.by, s.reason].join('\u0000');
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The suppressions of a JSON report: entries without the expected fields are not taken. */
function suppressionsOf(raw: unknown): SweepSuppression[] {
  if (!Array.isArray(raw)) return [];
  const out: SweepSuppression[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const s = item as Record<string, unknown>;
    const { rule, path, fingerprint, by, reason, repo } = s;
    if (typeof rule !== 'string' || typeof path !== 'string' || typeof fingerprint !== 'string') continue;
    if (typeof reason !== 'string' || (by !== 'inline' && by !== 'config' && by !== 'baseline')) continue;
    out.push({ ...(typeof repo === 'string' ? { repo } : {}), rule, path, fingerprint, by, reason });
  }
  return out;
}

/** Reads a `sealcheck sweep --format json` report. */
export function readSweepReport(file: string): SweepReport {
  let doc: {
    version?: unknown;
    secrets?: unknown;
    stats?: unknown;
    notes?: unknown;
    errors?: unknown;
    suppressed?: unknown;
  };
  const text = readUserFile(file, SWEEP_REPORT_FILE).text;
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    // Never V8's parse message: it quotes the text around the error, and a wrong file may hold secrets.
    throw new SealcheckError(`${file}: not a readable JSON sweep report (not valid JSON)`);
  }
  if (
    doc.version !== SWEEP_REPORT_VERSION ||
    !Array.isArray(doc.secrets) ||
    typeof doc.stats !== 'object' ||
    doc.stats === null
  ) {
    throw new SealcheckError(
      `${file}: not a sweep report of format version ${SWEEP_REPORT_VERSION} (write shard reports with --format json)`,
    );
  }
  const stats = emptyStats();
  for (const k of Object.keys(stats) as (keyof SweepStats)[]) {
    const v = (doc.stats as Record<string, unknown>)[k];
    if (typeof v !== 'number') throw new SealcheckError(`${file}: stats.${k} is missing`);
    stats[k] = v;
  }
  const notes = Array.isArray(doc.notes) ? doc.notes.filter((n): n is string => typeof n === 'string') : [];
  const errors = Array.isArray(doc.errors) ? doc.errors.filter((n): n is string => typeof n === 'string') : [];
  const suppressed = suppressionsOf(doc.suppressed);
  return {
    secrets: doc.secrets as SecretRow[],
    stats,
    notes,
    ...(errors.length > 0 ? { errors } : {}),
    ...(suppressed.length > 0 ? { suppressed } : {}),
  };
}
