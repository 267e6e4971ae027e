import type { Finding } from '../src/finding.js';
import { describeObject } from '../src/report/object-label.js';
import { findingMarker, fixedMarker, reviewMarker } from './marker.js';
import { mdCode, mdFence, mdText } from '../src/report/markdown.js';

/**
 * Comment bodies. Paths, object names and keys come from the pull request, so they are hostile:
 * in prose they are entity- and backslash-escaped, `@` is kept from mentioning anyone and names
 * are capped; commands go into fenced blocks whose fence is longer than any backtick run inside.
 * No value, value prefix or value hash is ever rendered: `Finding.preview`, `valueHash` and
 * `fingerprint` are not read here.
 */

/** GitHub's limit is 65 536 characters; stay well below. */
const MAX_BODY = 60_000;
const MAX_NAME = 200;

/** Free text from the repository, safe in Markdown prose: no HTML, no formatting, no mentions. */
export function escapeText(s: string, max = Number.POSITIVE_INFINITY): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  return mdText(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

const ICON: Record<Finding['severity'], string> = { error: '🛑', warning: '⚠️', note: 'ℹ️' };

const ROTATE_LINE =
  "⚠️ This value is now in the PR's history: **rotate it**. Sealing or deleting it does not remove it from git history.";

export interface Suggestion {
  /** Replacement for the commented lines (a SealedSecret). */
  text: string;
  /** Shown above the block: where the certificate came from. */
  note: string;
}

/** One inline or file comment. */
export function commentBody(f: Finding, id: string, suggestion?: Suggestion): string {
  const body = render(f, id, suggestion);
  return body.length <= MAX_BODY || suggestion === undefined ? body : render(f, id, undefined);
}

function render(f: Finding, id: string, suggestion: Suggestion | undefined): string {
  const lines: string[] = [];
  lines.push(
    `${ICON[f.severity]} **sealcheck** · ${mdCode(f.ruleId, false)} · ${f.severity}${f.preexisting ? ' (already on the base branch)' : ''}`,
  );
  const object = describeObject(f.object);
  lines.push(`**${escapeText(f.title)}**${object !== undefined ? ` in ${escapeText(object, MAX_NAME)}` : ''}`);
  lines.push('');
  lines.push(escapeText(f.message, 2_000));
  lines.push('');
  // Rule text is ours (rules/*.yaml), written in Markdown.
  lines.push(`**Why:** ${f.description}`);
  lines.push('');
  if (suggestion !== undefined) {
    lines.push(
      `**Fix:** replace the Secret with this SealedSecret (${escapeText(suggestion.note, MAX_NAME)}; ciphertext only, no value):`,
    );
    lines.push('');
    lines.push(mdFence(suggestion.text, 'suggestion'));
    lines.push('');
    if (f.fix !== undefined) lines.push('Or run:', '', mdFence(f.fix.slice(0, 4_000), 'sh'), '');
  } else if (f.fix !== undefined) {
    const isCommand = /^(sealcheck|kubeseal) /.test(f.fix);
    lines.push(`**Fix:** ${f.remediation}`);
    lines.push('');
    lines.push(mdFence(f.fix.slice(0, 4_000), isCommand ? 'sh' : 'text'));
    lines.push('');
  } else {
    lines.push(`**Fix:** ${f.remediation}`);
    lines.push('');
  }
  if (f.rotate !== undefined) lines.push(ROTATE_LINE, '');
  lines.push(`[Rule documentation](${f.helpUri.replace(/[()<>\s]/g, encodeURIComponent)})`);
  lines.push(findingMarker(id, f.ruleId));
  return lines.join('\n');
}

/** The reply to a comment whose finding is gone at `headSha`. */
export function fixedBody(id: string, headSha: string): string {
  return [
    `✅ Fixed — no longer present at ${headSha.slice(0, 12)}. Still rotate it: the value was committed in this pull request's history, and removing or sealing it does not un-leak it.`,
    fixedMarker(id),
  ].join('\n');
}

export interface ReviewBodyInput {
  blocking: number;
  total: number;
  inline: number;
  /** New findings that could not be placed on a diff line (over max-comments, outside the diff). */
  overflow: readonly { finding: Finding; id: string }[];
  /** Only those not reported by an earlier review. */
  history: readonly HistoryItem[];
  /** Ids that earlier reviews listed. */
  previouslyListed: ReadonlySet<string>;
  summaryUrl?: string;
  /** Markdown lines that say how to get the job green when only the history holds values. */
  historyAdvice?: readonly string[];
}

/** A finding a commit of the range added and a later one removed (scan-history). */
export interface HistoryItem {
  finding: Finding;
  /** Marker id, as of the commit that added it. */
  id: string;
  commit: string;
}

const MAX_LISTED = 50;

/** The review's own text: counts, what did not fit inline, secrets added and removed again. */
export function reviewBody(input: ReviewBodyInput): string {
  const lines: string[] = [];
  lines.push(`### sealcheck: ${input.total} finding${input.total === 1 ? '' : 's'}, ${input.blocking} blocking`);
  lines.push('');
  if (input.inline > 0) lines.push(`${input.inline} new comment${input.inline === 1 ? '' : 's'} on the lines below.`);
  if (input.overflow.length > 0) {
    lines.push('', `Not commented inline (${input.overflow.length}):`, '');
    for (const o of input.overflow.slice(0, MAX_LISTED)) lines.push(`- ${listItem(o.finding)}`);
    if (input.overflow.length > MAX_LISTED)
      lines.push(`- … and ${input.overflow.length - MAX_LISTED} more in the job summary`);
  }
  if (input.history.length > 0) {
    lines.push(
      '',
      `Committed in this pull request and removed again (${input.history.length}): the values are still in its history, rotate them:`,
      '',
    );
    for (const h of input.history.slice(0, MAX_LISTED))
      lines.push(`- ${listItem(h.finding)} (added in ${h.commit.slice(0, 12)})`);
    if (input.history.length > MAX_LISTED)
      lines.push(`- … and ${input.history.length - MAX_LISTED} more in the job summary`);
    if (input.historyAdvice !== undefined && input.historyAdvice.length > 0) lines.push('', ...input.historyAdvice);
  }
  lines.push('', 'A value that reached a commit must be rotated, not only sealed.');
  if (input.summaryUrl !== undefined)
    lines.push(`Full report: [job summary](${input.summaryUrl.replace(/[()<>\s]/g, encodeURIComponent)}).`);
  const listed = new Set([
    ...input.previouslyListed,
    ...input.overflow.map((o) => o.id),
    ...input.history.map((h) => h.id),
  ]);
  const marker = reviewMarker([...listed]);
  return `${lines.join('\n').slice(0, MAX_BODY - marker.length - 1)}\n${marker}`;
}

export function listItem(f: Finding): string {
  const object = describeObject(f.object);
  return `${f.severity} ${mdCode(f.ruleId, false)} ${escapeText(f.location.path, MAX_NAME)}:${f.location.line}${object !== undefined ? ` (${escapeText(object, MAX_NAME)})` : ''}: ${escapeText(f.message, 500)}`;
}
