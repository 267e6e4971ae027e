/** error blocks; warning and note advise. */
export type Severity = 'error' | 'warning' | 'note';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** The lower of two severities: a detector may lower a rule's severity (weak defaults), never raise it. */
export function lowerOf(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

/** The lowest severity that fails a run (`--fail-on`, the Action's `fail-on`, `failOn:` in .sealcheck.yaml). */
export type FailOn = 'error' | 'warning' | 'never';

/**
 * Whether a finding of this severity makes the run fail (exit 1). The CLI's exit code and the
 * Action's `blocking` count both ask this, so a change blocks in CI exactly when it blocks locally.
 * A note never blocks: it is advice, even under `fail-on: warning`.
 */
export function blocks(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
