import { beforeAll, describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import type { ScanReport } from '../../src/scan.js';
import { context, fixtureReport } from './scan-fixture.js';

let report: ScanReport;

beforeAll(async () => {
  report = await fixtureReport();
});

describe('json reporter', () => {
  it('has the documented top-level shape, 2-space indent and a trailing newline', () => {
    const out = jsonReporter.render(report, context());
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "version": 1,');
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['version', 'tool', 'findings', 'suppressed', 'skipped', 'stats', 'summary']);
    expect(doc.tool).toEqual({ name: 'sealcheck', version: '0.0.0-test' });
    expect(doc.stats).toEqual(report.stats);
    expect(doc.skipped).toEqual(report.skipped);
  });

  it('summarises by severity, matching the findings', () => {
    const doc = JSON.parse(jsonReporter.render(report, context())) as {
      summary: Record<string, number>;
      findings: Array<{ severity: string }>;
    };
    expect(doc.summary).toEqual({ error: 4, warning: 1, note: 1 });
    for (const s of ['error', 'warning', 'note'])
      expect(doc.findings.filter((f) => f.severity === s)).toHaveLength(doc.summary[s] ?? -1);
  });

  it('carries every Finding field, in a fixed order', () => {
    const doc = JSON.parse(jsonReporter.render(report, context())) as { findings: Array<Record<string, unknown>> };
    expect(doc.findings).toEqual(JSON.parse(JSON.stringify(report.findings)));
    const db = doc.findings.find((f) => (f.location as { path: string }).path === 'secrets/db.yaml');
    expect(Object.keys(db ?? {})).toEqual([
      'ruleId',
      'title',
      'severity',
      'message',
      'location',
      'object',
      'preview',
      'valueHash',
      'fingerprint',
      'description',
      'remediation',
      'fix',
      'fixLanguage',
      'rotate',
      'helpUri',
    ]);
    const fallback = doc.findings.find((f) => f.fallback === true);
    expect(fallback?.ruleId).toBe('secret-string-data');
  });

  it('lists suppressed findings with who suppressed them and why', () => {
    const doc = JSON.parse(jsonReporter.render(report, context())) as {
      suppressed: Array<{ by: string; reason: string; finding: { ruleId: string } }>;
    };
    expect(doc.suppressed.map((s) => [s.by, s.reason, s.finding.ruleId])).toEqual(
      report.suppressed.map((s) => [s.by, s.reason, s.finding.ruleId]),
    );
    expect(doc.suppressed.map((s) => s.by).sort()).toEqual(['config', 'inline']);
  });

  it('is the same whatever the colour and verbosity (a file format, not a view)', () => {
    const base = jsonReporter.render(report, context());
    expect(jsonReporter.render(report, context({ color: true, verbose: true }))).toBe(base);
  });

  it('is byte-identical across runs over the same tree', async () => {
    expect(jsonReporter.render(await fixtureReport(), context())).toBe(jsonReporter.render(report, context()));
  });
});
