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
export function judgeChanges(report: ScanReport, changes: readonly FileChange[]): ScanReport {
  const added = new Map(changes.filter((c) => c.status !== 'D').map((c) => [c.path, c.addedLines]));
  const findings = report.findings.map((f) => {
    const lines = added.get(f.location.path);
    if (lines && touches(lines, f.location.line, Math.max(f.location.line, f.location.endLine))) return f;
    return preexisting(f);
  });
  return { ...report, findings };
}

function preexisting(f: Finding): Finding {
  if (f.preexisting) return f;
  return { ...f, severity: 'note', message: `${f.message}${PREEXISTING_NOTE}`, preexisting: true };
}
