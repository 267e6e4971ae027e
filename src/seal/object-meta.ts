/**
 * Reads `metadata` from a decoded manifest into ObjectMeta, as decoding into the Go struct would:
 * known fields only, with their types checked. Messages name the field, never its value.
 */
import { SealcheckError } from '../errors.js';
import { OBJECT_META_FIELDS, type ObjectMeta } from './model.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readObjectMeta(value: unknown, where: string): ObjectMeta {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new SealcheckError(`${where}: metadata is not a mapping`);
  const meta: ObjectMeta = {};
  for (const field of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion'] as const) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new SealcheckError(`${where}: metadata.${field} must be a string`);
    meta[field] = v;
  }
  for (const field of ['creationTimestamp', 'deletionTimestamp'] as const) {
    const v = value[field];
    if (v === undefined) continue;
    if (v instanceof Date) meta[field] = v.toISOString().replace(/\.000Z$/, 'Z');
    else if (v === null || typeof v === 'string') meta[field] = v;
    else throw new SealcheckError(`${where}: metadata.${field} must be a timestamp`);
  }
  if (value.generation !== undefined && value.generation !== null) {
    if (typeof value.generation !== 'number')
      throw new SealcheckError(`${where}: metadata.generation must be a number`);
    meta.generation = value.generation;
  }
  if (value.deletionGracePeriodSeconds !== undefined) {
    const v = value.deletionGracePeriodSeconds;
    if (v !== null && typeof v !== 'number')
      throw new SealcheckError(`${where}: metadata.deletionGracePeriodSeconds must be a number`);
    meta.deletionGracePeriodSeconds = v;
  }
  for (const field of ['labels', 'annotations'] as const) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    meta[field] = readStringMap(v, `${where}: metadata.${field}`);
  }
  for (const field of ['ownerReferences', 'managedFields'] as const) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) throw new SealcheckError(`${where}: metadata.${field} must be a list`);
    meta[field] = structuredClone(v) as unknown[];
  }
  if (value.finalizers !== undefined && value.finalizers !== null) {
    const v = value.finalizers;
    if (!Array.isArray(v) || v.some((f) => typeof f !== 'string'))
      throw new SealcheckError(`${where}: metadata.finalizers must be a list of strings`);
    meta.finalizers = [...(v as string[])];
  }
  return meta;
}

/** A `map[string]string`: every value must already be a string (quote numbers and booleans in YAML). */
export function readStringMap(value: unknown, where: string): Record<string, string> {
  if (!isPlainObject(value)) throw new SealcheckError(`${where} is not a mapping`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v !== 'string')
      throw new SealcheckError(`${where}.${k} must be a string (quote it in YAML)`);
    out[k] = v ?? ''; // null decodes to the zero value in Go
  }
  return out;
}

export function cloneMeta(meta: ObjectMeta): ObjectMeta {
  return structuredClone(meta);
}

/** A copy of `meta` (fields shared, not cloned) without `fields`. */
export function metaWithout(meta: ObjectMeta, fields: readonly (keyof ObjectMeta)[]): ObjectMeta {
  const out: ObjectMeta = {};
  // ObjectMeta holds only the struct's fields (readObjectMeta drops the rest), so none is lost here.
  for (const field of OBJECT_META_FIELDS) if (!fields.includes(field)) copyField(meta, out, field);
  return out;
}

function copyField<K extends keyof ObjectMeta>(from: Pick<ObjectMeta, K>, to: Pick<ObjectMeta, K>, field: K): void {
  if (Object.hasOwn(from, field)) to[field] = from[field];
}

/** A copy of a string map without `keys` (an own `__proto__` key stays a plain key, as in a spread). */
export function withoutKeys(
  record: Readonly<Record<string, string>> | undefined,
  keys: readonly string[],
): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}

/** `ns/name` or `name` for messages. */
export function objectName(meta: ObjectMeta): string {
  const name = meta.name ?? meta.generateName ?? '(no name)';
  return meta.namespace ? `${meta.namespace}/${name}` : name;
}
