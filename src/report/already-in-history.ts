import type { Finding } from '../finding.js';

/**
 * Errors and warnings a commit or range did not add but that sit in a file it touches: they were
 * committed before, so blocking cannot un-leak them, yet their values still need rotating. A
 * terminal lists them one line each, apart from the findings of the change; notes stay a count.
 */
export function alreadyInHistory(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (f) => f.preexisting === true && f.severityBefore !== undefined && f.severityBefore !== 'note',
  );
}

/** One line each: `already in history: rotate it  path:line  rule  preview`. `clean` makes repository text safe to print. */
export function alreadyInHistoryLines(findings: readonly Finding[], clean: (s: string) => string): string[] {
  return findings.map((f) => {
    const what = [f.ruleId, f.preview].filter((s) => s !== '').map(clean);
    return `already in history: rotate it  ${clean(f.location.path)}:${f.location.line}  ${what.join('  ')}`;
  });
}

/** The summary line's mention, so that a run with nothing new does not read as a clean one. */
export function alreadyInHistorySummary(count: number): string {
  return count === 0 ? '' : `; ${count} already in history, listed above: rotate ${count === 1 ? 'it' : 'them'}`;
}
