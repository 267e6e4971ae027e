import { NOT_SCANNED } from '../detectors/unchecked-content.js';
import type { Finding } from '../finding.js';
import type { ScanReport } from '../scan.js';
import { touches, type FileChange } from './changes.js';

export const PREEXISTING_NOTE = ' (already in history: rotate it, see `sealcheck sweep`)';

/**
 * Blocks only on what this change introduces. A finding on a line the change adds or modifies
 * stays as it is; one elsewhere in a touched file, or in a file the change did not touch (a
 * Kustomize `files:`/`envs:` entry read for context), was committed before: blocking the commit
 * would not un-leak it, so it becomes a non-blocking note that says to rotate it.
 * A finding spanning several lines is new when any of its lines is.
 */
/**
 * The rotate advice of a finding the staged changes add: the value is in the index, not yet in a
 * commit, so it is kept out rather than rotated; rotation is for a value that also went elsewhere.
 */
const STAGED_ROTATE = 'Not committed yet: sealed now, it never enters history; rotate it if it was shared elsewhere.';

export function judgeChanges(
  report: ScanReport,
  changes: readonly FileChange[],
  opts: { staged?: boolean } = {},
): ScanReport {
  const added = new Map(changes.filter((c) => c.status !== 'D').map((c) => [c.path, c.addedLines]));
  const relined = new Set(report.relined ?? []);
  const findings = report.findings.map((f) => {
    const lines = added.get(f.location.path);
    // A changed file that could not be checked in full may be hiding what the change adds: it
    // blocks, whatever its lines, and the finding says how to make it checkable.
    if (lines && f.ruleId === NOT_SCANNED) return f.severity === 'error' ? f : { ...f, severity: 'error' as const };
    // git's changed lines do not match a file decoded from UTF-16/32 or split at lone CRs (git
    // sees binary, or one line): every finding in it is taken as new rather than guessed old.
    if (lines && relined.has(f.location.path)) return f;
    if (lines && touches(lines, f.location.line, Math.max(f.location.line, f.location.endLine)))
      return opts.staged === true && f.rotate !== undefined ? { ...f, rotate: STAGED_ROTATE } : f;
    return preexisting(f);
  });
  return { ...report, findings };
}

function preexisting(f: Finding): Finding {
  if (f.preexisting) return f;
  return {
    ...f,
    severity: 'note',
    message: `${f.message}${PREEXISTING_NOTE}`,
    preexisting: true,
    severityBefore: f.severity,
  };
}
