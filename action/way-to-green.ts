import type { Finding } from '../src/finding.js';
import { mdCode, mdFence } from '../src/report/markdown.js';
import { blocks, type FailOn } from '../src/severity.js';
import { escapeText, type HistoryItem } from './render.js';

/** A commit of the range that added a value the head no longer has. */
export interface HoldingCommit {
  sha: string;
  /** Its subject line, from the pull request: escaped before it is shown. */
  subject: string;
}

/**
 * What to do when the head is clean but commits of the range still hold values: the job stays red
 * because merging those commits carries the values into the base branch and every clone. The way
 * to green, in order: rotate the values, then rewrite the branch so no commit holds them (one
 * squashed commit from the merge base is the simplest, and the head is already clean), or ask a
 * maintainer for the override label. Markdown lines, for the review body and the job summary.
 */
export function historyAdvice(input: {
  history: readonly HistoryItem[];
  commits: readonly HoldingCommit[];
  mergeBase: string;
  failOn: FailOn;
  allowLabel: string | undefined;
}): string[] {
  const blocking = input.history.filter((h) => blocks(h.finding.severity, input.failOn));
  if (blocking.length === 0) return [];
  const lines = [
    `**The head no longer holds ${blocking.length === 1 ? 'this value' : `these ${blocking.length} values`}, but commits of this branch do**: merged as they are, the values reach the base branch and every clone. To get to green:`,
    '',
    '1. **Rotate** each value listed: it was pushed, so treat it as leaked.',
    '2. **Rewrite the branch** so that no commit holds a value, then force-push. The head is clean, so squashing every commit of the branch into one is enough:',
    '',
    mdFence(
      [
        `git reset --soft ${input.mergeBase}`,
        "git commit -m 'Squash the branch: no commit holds the removed values'",
        'git push --force-with-lease',
      ].join('\n'),
      'sh',
    ),
    '',
    '   Or drop or edit the commits below in `git rebase -i`.',
  ];
  if (input.allowLabel !== undefined)
    lines.push(
      `3. Or a maintainer with write access adds the label ${mdCode(input.allowLabel, false)} once the values are rotated: the findings are still reported, the job passes.`,
    );
  lines.push('', 'Commits that added them:', '');
  for (const c of input.commits) {
    const held = blocking.filter((h) => h.commit === c.sha).map((h) => h.finding);
    if (held.length > 0)
      lines.push(`- ${mdCode(c.sha.slice(0, 12), false)} ${escapeText(c.subject, 120)}: ${what(held)}`);
  }
  lines.push('');
  return lines;
}

function what(findings: readonly Finding[]): string {
  const paths = [...new Set(findings.map((f) => f.location.path))];
  return `${findings.length === 1 ? '1 value' : `${findings.length} values`} in ${paths.map((p) => escapeText(p, 200)).join(', ')}`;
}
