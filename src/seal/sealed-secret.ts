/**
 * Builds a SealedSecret from a Secret following kubeseal's steps (scope from annotations, label, one
 * ciphertext per key, the Secret's metadata carried into the template),
 * and merges new items into an existing SealedSecret (`--merge-into`).
 */
import type { KeyObject } from 'node:crypto';
import { SealcheckError } from '../errors.js';
import { hybridEncrypt } from './hybrid.js';
import { SERVER_SET_META_FIELDS, type ObjectMeta, type SealedSecret, type SecretInput } from './model.js';
import { cloneMeta, metaWithout, objectName, withoutKeys } from './object-meta.js';
import {
  CLUSTER_WIDE_ANNOTATION,
  NAMESPACE_WIDE_ANNOTATION,
  encryptionLabel,
  scopeFromAnnotations,
  withScopeAnnotation,
  withoutScopeAnnotations,
  type Scope,
} from './scope.js';

export interface SealOptions {
  publicKey: KeyObject;
  /**
   * `--scope`. Undefined: the Secret's own scope annotations decide (strict without them). A
   * non-strict value rewrites them; strict leaves a wider annotation in place, like kubeseal, with
   * a warning.
   */
  scope?: Scope;
  /** `--namespace`: fills a missing metadata.namespace; a different one is an error. */
  namespace?: string;
  /** `--name`: replaces metadata.name. */
  name?: string;
}

export interface SealResult {
  sealed: SealedSecret;
  /** Things to tell the user; never a value. */
  warnings: string[];
}

/** The only annotations kubeseal drops (sealed-secrets issue #227). */
const STRIPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubecfg.ksonnet.io/last-applied-configuration',
];

/** Other annotations known to carry a copy of the object (so of its values) in clear. */
const EMBEDDING_ANNOTATIONS = ['kapp.k14s.io/original', 'banzaicloud.com/last-applied'];

export function sealSecret(secret: SecretInput, options: SealOptions): SealResult {
  const warnings: string[] = [];
  const meta = cloneMeta(secret.metadata);
  if (options.name !== undefined) meta.name = options.name;
  if (!meta.name) throw new SealcheckError(`${secret.origin}: missing metadata.name: add it or pass --name`);

  if (options.scope !== undefined && options.scope !== 'strict') {
    meta.annotations = withScopeAnnotation(meta.annotations, options.scope);
  }
  warnOnScopeAnnotationValues(meta, secret.origin, warnings);
  const scope = scopeFromAnnotations(meta.annotations);
  if (options.scope === 'strict' && scope !== 'strict') {
    warnings.push(
      `${secret.origin}: --scope strict was asked, but the Secret's annotation ${scope === 'cluster-wide' ? CLUSTER_WIDE_ANNOTATION : NAMESPACE_WIDE_ANNOTATION}: "true" keeps it ${scope} (kubeseal does the same); remove the annotation to seal it strict`,
    );
  }

  if (scope !== 'cluster-wide') {
    if (options.namespace !== undefined && meta.namespace && meta.namespace !== options.namespace) {
      throw new SealcheckError(
        `${secret.origin}: namespace mismatch: input secret is in namespace "${meta.namespace}" but "${options.namespace}" was specified`,
      );
    }
    if (!meta.namespace && options.namespace) meta.namespace = options.namespace;
    if (!meta.namespace) {
      throw new SealcheckError(
        `${secret.origin}: ${scope} scope needs a namespace: add metadata.namespace or pass --namespace`,
      );
    }
  } else if (options.namespace !== undefined && meta.namespace !== options.namespace) {
    warnings.push(
      `${secret.origin}: --namespace is not applied to a cluster-wide Secret (kubeseal does not either); set metadata.namespace to place the SealedSecret in a namespace`,
    );
  }

  const templateMeta = templateMetadata(metaWithout(meta, SERVER_SET_META_FIELDS));
  warnOnEmbeddingAnnotations(templateMeta, secret.origin, warnings);

  const label = encryptionLabel(meta.namespace ?? '', meta.name, scope);
  const top: ObjectMeta = { name: meta.name };
  if (meta.namespace) top.namespace = meta.namespace;
  const scopeAnnotations = withScopeAnnotation(undefined, scope);
  if (Object.keys(scopeAnnotations).length > 0) top.annotations = scopeAnnotations;

  const sealed: SealedSecret = {
    metadata: top,
    spec: { template: { metadata: templateMeta }, encryptedData: sealItems(secret, options.publicKey, label) },
  };
  if (secret.type !== undefined) sealed.spec.template.type = secret.type;
  if (secret.immutable !== undefined) sealed.spec.template.immutable = secret.immutable;
  return { sealed, warnings };
}

