import { mdCode, mdText } from '../report/markdown.js';
import { plural } from '../report/summary.js';
import type { SweepReporter } from '../report/reporter.js';
import type { SecretRow } from './model.js';
import { objectWords } from './report-common.js';

/**
 * An incident ticket: what leaked, what to do first, and one checklist item per secret with where
 * it entered history. Repository text goes into code spans or is escaped (see report/markdown.ts).
 */
function item(r: SecretRow): string[] {
  const i = r.introducedIn;
  const repo = r.repo !== undefined ? `${mdCode(r.repo, false)} ` : '';
  return [
    `- [ ] **${r.status === 'rotate' ? 'Rotate' : 'Verify revoked'}** ${repo}${mdCode(objectWords(r), false)} (${mdCode(r.rule, false)}, ${r.severity}, fingerprint ${mdCode(r.fingerprint, false)})`,
    `  - ${mdText(r.reason)}`,
    `  - introduced ${mdText(i.date)} in ${mdCode(i.commit.slice(0, 12), false)} by ${mdText(i.author)} at ${mdCode(i.path, false)}; last seen in ${mdCode(r.lastSeenIn.commit.slice(0, 12), false)}; ${plural(r.commits, 'commit')}; ${r.presentAtHead ? 'present at HEAD' : 'not at HEAD'}`,
    `  - refs: ${r.refs.length > 0 ? r.refs.map((n) => mdCode(n, false)).join(', ') : 'none (unreachable commits only)'}`,
  ];
}

export const sweepMarkdownReporter = {
  format: 'markdown',
  render: (report) => {
    const s = report.stats;
    const out = [
      '# Secrets in git history',
      '',
      `${plural(s.secrets, 'secret')} reached a commit: **${s.rotate} to rotate**, ${s.superseded} superseded (likely rotated: verify the old value was revoked). Swept ${plural(s.commits, 'commit')} and ${plural(s.blobs, 'blob')} across ${plural(s.refs, 'ref')}${s.repositories > 1 ? ` in ${s.repositories} repositories` : ''}.`,
      '',
      'A value that reached a commit stays readable in history, in every clone, fork and backup, even after it is deleted or sealed: rotating it is the fix; rewriting history is not.',
      '',
    ];
    if (s.leakedSealingKeys > 0)
      out.push(
        `**First renew the sealing key**: ${plural(s.leakedSealingKeys, 'sealed-secrets controller private key')} leaked, and every SealedSecret sealed to it can be opened.`,
        '',
      );
    if (report.secrets.length > 0) out.push('## Checklist', '');
    for (const r of report.secrets) for (const line of item(r)) out.push(line);
    if (report.notes.length > 0) out.push('', '## Limits of this sweep', '');
    for (const n of report.notes) out.push(`- ${mdText(n)}`);
    // An incomplete sweep says so before anything else, right under the summary line.
    const errors = report.errors ?? [];
    if (errors.length > 0)
      return `${[...out.slice(0, 2), '**The sweep is incomplete:**', '', ...errors.map((n) => `- ${mdText(n)}`), '', ...out.slice(2)].join('\n')}\n`;
    return `${out.join('\n')}\n`;
  },
} satisfies SweepReporter<'markdown'>;
