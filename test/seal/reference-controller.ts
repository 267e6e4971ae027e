/**
 * An independent re-implementation of the sealed-secrets controller's unseal, written from
 * reference/sealed-secrets.md §1, §2 and §5 for the tests. It deliberately imports nothing from
 * src/seal: RSA is done raw (RSA_NO_PADDING) with its own OAEP-SHA-256 decoding that checks the
 * label hash, then AES-GCM with a zero nonce. Label from the top-level metadata only; every key is
 * tried; every item must open.
 */
import { constants, createDecipheriv, createHash, privateDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';

type Json = Record<string, unknown>;

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function maskGeneration(seed: Buffer, length: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < length; counter += 1) {
    const c = Buffer.from([(counter >>> 24) & 0xff, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]);
    const chunk = sha256(seed, c);
    chunks.push(chunk);
    total += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** RFC 8017 RSAES-OAEP-DECRYPT with SHA-256 and MGF1-SHA-256; undefined on any failure. */
function oaepDecrypt(key: KeyObject, ciphertext: Buffer, label: Buffer): Buffer | undefined {
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (ciphertext.length > k || k < 66) return undefined;
  const c = Buffer.concat([Buffer.alloc(k - ciphertext.length), ciphertext]);
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, c);
  } catch {
    return undefined;
  }
  if (em.length < k) em = Buffer.concat([Buffer.alloc(k - em.length), em]);
  const hLen = 32;
  const y = em[0];
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDB = em.subarray(1 + hLen);
  const seedMask = maskGeneration(maskedDB, hLen);
  const seed = Buffer.from(maskedSeed.map((b, i) => b ^ (seedMask[i] as number)));
  const dbMask = maskGeneration(seed, maskedDB.length);
  const db = Buffer.from(maskedDB.map((b, i) => b ^ (dbMask[i] as number)));
  const lHash = sha256(label);
  if (y !== 0 || !timingSafeEqual(db.subarray(0, hLen), lHash)) return undefined;
  let i = hLen;
  while (i < db.length && db[i] === 0) i += 1;
  if (db[i] !== 1) return undefined;
  return db.subarray(i + 1);
}

function base64Std(text: string): Buffer {
  const s = text.replace(/\r|\n/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s))
    throw new Error('illegal base64 data');
  return Buffer.from(s, 'base64');
}

function openValue(keys: readonly KeyObject[], value: string, label: Buffer): Buffer {
  const raw = base64Std(value);
  if (raw.length < 2) throw new Error('SealedSecret data is too short');
  const rsaLen = raw.readUInt16BE(0);
  if (raw.length < rsaLen + 2) throw new Error('SealedSecret data is too short');
  const rsaPart = raw.subarray(2, 2 + rsaLen);
  const aesPart = raw.subarray(2 + rsaLen);
  for (const key of keys) {
    const sessionKey = oaepDecrypt(key, rsaPart, label);
    if (sessionKey === undefined || ![16, 24, 32].includes(sessionKey.length) || aesPart.length < 16) continue;
    try {
      const d = createDecipheriv(`aes-${sessionKey.length * 8}-gcm` as 'aes-256-gcm', sessionKey, Buffer.alloc(12));
      d.setAuthTag(aesPart.subarray(aesPart.length - 16));
      return Buffer.concat([d.update(aesPart.subarray(0, aesPart.length - 16)), d.final()]);
    } catch {
      continue;
    }
  }
  throw new Error('no key could decrypt secret');
}

function labelOf(metadata: Json): Buffer {
  const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (annotations['sealedsecrets.bitnami.com/cluster-wide'] === 'true') return Buffer.from('');
  if (annotations['sealedsecrets.bitnami.com/namespace-wide'] === 'true') return Buffer.from(namespace);
  return Buffer.from(`${namespace}/${name}`);
}

/** The Secret the controller would write for `sealedSecret` (a parsed JSON/YAML object), or a throw. */
export function controllerUnseal(
  sealedSecret: Json,
  keys: readonly KeyObject[],
): { metadata: Json; type?: unknown; data: Record<string, Buffer> } {
  const metadata = (sealedSecret.metadata ?? {}) as Json;
  const spec = (sealedSecret.spec ?? {}) as Json;
  const template = (spec.template ?? {}) as Json;
  const label = labelOf(metadata);
  const data: Record<string, Buffer> = {};
  const errors: string[] = [];
  for (const [item, value] of Object.entries((spec.encryptedData ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    try {
      data[item] = openValue(keys, value, label);
    } catch (err) {
      errors.push(`${item}: ${(err as Error).message}`);
    }
  }
  if (errors.length > 0) throw new Error(`Failed to unseal: ${errors.join('; ')}`);
  const out = {
    ...structuredClone((template.metadata ?? {}) as Json),
    name: metadata.name,
    namespace: metadata.namespace,
  };
  return { metadata: out, type: template.type, data };
}
