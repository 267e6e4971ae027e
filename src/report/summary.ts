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

/** Paths with at least one finding, in first-seen order (findings arrive sorted by path). */
export function filesOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.location.path))];
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
 * The reason `decodeText` in src/scan.ts gives for a file with NUL bytes. Binary skips are
 * expected (images, archives) and only shown in verbose output; every other skip (too large,
 * unreadable, a symlink not followed) means a file went unchecked, so it is always reported.
 */

export function isBinarySkip(s: SkippedFile): boolean {
  return s.reason === BINARY_FILE;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
