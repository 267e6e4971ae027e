import type { FingerprintFilter } from './suppress.js';

/** One `allow:` entry of `.sealcheck.yaml`: a finding accepted on purpose, by fingerprint. */
export interface AllowEntry {
  /** 32 lowercase hex characters, as in `Finding.fingerprint`. */
  fingerprint: string;
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) on which the entry applies. Default: never expires. */
  expires?: string;
  /** Line of the entry in the config file, for warnings. */
  line?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant an entry with this `expires` date stops applying: midnight UTC at the end of that
 * day, so `expires: 2027-01-31` still suppresses on the 31st. Undefined for a date that does not
 * exist (2027-02-30) or is not YYYY-MM-DD.
 */
export function expiryCutoff(expires: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = Date.UTC(y, mo - 1, d);
  const date = new Date(start);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return start + DAY_MS;
}

function isExpired(entry: AllowEntry, now: Date): boolean {
  if (entry.expires === undefined) return false;
  const cutoff = expiryCutoff(entry.expires);
  // An unreadable date cannot be honoured; treating it as expired fails closed (config loading rejects it first).
  return cutoff === undefined || now.getTime() >= cutoff;
}

/** Entries past their `expires` date, for the CLI to warn about: they no longer suppress anything. */
export function expiredEntries(entries: readonly AllowEntry[], now: Date): AllowEntry[] {
  return entries.filter((e) => isExpired(e, now));
}

/** Suppresses findings whose fingerprint has an unexpired allow entry; the entry's reason is reported. */
export function allowlistFilter(entries: readonly AllowEntry[], now: Date): FingerprintFilter {
  const active = new Map<string, AllowEntry>();
  for (const e of entries) {
    const fp = e.fingerprint.toLowerCase();
    if (!isExpired(e, now) && !active.has(fp)) active.set(fp, e);
  }
  return {
    match(finding) {
      const e = active.get(finding.fingerprint);
      return e ? { by: 'config', reason: e.reason } : undefined;
    },
  };
}