export interface MergeOptions {
  publicKey: KeyObject;
}

/**
 * Seals the Secret's items for `target` and adds them to it (replacing items of the same name),
 * with the template's labels and annotations. Unlike kubeseal, the scope is the one the target's
 * own metadata gives (the label the controller will use), and a template without labels or
 * annotations is fine. The target is not modified; the merged copy is returned.
 */
export function mergeInto(target: SealedSecret, secret: SecretInput, options: MergeOptions): SealResult {
  const warnings: string[] = [];
  const merged: SealedSecret = structuredClone(target);
  const name = merged.metadata.name;
  if (!name) throw new SealcheckError(`the SealedSecret to merge into has no metadata.name`);
  if (merged.spec.data !== undefined) {
    throw new SealcheckError(
      `the SealedSecret ${objectName(merged.metadata)} uses the deprecated v1 spec.data form; re-seal it instead of merging into it`,
    );
  }
  const scope = scopeFromAnnotations(merged.metadata.annotations);
  const namespace = merged.metadata.namespace ?? '';
  if (scope !== 'cluster-wide' && namespace === '') {
    throw new SealcheckError(
      `the SealedSecret ${name} has no metadata.namespace, which its ${scope} scope needs; add it first`,
    );
  }
  const secretName = secret.metadata.name;
  if ((secretName && secretName !== name) || (secret.metadata.namespace && secret.metadata.namespace !== namespace)) {
    warnings.push(
      `${secret.origin}: its items are sealed for the target ${objectName(merged.metadata)}, not for ${objectName(secret.metadata)}`,
    );
  }
  const ownScope = scopeFromAnnotations(secret.metadata.annotations);
  if (ownScope !== scope && secret.metadata.annotations && hasScopeAnnotation(secret.metadata.annotations)) {
    warnings.push(
      `${secret.origin}: its scope annotation (${ownScope}) is ignored; the items are sealed ${scope}, the target's scope`,
    );
  }

  const label = encryptionLabel(namespace, name, scope);
  for (const [key, value] of sealItems(secret, options.publicKey, label)) merged.spec.encryptedData.set(key, value);

  const incoming = templateMetadata(cloneMeta(secret.metadata));
  warnOnEmbeddingAnnotations(incoming, secret.origin, warnings);
  const template = merged.spec.template.metadata;
  if (incoming.labels) template.labels = { ...template.labels, ...incoming.labels };
  const annotations = withoutScopeAnnotations(incoming.annotations);
  if (Object.keys(annotations).length > 0) template.annotations = { ...template.annotations, ...annotations };
  return { sealed: merged, warnings };
}

function sealItems(secret: SecretInput, publicKey: KeyObject, label: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of secret.data) out.set(key, hybridEncrypt(publicKey, value, label));
  // stringData after data: it wins on a key collision, as the API server and kubeseal do.
  for (const [key, value] of secret.stringData)
    out.set(key, hybridEncrypt(publicKey, Buffer.from(value, 'utf8'), label));
  return out;
}

/** The Secret's metadata minus the two last-applied annotations and ownerReferences (kubeseal #227, #243). */
function templateMetadata(meta: ObjectMeta): ObjectMeta {
  const out = cloneMeta(meta);
  delete out.ownerReferences;
  if (out.annotations) {
    out.annotations = withoutKeys(out.annotations, STRIPPED_ANNOTATIONS);
    if (Object.keys(out.annotations).length === 0) delete out.annotations;
  }
  return out;
}

function hasScopeAnnotation(annotations: Record<string, string>): boolean {
  return CLUSTER_WIDE_ANNOTATION in annotations || NAMESPACE_WIDE_ANNOTATION in annotations;
}

function warnOnScopeAnnotationValues(meta: ObjectMeta, origin: string, warnings: string[]): void {
  for (const a of [CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION]) {
    const v = meta.annotations?.[a];
    if (v !== undefined && v !== 'true') {
      warnings.push(
        `${origin}: annotation ${a} has a value other than the exact string "true", so it has no effect on the scope`,
      );
    }
  }
}

function warnOnEmbeddingAnnotations(meta: ObjectMeta, origin: string, warnings: string[]): void {
  for (const key of Object.keys(meta.annotations ?? {})) {
    if (EMBEDDING_ANNOTATIONS.includes(key) || /last-applied|original-configuration/i.test(key)) {
      warnings.push(
        `${origin}: annotation ${key} is copied into spec.template in clear and may hold the whole Secret with its values; remove it before sealing`,
      );
    }
  }
}
