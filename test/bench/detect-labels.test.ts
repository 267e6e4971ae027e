import { describe, expect, it } from 'vitest';

/**
 * The label arithmetic behind `npm run bench:detect` (bench/detect-labels.mjs), on made-up findings:
 * label-file parsing and its errors, precision of errors, recall of labelled real credentials, and
 * the seeded sample.
 */
interface Loc {
  path: string;
  line: number;
  column: number;
  endLine?: number;
}
interface F {
  ruleId: string;
  severity: 'error' | 'warning' | 'note';
  fingerprint: string;
  location: Loc;
  preview: string;
  message: string;
}
interface Row {
  fingerprint?: string;
  label?: 'real' | 'not';
  reason: string;
  location?: { path: string; line: number };
}
interface Labels {
  commit?: string;
  rows: Row[];
  drawn: number;
  byFingerprint: Map<string, Row>;
}
interface Evaluation {
  errors: number;
  precision: { labelled: number; real: number; not: number; unlabelled: number; value: number | null };
  recall: {
    real: number;
    found: number;
    foundByLocation: number;
    missed: { location?: { path: string; line: number }; seenAs?: string }[];
    value: number | null;
  };
  labelsNotInRun: number;
}
interface Lib {
  COLUMNS: string[];
  parseLabels(text: string, file?: string): Labels;
  evaluate(findings: F[], labels: Labels): Evaluation;
  drawSample(findings: F[], n: number, seed: number): { pool: number; rows: F[] };
  formatRow(f: F, labels?: Labels): string;
  perRule(findings: F[]): Record<string, { error: number; warning: number; note: number }>;
}

// The bench scripts are plain Node ESM outside the type-checked tree; the shape used here is declared above.
const lib = (await import(new URL('../../bench/detect-labels.mjs', import.meta.url).href)) as Lib;

const fp = (n: number): string => n.toString(16).padStart(32, '0');
function finding(n: number, severity: F['severity'], path: string, line: number, extra: Partial<F> = {}): F {
  return {
    ruleId: 'made-up-rule',
    severity,
    fingerprint: fp(n),
    location: { path, line, column: 3 },
    preview: 'ab…(12 chars)',
    message: `finding ${n}`,
    ...extra,
  };
}
const header = lib.COLUMNS.join('\t');
const row = (...cells: string[]): string => cells.join('\t');

describe('label files', () => {
  it('reads labelled, drawn and location-only rows, comments and the commit', () => {
    const text = [
      '# made-up corpus',
      '# commit: 0123abcd',
      header,
      row(fp(1), 'real', 'random password', 'r', 'a.yaml:3', 'x…', 'm'),
      row(fp(2), 'not', 'chart default', 'r', 'a.yaml:9'),
      row(fp(3), '', '', 'r', 'b.yaml:1', 'x…', 'drawn, not labelled yet'),
      '',
      row('-', 'real', 'missed by every rule', '', 'c/d.yaml:40'),
      row(fp(1), 'real', 'the same row pasted twice', 'r', 'a.yaml:3'),
      row(fp(3), 'not', 'labelled in a later draw', 'r', 'b.yaml:1'),
    ].join('\n');
    const labels = lib.parseLabels(text, 'made-up.tsv');
    expect(labels.commit).toBe('0123abcd');
    expect(labels.drawn).toBe(0);
    expect(
      labels.rows.map((r) => [
        r.fingerprint ?? '-',
        r.label,
        r.location ? `${r.location.path}:${r.location.line}` : '',
      ]),
    ).toEqual([
      [fp(1), 'real', 'a.yaml:3'],
      [fp(2), 'not', 'a.yaml:9'],
      ['-', 'real', 'c/d.yaml:40'],
      [fp(3), 'not', 'b.yaml:1'],
    ]);
  });

  it('counts drawn rows that nobody labelled yet, and accepts a file without header', () => {
    const labels = lib.parseLabels(
      [row(fp(5), '', '', 'r', 'a.yaml:1'), row(fp(6), 'not', 'example', 'r', 'a.yaml:2')].join('\n'),
    );
    expect(labels.drawn).toBe(1);
    expect(labels.rows).toHaveLength(1);
  });

  it.each([
    ['a bad label', row(fp(1), 'maybe', 'r', 'r', 'a.yaml:1'), /f\.tsv:1: label must be "real", "not" or empty/],
    [
      'a label without reason',
      row(fp(1), 'real', '', 'r', 'a.yaml:1'),
      /f\.tsv:1: a labelled row needs a short reason/,
    ],
    ['a short fingerprint', row('abc', 'real', 'x', 'r', 'a.yaml:1'), /fingerprint must be 32 hex digits/],
    ['a location without line', row(fp(1), 'real', 'x', 'r', 'a.yaml'), /location must be path:line/],
    ['too few columns', row(fp(1), 'real', 'x'), /at least 5 tab-separated columns/],
    ['a location-only row labelled not', row('-', 'not', 'x', 'r', 'a.yaml:1'), /label it "real"/],
    ['a location-only row without location', row('-', 'real', 'x', 'r', ''), /needs its location/],
    ['a wrong header', 'fingerprint\tlabel\treason', /f\.tsv:1: header must be/],
    [
      'two labels for one fingerprint',
      [row(fp(1), 'real', 'x', 'r', 'a.yaml:1'), row(fp(1), 'not', 'y', 'r', 'a.yaml:1')].join('\n'),
      /f\.tsv:2: fingerprint 0+1 is labelled "not" here and "real" at f\.tsv:1/,
    ],
  ])('rejects %s, naming the line', (_name, text, message) => {
    expect(() => lib.parseLabels(text, 'f.tsv')).toThrow(message);
  });
});

