import { describe, expect, it } from 'vitest';
import { scanText } from '../src/engine.js';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';

const ruleset = buildRuleset(loadRuleFiles());

const sealed = (name: string, namespace: string): string =>
  [
    '# sealcheck:rotate sealed from a plaintext Secret on 2026-11-24: rotate these values, then delete this line',
    'apiVersion: bitnami.com/v1alpha1',
    'kind: SealedSecret',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  encryptedData:',
    '    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqAbCdEfGh==',
  ].join('\n');

const markers = (text: string, path = 'sealed.yaml') =>
  scanText(path, text, ruleset).findings.filter((f) => f.ruleId === 'rotation-pending');

describe('rotation-pending names the object it stands above', () => {
  it('two markers above two SealedSecrets in one file are two fingerprints, each naming its object', () => {
    const found = markers(`${sealed('db', 'shop')}\n---\n${sealed('cache', 'shop')}\n`);
    expect(found).toHaveLength(2);
    expect(found.map((f) => [f.object.kind, f.object.namespace, f.object.name, f.location.line])).toEqual([
      ['SealedSecret', 'shop', 'db', 1],
      ['SealedSecret', 'shop', 'cache', 11],
    ]);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('the same object in another file keeps its fingerprint (a named object is not anchored to its path)', () => {
    const [a] = markers(sealed('db', 'shop'), 'a.yaml');
    const [b] = markers(sealed('db', 'shop'), 'moved/b.yaml');
    expect(a!.fingerprint).toBe(b!.fingerprint);
    const [other] = markers(sealed('db', 'staging'), 'a.yaml');
    expect(other!.fingerprint).not.toBe(a!.fingerprint);
  });

  it('a marker above no object still reports, anchored to its file', () => {
    const found = markers('# sealcheck:rotate sealed on 2026-11-24\n', 'notes.yaml');
    expect(found).toHaveLength(1);
    expect(found[0]!.object.name).toBeUndefined();
  });
});
