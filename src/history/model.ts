import type { Suppression } from '../suppress/suppress.js';
import type { Severity } from '../severity.js';

/**
 * The sweep's report: one row per secret that ever reached a commit. A row names the secret by
 * identity and fingerprint, never by value (the redacted `preview` is the most any output shows).
 */

type SweepStatus = 'rotate' | 'superseded';

export interface CommitPlace {
  commit: string;
  author: string;
  /** Author date, ISO 8601. */
  date: string;
  /** Where the secret sits in that commit's tree. */
  path: string;
  /** The line it is on in that file (1-based), when known. */
  line?: number;
}

export interface SecretRow {
  /** The repository, as listed in `--repos` (absent in a single-repository sweep). */
  repo?: string;
  namespace: string | null;
  name: string | null;
  key: string | null;
  kind: string | null;
  rule: string;
  severity: Severity;
  /**
   * `sealcheck scan`'s fingerprint of the secret (rule, object, key, annotation when found only in
   * one, path for an unnamed object, SHA-256 of the value), so `allow:` entries carry over.
   */
  fingerprint: string;
  /** When the row stands for several copies scan reports apart (the object and its last-applied annotation): each one's fingerprint, `fingerprint` first. */
  fingerprints?: string[];
  /** e.g. `fa…(24 chars)`. */
  preview: string;
  /**
   * SHA-256 of the value (as `scan --format json` gives it): rows of one value under several
   * objects are one thing to rotate, and the reports for people show them as one. Absent in
   * reports written before it was recorded.
   */
  valueHash?: string;
  status: SweepStatus;
  reason: string;
  introducedIn: CommitPlace;
  lastSeenIn: CommitPlace;
  /** Full ref names from which some commit holding the secret is reachable. */
  refs: string[];
  presentAtHead: boolean;
  /** The branch HEAD points at (`refs/heads/main`), which `presentAtHead` is about; absent when HEAD is detached. */
  defaultBranch?: string;
  /** Number of swept commits whose tree contains the secret (at any path). */
  commits: number;
  /** Annotations the value was also found in (`kubectl.kubernetes.io/last-applied-configuration`). */
  via?: string[];
}

export interface SweepStats {
  repositories: number;
  commits: number;
  /** Distinct (blob, file type) pairs read and scanned. */
  blobs: number;
  bytes: number;
  /** Blobs not scanned: binary, or over the size limit. */
  skipped: number;
  refs: number;
  secrets: number;
  rotate: number;
  superseded: number;
  leakedSealingKeys: number;
  /** Repositories that are shallow clones: what lies beyond their boundary was not seen. */
  shallow: number;
}

export interface SweepReport {
  secrets: SecretRow[];
  stats: SweepStats;
  /** What could not be seen or was limited (shallow clone, `--since`, unreadable repositories). */
  notes: string[];
  /**
   * What makes the sweep incomplete in a way nobody chose (objects git cannot read): the report
   * still lists what was found, but the run exits 2. Absent when there is none.
   */
  errors?: string[];
  /** Copies of secrets an allow comment, the `allow:` list or the baseline suppressed, with the reason. Absent when none. */
  suppressed?: SweepSuppression[];
}

/** A copy of a secret suppression hid: where a scan finds it today, which decision hid it and why; never the value. */
export interface SweepSuppression extends Suppression {
  /** The repository, as listed in `--repos` (absent in a single-repository sweep). */
  repo?: string;
  rule: string;
  path: string;
  fingerprint: string;
}

export function emptyStats(): SweepStats {
  return {
    repositories: 0,
    commits: 0,
    blobs: 0,
    bytes: 0,
    skipped: 0,
    refs: 0,
    secrets: 0,
    rotate: 0,
    superseded: 0,
    leakedSealingKeys: 0,
    shallow: 0,
  };
}

export function addStats(a: SweepStats, b: SweepStats): SweepStats {
  const out = emptyStats();
  for (const k of Object.keys(out) as (keyof SweepStats)[]) out[k] = a[k] + b[k];
  return out;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/**
 * Risk order: rotate before superseded; a leaked sealing key first (it opens everything sealed to
 * it); present at the default branch's tip before history-only; severity; then the longest exposed
 * (earliest introduced) first. Then by repository, and by file and line, so secrets of one file
 * read top to bottom; ends on the fingerprint, so the order is total and a merged report equals a
 * single run.
 */
export function byRisk(a: SecretRow, b: SecretRow): number {
  return (
    (a.status === 'rotate' ? 0 : 1) - (b.status === 'rotate' ? 0 : 1) ||
    (a.rule === 'sealing-key' ? 0 : 1) - (b.rule === 'sealing-key' ? 0 : 1) ||
    (a.presentAtHead ? 0 : 1) - (b.presentAtHead ? 0 : 1) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (Date.parse(a.introducedIn.date) || 0) - (Date.parse(b.introducedIn.date) || 0) ||
    order(a.repo ?? '', b.repo ?? '') ||
    order(a.introducedIn.path, b.introducedIn.path) ||
    (a.introducedIn.line ?? 0) - (b.introducedIn.line ?? 0) ||
    order(a.fingerprint, b.fingerprint) ||
    order(a.introducedIn.commit, b.introducedIn.commit)
  );
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
