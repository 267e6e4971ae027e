import type { Finding } from '../src/finding.js';
import { describeObject } from '../src/report/object-label.js';
import { messageWithoutKey, type GroupKey, type ObjectGroup } from '../src/report/object-groups.js';
import { findingMarker, fixedMarker, reviewMarker } from './marker.js';
import { fixFence, mdCode, mdFence, mdText } from '../src/report/markdown.js';

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
const ROTATE_MANY =
  "⚠️ These values are now in the PR's history: **rotate them**. Sealing or deleting them does not remove them from git history.";

export interface Suggestion {
  /** Replacement for the commented lines (a SealedSecret). */
  text: string;
  /** Shown above the block: where the certificate came from. */
  note: string;
}

/** One inline or file comment: one leaking object, its keys, the fix once. */
export function groupCommentBody(g: ObjectGroup, id: string, suggestion?: Suggestion): string {
  const body = renderGroup(g, id, suggestion);
  return body.length <= MAX_BODY || suggestion === undefined ? body : renderGroup(g, id, undefined);
}

const PLURAL: Record<Finding['severity'], string> = { error: 'errors', warning: 'warnings', note: 'notes' };

/** `2 errors, 1 note`, worst first. */
function severityCounts(g: ObjectGroup): string {
  const counts = new Map<Finding['severity'], number>();
  for (const k of g.keys) counts.set(k.severity, (counts.get(k.severity) ?? 0) + 1);
  return (['error', 'warning', 'note'] as const)
    .filter((s) => counts.has(s))
    .map((s) => {
      const n = counts.get(s) ?? 0;
      return `${n} ${n === 1 ? s : PLURAL[s]}`;
    })
    .join(', ');
}

function fixBlock(fix: string, g: ObjectGroup): string {
  return fixFence(fix.slice(0, 4_000), g);
}

/** A key row: severity, key and what was found (the message without the words the header says). */
function keyLine(k: GroupKey, g: ObjectGroup): string {
  // Escaped prose, not a code span: a key is the repository's text, and no raw `<`, `@` or backtick of it may reach the page.
  const key = k.key !== undefined ? `**${escapeText(k.key, MAX_NAME)}** ` : '';
  const old = k.finding.preexisting === true && g.findings.some((f) => f.preexisting !== true);
  const rule = g.ruleIds.length > 1 ? ` ${mdCode(k.ruleId, false)}` : '';
  return `- ${ICON[k.severity]} ${key}(${k.severity}${old ? ', already on the base branch' : ''})${rule}: ${escapeText(g.label !== undefined ? messageWithoutKey(k, g) : k.message, 500)}`;
}

function renderGroup(g: ObjectGroup, id: string, suggestion: Suggestion | undefined): string {
  const lines: string[] = [];
  const allOld = g.findings.every((f) => f.preexisting === true);
  const what = g.label !== undefined ? escapeText(g.label, MAX_NAME) : escapeText(g.findings[0]?.title ?? '', MAX_NAME);
  lines.push(
    `${ICON[g.severity]} **sealcheck** · **${what}** · ${severityCounts(g)}${allOld ? ' (already on the base branch)' : ''} · ${g.ruleIds.map((r) => mdCode(r, false)).join(', ')}`,
  );
  lines.push('');
  for (const k of g.keys) {
    lines.push(keyLine(k, g));
    if (k.fix !== undefined) lines.push('', indent(fixBlock(k.fix, g)), '');
  }
  lines.push('');
  if (suggestion !== undefined) {
    lines.push(
      `**Fix:** replace the Secret with this SealedSecret (${escapeText(suggestion.note, MAX_NAME)}; ciphertext only, no value):`,
    );
    lines.push('');
    lines.push(mdFence(suggestion.text, 'suggestion'));
    lines.push('');
    if (g.fix !== undefined) lines.push('Or run:', '', fixBlock(g.fix, g), '');
  } else if (g.fix !== undefined) {
    lines.push('**Fix:**', '', fixBlock(g.fix, g), '');
  } else {
    // No concrete change to show: the rule's remediation is the fix.
    const remediation = g.findings[0]?.remediation;
    if (remediation !== undefined) lines.push(`**Fix:** ${remediation}`, '');
  }
  if (g.rotate !== undefined) lines.push(g.keys.length > 1 ? ROTATE_MANY : ROTATE_LINE, '');
  lines.push(detailsOf(g));
  lines.push(findingMarker(id, g.ruleIds[0] ?? 'unknown'));
  return lines.join('\n');
}

