import { describe, expect, test } from 'vitest';
import { FORMATS, REPORTERS, SWEEP_FORMATS } from '../../src/report/index.js';

describe('the reporter registry', () => {
  test('scan has exactly one reporter for each name --format takes, filed under its own format', () => {
    expect(Object.keys(REPORTERS.scan).sort()).toEqual([...FORMATS].sort());
    for (const [name, reporter] of Object.entries(REPORTERS.scan)) expect(reporter.format).toBe(name);
  });

  test('sweep has exactly one reporter for each name --format takes, filed under its own format', () => {
    expect(Object.keys(REPORTERS.sweep).sort()).toEqual([...SWEEP_FORMATS].sort());
    for (const [name, reporter] of Object.entries(REPORTERS.sweep)) expect(reporter.format).toBe(name);
  });

  test('sweep offers every scan format, so one name means one kind of file for both commands', () => {
    for (const f of FORMATS) expect(SWEEP_FORMATS).toContain(f);
  });
});
