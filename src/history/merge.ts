import { readFileSync } from 'node:fs';
import { SealcheckError } from '../errors.js';
import { addStats, byRisk, emptyStats, type SecretRow, type SweepReport, type SweepStats } from './model.js';
import { SWEEP_REPORT_VERSION } from './report-common.js';

/**
 * Combines sweep reports (shards of a `--repos` list) into one: rows concatenated and put in risk
 * order, stats summed, notes sorted. Shards cover disjoint repositories and the risk order is total,
 * so merging the shards of a list gives exactly the report of one run over the whole list.
 */
export function mergeReports(reports: readonly SweepReport[]): SweepReport {
  let stats = emptyStats();
  const secrets: SecretRow[] = [];
  const notes: string[] = [];
  for (const r of reports) {
    stats = addStats(stats, r.stats);
    for (const s of r.secrets) secrets.push(s);
    for (const n of r.notes) notes.push(n);
  }
  return { secrets: secrets.sort(byRisk), stats, notes: notes.sort() };
}

/** Reads a `sealcheck sweep --format json` report. */
export function readSweepReport(file: string): SweepReport {
  let doc: { version?: unknown; secrets?: unknown; stats?: unknown; notes?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    // Never V8's parse message: it quotes the text around the error, and a wrong file may hold secrets.
    throw new SealcheckError(`${file}: not a readable JSON sweep report (${(err as NodeJS.ErrnoException).code ?? 'not valid JSON'})`);
  }
  if (doc.version !== SWEEP_REPORT_VERSION || !Array.isArray(doc.secrets) || typeof doc.stats !== 'object' || doc.stats === null) {
    throw new SealcheckError(`${file}: not a sweep report of format version ${SWEEP_REPORT_VERSION} (write shard reports with --format json)`);
  }
  const stats = emptyStats();
  for (const k of Object.keys(stats) as (keyof SweepStats)[]) {
    const v = (doc.stats as Record<string, unknown>)[k];
    if (typeof v !== 'number') throw new SealcheckError(`${file}: stats.${k} is missing`);
    stats[k] = v;
  }
  const notes = Array.isArray(doc.notes) ? doc.notes.filter((n): n is string => typeof n === 'string') : [];
  return { secrets: doc.secrets as SecretRow[], stats, notes };
}
