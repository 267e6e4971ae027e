import type { Finding } from '../finding.js';
import { BINARY_FILE } from '../scan.js';
import type { Severity } from '../severity.js';
import type { SkippedFile } from '../sources/source.js';

/** Counts per severity, the same numbers in every format (json `summary`, the text and Markdown totals). */
export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.location.path);
    if (list) list.push(f);
    else groups.set(f.location.path, [f]);
  }
  return groups;
}

/**
 * The reason given for a file with NUL bytes that is not UTF-16/32 text. Binary files are expected
 * (images, archives), their printable text still goes through the token rules, and they are listed
 * only in verbose output; every other skip (a symlink not followed, a submodule) is always listed.
 * Content that may hold a credential and could not be read is a not-scanned finding, not a skip.
 */
export function isBinarySkip(s: SkippedFile): boolean {
  return s.reason === BINARY_FILE;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
