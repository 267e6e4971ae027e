import { describe, expect, test } from 'vitest';
import { blocks, lowerOf, SEVERITIES, type FailOn, type Severity } from '../src/severity.js';

describe('blocks: the one decision of the CLI exit code and the Action', () => {
  // Written out in full rather than derived from the ranks, so a change to the ranks shows up here.
  const table: Record<FailOn, Record<Severity, boolean>> = {
    error: { error: true, warning: false, note: false },
    warning: { error: true, warning: true, note: false },
    never: { error: false, warning: false, note: false },
  };

  for (const [failOn, row] of Object.entries(table) as [FailOn, Record<Severity, boolean>][]) {
    for (const severity of SEVERITIES) {
      test(`fail-on ${failOn}: ${severity} ${row[severity] ? 'blocks' : 'does not block'}`, () => {
        expect(blocks(severity, failOn)).toBe(row[severity]);
      });
    }
  }

  test('a note never blocks, whatever fail-on says', () => {
    expect((['error', 'warning', 'never'] as const).some((f) => blocks('note', f))).toBe(false);
  });
});

describe('lowerOf', () => {
  test('keeps the lower of two severities, in either order', () => {
    expect(lowerOf('error', 'warning')).toBe('warning');
    expect(lowerOf('note', 'error')).toBe('note');
    expect(lowerOf('warning', 'warning')).toBe('warning');
  });
});
