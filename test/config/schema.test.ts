import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/sealcheck.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Every schema under a `properties` map, with its JSON path, so editors can show a description for each. */
function properties(node: unknown, path = '#'): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      for (const [name, sub] of Object.entries(v))
        out.push([`${path}/properties/${name}`, sub as Record<string, unknown>]);
    }
    out.push(...properties(v, `${path}/${k}`));
  }
  return out;
}

describe('schema/sealcheck.schema.json', () => {
  test('is a valid draft-07 schema that a stock validator (as in editors) compiles strictly', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(schema)).not.toThrow();
  });

  test('every property has a description', () => {
    const props = properties(schema);
    expect(props.length).toBeGreaterThan(10);
    for (const [path, sub] of props)
      expect(typeof sub.description === 'string' && sub.description.length > 10, path).toBe(true);
  });

  test('accepts the documented example and rejects an unknown property', () => {
    const validate = new Ajv({ allowUnionTypes: true }).compile(schema);
    const example = parse(`
rules:
  env-secret-key-ref: { enabled: false }
  configmap-credential: { severity: warning }
  helm-values-credential: off
ignore:
  - test/fixtures/**
allow:
  - fingerprint: 3f1c0a9b8e7d6c5b4a39281706f5e4d3
    reason: test fixture with a fake value
    expires: 2027-01-31
maxFileSize: 5MB
cert: pub-cert.pem
failOn: error
baseline: .sealcheck-baseline.json
`);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, failon: 'error' })).toBe(false);
  });
});
