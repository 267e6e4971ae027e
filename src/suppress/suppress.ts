import type { InlineAllows } from './inline.js';

/** Why a finding is not reported: an allow comment, the config allowlist or the baseline, with its reason. */
export interface Suppression {
  by: 'inline' | 'config' | 'baseline';
  reason: string;
}

/** Decides config-allowlist and baseline suppression by fingerprint. */
export interface FingerprintFilter {
  match(finding: { fingerprint: string }): { by: 'config' | 'baseline'; reason: string } | undefined;
}

/** What suppression looks at: where the finding is (for an allow comment) and its fingerprint. */
export interface Suppressible {
  line: number;
  fingerprint: string;
}

/** A file (or blob) with no lines that could carry an allow comment. */
export const NO_ALLOWS: InlineAllows = () => undefined;

/**
 * The one suppression decision, for `scan` and the history sweep alike and for every kind of
 * finding (manifest, text, Kustomize material): an allow comment on the finding's line or the line
 * before wins, since it is reviewed next to the value; then the fingerprint filters in order.
 * Undefined when nothing suppresses it.
 */
export function suppressionOf(
  f: Suppressible,
  allows: InlineAllows,
  filters: readonly FingerprintFilter[],
): Suppression | undefined {
  const inline = allows(f.line);
  if (inline !== undefined) return { by: 'inline', reason: inline };
  for (const filter of filters) {
    const m = filter.match(f);
    if (m) return m;
  }
  return undefined;
}
