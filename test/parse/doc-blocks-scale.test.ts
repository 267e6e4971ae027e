import { describe, expect, it } from 'vitest';
import type { YNode } from '../../src/parse/node.js';
import { parseFile } from '../../src/parse/parse-file.js';

/** A page's code blocks are parsed each on its own: the cost of one block does not grow with its place in the page. */
describe('documentation pages with many code blocks', () => {
  const block = '```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  k: v\n```\n\ntext\n\n';

  it('parses a page of 6,000 blocks in linear time, each at its real lines', () => {
    const n = 6000;
    const started = Date.now();
    const file = parseFile('big.md', block.repeat(n));
    // Quadratic (the page's earlier lines given to the parser before each block) took minutes here.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(file.docs).toHaveLength(n);
    const last = file.docs[n - 1]?.root as YNode;
    const lines = block.split('\n').length - 1;
    expect(last.span.start.line).toBe((n - 1) * lines + 2);
    expect(file.docs.every((d) => d.mode === 'yaml')).toBe(true);
  });

  it('reports a parse error inside a late block at its line in the page', () => {
    const page = 'intro\n\n'.repeat(50) + '```yaml\napiVersion: v1\nkind: Secret\nstringData:\n\tk: v\n```\n';
    const file = parseFile('p.md', page);
    expect(file.problems[0]?.span.start.line).toBe(105);
  });
});
