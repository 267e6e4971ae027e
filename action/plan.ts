import type { Finding } from '../src/finding.js';
import { groupFindings, type ObjectGroup } from '../src/report/object-groups.js';
import type { Severity } from '../src/severity.js';
import { anchorFor, inOneHunk, type FileDiff } from './diff-map.js';
import type { FilterMode } from './inputs.js';
import { groupCommentBody, type HistoryItem } from './render.js';
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

/** An object to report, under its group id (the marker of its comment or body entry). */
interface PlannedGroup {
  id: string;
  group: ObjectGroup;
}

interface PlannedInline extends PlannedGroup {
  comment: InlineComment;
  /** The same comment on one line and without a suggestion: what a 422 retry sends. */
  plain: InlineComment;
}

interface PlannedFileComment extends PlannedGroup {
  path: string;
  body: string;
}

/** What earlier runs left on the pull request, read from the markers of our own comments. */
export interface Existing {
  /** Object (or, from older runs, finding) id → the root comment that reported it. */
  commented: Map<string, number>;
  /** Ids that already have a "fixed" reply. */
  fixedReplied: Set<string>;
  /** Ids listed in the body of one of our reviews (history findings, objects without a comment, notes). */
  listed: Set<string>;
}

export interface Plan {
  inline: PlannedInline[];
  fileComments: PlannedFileComment[];
  /** New objects that get no comment of their own (over max-comments, or no diff line); listed in the review body. */
  overflow: PlannedGroup[];
  /** New objects below `comment-severity` (notes by default): listed in the review body, never inline. */
  belowThreshold: PlannedGroup[];
  /** Comments whose object is gone at the head: each gets one reply. */
  fixed: { commentId: number; id: string }[];
  history: HistoryItem[];
}

/** File-level comments per run, capped as reviewdog caps them, so a large change does not flood the conversation. */
const MAX_FILE_COMMENTS = 10;

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export interface PlanInput {
  /** Findings after the filter mode, with their marker ids, in report order. */
  findings: readonly { finding: Finding; id: string }[];
  /**
   * Ids of every finding at the head, filtered or not: a comment is "fixed" only when its id is
   * neither here nor the id of an object at the head (the plan adds those).
   */
  headIds: ReadonlySet<string>;
  diff: ReadonlyMap<string, FileDiff>;
  filterMode: FilterMode;
  maxComments: number;
  /** Objects whose worst finding is below this severity are listed in the body, not commented inline. */
  commentSeverity: Severity;
  /** Sealed replacements by finding (only with a certificate and suggestions on). */
  suggestions: ReadonlyMap<Finding, SealedReplacement>;
  suggestionNote: string;
  history: readonly HistoryItem[];
  existing: Existing;
}

function groupsOf(findings: readonly { finding: Finding; id: string }[]): ObjectGroup[] {
  return groupFindings(
    findings.map((x) => x.finding),
    { ids: new Map(findings.map((x) => [x.finding, x.id])) },
  );
}

/**
 * Already reported: the object's comment or body entry, or (comments of older runs, one per
 * finding) every one of its findings.
 */
function alreadyReported(g: ObjectGroup, ids: ReadonlyMap<Finding, string>, existing: Existing): boolean {
  const seen = (id: string): boolean => existing.commented.has(id) || existing.listed.has(id);
  if (seen(g.id)) return true;
  return g.findings.every((f) => {
    const id = ids.get(f);
    return id !== undefined && seen(id);
  });
}

/**
 * The pure decision of what to post: one inline comment per new leaking object on a diff line,
 * anchored on its lines (the whole Secret document when it carries a sealed suggestion and fits
 * one hunk), file comments for objects outside the hunks with `filter-mode: file`, objects below
 * `comment-severity` in the body, nothing for what is already reported, a reply for an object
 * that disappeared. Severity first, so the most serious objects get the comments.
 */
