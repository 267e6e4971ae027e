import type { SweepReporter } from '../report/reporter.js';
import { refSummary } from './report-common.js';
import { groupByValue, type ValueGroup } from './report-groups.js';

/**
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled). Paths, names and authors come from the repository: a cell starting with `=`,
 * `+`, `-`, `@` (or a tab or carriage return) would be a formula in a spreadsheet, so it is
 * prefixed with a single quote (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per distinct value (see report-groups.ts); the lead row's object, rule and reason stand for it. */
const COLUMNS: [string, (g: ValueGroup) => string | number | boolean][] = [
  ['repo', (g) => g.lead.repo ?? ''],
  ['status', (g) => g.lead.status],
  ['severity', (g) => g.lead.severity],
  ['title', (g) => g.titles[0] ?? g.lead.rule],
  ['preview', (g) => g.lead.preview],
  ['rule', (g) => g.lead.rule],
  ['kind', (g) => g.lead.kind ?? ''],
  ['namespace', (g) => g.lead.namespace ?? ''],
  ['name', (g) => g.lead.name ?? ''],
  ['key', (g) => g.lead.key ?? ''],
  ['also_under', (g) => g.titles.slice(1).join('; ')],
  ['introduced_commit', (g) => g.introducedIn.commit],
  ['introduced_author', (g) => g.introducedIn.author],
  ['introduced_date', (g) => g.introducedIn.date],
  ['introduced_path', (g) => g.introducedIn.path],
  ['introduced_line', (g) => g.introducedIn.line ?? ''],
  ['last_seen_commit', (g) => g.lastSeenIn.commit],
  ['last_seen_date', (g) => g.lastSeenIn.date],
  ['last_seen_path', (g) => g.lastSeenIn.path],
  ['seen_at', (g) => g.paths.join('; ')],
  ['commits', (g) => g.commits],
  ['present_at_head', (g) => g.presentAtHead],
  ['refs', (g) => refSummary(g.refs, g.lead.defaultBranch)],
  ['ref_count', (g) => g.refs.length],
  ['fingerprint', (g) => g.fingerprints[0] ?? g.lead.fingerprint],
  ['fingerprints', (g) => g.fingerprints.join(' ')],
  ['reason', (g) => g.lead.reason],
];

/**
 * Errors and notes (what the sweep could not see) follow the secrets as rows of status `error` or
 * `note`, with the text in `reason`: a spreadsheet of the secrets alone would read as complete.
 */
function noteRow(status: 'error' | 'note', text: string): string {
  return COLUMNS.map(([h]) => csvCell(h === 'status' ? status : h === 'reason' ? text : '')).join(',');
}

export const sweepCsvReporter = {
  format: 'csv',
  render: (report) => {
    const lines = [COLUMNS.map(([h]) => csvCell(h)).join(',')];
    for (const g of groupByValue(report.secrets)) lines.push(COLUMNS.map(([, get]) => csvCell(get(g))).join(','));
    for (const n of report.errors ?? []) lines.push(noteRow('error', n));
    for (const n of report.notes) lines.push(noteRow('note', n));
    return `${lines.join('\r\n')}\r\n`;
  },
} satisfies SweepReporter<'csv'>;
