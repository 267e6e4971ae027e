import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parse/parse-file.js';
import type { YNode } from '../../src/parse/node.js';
import { byRule, notScanned, parseNotes, positionProblems, scan, scanFiles, SECRET_HEADER } from './support.js';

/**
 * Hostile and odd input: every case must end in a definite result (findings, a parse-error note or
 * a skip with a reason), never a crash, and a Secret in a broken file must still be found.
 * Sizes are generous and timeouts long; speed is measured by the benchmarks, not here.
 */

function countNodes(node: YNode | undefined): number {
  if (node === undefined) return 0;
  if (node.type === 'scalar') return 1;
  if (node.type === 'seq') return 1 + node.items.reduce((n, i) => n + countNodes(i), 0);
  return 1 + node.entries.reduce((n, e) => n + 1 + countNodes(e.value), 0);
}

describe('malformed YAML: a parse-error note, and the Secret still found by the fallback', () => {
  it.each([
    {
      name: 'tab indentation, stringData',
      text: 'apiVersion: v1\nkind: Secret\nmetadata:\n\tname: broken\nstringData:\n\tpassword: fake-Pa55word-tabbed-01\n',
      code: 'TAB_AS_INDENT',
      found: { rule: 'secret-string-data', line: 6, column: 12, key: 'password' },
    },
    {
      name: 'tab indentation, data',
      text: 'apiVersion: v1\nkind: Secret\nmetadata:\n\tname: broken\ndata:\n\tpassword: czNjcjN0LWRiLXBhc3N3b3Jk\n',
      code: 'TAB_AS_INDENT',
      found: { rule: 'secret-data', line: 6, column: 12, key: 'password' },
    },
    {
      name: 'unbalanced quote before the data',
      text: `${SECRET_HEADER}  labels: { app: "web }\ndata:\n  token: ZmFrZS11bmJhbGFuY2VkLXRva2VuLTAx\n`,
      code: 'MISSING_CHAR',
      found: { rule: 'secret-data', line: 8, column: 10, key: 'token' },
    },
    {
      name: 'unbalanced quote after the stringData',
      text: `${SECRET_HEADER}stringData:\n  password: fake-before-the-broken-quote\ntype: 'Opaque\n`,
      code: 'MISSING_CHAR',
      found: { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
    },
    {
      name: 'a key indented too far',
      text: `${SECRET_HEADER}   team: payments\nstringData:\n  api-key: fake-api-key-badly-indented-7\n`,
      code: 'BLOCK_AS_IMPLICIT_KEY',
      found: { rule: 'secret-string-data', line: 8, column: 12, key: 'api-key' },
    },
  ])('$name', ({ text, code, found }) => {
    const findings = scan('broken.yaml', text);
    expect(parseNotes(findings).map((f) => f.object.key)).toContain(code);
    for (const note of parseNotes(findings)) expect(note.preview).toBe('');
    expect(byRule(findings, found.rule)).toEqual([found]);
    expect(findings.find((f) => f.ruleId === found.rule)?.fallback).toBe(true);
  });
});

describe('parse-error notes name the problem without quoting the source', () => {
  const value = 'fake-glued-value-0123456789abcdef';
  it.each([
    [
      'a value glued to a block scalar header',
      `  password: |${value}\n`,
      'Block scalar header includes extra characters',
      7,
      14,
    ],
    [
      'a value glued to a folded header',
      `  password: >-${value}\n    more\n`,
      'Block scalar header includes extra characters',
      7,
      15,
    ],
    // The note is at the document's first error (the brace); the second error, which quotes the value, is only counted.
    [
      'a value left at column 0 after a stray brace',
      `  password: x\n}${value}\n`,
      'Unexpected flow-map-end token in YAML stream',
      8,
      1,
    ],
    ['a value inside an unknown tag handle', `  password: !foo!${value} x\n`, 'Could not resolve tag', 7, 13],
    ['a value after a bad escape', `  password: "\\U${value}"\n`, 'Invalid escape sequence', 7, 14],
  ])('%s', (_name, tail, message, line, column) => {
    const findings = scan('glued.yaml', `${SECRET_HEADER}stringData:\n${tail}`);
    expect(parseNotes(findings).map((f) => [f.location.line, f.location.column])).toContainEqual([line, column]);
    expect(parseNotes(findings).some((f) => f.message.includes(`(${f.object.key}: ${message}`))).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(value.slice(0, 16));
  });
});

describe('Helm templates', () => {
  const chart = [
    '{{- if .Values.secret.create }}', //                        1
    'apiVersion: v1', //                                         2
    'kind: Secret', //                                           3
    'metadata:', //                                              4
    '  name: {{ include "app.fullname" . }}', //                 5
    '  labels:', //                                              6
    '    {{- include "app.labels" . | nindent 4 }}', //          7
    'type: Opaque', //                                           8
    'data:', //                                                  9
    '  password: {{ .Values.p | b64enc }}', //                  10
    '  user: {{ .Values.user | b64enc | quote }}', //           11
    '  token: ZmFrZS1oZWxtLWxpdGVyYWwtdG9rZW4tMQ==', //         12
    'stringData:', //                                           13
    '  api-token: "fake-hardcoded-helm-token-0123"', //         14
    '  url: "https://{{ .Values.host }}/{{ .Values.path }}"', // 15
    '{{- end }}', //                                            16
    '',
  ].join('\n');

  it('reports the hard-coded literals at their exact positions and nothing for templated values', () => {
    const findings = scan('charts/app/templates/secret.yaml', chart);
    expect(byRule(findings, 'secret-data')).toEqual([{ rule: 'secret-data', line: 12, column: 10, key: 'token' }]);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 14, column: 14, key: 'api-token' },
    ]);
    const templatedLines = [1, 5, 7, 10, 11, 15, 16];
    expect(findings.filter((f) => templatedLines.includes(f.location.line))).toEqual([]);
    expect(parseFile('charts/app/templates/secret.yaml', chart)).toMatchObject({
      templated: true,
      problems: [],
      docs: [{ mode: 'yaml' }],
    });
  });

  it('keeps positions when a range loop makes the neutralised text invalid YAML', () => {
    const text = [
      '{{- range $k, $v := .Values.secrets }}',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: {{ $k }}',
      'stringData:',
      '  {{ $k }}: {{ $v | quote }}',
      '  literal: fake-helm-literal-in-range-99',
      '{{- end }}',
      '',
    ].join('\n');
    const findings = scan('templates/range.yaml', text);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 8, column: 12, key: 'literal' },
    ]);
    expect(findings.filter((f) => f.location.line === 7)).toEqual([]);
  });
});

