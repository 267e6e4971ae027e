import fc from 'fast-check';
import { isAlias, parseAllDocuments, visit, type Alias } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parse/parse-file.js';
import { aliasTargets } from '../../src/parse/yaml-tree.js';

const names = fc.constantFrom('a', 'b', 'base', 'x1');
const scalar = fc.constantFrom('v', '1', 'null', '"q"', "'s'");

/** A YAML value written in flow style, with anchors on some nodes and aliases among them. */
const { node } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    names.map((n) => `*${n}`),
    fc.tuple(names, tie('node')).map(([n, v]) => `&${n} ${v}`),
    fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            scalar,
            names.map((n) => `*${n}`),
          ),
          tie('node'),
        ),
        { maxLength: 4 },
      )
      .map((entries) => `{${entries.map(([k, v]) => `? ${k} : ${v}`).join(', ')}}`),
  ),
}));

/** The same, as block mappings, where the order of keys and values matters most. */
const block = fc
  .array(fc.tuple(fc.constantFrom('k', 'l', 'm'), fc.option(names), node), { minLength: 1, maxLength: 6 })
  .map((entries) => entries.map(([k, a, v]) => `${k}: ${a === null ? '' : `&${a} `}${v}`).join('\n') + '\n');

describe('aliases resolved from one walk of the document', () => {
  it('find the node Alias.resolve finds, for every alias', () => {
    fc.assert(
      fc.property(fc.oneof(node, block), (text) => {
        for (const doc of parseAllDocuments(text, { uniqueKeys: false, strict: false })) {
          if (doc.errors.length > 0) continue;
          const targets = aliasTargets(doc.contents);
          const aliases: Alias[] = [];
          visit(doc, { Alias: (_k, a) => void aliases.push(a) });
          for (const a of aliases) expect(targets.get(a), `*${a.source} in ${text}`).toBe(a.resolve(doc));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an anchor redefined later applies only to the aliases after it; an alias inside its own anchor is bounded', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n';
    const file = parseFile('r.yaml', text);
    const root = file.docs[0]?.root;
    expect(root?.type === 'map' ? root.entries.map((e) => e.value.type === 'scalar' && e.value.value) : []).toEqual([
      '1',
      '1',
      '2',
      '2',
    ]);
    const [doc] = parseAllDocuments('a: &r [x, *r]\n');
    const targets = doc === undefined ? new Map() : aliasTargets(doc.contents);
    expect([...targets.values()].map((t) => (t === undefined ? 'none' : isAlias(t) ? 'alias' : 'node'))).toEqual([
      'node',
    ]);
    // Expanding the self-reference stops at the depth limit, which is reported as unchecked content.
    expect(parseFile('self.yaml', 'a: &r [x, *r]\n').problems.map((p) => p.code)).toEqual(['nesting-too-deep']);
  });

  it('grow linearly with the number of aliases (one walk, not one per alias)', () => {
    const shape = (n: number): string => {
      const lines = ['defs:'];
      for (let i = 0; i < n; i++) lines.push(`  d${i}: &a${i} {image: "img:${i}", pullPolicy: IfNotPresent}`);
      lines.push('uses:');
      for (let i = 0; i < n; i++) lines.push(`  - *a${i}`, `  - *a${(i * 7) % n}`);
      return lines.join('\n') + '\n';
    };
    const time = (n: number): number => {
      const text = shape(n);
      const started = performance.now();
      const file = parseFile('many.yaml', text);
      const ms = performance.now() - started;
      expect(file.problems).toEqual([]);
      return ms;
    };
    time(125);
    const small = time(500);
    const large = time(2000);
    // Quadratic (a walk per alias) grows 16x for 4x the aliases; linear about 4x. 10x leaves room for noise.
    expect(large).toBeLessThan(Math.max(small, 20) * 10);
  });
});
