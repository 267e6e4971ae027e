/**
 * Reads SealedSecrets (to unseal, or to merge new items into) from a YAML or JSON text.
 */
import { SealcheckError } from '../errors.js';
import { readDocuments } from './documents.js';
import { SEALED_SECRET_API_VERSION, SEALED_SECRET_KIND, type SealedSecret, type SecretTemplate } from './model.js';
import { isPlainObject, readObjectMeta, readStringMap } from './object-meta.js';

export interface SealedSecretDocument {
  /** `file document N (SealedSecret "name")`, for messages. */
  origin: string;
  sealed: SealedSecret;
}

export function readSealedSecrets(text: string, source: string): SealedSecretDocument[] {
  const docs = readDocuments(text, source);
  if (docs.length === 0) throw new SealcheckError(`${source}: no SealedSecret found (the input is empty)`);
  return docs.map((d) => readSealedSecret(d.value, `${source} document ${d.number}`));
}

export function readSealedSecret(value: unknown, where: string): SealedSecretDocument {
  if (!isPlainObject(value)) throw new SealcheckError(`${where} is not a Kubernetes object`);
  if (value.kind !== SEALED_SECRET_KIND) {
    const kind = typeof value.kind === 'string' ? value.kind : 'object without a kind';
    throw new SealcheckError(`${where} is a ${kind}, not a SealedSecret`);
  }
  if (value.apiVersion !== SEALED_SECRET_API_VERSION) {
    throw new SealcheckError(`${where}: apiVersion must be ${SEALED_SECRET_API_VERSION}`);
  }
  const metadata = readObjectMeta(value.metadata, where);
  const origin = metadata.name ? `${where} (SealedSecret "${metadata.name}")` : where;
  const spec = value.spec ?? {};
  if (!isPlainObject(spec)) throw new SealcheckError(`${origin}: spec is not a mapping`);

  const encryptedData = new Map<string, string>();
  if (spec.encryptedData !== undefined && spec.encryptedData !== null) {
    if (!isPlainObject(spec.encryptedData)) throw new SealcheckError(`${origin}: spec.encryptedData is not a mapping`);
    // The controller silently drops values that are not strings (SealedSecretEncryptedData.UnmarshalJSON).
    for (const [k, v] of Object.entries(spec.encryptedData)) if (typeof v === 'string') encryptedData.set(k, v);
  }
  const sealed: SealedSecret = { metadata, spec: { template: readTemplate(spec.template, origin), encryptedData } };
  if (spec.data !== undefined && spec.data !== null) {
    if (typeof spec.data !== 'string')
      throw new SealcheckError(`${origin}: spec.data (v1 form) must be a base64 string`);
    sealed.spec.data = spec.data;
  }
  if (value.status !== undefined && value.status !== null) sealed.status = structuredClone(value.status);
  return { origin, sealed };
}

function readTemplate(value: unknown, origin: string): SecretTemplate {
  if (value === undefined || value === null) return { metadata: {} };
  if (!isPlainObject(value)) throw new SealcheckError(`${origin}: spec.template is not a mapping`);
  const template: SecretTemplate = { metadata: readObjectMeta(value.metadata, `${origin} spec.template`) };
  if (value.type !== undefined && value.type !== null && value.type !== '') {
    if (typeof value.type !== 'string') throw new SealcheckError(`${origin}: spec.template.type must be a string`);
    template.type = value.type;
  }
  if (value.immutable !== undefined && value.immutable !== null) {
    if (typeof value.immutable !== 'boolean')
      throw new SealcheckError(`${origin}: spec.template.immutable must be true or false`);
    template.immutable = value.immutable;
  }
  if (value.data !== undefined && value.data !== null) {
    template.data = new Map(Object.entries(readStringMap(value.data, `${origin}: spec.template.data`)));
  }
  return template;
}