describe('resource limits', () => {
  const laughs = (indent: string): string => {
    let s = `${indent}a0: &a0 [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i <= 9; i++)
      s += `${indent}a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    return s;
  };

  it(
    'stops a billion-laughs alias bomb at the node budget and still finds the Secret next to it',
    { timeout: 60_000 },
    () => {
      const text = `${SECRET_HEADER}stringData:\n  password: fake-next-to-the-bomb-0001\nlols:\n${laughs('  ')}`;
      const file = parseFile('bomb.yaml', text);
      expect(file.problems.map((p) => p.code)).toEqual(['alias-expansion-limit']);
      expect(file.docs.map((d) => d.mode)).toEqual(['fallback']);
      expect(countNodes(file.docs[0]?.root)).toBeLessThan(200);
      const findings = scan('bomb.yaml', text);
      // What the aliases stand for was not checked: not a note, a not-scanned finding that blocks a commit.
      expect(parseNotes(findings)).toEqual([]);
      expect(notScanned(findings).map((f) => [f.object.key, f.severity])).toEqual([
        ['alias-expansion-limit', 'warning'],
      ]);
      expect(byRule(findings, 'secret-string-data')).toEqual([
        { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
      ]);
    },
  );

  it(
    'charges the budget to the bomb only: the next document of the stream parses normally',
    { timeout: 60_000 },
    () => {
      const text = `${laughs('')}---\n${SECRET_HEADER}stringData:\n  password: fake-after-the-bomb-0002\n`;
      const file = parseFile('bomb.yaml', text);
      expect(file.docs.map((d) => d.mode)).toEqual(['fallback', 'yaml']);
      const found = scan('bomb.yaml', text).filter((f) => f.ruleId === 'secret-string-data');
      expect(found.map((f) => [f.location.line, f.location.column, f.fallback])).toEqual([[18, 13, undefined]]);
    },
  );

  it('a small node budget counts alias expansions, not the nodes written in the file', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => i).join(',');
    const plain = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"password":"fake-json-list-pass-03"},"pad":[${items}]}`;
    const limits = { maxNodes: 1_000, maxDepth: 256 };
    expect(parseFile('big.json', plain, limits)).toMatchObject({ problems: [], docs: [{ mode: 'yaml' }] });
    const aliased = `a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [${Array(200).fill('*a').join(', ')}]\n`;
    expect(parseFile('aliases.yaml', aliased, limits).problems.map((p) => p.code)).toEqual(['alias-expansion-limit']);
  });

  it(
    'reads a valid one-line JSON with 205,000 array items in full (no alias-limit fallback)',
    { timeout: 120_000 },
    () => {
      const pad = Array(205_000).fill('0').join(',');
      const text = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"password":"fake-json-list-pass-04"},"pad":[${pad}]}`;
      const findings = scan('big.json', text);
      expect(parseNotes(findings)).toEqual([]);
      expect(byRule(findings, 'secret-string-data')).toEqual([
        { rule: 'secret-string-data', line: 1, column: 85, key: 'password' },
      ]);
    },
  );

  const deep: Array<[string, string, number]> = [
    ['10,000 nested flow sequences', `deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 10_000],
    ['10,000 nested flow maps', `deep: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, 10_000],
    ['10,000 compact block sequences', `deep:\n${'- '.repeat(10_000)}x\n`, 10_000],
    [
      '10,000 nested block maps',
      `deep:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('')}`,
      10_000,
    ],
    ['300 nested flow sequences (over the 256 depth limit)', `deep: ${'['.repeat(300)}${']'.repeat(300)}\n`, 300],
  ];
  it.each(deep)('%s: not-scanned, no stack overflow, the Secret still found', { timeout: 60_000 }, (_name, tail) => {
    const text = `${SECRET_HEADER}stringData:\n  password: fake-beside-deep-nesting-05\n${tail}`;
    let findings: ReturnType<typeof scan> = [];
    expect(() => (findings = scan('deep.yaml', text))).not.toThrow();
    expect(notScanned(findings).map((f) => f.object.key)).toEqual(['nesting-too-deep']);
    expect(positionProblems(findings, text)).toEqual([]);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
    ]);
  });

  it('names the depth limit, and keeps the document parsed down to it', () => {
    const text = `${SECRET_HEADER}deep: ${'['.repeat(300)}${']'.repeat(300)}\n`;
    const file = parseFile('deep.yaml', text);
    expect(file.problems).toEqual([
      expect.objectContaining({
        code: 'nesting-too-deep',
        message: 'nested deeper than 256 levels: what lies below that depth was not checked',
        unchecked: true,
      }),
    ]);
    expect(file.docs.map((d) => d.mode)).toEqual(['yaml']);
  });
});

