import type { KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SealcheckError } from '../../src/errors.js';
import { goJson, sealedSecretsToJson } from '../../src/seal/format-json.js';
import { goYaml, sealedSecretsToYaml } from '../../src/seal/format-yaml.js';
import { secretToGo } from '../../src/seal/go-value.js';
import { hybridEncrypt } from '../../src/seal/hybrid.js';
import { loadPrivateKeys } from '../../src/seal/private-keys.js';
import { readSealedSecrets } from '../../src/seal/sealed-input.js';
import { sealSecret } from '../../src/seal/sealed-secret.js';
import { encryptionLabel } from '../../src/seal/scope.js';
import { readSecrets } from '../../src/seal/secret-input.js';
import { UnsealError, unsealSealedSecret } from '../../src/seal/unseal.js';
import { useTestPki, type TestPki } from './pki.js';

let pki: TestPki;
let publicKey: KeyObject;
useTestPki((made) => ({ pki, publicKey } = made));

const PASSWORD = 'vector-unseal-password';

function sealedText(format: 'json' | 'yaml', extra = ''): string {
  const [secret] = readSecrets(
    `kind: Secret\nmetadata:\n  name: app\n  namespace: ns\n  labels: {app: web}\n${extra}stringData:\n  password: ${PASSWORD}\n  user: vector-user\ntype: kubernetes.io/basic-auth\nimmutable: true\n`,
    'in.yaml',
  );
  if (!secret) throw new Error('no secret');
  const { sealed } = sealSecret(secret, { publicKey });
  return format === 'json' ? sealedSecretsToJson([sealed]) : sealedSecretsToYaml([sealed]);
}

function firstSealed(text: string) {
  const [doc] = readSealedSecrets(text, 'sealed');
  if (!doc) throw new Error('no document');
  return doc.sealed;
}

describe('unsealSealedSecret', () => {
  it('rebuilds the Secret from JSON and YAML output: template metadata, type, immutable, data', () => {
    for (const format of ['json', 'yaml'] as const) {
      const secret = unsealSealedSecret(firstSealed(sealedText(format)), [pki.controller.key]);
      expect(secret.metadata).toEqual({ name: 'app', namespace: 'ns', labels: { app: 'web' } });
      expect(secret.type).toBe('kubernetes.io/basic-auth');
      expect(secret.immutable).toBe(true);
      expect(secret.data.get('password')?.toString()).toBe(PASSWORD);
    }
  });

  it('prints the Secret in v1.Secret struct order (JSON) and sorted (YAML)', () => {
    const secret = unsealSealedSecret(firstSealed(sealedText('yaml')), [pki.controller.key]);
    const b64 = (v: string): string => Buffer.from(v).toString('base64');
    expect(goJson(secretToGo(secret))).toBe(
      `{\n  "kind": "Secret",\n  "apiVersion": "v1",\n  "metadata": {\n    "name": "app",\n    "namespace": "ns",\n    "labels": {\n      "app": "web"\n    }\n  },\n  "immutable": true,\n  "data": {\n    "password": "${b64(PASSWORD)}",\n    "user": "${b64('vector-user')}"\n  },\n  "type": "kubernetes.io/basic-auth"\n}\n`,
    );
    expect(goYaml(secretToGo(secret))).toBe(
      `apiVersion: v1\ndata:\n  password: ${b64(PASSWORD)}\n  user: ${b64('vector-user')}\nimmutable: true\nkind: Secret\nmetadata:\n  labels:\n    app: web\n  name: app\n  namespace: ns\ntype: kubernetes.io/basic-auth\n`,
    );
  });

  it('fails as a whole, naming the items that do not open and the likely cause, never a value', () => {
    const sealed = firstSealed(sealedText('json'));
    sealed.metadata.name = 'renamed';
    let error: unknown;
    try {
      unsealSealedSecret(sealed, [pki.controller.key]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnsealError);
    expect((error as UnsealError).items).toEqual(['password', 'user']);
    expect((error as Error).message).toBe(
      'SealedSecret ns/renamed: items password, user do not open: not with the given key: wrong key, or the SealedSecret was renamed/moved (strict scope binds namespace/name)',
    );
    expect((error as Error).message).not.toContain(PASSWORD);
  });

  it('names a single item, and one that is not base64', () => {
    const sealed = firstSealed(sealedText('json'));
    sealed.spec.encryptedData.set('password', `${sealed.spec.encryptedData.get('password') ?? ''}x`);
    expect(() => unsealSealedSecret(sealed, [pki.controller.key])).toThrow(
      'SealedSecret ns/app: item password does not open: the sealed value is not valid base64',
    );
    const other = firstSealed(sealedText('json'));
    expect(() => unsealSealedSecret(other, [pki.other.key])).toThrow(
      /items password, user do not open: not with the given key: wrong key/,
    );
  });

  it('uses the given namespace when the file has none', () => {
    const sealed = firstSealed(sealedText('yaml'));
    delete sealed.metadata.namespace;
    expect(() => unsealSealedSecret(sealed, [pki.controller.key])).toThrow(/do not open/);
    expect(unsealSealedSecret(sealed, [pki.controller.key], { namespace: 'ns' }).metadata.namespace).toBe('ns');
  });

  it('applies literal template data over the items and refuses Go templates', () => {
    const sealed = firstSealed(sealedText('json'));
    sealed.spec.template.data = new Map([
      ['extra', 'literal'],
      ['user', 'override'],
    ]);
    const secret = unsealSealedSecret(sealed, [pki.controller.key]);
    expect(secret.data.get('extra')?.toString()).toBe('literal');
    expect(secret.data.get('user')?.toString()).toBe('override');
    sealed.spec.template.data = new Map([['dsn', 'postgres://u:{{ .password }}@db']]);
    expect(() => unsealSealedSecret(sealed, [pki.controller.key])).toThrow(
      'SealedSecret ns/app: spec.template.data.dsn is a Go template, which only the controller renders',
    );
  });

  it('refuses encryptedData together with the v1 spec.data', () => {
    const sealed = firstSealed(sealedText('json'));
    sealed.spec.data = hybridEncrypt(publicKey, Buffer.from('{}'), encryptionLabel('ns', 'app', 'strict'));
    expect(() => unsealSealedSecret(sealed, [pki.controller.key])).toThrow(
      'spec.encryptedData and the v1 spec.data cannot be used together',
    );
  });

  it('opens the v1 spec.data form', () => {
    const inner = JSON.stringify({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'x', labels: { from: 'v1' } },
      data: { k: Buffer.from('vector-v1').toString('base64') },
    });
    const blob = hybridEncrypt(publicKey, Buffer.from(inner), encryptionLabel('ns', 'old', 'strict'));
    const sealed = firstSealed(
      JSON.stringify({
        kind: 'SealedSecret',
        apiVersion: 'bitnami.com/v1alpha1',
        metadata: { name: 'old', namespace: 'ns' },
        spec: { data: blob },
      }),
    );
    const secret = unsealSealedSecret(sealed, [pki.controller.key]);
    expect(secret.data.get('k')?.toString()).toBe('vector-v1');
    expect(secret.metadata).toEqual({ name: 'old', namespace: 'ns', labels: { from: 'v1' } });
  });
});

