import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/engine.js';
import { sha256 } from '../../src/finding.js';
import type { YNode } from '../../src/parse/node.js';
import { parseFile } from '../../src/parse/parse-file.js';
import { positionProblems, ruleset, scanFiles } from './support.js';

/**
 * Property tests over random and mutated input: parsing and scanning never throw, every position
 * lies inside the file, and a planted credential never appears in full in any finding or report.
 */

const RUNS = { numRuns: 200 };
const SLOW = 120_000;

/** Real manifest shapes, each with the credential `s` planted where sealcheck must find it. */
const PLANTED = {
  stringData: (s) => ({
    path: 'secret.yaml',
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ntype: Opaque\nstringData:\n  username: app\n  password: ${s}\n`,
  }),
  data: (s) => ({
    path: 'secret.yml',
    text: `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ndata:\n  password: ${Buffer.from(s).toString('base64')}\n`,
  }),
  quoted: (s) => ({
    path: 'quoted.yaml',
    text: `apiVersion: v1\nkind: Secret\nmetadata: {name: q}\nstringData: {"api-token": "${s}", other: '${s}'}\n`,
  }),
  block: (s) => ({
    path: 'block.yaml',
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ini\nstringData:\n  config.ini: |\n    [db]\n    password = ${s}\n  key: >-\n    ${s}\n`,
  }),
  json: (s) => ({
    path: 'secret.json',
    text: `{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": {"name": "j"},\n  "stringData": {"token": "${s}"}\n}\n`,
  }),
  list: (s) => ({
    path: 'list.yaml',
    text: `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: { name: inner }\n    stringData:\n      token: ${s}\n`,
  }),
  stream: (s) => ({
    path: 'stream.yaml',
    text: `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { LOG_LEVEL: debug }\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData:\n  password: ${s}\n...\n`,
  }),
  tabs: (s) => ({
    path: 'tabs.yaml',
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n\tname: broken\nstringData:\n\tpassword: ${s}\n`,
  }),
  helm: (s) => ({
    path: 'templates/secret.yaml',
    text: `{{- if .Values.enabled }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "app.fullname" . }}\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\nstringData:\n  templated: {{ .Values.p | quote }}\n  literal: ${s}\n{{- end }}\n`,
  }),
  annotation: (s) => ({
    path: 'exported.yaml',
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s3\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s3"},"stringData":{"SECRET_KEY":"${s}"}}\ndata: {}\n`,
  }),
  env: (s) => ({
    path: 'deploy.yaml',
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          env:\n            - name: DB_PASSWORD\n              value: ${s}\n`,
  }),
  kustomize: (s) => ({
    path: 'overlays/prod/kustomization.yaml',
    text: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: app\n    literals:\n      - password=${s}\n`,
  }),
} satisfies Record<string, (s: string) => { path: string; text: string }>;
type Shape = keyof typeof PLANTED;
const SHAPES = Object.keys(PLANTED) as Shape[];
const plant = (shape: Shape, s: string): { path: string; text: string } => PLANTED[shape](s);

/** A fake credential: 20 to 40 characters that survive as a plain YAML scalar and are no placeholder. */
const credential = fc
  .string({
    unit: fc.constantFrom(...Array.from('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.+/')),
    minLength: 19,
    maxLength: 39,
  })
  .map((tail) => `k${tail}`);

