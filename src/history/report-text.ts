import { clean } from '../report/text.js';
import { plural } from '../report/summary.js';
import type { SweepReporter } from '../report/reporter.js';
import { pathLine, refSummary } from './report-common.js';
import { groupByValue, groupCounts, type ValueGroup } from './report-groups.js';

/**
 * The human format: one block per distinct value, riskiest first. The headline is a table row
 * (status, severity, what it is, preview, rule); the indented lines say where it entered history
 * (file and line), how far it travelled and why it has this status. Everything from the repository
 * is shown escaped.
 */
function sgr(on: boolean, code: string): (s: string) => string {
  return on ? (s) => `\u001b[${code}m${s}\u001b[0m` : (s) => s;
}

const day = (iso: string): string => iso.slice(0, 10);

function block(g: ValueGroup, color: boolean): string[] {
  const r = g.lead;
  const status = r.status === 'rotate' ? sgr(color, '1;31')('ROTATE    ') : sgr(color, '33')('SUPERSEDED');
  const where = r.repo !== undefined ? `${clean(r.repo)}: ` : '';
  const [title, ...also] = g.titles;
  const shown = title ?? r.rule;
  // A title without an object already starts with the rule.
  const rule = shown.startsWith(r.rule) ? '' : `  ${sgr(color, '2')(r.rule)}`;
  const head = `${status}  ${r.severity.padEnd(7)}  ${where}${clean(shown)}  ${clean(r.preview)}${rule}`;
  const i = g.introducedIn;
  const l = g.lastSeenIn;
  const out = [
    head,
    `            introduced ${day(i.date)} in ${i.commit.slice(0, 12)} by ${clean(i.author)}, ${clean(pathLine(i))}`,
    `            last seen  ${day(l.date)} in ${l.commit.slice(0, 12)}, ${clean(l.path)}; in ${plural(g.commits, 'commit')}; ${g.presentAtHead ? 'present at HEAD' : 'not at HEAD'}`,
  ];
  if (also.length > 0) out.push(`            also under ${also.map(clean).join('; ')}`);
  if (g.paths.length > 1) out.push(`            seen at    ${g.paths.map(clean).join(', ')}`);
  const [fp, ...moreFps] = g.fingerprints;
  out.push(
    `            refs       ${clean(refSummary(g.refs, r.defaultBranch))}`,
    `            why        ${clean(r.reason)}`,
    `            id         ${fp ?? r.fingerprint}${moreFps.length > 0 ? ` (+${moreFps.length} more)` : ''}`,
  );
  return out;
}

export const sweepTextReporter = {
  format: 'text',
  render: (report, ctx) => {
    const out: string[] = [];
    const groups = groupByValue(report.secrets);
    // Pushed one by one: a spread passes every line as an argument and overflows the stack on a huge report.
    for (const g of groups) {
      for (const line of block(g, ctx.color)) out.push(line);
      out.push('');
    }
    const s = report.stats;
    const n = groupCounts(groups);
    const suppressed = report.suppressed?.length ?? 0;
    for (const e of report.errors ?? []) out.push(`error: ${clean(e)}`);
    for (const note of report.notes) out.push(note.startsWith('warning: ') ? clean(note) : `note: ${clean(note)}`);
    out.push(
      `${plural(n.values, 'secret value')} in history: ${n.rotate} to rotate, ${n.superseded} superseded${s.leakedSealingKeys > 0 ? `, ${plural(s.leakedSealingKeys, 'leaked sealing key')}` : ''} (${plural(s.commits, 'commit')}, ${plural(s.blobs, 'blob')}, ${plural(s.refs, 'ref')}${s.repositories > 1 ? `, ${s.repositories} repositories` : ''})${suppressed > 0 ? `; ${suppressed} suppressed` : ''}`,
    );
    return `${out.join('\n')}\n`;
  },
} satisfies SweepReporter<'text'>;