describe('readSealedSecrets', () => {
  it('refuses other kinds and API versions', () => {
    expect(() => readSealedSecrets('kind: Secret\n', 'x.yaml')).toThrow(
      'x.yaml document 1 is a Secret, not a SealedSecret',
    );
    expect(() => readSealedSecrets('kind: SealedSecret\napiVersion: bitnami.com/v1\n', 'x.yaml')).toThrow(
      'x.yaml document 1: apiVersion must be bitnami.com/v1alpha1',
    );
  });

  it('drops encryptedData values that are not strings, as the controller does', () => {
    const sealed = firstSealed(
      'kind: SealedSecret\napiVersion: bitnami.com/v1alpha1\nmetadata: {name: a}\nspec:\n  encryptedData: {a: AgA=, b: 5, c: [x]}\n',
    );
    expect([...sealed.spec.encryptedData.keys()]).toEqual(['a']);
  });
});

describe('loadPrivateKeys', () => {
  it('reads PKCS#8 and PKCS#1 PEM, several keys in one file', () => {
    expect(loadPrivateKeys(pki.controller.keyPem, 'k8.pem')).toHaveLength(1);
    expect(loadPrivateKeys(Buffer.from(pki.controller.keyPkcs1Pem + pki.other.keyPem), 'k.pem')).toHaveLength(2);
  });

  it('reads a key Secret backup, alone or in a List', () => {
    const secretYaml = (name: string, pem: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: kube-system}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from(pki.controller.certPem).toString('base64')}\n  tls.key: ${Buffer.from(pem).toString('base64')}\n`;
    expect(loadPrivateKeys(secretYaml('k1', pki.controller.keyPkcs1Pem), 'backup.yaml')).toHaveLength(1);
    const two = `${secretYaml('k1', pki.controller.keyPkcs1Pem)}---\n${secretYaml('k2', pki.other.keyPem)}`;
    const keys = loadPrivateKeys(two, 'backup.yaml');
    expect(keys).toHaveLength(2);
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [parseYaml(secretYaml('k1', pki.controller.keyPkcs1Pem))],
    });
    const [key] = loadPrivateKeys(list, 'list.json');
    expect(
      unsealSealedSecret(firstSealed(sealedText('json')), key ? [key] : [])
        .data.get('password')
        ?.toString(),
    ).toBe(PASSWORD);
  });

  it('says clearly what is wrong, never echoing key material', () => {
    const encrypted = execFileSync(
      'openssl',
      ['pkey', '-in', join(pki.dir, 'other.key'), '-aes256', '-passout', 'pass:vector-pass'],
      { encoding: 'utf8' },
    );
    const ec = readFileSync(join(pki.dir, 'ec.key'), 'utf8');
    const cases: Array<[string, RegExp]> = [
      [encrypted, /^e\.pem: a ENCRYPTED PRIVATE KEY block is not usable: sealed-secrets keys are unencrypted RSA keys/],
      [ec, /^e\.pem: holds a ec key, not an RSA key$/],
      [pki.controller.certPem, /^e\.pem: no private key found$/],
      ['kind: Secret\nmetadata: {name: x}\ndata: {a: YQ==}\n', /^e\.pem document 1: the Secret has no tls\.key$/],
      ['kind: ConfigMap\n', /^e\.pem document 1 is not a Secret holding a sealing key \(tls\.key\)$/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        loadPrivateKeys(text, 'e.pem');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(SealcheckError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/MII|BEGIN/);
    }
  });
});
