import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { blockYamlDocuments } from '../../src/parse/block-yaml.js';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/limits.js';
import { LineIndex } from '../../src/parse/positions.js';
import { toTree } from '../../src/parse/yaml-tree.js';

/** The roots the YAML composer path builds for a text, or why it builds none cleanly. */
function viaYaml(text: string): unknown {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  if (!Array.isArray(docs)) return 'no documents';
  const roots: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0 || doc.warnings.length > 0)
      return `yaml problems: ${[...doc.errors, ...doc.warnings].map((e) => e.code).join(',')}`;
    try {
      roots.push(toTree(doc, new LineIndex(text), DEFAULT_PARSE_LIMITS, { nodes: 0 }));
    } catch (err) {
      return String(err);
    }
  }
  return roots;
}

function viaReader(text: string, maxDepth = DEFAULT_PARSE_LIMITS.maxDepth): unknown {
  return blockYamlDocuments(text, new LineIndex(text), maxDepth);
}

/** The reader either declines or gives exactly the composer's documents (and the composer reads the text cleanly). */
function expectParity(text: string): boolean {
  const read = viaReader(text);
  if (read === undefined) return false;
  expect(read, JSON.stringify(text)).toEqual(viaYaml(text));
  return true;
}

describe('block YAML reader: the same documents as the yaml composer', () => {
  // Each case is one the composer places or folds in a way that is easy to get wrong: where an
  // empty value sits, which comments belong to which node, how lines fold.
  const taken: Record<string, string> = {
    manifest:
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  labels:\n    app: x\ndata:\n  password: cGFzcw==\n',
    'two documents, an empty third': 'a: 1\n---\nb:\n- x\n- y\n---\n',
    'leading marker and comments': '# top\n---\n# doc\na: 1 # c\n',
    'comment on the last line of a collection': 'a:\n  b: 1 # c\nz: 2\n',
    'deeper comment attached to a value': 'a:\n  b: 1\n    # deeper\nz: 2\n',
    'comment at the same indentation trails': 'a:\n  b: 1\n  # same\nz: 2\n',
    'comments kept by an inner collection': 'a:\n  b:\n    c: 1\n  # at 2\n    # at 4\nz: 2\n',
    'comments after a literal': 'a:\n  b: |\n    lit\n  # c2\n    # c4\nz: 1\n',
    'comments at column 0 after a nested map': 'image:\n  s:\n    e: false\n    # name:\n\n## next\nresources: {}\n',
    'empty value swallows comments': 'dev:\n# one\n# two\n',
    'empty value with trailing spaces': 'a:\n  b: \n  c: \nz: 1\n',
    'empty value with a comment': 'a:\n  b: # c\nz: 1\n',
    'empty sequence items': 'a:\n  - \n  - b\n  -\nz: 1\n',
    'sequence at the key indentation': 'a:\n- x\n- y # c\n  # own\nz: 1\n',
    'compact mappings in a sequence': 'containers:\n  - name: app\n    env:\n      - name: A\n        value: "1"\n',
    'quoted keys and escapes': "\"a b\": 'it''s'\n'c': \"tab\\tq\\\" \\u00e9 \\x41\"\n",
    'null-like plain scalars': 'a: ~\nb: null\nc: Null\nd: 0123\ne: true\nf: 1e3\n',
    'literal chomping': 'a: |\n  x\n\n  y\n\nb: |-\n  z\n\nc: |+\n  w\n\nd: 1\n',
    'literal with deeper blank lines': 'a: |\n  x\n      \n  y\n     \nb: 1\n',
    'empty literal': 'data:\n  a: |\n        \n        \nb: 1\n',
    'flow sequences': 'a: [x, "y", \'z\']\nb: [ x , y ]  # c\nc: [x, y,]\nd: [ ]\ne: [x y, 8080]\n',
    'empty flow mapping': 'a: {}\nb: { }\n',
    'multi-line plain scalars': 'a: foo\n  bar\n\n  baz\nb: 1\nc:\n- one\n  two\n',
    'multi-line quoted scalars': 'a: \'one\n  two\n\n  three\'\nb: "x\n  y"\n',
  };
  for (const [name, text] of Object.entries(taken)) {
    it(name, () => {
      expect(expectParity(text), 'the reader declined').toBe(true);
    });
  }

  const declined: Record<string, string> = {
    anchor: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    'folded block': 'a: >\n  x\n  y\n',
    'flow mapping': 'a: {b: 1}\n',
    'nested flow sequence': 'a: [[1]]\n',
    tab: 'a:\n\tb: 1\n',
    crlf: 'a: 1\r\nb: 2\r\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    'document end marker': 'a: 1\n...\n',
    'merge key': 'a:\n  <<: {}\n',
    'null key': 'null: 1\n',
    'explicit key': '? a\n: 1\n',
    'mapping in a compact value': 'a: b: c\n',
    'comments only': '# nothing\n',
    'scalar document': 'just text\n',
    'multi-line double quote with an escape': 'a: "x\\\n  y"\n',
    'error: deeper line after a value': 'a: 1\n   b: 2\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`declines: ${name}`, () => {
      expect(viaReader(text)).toBeUndefined();
    });
  }

  it('declines nesting deeper than the limit, as the composer path would report it', () => {
    const deep = 'a:\n  b:\n    c:\n      d: 1\n';
    expect(viaReader(deep, 8)).toBeDefined();
    expect(viaReader(deep, 2)).toBeUndefined();
  });

  // Random block YAML from the constructs manifests use, with comments at random indentations and
  // blank lines in between: whatever the reader takes must be what the composer builds.
  const scalar = fc.oneof(
    fc.constantFrom('x', 'a b', 'null', '~', '0123', 'true', '1e3', 'a:b', 'http://h:1/p', "it's", '-1', 'x #y'),
    fc.constantFrom("'q'", "'it''s'", '"d"', '"t\\tq"', '""', "''", '[a, "b"]', '[]', '{}', '{ }'),
  );
  const comment = fc
    .tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('# c', '#', '## x: y'))
    .map(([n, c]) => `${' '.repeat(n)}${c}`);
  // A string value starting with `|` is a literal block, indented under its key when rendered.
  type Tree = string | { map: [string, Tree][] } | { seq: Tree[] };
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.constantFrom('|\n  line one\n\n  line two', '|-\n  x', '|+\n  y\n', '|\n   '),
      fc.record({
        map: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'key', '"q k"', 'c-d'), tie('node')), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
      fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    ),
  })).node;

  function render(t: Tree, indent: number, extras: string[]): string[] {
    const pad = ' '.repeat(indent);
    const extra = (): string[] => {
      const e = extras.shift();
      return e === undefined || e === '' ? [] : [e];
    };
    if (typeof t === 'string') return [t];
    const out: string[] = [];
    const entries: [string, Tree][] = 'map' in t ? t.map : t.seq.map((v) => ['-', v]);
    for (const [k, v] of entries) {
      const head = k === '-' ? `${pad}- ` : `${pad}${k}: `;
      if (typeof v === 'string') {
        const inline = v.startsWith('|') ? v.replaceAll('\n', `\n${pad}  `) : v;
        out.push(`${head}${inline}`);
      } else {
        const inner = render(v, indent + 2, extras);
        out.push(head.trimEnd(), ...inner);
      }
      out.push(...extra());
    }
    return out;
  }

  it('random block YAML: taken texts read as the composer reads them', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({ map: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'k'), tree), { minLength: 1, maxLength: 4 }) }),
        fc.array(fc.oneof(comment, fc.constant(''), fc.constant('')), { maxLength: 12 }),
        fc.boolean(),
        (root, extras, marker) => {
          runs += 1;
          const text = `${marker ? '---\n' : ''}${render(root, 0, [...extras]).join('\n')}\n`;
          if (expectParity(text)) accepted += 1;
        },
      ),
      { numRuns: 600 },
    );
    // Not a test that passes by declining everything.
    expect(accepted / runs).toBeGreaterThan(0.4);
  });

  it('random lines (mostly errors for YAML): whatever the reader takes, the composer reads the same', () => {
    const line = fc
      .tuple(
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('a:', 'a: 1', '- ', '- x', '- a: 1', '# c', '', 'b: |', '  text', "'q", "w'", '[x', '---', 'x'),
      )
      .map(([n, l]) => `${' '.repeat(n)}${l}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (lines) => {
        expectParity(`${lines.join('\n')}\n`);
      }),
      { numRuns: 1500 },
    );
  });
});
