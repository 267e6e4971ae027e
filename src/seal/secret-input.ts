/**
 * Reads the Secrets to seal from a YAML or JSON text (multi-document), validated so that mistakes
 * fail with a message naming the document and the key, never the value.
 */
import { SealcheckError } from '../errors.js';
import { shownKey } from '../finding.js';
import { readDocuments } from './documents.js';
import { decodeStdBase64 } from '../classify/base64.js';
import type { SecretInput } from './model.js';
import { isPlainObject, readObjectMeta } from './object-meta.js';

export interface ReadSecretsOptions {
  /** Accept a Secret with no data and no stringData (kubeseal's --allow-empty-data). Default false. */
  allowEmpty?: boolean;
}

/** Every Secret of `text`; `source` (a file name, or "stdin") names them in messages. */
export function readSecrets(text: string, source: string, options: ReadSecretsOptions = {}): SecretInput[] {
  const docs = readDocuments(text, source);
  if (docs.length === 0) throw new SealcheckError(`${source}: no Secret found (the input is empty)`);
  return docs.map((d) => readSecret(d.value, `${source} document ${d.number}`, options));
}

/** One decoded document as a Secret; `where` names it in messages. */
export function readSecret(value: unknown, where: string, options: ReadSecretsOptions = {}): SecretInput {
  if (!isPlainObject(value))
    throw new SealcheckError(`${where} is not a Kubernetes object (expected a mapping with kind: Secret)`);
  const kind = value.kind;
  if (kind !== 'Secret') throw new SealcheckError(`${where} ${wrongKind(kind)}`);
  if (value.apiVersion !== undefined && value.apiVersion !== 'v1') {
    throw new SealcheckError(`${where}: apiVersion must be v1 for a Secret`);
  }
  const metadata = readObjectMeta(value.metadata, where);
  const origin = metadata.name ? `${where} (Secret "${metadata.name}")` : where;

  const secret: SecretInput = {
    origin,
    metadata,
    data: readData(value.data, origin),
    stringData: readStringData(value.stringData, origin),
  };
  if (value.type !== undefined && value.type !== null) {
    if (typeof value.type !== 'string') throw new SealcheckError(`${origin}: type must be a string`);
    if (value.type !== '') secret.type = value.type;
  }
  if (value.immutable !== undefined && value.immutable !== null) {
    if (typeof value.immutable !== 'boolean') throw new SealcheckError(`${origin}: immutable must be true or false`);
    secret.immutable = value.immutable;
  }
  if (secret.data.size === 0 && secret.stringData.size === 0 && options.allowEmpty !== true) {
    throw new SealcheckError(
      `${origin}: the Secret has no data and no stringData, which is most likely a mistake (kubeseal refuses it too); allow it explicitly (--allow-empty-data) if it is intended`,
    );
  }
  return secret;
}

function wrongKind(kind: unknown): string {
  if (kind === undefined || kind === null) return 'has no kind: expected kind: Secret';
  if (kind === 'SealedSecret') return 'is already a SealedSecret: only a Secret can be sealed';
  if (kind === 'List') return 'is a List: put each Secret in its own document (kubeseal does not unpack Lists either)';
  return `is a ${typeof kind === 'string' ? kind : 'non-string kind'}, not a Secret: only kind: Secret can be sealed`;
}

function readData(value: unknown, origin: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (value === undefined || value === null) return out;
  if (!isPlainObject(value)) throw new SealcheckError(`${origin}: data is not a mapping of key to base64 value`);
  for (const [key, v] of Object.entries(value)) {
    checkKey(key, 'data', origin);
    if (v === null) {
      out.set(key, Buffer.alloc(0));
      continue;
    }
    const decoded = typeof v === 'string' ? decodeStdBase64(v) : undefined;
    if (decoded === undefined) {
      throw new SealcheckError(
        `${origin}: data.${shown(key)} is not valid base64 (standard alphabet, = padding); put a plain-text value under stringData instead`,
      );
    }
    out.set(key, decoded);
  }
  return out;
}

function readStringData(value: unknown, origin: string): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === null) return out;
  if (!isPlainObject(value)) throw new SealcheckError(`${origin}: stringData is not a mapping of key to text`);
  for (const [key, v] of Object.entries(value)) {
    checkKey(key, 'stringData', origin);
    if (v !== null && typeof v !== 'string') {
      throw new SealcheckError(
        `${origin}: stringData.${shown(key)} must be a string (a ${describeType(v)} was found; quote it in YAML)`,
      );
    }
    out.set(key, v ?? '');
  }
  return out;
}

/**
 * A key as an error quotes it: a key that is itself a credential is redacted, as scan shows it.
 * Sealing loads no rules, so the key's shape alone decides (no token formats).
 */
function shown(key: string): string {
  return shownKey(key, []);
}

/** Kubernetes' rule for Secret keys (validation.IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * A key Kubernetes would refuse is refused here, without quoting it: the usual cause is a
 * flow mapping missing the space after a colon (`{password:value}`), which makes the value part
 * of the key.
 */
function checkKey(key: string, field: string, origin: string): void {
  if (SECRET_KEY.test(key)) return;
  throw new SealcheckError(
    `${origin}: a ${field} key is not a valid Secret key (letters, digits, '-', '_' and '.' only; not shown, it may hold a value): a missing space after ':' in {key:value} does this`,
  );
}

function describeType(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'timestamp';
  return typeof v === 'object' ? 'mapping' : typeof v;
}
