/**
 * Sealing scopes and the RSA-OAEP label each one binds a value to, as the sealed-secrets
 * controller derives them: strict binds namespace and name, namespace-wide the namespace, cluster-wide nothing.
 */
import { UsageError } from '../errors.js';
import { withoutKeys } from './object-meta.js';

export type Scope = 'strict' | 'namespace-wide' | 'cluster-wide';

export const SCOPES: readonly Scope[] = ['strict', 'namespace-wide', 'cluster-wide'];

export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';

/** Reads a `--scope` value; anything else is a usage error naming the three accepted values. */
export function parseScope(value: string): Scope {
  if ((SCOPES as readonly string[]).includes(value)) return value as Scope;
  throw new UsageError(`unknown scope "${value}": use strict, namespace-wide or cluster-wide`);
}

/**
 * The scope an object's annotations select. Only the exact string "true" counts ("True", "yes"
 * or a YAML boolean do not), and cluster-wide wins when both are set, as in the controller.
 */
export function scopeFromAnnotations(annotations: Readonly<Record<string, unknown>> | undefined): Scope {
  if (annotations?.[CLUSTER_WIDE_ANNOTATION] === 'true') return 'cluster-wide';
  if (annotations?.[NAMESPACE_WIDE_ANNOTATION] === 'true') return 'namespace-wide';
  return 'strict';
}

/** A copy of `annotations` without either scope annotation. */
export function withoutScopeAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return withoutKeys(annotations, [CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION]);
}

/**
 * A copy of `annotations` with both scope annotations removed and the one for `scope` set
 * (kubeseal's UpdateScopeAnnotations): strict leaves neither.
 */
export function withScopeAnnotation(
  annotations: Readonly<Record<string, string>> | undefined,
  scope: Scope,
): Record<string, string> {
  const out = withoutScopeAnnotations(annotations);
  if (scope === 'cluster-wide') out[CLUSTER_WIDE_ANNOTATION] = 'true';
  if (scope === 'namespace-wide') out[NAMESPACE_WIDE_ANNOTATION] = 'true';
  return out;
}

/** The OAEP label: `ns/name` (strict), `ns` (namespace-wide) or empty (cluster-wide). */
export function encryptionLabel(namespace: string, name: string, scope: Scope): Buffer {
  switch (scope) {
    case 'cluster-wide':
      return Buffer.alloc(0);
    case 'namespace-wide':
      return Buffer.from(namespace, 'utf8');
    case 'strict':
      return Buffer.from(`${namespace}/${name}`, 'utf8');
  }
}
