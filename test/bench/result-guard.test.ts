import { describe, expect, it } from 'vitest';

/**
 * The pure logic behind `npm run bench:guard` (bench/guard-diff.mjs) and `npm run bench:real`
 * (bench/real-corpora.mjs, bench/real-table.mjs), on made-up reports: what a record keeps (never a
 * value), that a record's bytes depend only on its findings, how a later run is compared with it and
 * judged against --expect, option parsing, the median and the Markdown table. No timing.
 */
interface ScanRow {
  rule: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  fingerprint: string;
}
interface SweepRow {
  rule: string;
  fingerprint: string;
  status: string;
  commits: number;
  [k: string]: unknown;
}
interface Guard {
  scanRows(report: unknown): ScanRow[];
  sweepRows(report: unknown): SweepRow[];
  formatRecord(record: Record<string, unknown>): string;
  diffScan(corpus: string, before: ScanRow[], after: ScanRow[]): string[];
  diffSweep(corpus: string, before: SweepRow[], after: SweepRow[]): string[];
  parseExpect(text: string): string[];
  SCAN_COLUMNS: string[];
  SWEEP_COLUMNS: string[];
  toTable(rows: object[], columns: string[]): unknown[][];
  fromTable(table: unknown[][], columns: string[]): object[];
  judge(differences: string[], expected: string[]): { unexpected: string[]; missing: string[]; expected: string[] };
}
interface Corpora {
  median(xs: number[]): number;
  wholeNumber(name: string, s: string | undefined, dflt: number | undefined, min?: number): number | undefined;
}
interface Table {
  markdownTable(result: unknown): string;
}

// The bench scripts are plain Node ESM outside the type-checked tree; the shapes used here are declared above.
const guard = (await import(new URL('../../bench/guard-diff.mjs', import.meta.url).href)) as Guard;
const corpora = (await import(new URL('../../bench/real-corpora.mjs', import.meta.url).href)) as Corpora;
const table = (await import(new URL('../../bench/real-table.mjs', import.meta.url).href)) as Table;

const fp = (n: number): string => n.toString(16).padStart(32, '0');
function finding(n: number, path: string, line: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ruleId: 'secret-data',
    title: 'Secret',
    severity: 'error',
    message: 'm',
    location: { path, line, column: 3, endLine: line, endColumn: 9 },
    object: { kind: 'Secret', name: 's', key: 'password' },
    preview: 'hu…(23 chars)',
    valueHash: 'a'.repeat(64),
    fingerprint: fp(n),
    ...extra,
  };
}
function secret(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const place = (commit: string, path: string) => ({ commit, author: 'A', date: '2024-01-01', path });
  return {
    namespace: 'default',
    name: 's',
    key: 'password',
    kind: 'Secret',
    rule: 'secret-data',
    severity: 'error',
    fingerprint: fp(n),
    preview: 'hu…(23 chars)',
    status: 'rotate',
    reason: 'r',
    introducedIn: place('c1', 'a.yaml'),
    lastSeenIn: place('c2', 'a.yaml'),
    refs: ['refs/heads/main'],
    presentAtHead: true,
    commits: 2,
    ...extra,
  };
}

