import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../src/ruleset/docs.js';
import { loadRuleFiles } from '../src/ruleset/load.js';

describe('generated documentation', () => {
  it('docs/rules.md matches rules/ (run `npm run docs:rules` after changing a rule)', () => {
    const expected = rulesMarkdown(loadRuleFiles().map((l) => l.data));
    const actual = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
    expect(actual.trimEnd()).toBe(expected.trimEnd());
  });

  it('the README lists every rule', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const { data } of loadRuleFiles()) expect(readme, data.id).toContain(`\`${data.id}\``);
  });
});