export function planReview(input: PlanInput): Plan {
  const plan: Plan = { inline: [], fileComments: [], overflow: [], belowThreshold: [], fixed: [], history: [] };
  const ids = new Map(input.findings.map((x) => [x.finding, x.id]));
  const fresh = groupsOf(input.findings).filter((g) => !alreadyReported(g, ids, input.existing));
  const ranked = [...fresh].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const suggestedLines = new Set<string>();
  for (const g of ranked) {
    const id = g.id;
    // Findings already on the base branch are notes only because this change did not add them;
    // filter modes that report them ask for them, so the threshold does not hide them.
    const onlyOld = g.findings.every((f) => f.preexisting === true);
    if (!onlyOld && RANK[g.severity] > RANK[input.commentSeverity]) {
      plan.belowThreshold.push({ id, group: g });
      continue;
    }
    const diff = input.diff.get(g.path);
    const addedOnly = input.filterMode === 'added' && g.findings.some((f) => f.preexisting !== true);
    const anchor = anchorFor(diff, g.line, g.endLine, addedOnly);
    if (anchor === undefined) {
      if (input.filterMode === 'file' && diff !== undefined && plan.fileComments.length < MAX_FILE_COMMENTS) {
        plan.fileComments.push({ id, group: g, path: g.path, body: groupCommentBody(g, id) });
      } else plan.overflow.push({ id, group: g });
      continue;
    }
    if (plan.inline.length >= input.maxComments) {
      plan.overflow.push({ id, group: g });
      continue;
    }
    const sealed = sealedOf(g, input.suggestions);
    const key = sealed ? `${g.path}\0${sealed.firstLine}` : '';
    const plain: InlineComment = { path: g.path, line: anchor.line, side: 'RIGHT', body: groupCommentBody(g, id) };
    let comment: InlineComment =
      anchor.startLine !== undefined
        ? { ...plain, line: anchor.line, start_line: anchor.startLine, start_side: 'RIGHT' }
        : plain;
    // One suggestion per document (GitHub applies one per line), replacing exactly the commented lines.
    if (sealed && !suggestedLines.has(key) && inOneHunk(diff, sealed.firstLine, sealed.lastLine)) {
      suggestedLines.add(key);
      const body = groupCommentBody(g, id, { text: sealed.text, note: input.suggestionNote });
      comment =
        sealed.lastLine > sealed.firstLine
          ? {
              path: g.path,
              start_line: sealed.firstLine,
              start_side: 'RIGHT',
              line: sealed.lastLine,
              side: 'RIGHT',
              body,
            }
          : { path: g.path, line: sealed.lastLine, side: 'RIGHT', body };
    }
    plan.inline.push({ id, group: g, comment, plain: { ...plain, line: anchor.startLine ?? anchor.line } });
  }
  // Objects are grouped from the reported findings: a finding the filter drops (on a line the
  // change did not add) was never commented as part of this pull request's objects.
  const alive = new Set(input.headIds);
  for (const g of groupsOf(input.findings)) alive.add(g.id);
  for (const [id, commentId] of input.existing.commented) {
    if (!alive.has(id) && !input.existing.fixedReplied.has(id)) plan.fixed.push({ commentId, id });
  }
  // A removed finding that had a comment gets its "fixed" reply there, which says to rotate it.
  // The comment is the object's (or, from older runs, the finding's).
  plan.history = input.history.filter((h) => {
    const object = groupsOf([{ finding: h.finding, id: h.id }])[0]?.id;
    const commented =
      input.existing.commented.has(h.id) || (object !== undefined && input.existing.commented.has(object));
    return !input.existing.listed.has(h.id) && !commented;
  });
  return plan;
}

/** The sealed Secret for an object: every key of a Secret document shares it. */
function sealedOf(g: ObjectGroup, suggestions: ReadonlyMap<Finding, SealedReplacement>): SealedReplacement | undefined {
  for (const f of g.findings) {
    const s = suggestions.get(f);
    if (s !== undefined) return s;
  }
  return undefined;
}
