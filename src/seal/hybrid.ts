/**
 * The sealed-secrets hybrid scheme for one value, as the controller and kubeseal implement it:
 * `uint16_be(len(rsa)) || RSA-OAEP-SHA256(session key, label) || AES-GCM(session key, zero nonce)`,
 * base64 (standard alphabet) as text. Node's crypto only.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { SealcheckError } from '../errors.js';
import { decodeStdBase64 } from '../classify/base64.js';

const SESSION_KEY_BYTES = 32;
const GCM_NONCE = Buffer.alloc(12);
const GCM_TAG_BYTES = 16;
const HASH_BYTES = 32;

export type SealedValueProblem = 'base64' | 'too-short' | 'no-key';

/** A sealed value that cannot be opened. The message never contains the value or its plaintext. */
export class SealedValueError extends SealcheckError {
  constructor(
    readonly problem: SealedValueProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Seals `plaintext` for `publicKey` with a fresh 32-byte session key, bound to `label`. */
export function hybridEncrypt(publicKey: KeyObject, plaintext: Buffer, label: Buffer): string {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  );
  const cipher = createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length);
  return Buffer.concat([length, wrapped, body]).toString('base64');
}

/**
 * Opens a sealed value the way the controller does: every key is tried with `label`, the first
 * that opens it wins. Throws SealedValueError for bad base64, a value too short to hold its RSA
 * block, or no key opening it (wrong key, or a label from the wrong name, namespace or scope).
 */
export function hybridDecrypt(privateKeys: readonly KeyObject[], value: string, label: Buffer): Buffer {
  const { rsaBlock, body } = splitValue(value);
  for (const key of privateKeys) {
    const sessionKey = unwrapWithLabel(key, rsaBlock, label);
    if (sessionKey === undefined) continue;
    const plaintext = openGcm(sessionKey, body);
    if (plaintext !== undefined) return plaintext;
  }
  throw new SealedValueError(
    'no-key',
    privateKeys.length === 0
      ? 'no private key was given'
      : 'no key opens it: wrong key, or wrong name, namespace or scope',
  );
}

export interface LabelFreeOpening {
  plaintext: Buffer;
  /** SHA-256 of the label the value was sealed with (OAEP's lHash), to compare with candidates. */
  labelHash: Buffer;
}

/**
 * Opens a value with `privateKey` whatever label it was sealed with: raw RSA, then an OAEP decode
 * that recovers lHash instead of comparing it, then AES-GCM, which must authenticate. This answers
 * "does this leaked key open it?" for renamed, moved or re-scoped values the controller would refuse
 * (an attacker holding the key is not bound by the label). Returns undefined when the key does not open the value or it is malformed.
 */
export function openIgnoringLabel(privateKey: KeyObject, value: string): LabelFreeOpening | undefined {
  let parts: { rsaBlock: Buffer; body: Buffer };
  try {
    parts = splitValue(value);
  } catch {
    return undefined;
  }
  const k = modulusBytes(privateKey);
  if (k === undefined || parts.rsaBlock.length > k) return undefined;
  let em: Buffer;
  try {
    em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, leftPad(parts.rsaBlock, k));
  } catch {
    return undefined;
  }
  const decoded = oaepDecodeIgnoringLabel(leftPad(em, k));
  if (decoded === undefined) return undefined;
  const plaintext = openGcm(decoded.message, parts.body);
  return plaintext === undefined ? undefined : { plaintext, labelHash: decoded.labelHash };
}

/** SHA-256 of a label, the form openIgnoringLabel reports. */
export function labelHash(label: Buffer): Buffer {
  return createHash('sha256').update(label).digest();
}

function splitValue(value: string): { rsaBlock: Buffer; body: Buffer } {
  const bytes = decodeStdBase64(value);
  if (bytes === undefined) throw new SealedValueError('base64', 'the sealed value is not valid base64');
  if (bytes.length < 2) throw new SealedValueError('too-short', 'the sealed value is too short');
  const n = bytes.readUInt16BE(0);
  if (bytes.length < n + 2) throw new SealedValueError('too-short', 'the sealed value is too short');
  return { rsaBlock: bytes.subarray(2, 2 + n), body: bytes.subarray(2 + n) };
}

/** Length of a sealed value's RSA block (the modulus size of the key it was sealed to); undefined when malformed. */
export function rsaBlockLength(value: string): number | undefined {
  try {
    return splitValue(value).rsaBlock.length;
  } catch {
    return undefined;
  }
}

/** Bytes of an RSA key's modulus: no value with a longer RSA block can be opened by it. */
export function modulusBytes(key: KeyObject): number | undefined {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return bits === undefined ? undefined : Math.ceil(bits / 8);
}

/** Go reads the RSA block as an integer, so a shorter block is accepted; OpenSSL wants exactly k bytes. */
function leftPad(block: Buffer, k: number): Buffer {
  return block.length >= k ? block : Buffer.concat([Buffer.alloc(k - block.length), block]);
}

function unwrapWithLabel(key: KeyObject, rsaBlock: Buffer, label: Buffer): Buffer | undefined {
  const k = modulusBytes(key);
  if (k === undefined || rsaBlock.length > k) return undefined;
  try {
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
      leftPad(rsaBlock, k),
    );
  } catch {
    return undefined;
  }
}

function openGcm(sessionKey: Buffer, body: Buffer): Buffer | undefined {
  // aes.NewCipher in Go accepts 16, 24 or 32-byte keys; kubeseal always uses 32.
  const algorithm = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' }[sessionKey.length];
  if (algorithm === undefined || body.length < GCM_TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(algorithm as 'aes-256-gcm', sessionKey, GCM_NONCE);
    decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

function mgf1(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * HASH_BYTES < length; counter += 1) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** EME-OAEP decoding (RFC 8017 §7.1.2 step 3) with SHA-256, returning lHash' instead of checking it. */
function oaepDecodeIgnoringLabel(em: Buffer): { message: Buffer; labelHash: Buffer } | undefined {
  if (em.length < 2 * HASH_BYTES + 2 || em[0] !== 0) return undefined;
  const maskedSeed = em.subarray(1, 1 + HASH_BYTES);
  const maskedDb = em.subarray(1 + HASH_BYTES);
  const seed = xor(maskedSeed, mgf1(maskedDb, HASH_BYTES));
  const db = xor(maskedDb, mgf1(seed, maskedDb.length));
  let i = HASH_BYTES;
  while (i < db.length && db[i] === 0) i += 1;
  if (i >= db.length || db[i] !== 1) return undefined;
  return { labelHash: db.subarray(0, HASH_BYTES), message: db.subarray(i + 1) };
}
