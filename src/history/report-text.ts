import { clean } from '../report/text.js';
import { plural } from '../report/summary.js';
import type { SweepReporter } from '../report/reporter.js';
import type { SecretRow } from './model.js';
import { objectWords } from './report-common.js';
import { refWords } from './verdict.js';

/**
 * The human format: one block per secret, riskiest first. The headline is a table row (status,
 * severity, object, rule, fingerprint); the indented lines say where it entered history, how far it
 * travelled and why it has this status. Everything from the repository is shown escaped.
 */
function sgr(on: boolean, code: string): (s: string) => string {
  return on ? (s) => `\u001b[${code}m${s}\u001b[0m` : (s) => s;
}

/** Refs listed per secret; the JSON, CSV and SARIF reports list them all. */
const MAX_REFS = 6;

const day = (iso: string): string => iso.slice(0, 10);

function block(r: SecretRow, color: boolean): string[] {
  const status = r.status === 'rotate' ? sgr(color, '1;31')('ROTATE    ') : sgr(color, '33')('SUPERSEDED');
  const where = r.repo !== undefined ? `${clean(r.repo)}: ` : '';
  const head = `${status}  ${r.severity.padEnd(7)}  ${where}${clean(objectWords(r))}  ${sgr(color, '2')(`${r.rule} ${r.fingerprint}`)}`;
  const i = r.introducedIn;
  const l = r.lastSeenIn;
  const shown = r.refs.slice(0, MAX_REFS).map((n) => clean(refWords(n)));
  if (r.refs.length > MAX_REFS) shown.push(`and ${r.refs.length - MAX_REFS} more`);
  const refs = r.refs.length > 0 ? shown.join(', ') : 'none (unreachable commits)';
  return [
    head,
    `            introduced ${day(i.date)} in ${i.commit.slice(0, 12)} by ${clean(i.author)}, ${clean(i.path)}`,
    `            last seen  ${day(l.date)} in ${l.commit.slice(0, 12)}, ${clean(l.path)}; in ${plural(r.commits, 'commit')}; ${r.presentAtHead ? 'present at HEAD' : 'not at HEAD'}`,
    `            refs       ${refs}`,
    `            why        ${clean(r.reason)}`,
  ];
}

export const sweepTextReporter = {
  format: 'text',
  render: (report, ctx) => {
    const out: string[] = [];
    for (const r of report.secrets) out.push(...block(r, ctx.color), '');
    const s = report.stats;
    const suppressed = report.suppressed?.length ?? 0;
    for (const n of report.errors ?? []) out.push(`error: ${clean(n)}`);
    for (const n of report.notes) out.push(n.startsWith('warning: ') ? clean(n) : `note: ${clean(n)}`);
    out.push(
      `${plural(s.secrets, 'secret')} in history: ${s.rotate} to rotate, ${s.superseded} superseded${s.leakedSealingKeys > 0 ? `, ${plural(s.leakedSealingKeys, 'leaked sealing key')}` : ''} (${plural(s.commits, 'commit')}, ${plural(s.blobs, 'blob')}, ${plural(s.refs, 'ref')}${s.repositories > 1 ? `, ${s.repositories} repositories` : ''})${suppressed > 0 ? `; ${suppressed} suppressed` : ''}`,
    );
    return `${out.join('\n')}\n`;
  },
} satisfies SweepReporter<'text'>;
