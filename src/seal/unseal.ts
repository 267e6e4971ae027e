/**
 * Opens a SealedSecret offline the way the controller's unsealing does: the
 * label comes from the SealedSecret's top-level metadata only, every key is tried, and every item
 * must open or nothing is returned. The v1 `spec.data` form is accepted, as the controller accepts
 * it by default.
 */
import type { KeyObject } from 'node:crypto';
import { SealcheckError } from '../errors.js';
import { hybridDecrypt, SealedValueError } from './hybrid.js';
import type { SealedSecret, UnsealedSecret } from './model.js';
import { cloneMeta, isPlainObject, objectName, readObjectMeta } from './object-meta.js';
import { encryptionLabel, scopeFromAnnotations, type Scope } from './scope.js';
import { readSecret } from './secret-input.js';

export interface UnsealOptions {
  /**
   * The namespace the SealedSecret lives in when its file has none (as `kubectl apply -n` would
   * place it). Ignored when metadata.namespace is set.
   */
  namespace?: string;
}

/** Items that did not open; the message names them and the likely cause, never a value. */
export class UnsealError extends SealcheckError {
  constructor(
    readonly items: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

export function unsealSealedSecret(
  sealed: SealedSecret,
  keys: readonly KeyObject[],
  options: UnsealOptions = {},
): UnsealedSecret {
  const meta = sealed.metadata;
  const name = meta.name ?? '';
  const namespace = meta.namespace || options.namespace || '';
  const scope = scopeFromAnnotations(meta.annotations);
  const label = encryptionLabel(namespace, name, scope);
  const shown = objectName({ ...meta, namespace });
  if (sealed.spec.data !== undefined && sealed.spec.encryptedData.size > 0) {
    throw new SealcheckError(`SealedSecret ${shown}: spec.encryptedData and the v1 spec.data cannot be used together`);
  }

  const secret: UnsealedSecret = { metadata: cloneMeta(sealed.spec.template.metadata), data: new Map() };
  if (sealed.spec.template.type) secret.type = sealed.spec.template.type;
  if (sealed.spec.template.immutable !== undefined) secret.immutable = sealed.spec.template.immutable;

  if (sealed.spec.data !== undefined) {
    openV1(sealed.spec.data, keys, label, scope, shown, secret);
  } else {
    const failed: string[] = [];
    let reason = '';
    for (const [item, value] of sealed.spec.encryptedData) {
      try {
        secret.data.set(item, hybridDecrypt(keys, value, label));
      } catch (err) {
        if (!(err instanceof SealedValueError)) throw err;
        failed.push(item);
        reason ||= err.problem === 'no-key' ? cause(scope, keys.length) : err.message;
      }
    }
    if (failed.length > 0) {
      const items = failed.length === 1 ? `item ${failed[0]}` : `items ${failed.join(', ')}`;
      throw new UnsealError(
        failed,
        `SealedSecret ${shown}: ${items} ${failed.length === 1 ? 'does' : 'do'} not open: ${reason}`,
      );
    }
    applyTemplateData(sealed, shown, secret);
  }
  // Name and namespace are always the SealedSecret's own (the controller forces them).
  secret.metadata.name = name;
  if (namespace) secret.metadata.namespace = namespace;
  else delete secret.metadata.namespace;
  return secret;
}

function cause(scope: Scope, keyCount: number): string {
  const keysText = `the given key${keyCount === 1 ? '' : 's'}`;
  switch (scope) {
    case 'strict':
      return `not with ${keysText}: wrong key, or the SealedSecret was renamed/moved (strict scope binds namespace/name)`;
    case 'namespace-wide':
      return `not with ${keysText}: wrong key, or the SealedSecret was moved to another namespace (namespace-wide scope binds the namespace), or its scope annotation changed`;
    case 'cluster-wide':
      return `not with ${keysText}: wrong key, or the value was sealed with a narrower scope than the cluster-wide annotation says`;
  }
}

/** Template data entries override items; Go templates ({{ }}) are the controller's to render. */
function applyTemplateData(sealed: SealedSecret, shown: string, secret: UnsealedSecret): void {
  for (const [key, value] of sealed.spec.template.data ?? []) {
    if (value.includes('{{')) {
      throw new SealcheckError(
        `SealedSecret ${shown}: spec.template.data.${key} is a Go template, which only the controller renders`,
      );
    }
    secret.data.set(key, Buffer.from(value, 'utf8'));
  }
}

/** v1: one sealed blob holding the whole Secret as JSON; its fields override the template's. */
function openV1(
  blob: string,
  keys: readonly KeyObject[],
  label: Buffer,
  scope: Scope,
  shown: string,
  secret: UnsealedSecret,
): void {
  let plaintext: Buffer;
  try {
    plaintext = hybridDecrypt(keys, blob, label);
  } catch (err) {
    if (!(err instanceof SealedValueError)) throw err;
    throw new UnsealError(
      ['spec.data'],
      `SealedSecret ${shown}: the v1 spec.data does not open: ${err.problem === 'no-key' ? cause(scope, keys.length) : err.message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new SealcheckError(`SealedSecret ${shown}: the v1 spec.data opens but does not hold a JSON Secret`);
  }
  if (!isPlainObject(parsed))
    throw new SealcheckError(`SealedSecret ${shown}: the v1 spec.data does not hold a Secret object`);
  const inner = readSecret({ kind: 'Secret', ...parsed }, `SealedSecret ${shown} spec.data`, { allowEmpty: true });
  if (parsed.metadata !== undefined)
    secret.metadata = { ...secret.metadata, ...readObjectMeta(parsed.metadata, shown) };
  if (inner.type !== undefined) secret.type = inner.type;
  if (inner.immutable !== undefined) secret.immutable = inner.immutable;
  for (const [k, v] of inner.data) secret.data.set(k, v);
  for (const [k, v] of inner.stringData) secret.data.set(k, Buffer.from(v, 'utf8'));
}
