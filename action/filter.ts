import type { Finding } from '../src/finding.js';
import type { FileChange } from '../src/git/changes.js';
import { anchorFor, type FileDiff } from './diff-map.js';
import type { FilterMode } from './inputs.js';

/**
 * Which judged findings a run reports (reviewdog's filter modes). `added`: those on lines the
 * change adds (the judge's non-preexisting ones). `diff_context`: also those on the diff's context
 * lines. `file`: every finding in a file the change touches. Findings elsewhere (files the change
 * only references) are left to the CLI.
 */
export function filterFindings(
  findings: readonly Finding[],
  changes: readonly FileChange[],
  diff: ReadonlyMap<string, FileDiff>,
  mode: FilterMode,
): Finding[] {
  const changed = new Set(changes.filter((c) => c.status !== 'D').map((c) => c.path));
  return findings.filter((f) => {
    if (!f.preexisting) return true;
    if (mode === 'diff_context')
      return anchorFor(diff.get(f.location.path), f.location.line, f.location.endLine, false) !== undefined;
    if (mode === 'file') return changed.has(f.location.path);
    return false;
  });
}
