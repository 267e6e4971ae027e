import { describe, expect, it } from 'vitest';
import { crashReport } from '../../src/crash-report.js';

describe('crash report', () => {
  const err = new ReferenceError('Unresolved alias: FAKEVALUE-crash-hunter2');
  it('shows the type and where, never the message (it may quote a secret)', () => {
    const out = crashReport(err, false);
    expect(out).not.toContain('FAKEVALUE');
    expect(out.split('\n')[0]).toBe(
      'ReferenceError (message withheld: it may quote file content; SEALCHECK_DEBUG=1 shows it)',
    );
    expect(out).toMatch(/\n\s+at /);
    expect(crashReport('FAKEVALUE-thrown-string', false)).not.toContain('FAKEVALUE');
  });
  it('shows the message with SEALCHECK_DEBUG=1, for a local bug report', () => {
    expect(crashReport(err, true)).toContain('ReferenceError: Unresolved alias: FAKEVALUE-crash-hunter2');
  });
});
