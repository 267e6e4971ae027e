/**
 * Private keys for unsealing, as `kubeseal --recovery-private-key` takes them: PEM (PKCS#1
 * `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`), or a backup of the controller's key Secrets
 * (`kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`: a
 * kubernetes.io/tls Secret, or a v1 List of them, whose `tls.key` holds the PEM).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SealcheckError } from '../errors.js';
import { readDocuments } from './documents.js';
import { decodeStdBase64 } from '../classify/base64.js';
import { isPlainObject } from './object-meta.js';
import { pemBlocks } from './pem-blocks.js';

const PRIVATE_KEY_TYPE = /^(?:RSA |ENCRYPTED |EC |OPENSSH )?PRIVATE KEY$/;

/** Every RSA private key in `text`; `source` names the file in messages (never the key). */
export function loadPrivateKeys(text: string | Buffer, source: string): KeyObject[] {
  const body = typeof text === 'string' ? text : text.toString('utf8');
  // PEM, possibly after openssl's "Bag Attributes" lines; a key Secret has a kind (its PEM is base64).
  // Spaces and tabs only: `\s` would cross line breaks, and a run of blank lines would be re-scanned from each one.
  const isManifest = /^[ \t]*"?kind"?[ \t]*:/m.test(body);
  if (/^\s*-----BEGIN /.test(body) || (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(body) && !isManifest))
    return keysFromPem(body, source);
  const keys: KeyObject[] = [];
  for (const doc of readDocuments(body, source))
    for (const k of keysFromObject(doc.value, `${source} document ${doc.number}`)) keys.push(k);
  if (keys.length === 0)
    throw new SealcheckError(`${source}: no private key found (expected PEM, or a key Secret with tls.key)`);
  return keys;
}

function keysFromPem(pem: string, where: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const { type, text } of pemBlocks(pem, (t) => PRIVATE_KEY_TYPE.test(t))) {
    if (type !== 'RSA PRIVATE KEY' && type !== 'PRIVATE KEY') {
      throw new SealcheckError(
        `${where}: a ${type} block is not usable: sealed-secrets keys are unencrypted RSA keys (PKCS#1 or PKCS#8)`,
      );
    }
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw new SealcheckError(`${where}: a ${type} block cannot be read`);
    }
    if (key.asymmetricKeyType !== 'rsa')
      throw new SealcheckError(`${where}: holds a ${key.asymmetricKeyType ?? 'unknown'} key, not an RSA key`);
    keys.push(key);
  }
  if (keys.length === 0) throw new SealcheckError(`${where}: no private key found`);
  return keys;
}

function keysFromObject(value: unknown, where: string): KeyObject[] {
  if (!isPlainObject(value)) throw new SealcheckError(`${where} is not a key Secret`);
  if (value.kind === 'List' || value.kind === 'SecretList') {
    const items = Array.isArray(value.items) ? value.items : [];
    return items.flatMap((item, i) => keysFromObject(item, `${where} item ${i + 1}`));
  }
  if (value.kind !== 'Secret') throw new SealcheckError(`${where} is not a Secret holding a sealing key (tls.key)`);
  const data = isPlainObject(value.data) ? value.data : {};
  const stringData = isPlainObject(value.stringData) ? value.stringData : {};
  let pem: string | undefined;
  if (typeof stringData['tls.key'] === 'string') pem = stringData['tls.key'];
  else if (typeof data['tls.key'] === 'string') {
    const decoded = decodeStdBase64(data['tls.key']);
    if (decoded === undefined) throw new SealcheckError(`${where}: data.tls.key is not valid base64`);
    pem = decoded.toString('utf8');
  }
  if (pem === undefined) throw new SealcheckError(`${where}: the Secret has no tls.key`);
  return keysFromPem(pem, `${where} tls.key`);
}