/** Text that tends to break YAML: indicators, tabs, CR, BOM, NUL, lone surrogates, templates, unicode. */
const noise = fc.oneof(
  fc.constantFrom(
    ':',
    ': ',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '"',
    "'",
    '{',
    '}',
    '[',
    ']',
    ',',
    '- ',
    '#',
    '&a ',
    '*a',
    '!',
    '!!binary ',
    '|',
    '>',
    '?',
    '%',
    '@',
    '`',
  ),
  fc.constantFrom(
    '---\n',
    '...\n',
    '{{ .Values.x }}',
    '{{- if .Values.y }}\n',
    '{{- end }}',
    '<<: *a\n',
    '\u0000',
    '\ufeff',
    '\ud800',
    '\udc00',
    '\u2028',
    '\u00a7\u00a7',
    '\\',
    '\\u00',
    '\\U0001',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'indent'; line: number; prefix: string }
  | { op: 'duplicate'; line: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: noise }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    op: fc.constant('indent' as const),
    line: fc.nat(),
    prefix: fc.constantFrom('', ' ', '  ', '   ', '\t', ' \t', '      '),
  }),
  fc.record({ op: fc.constant('duplicate' as const), line: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const n = lines.length;
  switch (m.op) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'swap': {
      const a = m.a % n;
      const b = m.b % n;
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'indent': {
      const i = m.line % n;
      lines[i] = m.prefix + (lines[i] ?? '').trimStart();
      return lines.join('\n');
    }
    case 'duplicate': {
      const i = m.line % n;
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
  }
}

/** YAML-ish documents: token soup from the same pieces the manifests are made of. */
const yamlish = fc
  .array(
    fc.oneof(
      noise,
      fc.constantFrom(
        'apiVersion: v1',
        'kind: Secret',
        'kind: List',
        'items:',
        'stringData:',
        'data:',
        'metadata:',
        'name: x',
        'password: ',
        'env:',
        'value: ',
        'literals:',
        'annotations:',
      ),
    ),
    { maxLength: 80, size: 'large' },
  )
  .map((parts) => parts.join(''));

function spanProblems(node: YNode | undefined, lengths: number[], out: string[]): void {
  if (node === undefined) return;
  for (const p of [node.span.start, node.span.end]) {
    const ok = p.line >= 1 && p.line <= lengths.length && p.column >= 1 && p.column <= (lengths[p.line - 1] ?? 0) + 1;
    if (!ok) out.push(`${node.type} at ${p.line}:${p.column}`);
  }
  if (node.type === 'seq') for (const i of node.items) spanProblems(i, lengths, out);
  if (node.type === 'map')
    for (const e of node.entries) {
      spanProblems(e.key, lengths, out);
      spanProblems(e.value, lengths, out);
    }
}

/** Parses and scans one text; the caller asserts on the returned problem list (empty = all positions inside the file). */
function check(path: string, text: string): string[] {
  const file = parseFile(path, text);
  const lengths = file.text.split('\n').map((l) => l.length);
  const out: string[] = [];
  for (const d of file.docs) spanProblems(d.root, lengths, out);
  for (const p of file.problems)
    spanProblems({ type: 'scalar', value: null, style: 'plain', span: p.span }, lengths, out);
  return [...out, ...positionProblems(scanText(path, text, ruleset).findings, text)];
}

describe('parseFile and scanText on random input', () => {
  const paths = fc.constantFrom('a.yaml', 'b.json', 'templates/c.yaml', 'kustomization.yaml', 'notes.txt', '.env');

  it('never throw and keep every position inside the file: arbitrary unicode strings', { timeout: SLOW }, () => {
    fc.assert(
      fc.property(paths, fc.string({ unit: 'binary', maxLength: 400, size: 'large' }), (path, text) => {
        expect(check(path, text)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never throw and keep every position inside the file: YAML-ish token soup', { timeout: SLOW }, () => {
    fc.assert(
      fc.property(paths, yamlish, (path, text) => {
        expect(check(path, text)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never throw and keep every position inside the file: mutated real manifests', { timeout: SLOW }, () => {
    const arb = fc.tuple(fc.constantFrom(...SHAPES), credential, fc.array(mutation, { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(arb, ([shape, s, ms]) => {
        const { path, text } = plant(shape, s);
        expect(check(path, ms.reduce(mutate, text))).toEqual([]);
      }),
      RUNS,
    );
  });
});

/**
 * Text sealcheck shows by design: map keys and identity values (`apiVersion`, `kind`, `name`,
 * `namespace`), as the mutated file parses them. A mutation can fold the credential's line into one
 * of them (`name: ini` followed by a deeper `password = <s>` line is the one-line name
 * "ini password = <s>" in YAML), which is then reported as the object's identity. Only whole such
 * strings are masked, so a credential shown anywhere else still fails the property.
 */
const IDENTITY_KEYS = new Set(['apiVersion', 'kind', 'name', 'namespace']);

function shownByDesign(path: string, text: string, s: string): string[] {
  const out = new Set<string>();
  const visit = (node: YNode | undefined, key: string | undefined): void => {
    if (node === undefined) return;
    if (node.type === 'scalar') {
      if (key !== undefined && IDENTITY_KEYS.has(key) && node.value?.includes(s)) out.add(node.value);
    } else if (node.type === 'seq') {
      for (const item of node.items) visit(item, undefined);
    } else {
      for (const e of node.entries) {
        if (e.key.value?.includes(s)) out.add(e.key.value);
        visit(e.value, e.key.value ?? undefined);
      }
    }
  };
  for (const d of parseFile(path, text).docs) visit(d.root, undefined);
  return [...out].sort((a, b) => b.length - a.length);
}

/** The forms of the credential (as written, base64) found in `output` once by-design strings are masked. */
function leaked(output: string, path: string, text: string, s: string): string[] {
  let masked = output;
  for (const shown of shownByDesign(path, text, s))
    masked = masked.split(JSON.stringify(shown).slice(1, -1)).join('<shown>');
  return [s, Buffer.from(s).toString('base64')].filter((form) => masked.includes(form));
}

describe('a planted credential never appears in full in the output', () => {
  it('is found, by hash only, in every unmutated shape', { timeout: SLOW }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), credential, (shape, s) => {
        const { path, text } = plant(shape, s);
        const findings = scanText(path, text, ruleset).findings;
        expect(
          findings.some((f) => f.valueHash === sha256(s)),
          `${shape} must report the planted value`,
        ).toBe(true);
        const out = JSON.stringify(findings);
        expect(out).not.toContain(s);
        expect(out).not.toContain(Buffer.from(s).toString('base64'));
      }),
      RUNS,
    );
  });

  it('stays out of every finding of mutated manifests (engine)', { timeout: SLOW }, () => {
    const arb = fc.tuple(fc.constantFrom(...SHAPES), credential, fc.array(mutation, { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(arb, ([shape, s, ms]) => {
        const { path, text } = plant(shape, s);
        const mutated = ms.reduce(mutate, text);
        expect(leaked(JSON.stringify(scanText(path, mutated, ruleset)), path, mutated, s)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('stays out of the whole scan report of mutated manifests (driver)', { timeout: SLOW }, async () => {
    const arb = fc.tuple(fc.constantFrom(...SHAPES), credential, fc.array(mutation, { minLength: 1, maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(arb, async ([shape, s, ms]) => {
        const { path, text } = plant(shape, s);
        const mutated = ms.reduce(mutate, text);
        expect(leaked(JSON.stringify(await scanFiles({ [path]: mutated })), path, mutated, s)).toEqual([]);
      }),
      RUNS,
    );
  });
});
