import { describe, expect, it } from 'vitest';
import { at, byRule, parseNotes, scan, scanFiles, SECRET_HEADER } from './support.js';

/** Legal but unusual manifest shapes: each must be read structurally, with exact positions. */

describe('unusual but valid shapes', () => {
  it('JSON with an escaped last-applied annotation: reported at the annotation, attributed to the embedding rule', () => {
    const copy = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api', namespace: 'prod' },
      stringData: { token: 'fake-last-applied-token-42x' },
    };
    const text = `${JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'api',
          namespace: 'prod',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(copy)}\n` },
        },
        type: 'Opaque',
      },
      null,
      2,
    )}\n`;
    expect(text.split('\n')[7]).toMatch(/^ {6}"kubectl\.kubernetes\.io\/last-applied-configuration": "\{\\"apiVersion/);
    const findings = scan('exported.json', text);
    expect(findings.map((f) => ({ ...at(f), by: f.embeddedBy, via: f.object.via }))).toEqual([
      {
        rule: 'secret-string-data',
        line: 8,
        column: 59,
        key: 'token',
        by: 'last-applied-configuration',
        via: 'kubectl.kubernetes.io/last-applied-configuration',
      },
    ]);
  });

  it('a Secret inside a List inside a List', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: List',
      '    items:',
      '      - apiVersion: v1',
      '        kind: Secret',
      '        metadata: { name: inner }',
      '        stringData:',
      '          password: fake-nested-list-password-1',
      '',
    ].join('\n');
    const findings = scan('list.yaml', text);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 11, column: 21, key: 'password' },
    ]);
    expect(findings.find((f) => f.ruleId === 'secret-string-data')?.object).toMatchObject({
      kind: 'Secret',
      name: 'inner',
    });
  });

  it('duplicate keys inside stringData: both values are reported, and no parse note', () => {
    const text = `${SECRET_HEADER}stringData:\n  password: fake-first-duplicate-value-1\n  password: fake-second-duplicate-value-2\n`;
    const findings = scan('dup.yaml', text);
    expect(parseNotes(findings)).toEqual([]);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
      { rule: 'secret-string-data', line: 8, column: 13, key: 'password' },
    ]);
    const [first, second] = findings;
    expect(first?.valueHash).not.toBe(second?.valueHash);
  });

  it('merge keys `<<: *base`: merged values are reported at the alias, own values where they are', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: merged }',
      'x-base: &base',
      '  db-password: fake-merged-password-value-9',
      'stringData:',
      '  <<: *base',
      '  extra: fake-extra-password-value-77',
      '',
    ].join('\n');
    expect(byRule(scan('merge.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 7, column: 7, key: 'db-password' },
      { rule: 'secret-string-data', line: 8, column: 10, key: 'extra' },
    ]);
  });

  it('quoted and explicit keys', () => {
    const text = [
      '"apiVersion": \'v1\'',
      '"kind": "Secret"',
      '"metadata": { "name": "q" }',
      '"stringData":',
      '  "pass word": "fake-quoted-key-password-1"',
      "  'single''s': 'fake-single-quoted-value-2'",
      '  ? complex',
      '  : fake-explicit-key-value-33',
      '',
    ].join('\n');
    expect(byRule(scan('quoted.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 5, column: 16, key: 'pass word' },
      { rule: 'secret-string-data', line: 6, column: 16, key: "single's" },
      { rule: 'secret-string-data', line: 8, column: 5, key: 'complex' },
    ]);
  });

  it('folded, literal and multi-line plain scalars', () => {
    const text = [
      ...SECRET_HEADER.trimEnd().split('\n'),
      'stringData:',
      '  password: >-',
      '    fake-folded-',
      '    password-value',
      '  key: |',
      '    line-one-fake',
      '    line-two-fake',
      '  plain: fake multi',
      '    line plain value',
      '',
    ].join('\n');
    const findings = scan('folded.yaml', text);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
      { rule: 'secret-string-data', line: 10, column: 8, key: 'key' },
      { rule: 'secret-string-data', line: 13, column: 10, key: 'plain' },
    ]);
    expect(findings.find((f) => f.object.key === 'password')?.location).toMatchObject({ endLine: 9, endColumn: 19 });
  });

  it.each(['|', '|+', '>'])(
    'a block scalar (%s) ends on its last line, so a token on the next line is still reported',
    (header) => {
      const text = [
        ...SECRET_HEADER.trimEnd().split('\n'),
        'stringData:',
        `  config.ini: ${header}`,
        '    [db]',
        '    password = fake-ini-password-0001',
        '',
        'note: "ci uses ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT"',
        '',
      ].join('\n');
      const findings = scan('block.yaml', text);
      expect(findings.find((f) => f.ruleId === 'secret-string-data')?.location).toMatchObject({
        line: 7,
        column: 15,
        endLine: 9,
        endColumn: 38,
      });
      expect(byRule(findings, 'github-token')).toEqual([{ rule: 'github-token', line: 11, column: 16 }]);
      expect(byRule(scan('tight.yaml', text.replace('\n\nnote', '\nnote')), 'github-token')).toEqual([
        { rule: 'github-token', line: 10, column: 16 },
      ]);
    },
  );
});

describe('odd paths in the in-memory source', () => {
  const secret = `${SECRET_HEADER}stringData:\n  password: fake-odd-path-password-0123\n`;
  const paths = [
    'dir with space/my secret.yaml',
    'ünïcødé/秘密.yaml',
    'emoji-🔑.yml',
    'new\nline.yaml',
    'quo"te\'s.yaml',
    'tab\t.yaml',
    'back\\slash.yaml',
    '../outside.yaml',
    '/abs/path.yaml',
    '#hash.yaml',
    '!neg.yaml',
    '[br]*.yaml',
    'rtl\u202e.yaml',
    'UPPER.YAML',
  ];

  it('keeps every path verbatim and finds the Secret in each', async () => {
    const report = await scanFiles(Object.fromEntries(paths.map((p) => [p, secret])));
    expect(report.skipped).toEqual([]);
    const found = report.findings.map((f) => [f.location.path, f.ruleId, f.location.line, f.location.column]);
    expect(found).toHaveLength(paths.length);
    expect(new Set(found.map((f) => f[0]))).toEqual(new Set(paths));
    for (const f of found) expect(f.slice(1)).toEqual(['secret-string-data', 7, 13]);
  });
});
