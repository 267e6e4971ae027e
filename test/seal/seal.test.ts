import { createPublicKey, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealcheckError } from '../../src/errors.js';
import { sealedSecretsToJson } from '../../src/seal/format-json.js';
import type { SealedSecret, SecretInput } from '../../src/seal/model.js';
import { mergeInto, sealSecret, type SealOptions } from '../../src/seal/sealed-secret.js';
import { CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION, type Scope } from '../../src/seal/scope.js';
import { readSecrets } from '../../src/seal/secret-input.js';
import { unsealSealedSecret } from '../../src/seal/unseal.js';
import { useTestPki, type TestPki } from './pki.js';
import { controllerUnseal } from './reference-controller.js';

let pki: TestPki;
let publicKey: KeyObject;
useTestPki((made) => ({ pki, publicKey } = made));

const PASSWORD = 'vector-seal-password';

function secretFrom(yaml: string): SecretInput {
  const [s] = readSecrets(yaml, 'in.yaml', { allowEmpty: true });
  if (s === undefined) throw new Error('no secret');
  return s;
}

const BASIC = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  labels: {app: db}
stringData:
  password: ${PASSWORD}
data:
  user: ${Buffer.from('vector-user').toString('base64')}
type: Opaque
`;

/** The sealed object as a controller would receive it: our JSON output, parsed. */
function asJson(sealed: SealedSecret): Record<string, unknown> {
  return JSON.parse(sealedSecretsToJson([sealed])) as Record<string, unknown>;
}

function moved(sealed: SealedSecret, change: { name?: string; namespace?: string }): SealedSecret {
  const copy = structuredClone(sealed);
  if (change.name !== undefined) copy.metadata.name = change.name;
  if (change.namespace !== undefined) copy.metadata.namespace = change.namespace;
  return copy;
}

function seal(yaml: string, options: Partial<SealOptions> = {}) {
  return sealSecret(secretFrom(yaml), { publicKey, ...options });
}

describe('seal → unseal round trips', () => {
  const cases: Array<{ scope: Scope; rename: boolean; move: boolean }> = [
    { scope: 'strict', rename: false, move: false },
    { scope: 'namespace-wide', rename: true, move: false },
    { scope: 'cluster-wide', rename: true, move: true },
  ];
  for (const { scope, rename, move } of cases) {
    it(`${scope}: opens in place with our unseal and the reference controller`, () => {
      const { sealed, warnings } = seal(BASIC, { scope });
      expect(warnings).toEqual([]);
      const ours = unsealSealedSecret(sealed, [pki.other.key, pki.controller.key]);
      expect(ours.data.get('password')?.toString()).toBe(PASSWORD);
      expect(ours.data.get('user')?.toString()).toBe('vector-user');
      expect(ours.metadata).toMatchObject({ name: 'db', namespace: 'prod', labels: { app: 'db' } });
      expect(ours.type).toBe('Opaque');
      const reference = controllerUnseal(asJson(sealed), [pki.other.key, pki.controller.key]);
      expect(reference.data.password?.toString()).toBe(PASSWORD);
      expect(reference.metadata).toMatchObject({ name: 'db', namespace: 'prod' });
    });

    it(`${scope}: rename ${rename ? 'accepted' : 'refused'}, namespace move ${move ? 'accepted' : 'refused'}`, () => {
      const { sealed } = seal(BASIC, { scope });
      for (const [change, ok] of [
        [{ name: 'db2' }, rename],
        [{ namespace: 'staging' }, move],
      ] as const) {
        const target = moved(sealed, change);
        if (ok) {
          expect(unsealSealedSecret(target, [pki.controller.key]).data.get('password')?.toString()).toBe(PASSWORD);
          expect(unsealSealedSecret(target, [pki.controller.key]).metadata).toMatchObject(change);
          expect(controllerUnseal(asJson(target), [pki.controller.key]).data.password?.toString()).toBe(PASSWORD);
        } else {
          expect(() => unsealSealedSecret(target, [pki.controller.key])).toThrow(/do not open/);
          expect(() => controllerUnseal(asJson(target), [pki.controller.key])).toThrow(/Failed to unseal/);
        }
      }
    });
  }

  it('opens a 4096-bit sealing with the reference controller', () => {
    const { sealed } = sealSecret(secretFrom(BASIC), { publicKey: createPublicKey(pki.byo4096.key) });
    expect([...sealed.spec.encryptedData.values()].every((v) => v.startsWith('Ag'))).toBe(true);
    expect(controllerUnseal(asJson(sealed), [pki.byo4096.key]).data.password?.toString()).toBe(PASSWORD);
  });

  it('binds the scope to the top-level annotations only', () => {
    const strict = seal(BASIC).sealed;
    const widened = structuredClone(strict);
    widened.metadata.annotations = { [CLUSTER_WIDE_ANNOTATION]: 'true' };
    expect(() => unsealSealedSecret(widened, [pki.controller.key])).toThrow(/do not open/);
    expect(() => controllerUnseal(asJson(widened), [pki.controller.key])).toThrow();

    const nsWide = seal(BASIC, { scope: 'namespace-wide' }).sealed;
    const stripped = structuredClone(nsWide);
    delete stripped.metadata.annotations;
    expect(stripped.spec.template.metadata.annotations?.[NAMESPACE_WIDE_ANNOTATION]).toBe('true');
    expect(() => unsealSealedSecret(stripped, [pki.controller.key])).toThrow(
      /renamed\/moved \(strict scope binds namespace\/name\)/,
    );

    const renamedTemplate = structuredClone(strict);
    renamedTemplate.spec.template.metadata.name = 'other';
    expect(unsealSealedSecret(renamedTemplate, [pki.controller.key]).metadata.name).toBe('db');
  });
});

describe('what kubeseal does to the Secret', () => {
  const FULL = `apiVersion: v1
