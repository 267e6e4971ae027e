/**
 * Hidden markers that let a re-run recognise its own comments. They carry the finding's public id
 * (src/report/public-id.ts: rule, path and object identity, never the value: PR comments are
 * public and their HTML comments are readable by anyone), so a marker survives lines moving.
 */
const MARKER_VERSION = 'v1';

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The last line of an inline comment. */
export function findingMarker(id: string, ruleId: string): string {
  return `<!-- sealcheck:${MARKER_VERSION} id=${id} rule=${RULE_ID.test(ruleId) ? ruleId : 'unknown'} -->`;
}

/** The last line of a "fixed" reply. */
export function fixedMarker(id: string): string {
  return `<!-- sealcheck:${MARKER_VERSION} fixed id=${id} -->`;
}

/** The last line of a review body: the findings its body lists (history, no room inline), with earlier ones. */
export function reviewMarker(listed: readonly string[]): string {
  return `<!-- sealcheck:${MARKER_VERSION} review listed=${listed.join(',')} -->`;
}

export type ParsedMarker =
  { kind: 'finding'; id: string } | { kind: 'fixed'; id: string } | { kind: 'review'; listed: string[] };

const ID = '[A-Za-z0-9_-]{16}';
const FINDING_RE = new RegExp(`^<!-- sealcheck:v1 id=(${ID}) rule=[a-z0-9-]+ -->$`);
const FIXED_RE = new RegExp(`^<!-- sealcheck:v1 fixed id=(${ID}) -->$`);
const REVIEW_RE = new RegExp(`^<!-- sealcheck:v1 review listed=((?:${ID})?(?:,${ID})*) -->$`);

/** The marker on the last line of a body; only the last line counts, so text above cannot forge one. */
export function parseMarker(body: string | null | undefined): ParsedMarker | undefined {
  if (!body) return undefined;
  const last = body.trimEnd().split('\n').pop()?.trim() ?? '';
  // Group 1 takes part in every match of each pattern: undefined means no match.
  const finding = FINDING_RE.exec(last)?.[1];
  if (finding !== undefined) return { kind: 'finding', id: finding };
  const fixed = FIXED_RE.exec(last)?.[1];
  if (fixed !== undefined) return { kind: 'fixed', id: fixed };
  const listed = REVIEW_RE.exec(last)?.[1];
  if (listed !== undefined) return { kind: 'review', listed: listed === '' ? [] : listed.split(',') };
  return undefined;
}
