import { describe, expect, it } from 'vitest';
import { SealcheckError } from '../../src/errors.js';
import { readSecrets } from '../../src/seal/secret-input.js';

const FAKE = 'vector-input-password';
const FAKE_B64 = Buffer.from(FAKE).toString('base64');

function errorOf(text: string, allowEmpty = false): string {
  try {
    readSecrets(text, 'in.yaml', { allowEmpty });
  } catch (err) {
    expect(err).toBeInstanceOf(SealcheckError);
    const message = (err as Error).message;
    expect(message).not.toContain(FAKE);
    expect(message).not.toContain(FAKE_B64);
    return message;
  }
  throw new Error('expected an error');
}

describe('readSecrets', () => {
  it('reads a multi-document YAML stream, skipping empty documents', () => {
    const secrets = readSecrets(
      `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  namespace: ns\ndata:\n  password: ${FAKE_B64}\n---\n---\nkind: Secret\nmetadata: {name: b}\nstringData:\n  "10": x\n  "9": y\ntype: Opaque\nimmutable: true\n`,
      'in.yaml',
    );
    expect(secrets).toHaveLength(2);
    expect(secrets[0]?.origin).toBe('in.yaml document 1 (Secret "a")');
    expect(secrets[0]?.data.get('password')?.toString()).toBe(FAKE);
    expect(secrets[1]?.origin).toBe('in.yaml document 2 (Secret "b")');
    expect([...(secrets[1]?.stringData.keys() ?? [])].sort()).toEqual(['10', '9']);
    expect(secrets[1]?.type).toBe('Opaque');
    expect(secrets[1]?.immutable).toBe(true);
  });

  it('reads a YAML flow mapping that is not JSON', () => {
    expect(readSecrets('{kind: Secret, metadata: {name: f}, stringData: {k: v},}\n', 'in.yaml')[0]?.metadata.name).toBe(
      'f',
    );
  });

  it('reads a JSON stream (objects back to back, as kubeseal prints them)', () => {
    const one = JSON.stringify(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, stringData: { k: '{"nested": "}"}' } },
      null,
      2,
    );
    const secrets = readSecrets(`${one}\n${one.replace('"a"', '"b"')}\n`, 'in.json');
    expect(secrets.map((s) => s.metadata.name)).toEqual(['a', 'b']);
    expect(secrets[0]?.stringData.get('k')).toBe('{"nested": "}"}');
  });

  it('keeps only ObjectMeta fields, as decoding into v1.Secret does', () => {
    const [s] = readSecrets(
      'kind: Secret\nmetadata:\n  name: a\n  bogus: 1\n  labels: {app: x}\n  finalizers: [f]\nstringData: {k: v}\n',
      'in.yaml',
    );
    expect(s?.metadata).toEqual({ name: 'a', labels: { app: 'x' }, finalizers: ['f'] });
  });

  it('decodes data base64 with line breaks, and null values as empty', () => {
    const [s] = readSecrets(
      `kind: Secret\nmetadata: {name: a}\ndata:\n  k: |\n    ${FAKE_B64.slice(0, 8)}\n    ${FAKE_B64.slice(8)}\n  e: null\n`,
      'in.yaml',
    );
    expect(s?.data.get('k')?.toString()).toBe(FAKE);
    expect(s?.data.get('e')?.length).toBe(0);
  });

  it('refuses what is not a Secret, naming the document', () => {
    expect(
      errorOf('kind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n---\nkind: ConfigMap\nmetadata: {name: c}\n'),
    ).toBe('in.yaml document 2 is a ConfigMap, not a Secret: only kind: Secret can be sealed');
    expect(errorOf('metadata: {name: a}\n')).toBe('in.yaml document 1 has no kind: expected kind: Secret');
    expect(errorOf('kind: List\nitems: []\n')).toMatch(
      /^in\.yaml document 1 is a List: put each Secret in its own document/,
    );
    expect(errorOf('apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n')).toMatch(/is already a SealedSecret/);
    expect(errorOf('- a\n- b\n')).toMatch(/^in\.yaml document 1 is not a Kubernetes object/);
    expect(errorOf('kind: Secret\napiVersion: v2\n')).toBe('in.yaml document 1: apiVersion must be v1 for a Secret');
  });

  it('refuses an empty Secret unless allowed', () => {
    expect(errorOf('kind: Secret\nmetadata: {name: e}\n')).toMatch(
      /^in\.yaml document 1 \(Secret "e"\): the Secret has no data and no stringData, which is most likely a mistake/,
    );
    expect(readSecrets('kind: Secret\nmetadata: {name: e}\ndata: {}\n', 'in.yaml', { allowEmpty: true })).toHaveLength(
      1,
    );
    expect(errorOf('')).toBe('in.yaml: no Secret found (the input is empty)');
  });

  it('refuses invalid base64 naming the key, never the value', () => {
    for (const bad of [
      FAKE_B64.slice(0, -2),
      FAKE,
      `${FAKE_B64.slice(0, 8)} ${FAKE_B64.slice(8)}`,
      FAKE_B64.replace(/\+/g, '-') + '_',
    ]) {
      expect(errorOf(`kind: Secret\nmetadata: {name: a}\ndata:\n  db-password: "${bad}"\n`)).toBe(
        'in.yaml document 1 (Secret "a"): data.db-password is not valid base64 (standard alphabet, = padding); put a plain-text value under stringData instead',
      );
    }
  });

  it('refuses non-string stringData, labels and annotations, naming the key', () => {
    expect(errorOf('kind: Secret\nmetadata: {name: a}\nstringData:\n  port: 5432\n')).toBe(
      'in.yaml document 1 (Secret "a"): stringData.port must be a string (a number was found; quote it in YAML)',
    );
    expect(errorOf('kind: Secret\nmetadata:\n  name: a\n  annotations: {flag: true}\nstringData: {k: v}\n')).toBe(
      'in.yaml document 1: metadata.annotations.flag must be a string (quote it in YAML)',
    );
    expect(errorOf('kind: Secret\nmetadata: {name: a}\nimmutable: "yes"\nstringData: {k: v}\n')).toBe(
      'in.yaml document 1 (Secret "a"): immutable must be true or false',
    );
  });

  it('reports YAML and JSON syntax errors by position without quoting the text', () => {
    const yamlMessage = errorOf(`kind: Secret\nstringData:\n  password: "${FAKE}\n`);
    expect(yamlMessage).toMatch(/^in\.yaml document 1: not valid YAML \([A-Z_]+ at line \d+, column \d+\)$/);
    const jsonMessage = errorOf(`{"kind": "Secret", "stringData": {"password": "${FAKE}"}}\n{"kind": "Secret" "x": 1}`);
    expect(jsonMessage).toBe('in.yaml: JSON document 2 is not valid JSON (starting at offset 72)');
    expect(errorOf(`{"kind": "Secret", "stringData": {"password": "${FAKE}"`)).toBe(
      'in.yaml: JSON document 1 is not complete (offset 0)',
    );
  });
});