kind: Secret
metadata:
  name: full
  generateName: full-
  namespace: prod
  uid: 1234
  resourceVersion: "99"
  generation: 3
  selfLink: /api/v1/x
  creationTimestamp: "2024-01-01T00:00:00Z"
  deletionTimestamp: "2024-01-02T00:00:00Z"
  deletionGracePeriodSeconds: 30
  labels: {app: web, tier: back}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"${PASSWORD}"}}'
    kubecfg.ksonnet.io/last-applied-configuration: H4sIAAAA
    note: kept
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: abc}
  finalizers: [example.com/f]
  managedFields:
  - {manager: kubectl, operation: Update, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {}}}
data:
  password: ${Buffer.from('from-data').toString('base64')}
stringData:
  password: ${PASSWORD}
immutable: false
`;

  it('strips server fields, the two last-applied annotations and ownerReferences; keeps the rest in the template', () => {
    const { sealed, warnings } = seal(FULL.replace('  uid: 1234\n', '  uid: "1234"\n'));
    expect(warnings).toEqual([]);
    expect(sealed.metadata).toEqual({ name: 'full', namespace: 'prod' });
    expect(sealed.spec.template.metadata).toEqual({
      name: 'full',
      generateName: 'full-',
      namespace: 'prod',
      labels: { app: 'web', tier: 'back' },
      annotations: { note: 'kept' },
      finalizers: ['example.com/f'],
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': {} },
        },
      ],
    });
    expect(sealed.spec.template.immutable).toBe(false);
    expect(sealed.spec.template.type).toBeUndefined();
    expect([...sealed.spec.encryptedData.keys()]).toEqual(['password']);
    // stringData wins over data on the same key
    expect(unsealSealedSecret(sealed, [pki.controller.key]).data.get('password')?.toString()).toBe(PASSWORD);
    expect(sealedSecretsToJson([sealed])).not.toContain(PASSWORD);
  });

  it('fills a missing namespace from --namespace and refuses a different one', () => {
    const noNs = BASIC.replace('  namespace: prod\n', '');
    expect(seal(noNs, { namespace: 'dev' }).sealed.metadata.namespace).toBe('dev');
    expect(seal(BASIC, { namespace: 'prod' }).sealed.metadata.namespace).toBe('prod');
    expect(() => seal(BASIC, { namespace: 'dev' })).toThrow(
      'in.yaml document 1 (Secret "db"): namespace mismatch: input secret is in namespace "prod" but "dev" was specified',
    );
  });

  it('refuses strict and namespace-wide without a namespace', () => {
    const noNs = BASIC.replace('  namespace: prod\n', '');
    expect(() => seal(noNs)).toThrow(
      'in.yaml document 1 (Secret "db"): strict scope needs a namespace: add metadata.namespace or pass --namespace',
    );
    expect(() => seal(noNs, { scope: 'namespace-wide' })).toThrow(
      'namespace-wide scope needs a namespace: add metadata.namespace or pass --namespace',
    );
    expect(() => seal(noNs)).toThrow(SealcheckError);
  });

  it('seals cluster-wide without a namespace and does not fill one in', () => {
    const noNs = BASIC.replace('  namespace: prod\n', '');
    const { sealed, warnings } = seal(noNs, { scope: 'cluster-wide', namespace: 'dev' });
    expect(sealed.metadata).toEqual({ name: 'db', annotations: { [CLUSTER_WIDE_ANNOTATION]: 'true' } });
    expect(warnings).toEqual([expect.stringMatching(/--namespace is not applied to a cluster-wide Secret/)]);
    expect(controllerUnseal(asJson(sealed), [pki.controller.key]).data.password?.toString()).toBe(PASSWORD);
  });

  it('--name replaces the name; a Secret without one is refused', () => {
    expect(seal(BASIC, { name: 'renamed' }).sealed.metadata.name).toBe('renamed');
    expect(() => seal(BASIC.replace('  name: db\n', ''))).toThrow(
      'in.yaml document 1: missing metadata.name: add it or pass --name',
    );
  });

  it('a non-strict --scope rewrites the scope annotations, in the template too', () => {
    const withCw = BASIC.replace(
      '  labels: {app: db}\n',
      `  labels: {app: db}\n  annotations: {${CLUSTER_WIDE_ANNOTATION}: "true"}\n`,
    );
    const { sealed } = seal(withCw, { scope: 'namespace-wide' });
    expect(sealed.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
    expect(sealed.spec.template.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
  });

  it('--scope strict keeps a wider annotation, like kubeseal, and warns', () => {
    const withCw = BASIC.replace(
      '  labels: {app: db}\n',
      `  labels: {app: db}\n  annotations: {${CLUSTER_WIDE_ANNOTATION}: "true"}\n`,
    );
    const { sealed, warnings } = seal(withCw, { scope: 'strict' });
    expect(sealed.metadata.annotations).toEqual({ [CLUSTER_WIDE_ANNOTATION]: 'true' });
    expect(warnings).toEqual([
      `in.yaml document 1 (Secret "db"): --scope strict was asked, but the Secret's annotation ${CLUSTER_WIDE_ANNOTATION}: "true" keeps it cluster-wide (kubeseal does the same); remove the annotation to seal it strict`,
    ]);
    // Without --scope the annotation silently decides, as in kubeseal.
    expect(seal(withCw).warnings).toEqual([]);
  });

  it('warns on a scope annotation whose value is not exactly "true"', () => {
    const odd = BASIC.replace(
      '  labels: {app: db}\n',
      `  labels: {app: db}\n  annotations: {${NAMESPACE_WIDE_ANNOTATION}: "True"}\n`,
    );
    const { sealed, warnings } = seal(odd);
    expect(sealed.metadata.annotations).toBeUndefined();
    expect(warnings[0]).toMatch(/has a value other than the exact string "true", so it has no effect/);
  });

  it('warns about annotations that keep the object in clear, without printing them', () => {
    const kapp = BASIC.replace(
      '  labels: {app: db}\n',
      `  labels: {app: db}\n  annotations:\n    kapp.k14s.io/original: '{"stringData":{"password":"${PASSWORD}"}}'\n`,
    );
    const { sealed, warnings } = seal(kapp);
    expect(warnings).toEqual([
      'in.yaml document 1 (Secret "db"): annotation kapp.k14s.io/original is copied into spec.template in clear and may hold the whole Secret with its values; remove it before sealing',
    ]);
    expect(warnings.join('\n')).not.toContain(PASSWORD);
    expect(sealed.spec.template.metadata.annotations?.['kapp.k14s.io/original']).toBeDefined();
  });

  it('seals an empty Secret (allowed upstream) to an empty encryptedData', () => {
    const { sealed } = seal('kind: Secret\nmetadata: {name: e, namespace: n}\n');
    expect(sealed.spec.encryptedData.size).toBe(0);
    expect(sealedSecretsToJson([sealed])).toContain('"encryptedData": {}');
  });
});