describe('encodings and degenerate files through runScan', () => {
  const secret = `${SECRET_HEADER}stringData:\n  password: fake-encoding-password-006\n`;

  it(
    'reads binary content line by line, scans latin1 and a NUL past the probe, and keeps CRLF + BOM positions exact',
    { timeout: 30_000 },
    async () => {
      const report = await scanFiles({
        'binary.yaml': Buffer.concat([Buffer.from(secret), Buffer.from([0x00, 0xff, 0x00])]),
        'latin1.yaml': Buffer.from(
          `${SECRET_HEADER}  labels: { owner: caf\xe9 }\nstringData:\n  password: fake-caf\xe9-password-007\n`,
          'latin1',
        ),
        'late-nul.yaml': Buffer.from(`${secret}# ${'p'.repeat(9_000)}\nother: "a\u0000b"\n`),
        'crlf.yaml': Buffer.from(`\ufeff${secret.replace(/\n/g, '\r\n')}`, 'utf8'),
      });
      // Listed as skipped (verbose output) and not counted as scanned, but its printable text is checked.
      expect(report.skipped).toEqual([{ path: 'binary.yaml', reason: 'binary file' }]);
      expect(report.stats.files).toBe(3);
      const where = report.findings.map((f) => [
        f.location.path,
        f.ruleId,
        f.location.line,
        f.location.column,
        f.location.endLine,
        f.location.endColumn,
      ]);
      expect(where).toEqual([
        ['binary.yaml', 'secret-string-data', 7, 13, 7, 39],
        ['crlf.yaml', 'secret-string-data', 7, 13, 7, 39],
        ['late-nul.yaml', 'secret-string-data', 7, 13, 7, 39],
        ['latin1.yaml', 'secret-string-data', 8, 13, 8, 35],
      ]);
    },
  );

  it('reports nothing, and no parse note, for empty, blank and separator-only files', async () => {
    const report = await scanFiles({
      'empty.yaml': '',
      'blank.yaml': ' \n\t\n\r\n   ',
      'dashes.yaml': '---',
      'stream.yaml': '---\n---\n...\n',
      'empty.json': '',
    });
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.stats.files).toBe(5);
  });
});

describe('large input', () => {
  it('scans a 5 MB single line', { timeout: 120_000 }, () => {
    const pad = 'a'.repeat(5_000_000);
    const text = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"password":"fake-one-line-password-08"},"pad":"${pad}"}`;
    expect(byRule(scan('one-line.json', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 1, column: 85, key: 'password' },
    ]);
    expect(scan('plain.yaml', 'x'.repeat(5_000_000))).toEqual([]);
  });

  it('reports a file over the size limit as not scanned rather than dropping it', async () => {
    const report = await scanFiles({ 'huge.yaml': Buffer.alloc(5 * 1024 * 1024 + 1, 0x61) });
    expect(report.findings.map((f) => [f.ruleId, f.object.key, f.message])).toEqual([
      ['not-scanned', 'too-large', expect.stringContaining('byte limit')],
    ]);
  });

  it('scans a 2 MB multi-document stream to its last document', { timeout: 120_000 }, () => {
    const docs: string[] = [];
    for (let i = 0, size = 0; size < 2_000_000; i++) {
      const doc = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  LOG_LEVEL: debug\n  URL: http://example.com/${i}\n`;
      docs.push(doc);
      size += doc.length;
    }
    const head = docs.join('');
    const text = `${head}---\n${SECRET_HEADER}stringData:\n  password: fake-last-doc-password-09\n`;
    const line = head.split('\n').length + 7;
    const findings = scan('stream.yaml', text);
    expect(parseNotes(findings)).toEqual([]);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line, column: 13, key: 'password' },
    ]);
  });
});
