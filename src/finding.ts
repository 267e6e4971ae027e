import { createHash } from 'node:crypto';
import { isValueShapedKey } from './classify/key-name.js';
import type { TokenFormat } from './classify/content.js';
import type { ObjectIdentity } from './manifest/manifest.js';
import type { Severity } from './severity.js';

/** The language of a finding's fix when it is code (a Markdown fence names it). */
export type FixLanguage = 'sh' | 'yaml';

export interface Location {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The object a finding is about: Kubernetes identity plus the key inside it. */
export interface FindingObject extends ObjectIdentity {
  /** As shown: a key that is itself credential-shaped is redacted (see `shownKey`). */
  key?: string;
  /** Set when the object was recovered from an annotation (`kubectl.kubernetes.io/last-applied-configuration`). */
  via?: string;
}

/**
 * One problem found. It carries a redacted preview and a hash of the value, never the value, so
 * no reporter, log or snapshot downstream can leak what it never receives.
 */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  location: Location;
  object: FindingObject;
  /** e.g. `hu…(23 chars)`; empty when the finding has no value (references, parse problems). */
  preview: string;
  /** SHA-256 (hex) of the value; empty when there is no value. */
  valueHash: string;
  /** Stable across line moves: rule + object identity (+ path when the object has no name) + value hash. */
  fingerprint: string;
  description: string;
  remediation: string;
  /** A concrete command or change that fixes it (the kubeseal command for Secret findings); may span lines. */
  fix?: string;
  /** Set when `fix` is code to paste as it is: `sh` commands, or the `yaml` to write into the manifest. */
  fixLanguage?: FixLanguage;
  /** Set on findings whose value reached a file: sealing does not un-leak it. */
  rotate?: string;
  helpUri: string;
  /** Found by the tolerant fallback on a file that does not parse. */
  fallback?: boolean;
  /** The rule that recovered the object this finding is in (an annotation carrying a whole object). */
  embeddedBy?: string;
  /**
   * Set by `scan --staged`/`--diff` on a finding the change did not introduce (already committed
   * in a touched or referenced file): lowered to a note, because blocking cannot un-leak it.
   */
  preexisting?: true;
  /** On a `preexisting` finding: its severity before it was lowered, which says whether it needs rotating. */
  severityBefore?: Severity;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * A short, non-reversible preview: at most the first two characters and the length. Short values
 * show fewer characters so the preview never gives away a meaningful share of the value.
 */
export function preview(value: string): string {
  const v = value.trim();
  const shown = v.length >= 16 ? 2 : v.length >= 8 ? 1 : 0;
  return `${v.slice(0, shown)}…(${v.length} chars)`;
}

/**
 * A key as every output shows it: unchanged, or, when the key is itself credential-shaped
 * (`isValueShapedKey`), a redacted preview and a short hash of the real key, e.g.
 * `gh…(40 chars) sha256:1f0c…`. The hash keeps two such keys apart and keeps fingerprints, baselines
 * and allowlists derived from the real key; the redacted form is not value-shaped, so redacting twice
 * changes nothing.
 */
export function shownKey(key: string, tokens: readonly TokenFormat[]): string {
  return isValueShapedKey(key, tokens) ? `${preview(key)} sha256:${sha256(key).slice(0, 12)}` : key;
}

export function fingerprint(ruleId: string, object: FindingObject, path: string, valueHash: string): string {
  const anchor = object.name !== undefined ? '' : path;
  const parts = [
    ruleId,
    object.kind ?? '',
    object.namespace ?? '',
    object.name ?? '',
    object.key ?? '',
    object.via ?? '',
    anchor,
    valueHash,
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
