import { mdCode, mdText } from '../report/markdown.js';
import { plural } from '../report/summary.js';
import type { SweepReporter } from '../report/reporter.js';
import { pathLine, refSummary } from './report-common.js';
import { groupByValue, groupCounts, type ValueGroup } from './report-groups.js';

/**
 * An incident ticket: what leaked, what to do first, and one checklist item per distinct value,
 * titled by what it is, with its preview and the file and line where it entered history. Repository
 * text goes into code spans or is escaped (see report/markdown.ts).
 */
function item(g: ValueGroup): string[] {
  const r = g.lead;
  const i = g.introducedIn;
  const repo = r.repo !== undefined ? `${mdCode(r.repo, false)} ` : '';
  const [title, ...also] = g.titles;
  const shown = title ?? r.rule;
  // A title without an object already starts with the rule.
  const rule = shown.startsWith(r.rule) ? '' : `${mdCode(r.rule, false)}, `;
  const out = [
    `- [ ] **${r.status === 'rotate' ? 'Rotate' : 'Verify revoked'}** ${repo}${mdCode(shown, false)}: ${mdCode(r.preview, false)} (${rule}${r.severity})`,
    `  - ${mdText(r.reason)}`,
    `  - introduced ${mdText(i.date.slice(0, 10))} in ${mdCode(i.commit.slice(0, 12), false)} by ${mdText(i.author)} at ${mdCode(pathLine(i), false)}; last seen in ${mdCode(g.lastSeenIn.commit.slice(0, 12), false)}; ${plural(g.commits, 'commit')}; ${g.presentAtHead ? 'present at HEAD' : 'not at HEAD'}`,
  ];
  if (also.length > 0) out.push(`  - also under: ${also.map((t) => mdCode(t, false)).join(', ')}`);
  if (g.paths.length > 1) out.push(`  - seen at: ${g.paths.map((p) => mdCode(p, false)).join(', ')}`);
  out.push(`  - refs: ${mdText(refSummary(g.refs, r.defaultBranch))}`);
  const [fp, ...moreFps] = g.fingerprints;
  out.push(
    `  - fingerprint ${mdCode(fp ?? r.fingerprint, false)}${moreFps.length > 0 ? ` and ${moreFps.length} more (every one in the JSON report)` : ''}`,
  );
  return out;
}

export const sweepMarkdownReporter = {
  format: 'markdown',
  render: (report) => {
    const s = report.stats;
    const groups = groupByValue(report.secrets);
    const n = groupCounts(groups);
    const out = [
      '# Secrets in git history',
      '',
      `${plural(n.values, 'secret value')} reached a commit: **${n.rotate} to rotate**, ${n.superseded} superseded (likely rotated: verify the old value was revoked). Swept ${plural(s.commits, 'commit')} and ${plural(s.blobs, 'blob')} across ${plural(s.refs, 'ref')}${s.repositories > 1 ? ` in ${s.repositories} repositories` : ''}.`,
      '',
      'A value that reached a commit stays readable in history, in every clone, fork and backup, even after it is deleted or sealed: rotating it is the fix; rewriting history is not.',
      '',
    ];
    if (s.leakedSealingKeys > 0)
      out.push(
        `**First renew the sealing key**: ${plural(s.leakedSealingKeys, 'sealed-secrets controller private key')} leaked, and every SealedSecret sealed to it can be opened.`,
        '',
      );
    if (groups.length > 0) out.push('## Checklist', '');
    for (const g of groups) for (const line of item(g)) out.push(line);
    if (report.notes.length > 0) out.push('', '## Limits of this sweep', '');
    for (const note of report.notes) out.push(`- ${mdText(note)}`);
    // An incomplete sweep says so before anything else, right under the summary line.
    const errors = report.errors ?? [];
    if (errors.length > 0)
      return `${[...out.slice(0, 2), '**The sweep is incomplete:**', '', ...errors.map((e) => `- ${mdText(e)}`), '', ...out.slice(2)].join('\n')}\n`;
    return `${out.join('\n')}\n`;
  },
} satisfies SweepReporter<'markdown'>;
