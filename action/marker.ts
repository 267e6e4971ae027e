import { createHash } from 'node:crypto';
import type { Finding } from '../src/finding.js';

/**
 * Hidden markers that let a re-run recognise its own comments. The id hashes only the rule, the
 * path and the object's identity (kind, namespace, name, key, via), never the value: PR comments
 * are public, and an unsalted hash of a weak password can be confirmed offline (reference §2.5).
 * So `Finding.valueHash` and `Finding.fingerprint` never appear here. Being free of line numbers,
 * a marker survives lines moving.
 */
export const MARKER_VERSION = 'v1';

function identity(f: Finding): string {
  const o = f.object;
  return [o.kind ?? '', o.namespace ?? '', o.name ?? '', o.key ?? '', o.via ?? ''].join('/');
}

function hashId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);
}

/**
 * One id per finding. Two findings with the same rule, path and identity (two tokens in one text
 * file) are told apart by their order in the file, which is what a reader would do too.
 */
export function findingIds(findings: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const ids = new Map<Finding, string>();
  for (const f of findings) {
    const base = `${MARKER_VERSION}|${f.ruleId}|${f.location.path}|${identity(f)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.set(f, hashId(n === 0 ? base : `${base}|${n}`));
  }
  return ids;
}

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

export type ParsedMarker = { kind: 'finding'; id: string } | { kind: 'fixed'; id: string } | { kind: 'review'; listed: string[] };

const ID = '[A-Za-z0-9_-]{16}';
const FINDING_RE = new RegExp(`^<!-- sealcheck:v1 id=(${ID}) rule=[a-z0-9-]+ -->$`);
const FIXED_RE = new RegExp(`^<!-- sealcheck:v1 fixed id=(${ID}) -->$`);
const REVIEW_RE = new RegExp(`^<!-- sealcheck:v1 review listed=((?:${ID})?(?:,${ID})*) -->$`);

/** The marker on the last line of a body; only the last line counts, so text above cannot forge one. */
export function parseMarker(body: string | null | undefined): ParsedMarker | undefined {
  if (!body) return undefined;
  const last = body.replace(/\s+$/, '').split('\n').pop()?.trim() ?? '';
  let m = FINDING_RE.exec(last);
  if (m) return { kind: 'finding', id: m[1]! };
  m = FIXED_RE.exec(last);
  if (m) return { kind: 'fixed', id: m[1]! };
  m = REVIEW_RE.exec(last);
  if (m) return { kind: 'review', listed: m[1] === '' ? [] : m[1]!.split(',') };
  return undefined;
}