describe('mergeInto', () => {
  it('adds and replaces items with the target name, namespace and scope', () => {
    const target = seal(BASIC, { scope: 'namespace-wide' }).sealed;
    const before = structuredClone(target);
    const incoming = secretFrom(
      `kind: Secret\nmetadata:\n  name: other\n  namespace: elsewhere\n  labels: {extra: yes-label}\n  annotations: {${CLUSTER_WIDE_ANNOTATION}: "true", note: n}\nstringData:\n  password: vector-new-password\n  api: vector-api\n`,
    );
    const { sealed, warnings } = mergeInto(target, incoming, { publicKey });
    expect(target).toEqual(before);
    expect([...sealed.spec.encryptedData.keys()].sort()).toEqual(['api', 'password', 'user']);
    expect(sealed.spec.template.metadata.labels).toEqual({ app: 'db', extra: 'yes-label' });
    expect(sealed.spec.template.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true', note: 'n' });
    expect(sealed.metadata).toEqual(target.metadata);
    expect(warnings).toHaveLength(2);
    const opened = controllerUnseal(asJson(sealed), [pki.controller.key]);
    expect(opened.data.password?.toString()).toBe('vector-new-password');
    expect(opened.data.api?.toString()).toBe('vector-api');
    expect(opened.data.user?.toString()).toBe('vector-user');
  });

  it('does not crash on a template without labels or annotations', () => {
    const target = seal('kind: Secret\nmetadata: {name: bare, namespace: ns}\nstringData: {a: vector-a}\n').sealed;
    expect(target.spec.template.metadata.labels).toBeUndefined();
    const { sealed } = mergeInto(
      target,
      secretFrom(BASIC.replace('  labels: {app: db}\n', '  labels: {app: db}\n  annotations: {note: x}\n')),
      { publicKey },
    );
    expect(sealed.spec.template.metadata).toMatchObject({ labels: { app: 'db' }, annotations: { note: 'x' } });
    expect(unsealSealedSecret(sealed, [pki.controller.key]).data.get('a')?.toString()).toBe('vector-a');
  });

  it('refuses a target without the namespace its scope needs', () => {
    const target = seal(BASIC).sealed;
    delete target.metadata.namespace;
    expect(() => mergeInto(target, secretFrom(BASIC), { publicKey })).toThrow(
      'the SealedSecret db has no metadata.namespace, which its strict scope needs; add it first',
    );
  });
});