describe('records', () => {
  it('keep rule, severity, place and fingerprint of a scan finding, never its preview or value hash', () => {
    const rows = guard.scanRows({ findings: [finding(1, 'b.yaml', 4), finding(2, 'a.yaml', 9)] });
    expect(rows).toEqual([
      { rule: 'secret-data', severity: 'error', path: 'a.yaml', line: 9, column: 3, fingerprint: fp(2) },
      { rule: 'secret-data', severity: 'error', path: 'b.yaml', line: 4, column: 3, fingerprint: fp(1) },
    ]);
    const text = guard.formatRecord({ corpus: 'c', scan: rows });
    expect(text).not.toContain('hu…');
    expect(text).not.toContain('a'.repeat(64));
  });

  it('keep a sweep row without preview, reason, authors or value hash', () => {
    const [row] = guard.sweepRows({ secrets: [secret(1, { fingerprints: [fp(3), fp(1)] })] });
    expect(row).toEqual({
      rule: 'secret-data',
      severity: 'error',
      fingerprint: fp(1),
      status: 'rotate',
      introduced: 'c1:a.yaml',
      lastSeen: 'c2:a.yaml',
      commits: 2,
      refs: 1,
      presentAtHead: true,
      fingerprints: `${fp(1)} ${fp(3)}`,
    });
  });

  it('are the same bytes whatever order the report listed the findings in, one finding a line, and parse back', () => {
    const a = [finding(1, 'b.yaml', 4), finding(2, 'a.yaml', 9), finding(3, 'a.yaml', 2)];
    const one = guard.formatRecord({ corpus: 'c', head: 'h', scan: guard.scanRows({ findings: a }), sweep: [] });
    const two = guard.formatRecord({
      corpus: 'c',
      head: 'h',
      scan: guard.scanRows({ findings: [...a].reverse() }),
      sweep: [],
    });
    expect(one).toBe(two);
    expect(one.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(3);
    expect(JSON.parse(one)).toMatchObject({ corpus: 'c', head: 'h', sweep: [] });
  });
  it('are written as arrays under a column list and read back as the same rows, an absent field staying absent', () => {
    const scan = guard.scanRows({ findings: [finding(1, 'b.yaml', 4), finding(2, 'a.yaml', 9)] });
    const sweep = guard.sweepRows({ secrets: [secret(1), secret(2, { fingerprints: [fp(7)] })] });
    const text = guard.formatRecord({
      scanColumns: guard.SCAN_COLUMNS,
      scan: guard.toTable(scan, guard.SCAN_COLUMNS),
      sweepColumns: guard.SWEEP_COLUMNS,
      sweep: guard.toTable(sweep, guard.SWEEP_COLUMNS),
    });
    expect(text).toContain(`    ["secret-data","error","a.yaml",9,3,"${fp(2)}"],\n`);
    const back = JSON.parse(text) as { scan: unknown[][]; sweep: unknown[][] };
    expect(guard.fromTable(back.scan, guard.SCAN_COLUMNS)).toEqual(scan);
    expect(guard.fromTable(back.sweep, guard.SWEEP_COLUMNS)).toEqual(sweep);
    expect(guard.fromTable(back.sweep, guard.SWEEP_COLUMNS)[0]).not.toHaveProperty('fingerprints');
  });
});

describe('check', () => {
  const rows = (...fs: Record<string, unknown>[]): ScanRow[] => guard.scanRows({ findings: fs });

  it('finds nothing between a record and the same run', () => {
    const r = rows(finding(1, 'a.yaml', 1), finding(1, 'a.yaml', 5));
    expect(guard.diffScan('c', r, r)).toEqual([]);
  });

  it('names added, removed, and moved or re-graded findings', () => {
    const before = rows(finding(1, 'a.yaml', 1), finding(2, 'a.yaml', 5), finding(3, 'b.yaml', 2));
    const after = rows(
      finding(1, 'a.yaml', 2),
      finding(2, 'a.yaml', 5, { severity: 'warning' }),
      finding(4, 'c.yaml', 7),
    );
    expect(guard.diffScan('c', before, after)).toEqual([
      `changed scan c secret-data a.yaml ${fp(1)} 1:3 error -> 2:3 error`,
      `changed scan c secret-data a.yaml ${fp(2)} 5:3 error -> 5:3 warning`,
      `removed scan c secret-data b.yaml ${fp(3)} 2:3 error`,
      `added scan c secret-data c.yaml ${fp(4)} 7:3 error`,
    ]);
  });

  it('matches repeated fingerprints by exact place first: one extra copy is one addition', () => {
    const before = rows(finding(1, 'a.yaml', 1), finding(1, 'a.yaml', 9));
    const after = rows(finding(1, 'a.yaml', 1), finding(1, 'a.yaml', 4), finding(1, 'a.yaml', 9));
    expect(guard.diffScan('c', before, after)).toEqual([`added scan c secret-data a.yaml ${fp(1)} 4:3 error`]);
  });

  it('compares sweep rows field by field', () => {
    const before = guard.sweepRows({ secrets: [secret(1), secret(2)] });
    const after = guard.sweepRows({ secrets: [secret(1, { status: 'superseded', commits: 3 }), secret(5)] });
    const d = guard.diffSweep('c', before, after);
    expect(d[0]).toBe(`changed sweep c secret-data ${fp(1)} status rotate -> superseded; commits 2 -> 3`);
    expect(d[1]).toMatch(new RegExp(`^removed sweep c secret-data ${fp(2)} severity=error status=rotate `));
    expect(d[2]).toMatch(new RegExp(`^added sweep c secret-data ${fp(5)} `));
    expect(d).toHaveLength(3);
  });

  it('passes only when the differences are exactly the expected ones', () => {
    const expected = guard.parseExpect(
      '# meant to drop the b.yaml duplicate\n\n  removed scan c x b.yaml f 2:3 error \n',
    );
    expect(expected).toEqual(['removed scan c x b.yaml f 2:3 error']);
    expect(guard.judge(['removed scan c x b.yaml f 2:3 error'], expected)).toEqual({
      unexpected: [],
      missing: [],
      expected,
    });
    const other = guard.judge(['added scan c x a.yaml f 1:1 error'], expected);
    expect(other.unexpected).toEqual(['added scan c x a.yaml f 1:1 error']);
    expect(other.missing).toEqual(expected);
  });
});

describe('bench:real helpers', () => {
  it('median: the middle value, the upper middle of an even count, NaN for none', () => {
    expect(corpora.median([3, 1, 2])).toBe(2);
    expect(corpora.median([4, 1, 3, 2])).toBe(3);
    expect(corpora.median([])).toBeNaN();
  });

  it('whole-number options: the default when absent, an error naming the option otherwise', () => {
    expect(corpora.wholeNumber('runs', undefined, 3, 1)).toBe(3);
    expect(corpora.wholeNumber('runs', '5', 3, 1)).toBe(5);
    expect(() => corpora.wholeNumber('runs', '0', 3, 1)).toThrow('--runs must be a whole number >= 1, got "0"');
    expect(() => corpora.wholeNumber('sweep-timeout', '1.5', undefined, 1)).toThrow('--sweep-timeout');
  });

  it('the table says when a sweep was stopped or not run, and marks the conditions', () => {
    const row = {
      corpus: 'big',
      head: '0123456789abcdef',
      files: 10,
      textBytes: 5e6,
      engine: { medianS: 1, mbPerS: 5 },
      scan: { medianS: 2, mbPerS: 2.5, peakRssMiB: 100 },
    };
    const md = table.markdownTable({
      startedAt: 't',
      node: 'v20',
      cpus: 2,
      loadAverage1m: { before: 6, after: 7 },
      pinnedToOneCore: false,
      peakRss: 'GNU time %M',
      runs: 3,
      rows: [
        { ...row, sweep: { commits: 9, gitLogPS: 4, catFileS: 3, stoppedAfterS: 600 } },
        { ...row, corpus: 'small' },
      ],
    });
    expect(md).toContain('load average 6 before / 7 after');
    expect(md).toContain('NOT pinned');
    expect(md).toContain(
      '| big @0123456789 | 5.0 (10) | 2 s, **2.5 MB/s** | 1 s, **5 MB/s** | 100 MiB | 9 | 4 s | 3 s | not run to the end (stopped after 600 s) |',
    );
    expect(md).toContain(
      '| small @0123456789 | 5.0 (10) | 2 s, **2.5 MB/s** | 1 s, **5 MB/s** | 100 MiB | — | — | — | not run (--no-sweep) |',
    );
  });
});
