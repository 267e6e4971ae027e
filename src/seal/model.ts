/**
 * The objects sealing reads and writes. Maps whose keys are user data (Secret items, sealed items)
 * are `Map`s: a plain object would reorder integer-like keys ("10" before "9") and could be
 * confused by a key such as `__proto__`, which is a valid Secret item name.
 */

/**
 * Kubernetes ObjectMeta as read from a manifest: only the fields of the Go struct are kept
 * (decoding into the struct drops the rest), in no particular order; the formatters write them in
 * struct order.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** null is the zero time ("creationTimestamp": null, written by kubeseal ≤ v0.31). */
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  managedFields?: unknown[];
}

/** The ObjectMeta fields the API server sets, in struct order; kubeseal strips them from the template. */
export const SERVER_SET_META_FIELDS = [
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const satisfies readonly (keyof ObjectMeta)[];

/** The ObjectMeta field names in Go struct order (apimachinery types.go). */
export const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  ...SERVER_SET_META_FIELDS,
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const satisfies readonly (keyof ObjectMeta)[];

/** A v1 Secret read from a manifest, validated (see secret-input.ts). */
export interface SecretInput {
  /** Where it came from, for messages, e.g. `db.yaml document 2 (Secret "db")`. */
  origin: string;
  metadata: ObjectMeta;
  type?: string;
  immutable?: boolean;
  /** `data`, base64-decoded. */
  data: Map<string, Buffer>;
  stringData: Map<string, string>;
}

export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1';
export const SEALED_SECRET_KIND = 'SealedSecret';

export interface SecretTemplate {
  metadata: ObjectMeta;
  type?: string;
  immutable?: boolean;
  /** Go text/template entries the controller renders over the opened items. */
  data?: Map<string, string>;
}

export interface SealedSecret {
  metadata: ObjectMeta;
  spec: {
    template: SecretTemplate;
    encryptedData: Map<string, string>;
    /** Deprecated v1 form: one sealed blob holding the whole Secret as JSON. Read, never written. */
    data?: string;
  };
  /** Kept as read when a file is rewritten (merge); never produced by sealing. */
  status?: unknown;
}

/** A Secret produced by unsealing. */
export interface UnsealedSecret {
  metadata: ObjectMeta;
  type?: string;
  immutable?: boolean;
  data: Map<string, Buffer>;
}
