/** error blocks; warning and note advise. */
export type Severity = 'error' | 'warning' | 'note';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** The lower of two severities: a detector may lower a rule's severity (weak defaults), never raise it. */
export function lowerOf(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}
