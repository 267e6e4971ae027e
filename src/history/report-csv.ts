import type { SweepReporter } from '../report/reporter.js';
import type { SecretRow } from './model.js';

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

const COLUMNS: [string, (r: SecretRow) => string | number | boolean][] = [
  ['repo', (r) => r.repo ?? ''],
  ['status', (r) => r.status],
  ['severity', (r) => r.severity],
  ['rule', (r) => r.rule],
  ['kind', (r) => r.kind ?? ''],
  ['namespace', (r) => r.namespace ?? ''],
  ['name', (r) => r.name ?? ''],
  ['key', (r) => r.key ?? ''],
  ['fingerprint', (r) => r.fingerprint],
  ['introduced_commit', (r) => r.introducedIn.commit],
  ['introduced_author', (r) => r.introducedIn.author],
  ['introduced_date', (r) => r.introducedIn.date],
  ['introduced_path', (r) => r.introducedIn.path],
  ['last_seen_commit', (r) => r.lastSeenIn.commit],
  ['last_seen_date', (r) => r.lastSeenIn.date],
  ['last_seen_path', (r) => r.lastSeenIn.path],
  ['commits', (r) => r.commits],
  ['present_at_head', (r) => r.presentAtHead],
  ['refs', (r) => r.refs.join(' ')],
  ['reason', (r) => r.reason],
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
    for (const r of report.secrets) lines.push(COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
    for (const n of report.errors ?? []) lines.push(noteRow('error', n));
    for (const n of report.notes) lines.push(noteRow('note', n));
    return `${lines.join('\r\n')}\r\n`;
  },
} satisfies SweepReporter<'csv'>;
