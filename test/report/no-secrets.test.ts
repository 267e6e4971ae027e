import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, REPORTERS } from '../../src/report/index.js';
import type { ReportContext } from '../../src/report/reporter.js';
import type { ScanReport } from '../../src/scan.js';
import { context, fixtureReport, PLANTED } from './scan-fixture.js';

/**
 * The promise of the Finding type, checked end to end: no reporter, in any mode, prints a planted
 * value or any 8-character piece of one (which would give away a real credential's body).
 */

function pieces(value: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= value.length; i++) out.push(value.slice(i, i + size));
  return out;
}

const MODES: Array<[string, Partial<ReportContext>]> = [
  ['plain', {}],
  ['colour', { color: true }],
  ['verbose', { verbose: true }],
  ['colour + verbose', { color: true, verbose: true }],
];

let report: ScanReport;

beforeAll(async () => {
  report = await fixtureReport();
});

describe('planted values', () => {
  it('were all found, suppressed or not (so the check below is not vacuous)', () => {
    const all = [...report.findings, ...report.suppressed.map((s) => s.finding)];
    expect(all.filter((f) => f.preview !== '')).toHaveLength(Object.keys(PLANTED).length);
    expect(report.suppressed.map((s) => s.by).sort()).toEqual(['config', 'inline']);
  });

  for (const format of FORMATS) {
    for (const [mode, overrides] of MODES) {
      it(`never appear in ${format} output (${mode})`, () => {
        const out = REPORTERS.scan[format].render(report, context(overrides));
        for (const [name, value] of Object.entries(PLANTED)) {
          const leaked = pieces(value).filter((p) => out.includes(p));
          expect(leaked, `${name} leaked into ${format}`).toEqual([]);
        }
      });
    }
  }

  it('SARIF carries neither the value hash nor the preview', () => {
    const out = REPORTERS.scan.sarif.render(report, context({ verbose: true }));
    for (const f of [...report.findings, ...report.suppressed.map((s) => s.finding)]) {
      if (f.valueHash !== '') expect(out).not.toContain(f.valueHash);
      if (f.preview !== '') expect(out).not.toContain(f.preview);
    }
  });
});
