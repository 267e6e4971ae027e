/**
 * The value tree both formatters write: what Go's encoding/json sees after marshalling the
 * SealedSecret struct. Struct fields come in struct order with `omitempty` applied; Go maps come
 * sorted by key bytes. An object keeps its entries as an array, since a JS object would move
 * integer-like keys ("10", "9") to the front.
 */
import {
  OBJECT_META_FIELDS,
  SEALED_SECRET_API_VERSION,
  SEALED_SECRET_KIND,
  type ObjectMeta,
  type SealedSecret,
  type UnsealedSecret,
} from './model.js';

export type GoValue = null | boolean | number | string | GoValue[] | GoObject;

export class GoObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, GoValue]>) {}
}

export interface GoFormatOptions {
  /**
   * Write `"creationTimestamp": null` in both metadata blocks, as kubeseal ≤ v0.31 did; current
   * kubeseal omits it. Default false. A real timestamp (from a merged file) is always kept.
   */
  legacyCreationTimestamp?: boolean;
}

/** The SealedSecret as kubeseal marshals it: kind, apiVersion, metadata, spec{template, encryptedData}. */
export function sealedSecretToGo(s: SealedSecret, options: GoFormatOptions = {}): GoObject {
  const t = s.spec.template;
  const template: Array<[string, GoValue]> = [['metadata', objectMetaToGo(t.metadata, options)]];
  if (t.type) template.push(['type', t.type]);
  if (t.immutable !== undefined) template.push(['immutable', t.immutable]);
  if (t.data && t.data.size > 0) template.push(['data', sortedMap(t.data)]);
  const root: Array<[string, GoValue]> = [
    ['kind', SEALED_SECRET_KIND],
    ['apiVersion', SEALED_SECRET_API_VERSION],
    ['metadata', objectMetaToGo(s.metadata, options)],
    [
      'spec',
      new GoObject([
        ['template', new GoObject(template)],
        ['encryptedData', sortedMap(s.spec.encryptedData)],
      ]),
    ],
  ];
  const status = s.status === undefined || s.status === null ? undefined : structValue(s.status, STATUS_FIELDS);
  if (status !== undefined) root.push(['status', status]);
  return new GoObject(root);
}

/** A v1 Secret in v1.Secret struct order: kind, apiVersion, metadata, immutable, data, type. */
export function secretToGo(s: UnsealedSecret, options: GoFormatOptions = {}): GoObject {
  const entries: Array<[string, GoValue]> = [
    ['kind', 'Secret'],
    ['apiVersion', 'v1'],
    ['metadata', objectMetaToGo(s.metadata, options)],
  ];
  if (s.immutable !== undefined) entries.push(['immutable', s.immutable]);
  if (s.data.size > 0)
    entries.push(['data', sortedMap(new Map([...s.data].map(([k, v]) => [k, v.toString('base64')])))]);
  if (s.type) entries.push(['type', s.type]);
  return new GoObject(entries);
}

function objectMetaToGo(meta: ObjectMeta, options: GoFormatOptions = {}): GoObject {
  const out: Array<[string, GoValue]> = [];
  for (const field of OBJECT_META_FIELDS) {
    const v = meta[field];
    switch (field) {
      case 'creationTimestamp':
        if (typeof v === 'string') out.push([field, v]);
        else if (options.legacyCreationTimestamp) out.push([field, null]);
        break;
      case 'deletionTimestamp':
      case 'deletionGracePeriodSeconds':
        if (v !== undefined && v !== null) out.push([field, v as string | number]);
        break;
      case 'generation':
        if (typeof v === 'number' && v !== 0) out.push([field, v]);
        break;
      case 'labels':
      case 'annotations': {
        const map = v as Record<string, string> | undefined;
        if (map && Object.keys(map).length > 0) out.push([field, sortedMap(new Map(Object.entries(map)))]);
        break;
      }
      case 'ownerReferences':
      case 'managedFields':
      case 'finalizers': {
        const list = v as unknown[] | undefined;
        if (list && list.length > 0) {
          const order =
            field === 'ownerReferences'
              ? OWNER_REFERENCE_FIELDS
              : field === 'managedFields'
                ? MANAGED_FIELDS_FIELDS
                : undefined;
          out.push([field, list.map((item) => (order ? structValue(item, order) : rawJson(item)))]);
        }
        break;
      }
      default:
        if (typeof v === 'string' && v !== '') out.push([field, v]);
    }
  }
  return new GoObject(out);
}

/** A Go map[string]string: keys sorted by their UTF-8 bytes, as encoding/json sorts them. */
function sortedMap(map: ReadonlyMap<string, string>): GoObject {
  return new GoObject([...map].sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
}

const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'];
const MANAGED_FIELDS_FIELDS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'];
const STATUS_FIELDS = ['observedGeneration', 'conditions'];
const CONDITION_FIELDS = ['type', 'status', 'lastUpdateTime', 'lastTransitionTime', 'reason', 'message'];

/** A Go struct read from JSON: known fields in order, empty ones omitted, unknown ones dropped. */
function structValue(value: unknown, fields: readonly string[]): GoValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rawJson(value);
  const record = value as Record<string, unknown>;
  const out: Array<[string, GoValue]> = [];
  for (const f of fields) {
    const v = record[f];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (f === 'conditions' && Array.isArray(v)) out.push([f, v.map((c) => structValue(c, CONDITION_FIELDS))]);
    else out.push([f, rawJson(v)]);
  }
  return new GoObject(out);
}

/** Raw JSON (fieldsV1 and the like): order kept as read. */
function rawJson(value: unknown): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(rawJson);
  if (typeof value === 'object')
    return new GoObject(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rawJson(v)]));
  return null;
}
