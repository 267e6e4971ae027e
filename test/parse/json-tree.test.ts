import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonTree } from '../../src/parse/json-tree.js';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/limits.js';
import { parseFile } from '../../src/parse/parse-file.js';
import { LineIndex } from '../../src/parse/positions.js';
import { toTree } from '../../src/parse/yaml-tree.js';

/** The tree the YAML composer builds for a text, or a reason it does not build one cleanly. */
function viaYaml(text: string): unknown {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  if (!Array.isArray(docs) || docs.length !== 1) return 'not one document';
  const [doc] = docs;
  if (doc === undefined) return 'no document';
  if (doc.errors.length > 0 || doc.warnings.length > 0)
    return `yaml problems: ${[...doc.errors, ...doc.warnings].map((e) => e.code).join(',')}`;
  return toTree(doc, new LineIndex(text), DEFAULT_PARSE_LIMITS, { nodes: 0 });
}

function viaJson(text: string): unknown {
  return jsonTree(text, new LineIndex(text), DEFAULT_PARSE_LIMITS.maxDepth);
}

const ws = fc
  .array(fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\n    ', '\n\t'), { maxLength: 3 })
  .map((a) => a.join(''));

/** A JSON string literal: each character written raw or as one of the escapes JSON allows. */
const stringLiteral = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)),
      fc.string({ unit: 'binary', maxLength: 3 }).map((s) => JSON.stringify(s).slice(1, -1)),
      fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\ud83d\\ude00', '\\uD800'),
      fc.integer({ min: 0, max: 0xffff }).map((n) => `\\u${n.toString(16).padStart(4, '0')}`),
      fc.constantFrom(
        ': ',
        ' #',
        '---',
        '*a',
        '&b',
        '!t',
        '{{ x }}',
        "'",
        '- ',
        '? ',
        '%',
        '@',
        '`',
        '\u2028',
        '\u0085',
      ),
    ),
    { maxLength: 6 },
  )
  .map((parts) => `"${parts.join('')}"`);

const numberLiteral = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.constantFrom(
    '0',
    '-0',
    '0.5',
    '1e5',
    '1E+5',
    '-2.5e-3',
    '12345678901234567890123',
    '0123e1'.slice(1),
    '007'.slice(2),
  ),
);

const keyLiteral = fc.oneof(stringLiteral, fc.constantFrom('"a"', '"<<"', '"kind"', '"password"', '""'));

const { value } = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLiteral,
    numberLiteral,
    fc.constantFrom('true', 'false', 'null'),
    tie('object'),
    tie('array'),
  ),
  object: fc
    .array(fc.tuple(ws, keyLiteral, ws, ws, tie('value'), ws), { maxLength: 5 })
    .chain((entries) =>
      ws.map((inner) =>
        entries.length === 0
          ? `{${inner}}`
          : `{${entries.map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v}${d}`).join(',')}}`,
      ),
    ),
  array: fc
    .array(fc.tuple(ws, tie('value'), ws), { maxLength: 5 })
    .chain((items) =>
      ws.map((inner) =>
        items.length === 0 ? `[${inner}]` : `[${items.map(([a, v, b]) => `${a}${v}${b}`).join(',')}]`,
      ),
    ),
}));

const documentText = fc
  .tuple(ws, value, ws)
  .filter(([, v]) => v.startsWith('{') || v.startsWith('['))
  .map(([a, v, b]) => `${a}${v}${b}`);

describe('the JSON reader builds the tree the YAML path builds', () => {
  it('for generated JSON documents (escapes, numbers, duplicate keys, any whitespace)', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        // The generator writes only valid JSON; the reader must take all of it.
        expect(() => JSON.parse(text) as unknown).not.toThrow();
        const json = viaJson(text);
        expect(json).toBeDefined();
        expect(json).toEqual(viaYaml(text));
      }),
      { numRuns: 600 },
    );
  });

  it('for hand-picked shapes: nested collections, merge keys, duplicates, a long key', () => {
    const texts = [
      '{"a": 1, "b": [1, "x\\u00e9", true, null], "c": {}}\n',
      '{\n\t"a": 1\n}',
      '{"a"\n: 1}',
      `{"${'k'.repeat(1100)}": 1}`,
      '{"<<": {"x": 1}, "y": 2}',
      '{"a":1,"a":2}',
      '  [ 1 ,2 ]  \n\n',
      '{"a":1}\r\n',
      '[[[[[]]]]]',
      '{"s":"\\ud83d\\ude00 \\/ \\"q\\""}',
    ];
    for (const text of texts) {
      const json = viaJson(text);
      expect(json, text).toBeDefined();
      expect(json, text).toEqual(viaYaml(text));
    }
  });

  it('leaves anything that is not exactly one JSON object or array to YAML', () => {
    for (const text of [
      'a: 1',
      '"just a string"',
      '42',
      '{"a": 1} trailing',
      '{"a": 1}\n---\n{"b": 2}',
      '{"a": 1, }',
      "{'a': 1}",
      '{"a": 01}',
      '{"a": 1.}',
      '{"a": .5}',
      '{"a": "tab\there"}',
      '{"a": "\\x41"}',
      '{"a": "\\u12"}',
      '{"a": tru}',
      '{"a": 1 # comment\n}',
      '{"a": 1',
      '[1, 2',
      '{"a" 1}',
      '',
    ])
      expect(viaJson(text), text).toBeUndefined();
  });

  it('leaves nesting deeper than the depth limit to the YAML path, which reports it', () => {
    const depth = DEFAULT_PARSE_LIMITS.maxDepth + 5;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    expect(viaJson(text)).toBeUndefined();
    const file = parseFile('deep.json', text);
    expect(file.problems.map((p) => p.code)).toContain('nesting-too-deep');
  });

  it('keeps the YAML notes for a malformed JSON file', () => {
    const file = parseFile('broken.json', '{\n  "password": "x",\n  "token": \n');
    expect(file.problems.length).toBeGreaterThan(0);
    expect(file.docs[0]?.mode).toBe('fallback');
  });

  it('is what parseFile uses for a JSON file, with positions in the file', () => {
    const text = '{\n  "kind": "Secret",\n  "data": {"k": "dg=="}\n}\n';
    const file = parseFile('s.json', text);
    expect(file.docs).toHaveLength(1);
    expect(file.docs[0]?.root).toEqual(viaYaml(text));
  });
});