describe('precision and recall', () => {
  const labels = lib.parseLabels(
    [
      row(fp(1), 'real', 'token', 'r', 'a.yaml:1'),
      row(fp(2), 'real', 'password', 'r', 'a.yaml:2'),
      row(fp(3), 'not', 'default', 'r', 'a.yaml:3'),
      row(fp(4), 'real', 'reported only as a warning', 'r', 'b.yaml:4'),
      row(fp(5), 'real', 'fingerprint changed with the rule', 'r', 'b.yaml:5'),
      row('-', 'real', 'inside a block finding', '', 'c.yaml:12'),
      row('-', 'real', 'nobody reports it', '', 'd.yaml:7'),
      row(fp(9), 'not', 'no longer reported', 'r', 'e.yaml:1'),
    ].join('\n'),
  );
  const findings: F[] = [
    finding(1, 'error', 'a.yaml', 1),
    finding(1, 'error', 'z/copy/a.yaml', 1), // the same object and value elsewhere: the same fingerprint
    finding(2, 'error', 'a.yaml', 2),
    finding(3, 'error', 'a.yaml', 3),
    finding(4, 'warning', 'b.yaml', 4),
    finding(50, 'error', 'b.yaml', 5), // the credential labelled as fingerprint 5, now from another rule
    finding(60, 'error', 'c.yaml', 10, { location: { path: 'c.yaml', line: 10, column: 5, endLine: 14 } }),
    finding(70, 'error', 'f.yaml', 1),
    finding(71, 'error', 'f.yaml', 2),
    finding(72, 'note', 'f.yaml', 3),
  ];
  const result = lib.evaluate(findings, labels);

  it('computes precision over the labelled errors and counts the unlabelled ones', () => {
    // errors: 1, 1, 2 real by fingerprint; 60 real by covering a location-only row; 3 not;
    // 50 (its label is under another fingerprint), 70, 71 unlabelled.
    expect(result.errors).toBe(8);
    expect(result.precision).toEqual({ labelled: 5, real: 4, not: 1, unlabelled: 3, value: 0.8 });
  });

  it('computes recall over the labelled real credentials; a warning or nothing is a miss', () => {
    expect(result.recall.real).toBe(6);
    expect(result.recall.found).toBe(4);
    expect(result.recall.foundByLocation).toBe(2);
    expect(result.recall.value).toBeCloseTo(4 / 6, 10);
    expect(result.recall.missed.map((m) => [`${m.location?.path}:${m.location?.line}`, m.seenAs])).toEqual([
      ['b.yaml:4', 'warning (made-up-rule)'],
      ['d.yaml:7', undefined],
    ]);
    expect(result.labelsNotInRun).toBe(2); // fingerprints 5 (re-ruled) and 9
  });

  it('says there is no figure rather than 0 % or 100 % when nothing is labelled', () => {
    const none = lib.evaluate(findings, lib.parseLabels(''));
    expect(none.precision.value).toBeNull();
    expect(none.recall.value).toBeNull();
    expect(none.precision.unlabelled).toBe(8);
  });

  it('counts findings per rule and severity', () => {
    expect(
      lib.perRule([
        finding(1, 'error', 'a', 1),
        finding(2, 'note', 'a', 2),
        finding(3, 'error', 'a', 3, { ruleId: 'another' }),
      ]),
    ).toEqual({
      another: { error: 1, warning: 0, note: 0 },
      'made-up-rule': { error: 1, warning: 0, note: 1 },
    });
  });
});

describe('the sample to label', () => {
  const pool: F[] = Array.from({ length: 60 }, (_, i) =>
    finding(100 + i, i % 7 === 0 ? 'warning' : 'error', `dir${i % 5}/f${i}.yaml`, i + 1),
  );
  pool.push(finding(100, 'error', 'dup/again.yaml', 1)); // a fingerprint seen twice is drawn once
  const errors = new Set(pool.filter((f) => f.severity === 'error').map((f) => f.fingerprint));

  it('draws N distinct errors, the same for the same seed whatever the input order', () => {
    const a = lib.drawSample(pool, 10, 7);
    const b = lib.drawSample([...pool].reverse(), 10, 7);
    expect(a.pool).toBe(errors.size);
    expect(a.rows).toHaveLength(10);
    expect(new Set(a.rows.map((f) => f.fingerprint)).size).toBe(10);
    expect(a.rows.every((f) => f.severity === 'error')).toBe(true);
    expect(b.rows.map((f) => f.fingerprint)).toEqual(a.rows.map((f) => f.fingerprint));
    expect(lib.drawSample(pool, 10, 8).rows.map((f) => f.fingerprint)).not.toEqual(a.rows.map((f) => f.fingerprint));
  });

  it('gives every error when N exceeds them', () => {
    expect(
      lib
        .drawSample(pool, 500, 1)
        .rows.map((f) => f.fingerprint)
        .sort(),
    ).toEqual([...errors].sort());
  });

  it('prints rows in the label format that parse back once labelled, keeping known labels', () => {
    const f = finding(1, 'error', 'a.yaml', 1, { message: 'a message\twith a tab\nand a newline' });
    const drawn = lib.formatRow(f);
    expect(drawn.split('\t')).toEqual([
      fp(1),
      '',
      '',
      'made-up-rule',
      'a.yaml:1',
      'ab…(12 chars)',
      'a message with a tab and a newline',
    ]);
    const labelled = drawn.split('\t');
    labelled[1] = 'not';
    labelled[2] = 'test fixture';
    const labels = lib.parseLabels(`${header}\n${labelled.join('\t')}\n`);
    expect(lib.formatRow(f, labels).split('\t').slice(0, 3)).toEqual([fp(1), 'not', 'test fixture']);
  });
});
