import { createHash } from 'node:crypto';
import type { Finding } from '../finding.js';

/**
 * Ids for places other people can read (SARIF uploaded to code scanning, PR comment markers):
 * a hash of the rule, the path and the object's identity (kind, namespace, name, key, via), never
 * of the value. `Finding.fingerprint` hashes the value too, which is right for a local allowlist
 * but not in public: an unsalted hash of a weak password can be confirmed offline. Free of line
 * numbers, an id survives lines moving.
 */
const PUBLIC_ID_VERSION = 'v1';

/** The id of a list of identity parts, 16 base64url characters. */
export function publicId(parts: readonly string[]): string {
  return createHash('sha256')
    .update([PUBLIC_ID_VERSION, ...parts].join('|'), 'utf8')
    .digest('base64url')
    .slice(0, 16);
}

function identity(f: Finding): string {
  const o = f.object;
  return [o.kind ?? '', o.namespace ?? '', o.name ?? '', o.key ?? '', o.via ?? ''].join('/');
}

/**
 * One id per finding. Two findings with the same rule, path and identity (two tokens in one text
 * file) are told apart by their order in the list, which is what a reader would do too.
 */
export function publicIds(findings: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const ids = new Map<Finding, string>();
  for (const f of findings) {
    const base = [f.ruleId, f.location.path, identity(f)];
    const n = seen.get(base.join('|')) ?? 0;
    seen.set(base.join('|'), n + 1);
    ids.set(f, publicId(n === 0 ? base : [...base, String(n)]));
  }
  return ids;
}
