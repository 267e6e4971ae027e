import { describe, expect, it } from 'vitest';
import { POD_KINDS } from '../../src/manifest/pods.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';

describe('kind groups in rule scopes', () => {
  it('expands @pod-bearing to every kind that holds a pod template', () => {
    const rules = buildRuleset(loadRuleFiles()).rules.filter((r) => r.data.scope?.kinds?.includes('@pod-bearing'));
    expect(rules.map((r) => r.data.id).sort()).toEqual([
      'env-from-secret',
      'env-literal-credential',
      'env-secret-key-ref',
    ]);
    for (const r of rules) {
      for (const kind of POD_KINDS) expect(r.appliesToKind(kind), `${r.data.id} ${kind}`).toBe(true);
      expect(r.appliesToKind('ConfigMap')).toBe(false);
      expect(r.appliesToKind('@pod-bearing')).toBe(false);
    }
  });

  it('refuses a rule naming an unknown group', () => {
    const [one] = loadRuleFiles().filter((r) => r.data.id === 'env-from-secret');
    const bad = { ...one!, data: { ...one!.data, scope: { kinds: ['@pods'] } } };
    expect(() => buildRuleset([bad])).toThrow(/unknown kind group "@pods"/);
  });
});
