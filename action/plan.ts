import type { Finding } from '../src/finding.js';
import { anchorFor, inOneHunk, type FileDiff } from './diff-map.js';
import type { FilterMode } from './inputs.js';
import { commentBody, type HistoryItem } from './render.js';
import type { SealedReplacement } from './suggest.js';

/** A comment of `pulls.createReview`'s `comments[]` (RIGHT side of the head commit). */
interface InlineComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

interface PlannedInline {
  id: string;
  finding: Finding;
  comment: InlineComment;
  /** The same comment on one line and without a suggestion: what a 422 retry sends. */
  plain: InlineComment;
}

interface PlannedFileComment {
  id: string;
  finding: Finding;
  path: string;
  body: string;
}

/** What earlier runs left on the pull request, read from the markers of our own comments. */
export interface Existing {
  /** Finding id → the root comment that reported it. */
  commented: Map<string, number>;
  /** Finding ids that already have a "fixed" reply. */
  fixedReplied: Set<string>;
  /** Ids listed in the body of one of our reviews (history findings, findings without a comment). */
  listed: Set<string>;
}

export interface Plan {
  inline: PlannedInline[];
  fileComments: PlannedFileComment[];
  /** New findings that get no comment of their own (over max-comments, or no diff line); listed in the review body. */
  overflow: { finding: Finding; id: string }[];
  /** Comments whose finding is gone at the head: each gets one reply. */
  fixed: { commentId: number; id: string }[];
  history: HistoryItem[];
}

/** File-level comments per run, capped as reviewdog caps them, so a large change does not flood the conversation. */
const MAX_FILE_COMMENTS = 10;

export interface PlanInput {
  /** Findings after the filter mode, with their marker ids, in report order. */
  findings: readonly { finding: Finding; id: string }[];
  /** Ids of every finding at the head, filtered or not: a comment is "fixed" only when its id is not here. */
  headIds: ReadonlySet<string>;
  diff: ReadonlyMap<string, FileDiff>;
  filterMode: FilterMode;
  maxComments: number;
  /** Sealed replacements by finding (only with a certificate and suggestions on). */
  suggestions: ReadonlyMap<Finding, SealedReplacement>;
  suggestionNote: string;
  history: readonly HistoryItem[];
  existing: Existing;
}

/**
 * The pure decision of what to post: one inline comment per new finding on a diff line (the whole
 * Secret document when it carries a sealed suggestion and fits one hunk), file comments for
 * findings outside the hunks with `filter-mode: file`, nothing for what is already commented, a
 * reply for what disappeared. Severity first, so the most serious findings get the comments.
 */
export function planReview(input: PlanInput): Plan {
  const plan: Plan = { inline: [], fileComments: [], overflow: [], fixed: [], history: [] };
  const order = { error: 0, warning: 1, note: 2 } as const;
  const fresh = input.findings.filter(({ id }) => !input.existing.commented.has(id) && !input.existing.listed.has(id));
  const ranked = [...fresh].sort((a, b) => order[a.finding.severity] - order[b.finding.severity]);
  const suggestedLines = new Set<string>();
  for (const { finding: f, id } of ranked) {
    const diff = input.diff.get(f.location.path);
    const anchor = anchorFor(diff, f.location.line, f.location.endLine, input.filterMode === 'added' && !f.preexisting);
    if (anchor === undefined) {
      if (input.filterMode === 'file' && diff !== undefined && plan.fileComments.length < MAX_FILE_COMMENTS) {
        plan.fileComments.push({ id, finding: f, path: f.location.path, body: commentBody(f, id) });
      } else plan.overflow.push({ finding: f, id });
      continue;
    }
    if (plan.inline.length >= input.maxComments) {
      plan.overflow.push({ finding: f, id });
      continue;
    }
    const sealed = input.suggestions.get(f);
    const key = sealed ? `${f.location.path}\0${sealed.firstLine}` : '';
    const plain: InlineComment = { path: f.location.path, line: anchor.line, side: 'RIGHT', body: commentBody(f, id) };
    let comment: InlineComment =
      anchor.startLine !== undefined
        ? { ...plain, line: anchor.line, start_line: anchor.startLine, start_side: 'RIGHT' }
        : plain;
    // One suggestion per document (GitHub applies one per line), replacing exactly the commented lines.
    if (sealed && !suggestedLines.has(key) && inOneHunk(diff, sealed.firstLine, sealed.lastLine)) {
      suggestedLines.add(key);
      const body = commentBody(f, id, { text: sealed.text, note: input.suggestionNote });
      comment =
        sealed.lastLine > sealed.firstLine
          ? {
              path: f.location.path,
              start_line: sealed.firstLine,
              start_side: 'RIGHT',
              line: sealed.lastLine,
              side: 'RIGHT',
              body,
            }
          : { path: f.location.path, line: sealed.lastLine, side: 'RIGHT', body };
    }
    plan.inline.push({ id, finding: f, comment, plain: { ...plain, line: anchor.startLine ?? anchor.line } });
  }
  for (const [id, commentId] of input.existing.commented) {
    if (!input.headIds.has(id) && !input.existing.fixedReplied.has(id)) plan.fixed.push({ commentId, id });
  }
  // A removed finding that had a comment gets its "fixed" reply there, which says to rotate it.
  plan.history = input.history.filter((h) => !input.existing.listed.has(h.id) && !input.existing.commented.has(h.id));
  return plan;
}