/** Continuation lines of a list item are indented so the block belongs to it. */
function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Why each rule matters and its documentation, folded: the comment's first screen is what to do. */
function detailsOf(g: ObjectGroup): string {
  const seen = new Set<string>();
  const parts: string[] = ['<details><summary>Why and docs</summary>', ''];
  for (const f of g.findings) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    // Rule text is ours (rules/*.yaml), written in Markdown.
    parts.push(
      `${mdCode(f.ruleId, false)}: ${f.description} [Rule documentation](${f.helpUri.replace(/[()<>\s]/g, encodeURIComponent)})`,
      '',
    );
  }
  parts.push('</details>');
  return parts.join('\n');
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
  /** New objects that could not be placed on a diff line (over max-comments, outside the diff). */
  overflow: readonly { group: ObjectGroup; id: string }[];
  /** New objects below comment-severity (notes by default): listed here, never commented inline. */
  belowThreshold: readonly { group: ObjectGroup; id: string }[];
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
    for (const o of input.overflow.slice(0, MAX_LISTED)) lines.push(`- ${groupListItem(o.group)}`);
    if (input.overflow.length > MAX_LISTED)
      lines.push(`- … and ${input.overflow.length - MAX_LISTED} more in the job summary`);
  }
  if (input.belowThreshold.length > 0) {
    lines.push('', `Below the comment threshold (${input.belowThreshold.length}), for the record:`, '');
    for (const o of input.belowThreshold.slice(0, MAX_LISTED)) lines.push(`- ${groupListItem(o.group)}`);
    if (input.belowThreshold.length > MAX_LISTED)
      lines.push(`- … and ${input.belowThreshold.length - MAX_LISTED} more in the job summary`);
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
    if (input.historyAdvice !== undefined && input.historyAdvice.length > 0) {
      lines.push('');
      for (const line of input.historyAdvice) lines.push(line);
    }
  }
  lines.push('', 'A value that reached a commit must be rotated, not only sealed.');
  if (input.summaryUrl !== undefined)
    lines.push(`Full report: [job summary](${input.summaryUrl.replace(/[()<>\s]/g, encodeURIComponent)}).`);
  const listed = new Set([
    ...input.previouslyListed,
    ...input.overflow.map((o) => o.id),
    ...input.belowThreshold.map((o) => o.id),
    ...input.history.map((h) => h.id),
  ]);
  const marker = reviewMarker([...listed]);
  return `${lines.join('\n').slice(0, MAX_BODY - marker.length - 1)}\n${marker}`;
}

export function listItem(f: Finding): string {
  const object = describeObject(f.object);
  return `${f.severity} ${mdCode(f.ruleId, false)} ${escapeText(f.location.path, MAX_NAME)}:${f.location.line}${object !== undefined ? ` (${escapeText(object, MAX_NAME)})` : ''}: ${escapeText(f.message, 500)}`;
}

/** One object on one line: where, what, and each key with its severity. */
function groupListItem(g: ObjectGroup): string {
  const range = g.endLine > g.line ? `${g.line}-${g.endLine}` : String(g.line);
  const where = `${escapeText(g.path, MAX_NAME)}:${range}`;
  const first = g.keys[0];
  if (g.label === undefined || first === undefined)
    return `${g.severity} ${g.ruleIds.map((r) => mdCode(r, false)).join(', ')} ${where}: ${escapeText(first?.message ?? '', 500)}`;
  const keys = g.keys
    .slice(0, 20)
    .map((k) => `${k.key !== undefined ? `${escapeText(k.key, MAX_NAME)} ` : ''}${k.severity}`)
    .join(', ');
  const more = g.keys.length > 20 ? `, … ${g.keys.length - 20} more` : '';
  return `${g.severity} ${escapeText(g.label, MAX_NAME)} in ${where} (${g.ruleIds.map((r) => mdCode(r, false)).join(', ')}): ${keys}${more}`;
}
