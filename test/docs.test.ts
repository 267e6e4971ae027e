import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_TABLES, rulesMarkdown, withReadmeRuleTables } from '../src/ruleset/docs.js';
import { loadRuleFiles } from '../src/ruleset/load.js';

describe('generated documentation', () => {
  it('docs/rules.md matches rules/ (run `npm run docs:rules` after changing a rule)', () => {
    const expected = rulesMarkdown(loadRuleFiles().map((l) => l.data));
    const actual = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
    expect(actual.trimEnd()).toBe(expected.trimEnd());
  });

  it("the README's rule tables are generated from rules/ (run `npm run docs:rules` after changing a rule)", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rules = loadRuleFiles().map((l) => l.data);
    expect(readme).toBe(withReadmeRuleTables(readme, rules));
    // Every rule sits in exactly one generated table, so none can be left out of the README.
    for (const r of rules)
      expect(
        Object.values(README_TABLES).filter((belongs) => belongs(r)),
        r.id,
      ).toHaveLength(1);
    for (const { id } of rules) expect(readme, id).toContain(`[\`${id}\`](docs/rules.md#${id})`);
  });

  it('regenerating the README tables replaces a stale table and refuses a README without markers', () => {
    const rules = loadRuleFiles().map((l) => l.data);
    const stale = [
      'intro',
      '<!-- rules:kubernetes:begin -->',
      '| old |',
      '<!-- rules:kubernetes:end -->',
      '<!-- rules:tokens:begin -->',
      '<!-- rules:tokens:end -->',
      'outro',
    ].join('\n');
    const filled = withReadmeRuleTables(stale, rules);
    expect(filled).not.toContain('| old |');
    expect(filled.startsWith('intro\n')).toBe(true);
    expect(filled.endsWith('\noutro')).toBe(true);
    for (const r of rules) expect(filled).toContain(`[\`${r.id}\`](docs/rules.md#${r.id})`);
    expect(() => withReadmeRuleTables('no markers here', rules)).toThrow(/rules:kubernetes:begin/);
  });
});
