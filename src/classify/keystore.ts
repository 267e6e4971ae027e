/**
 * Java keystores (JKS, magic FEEDFEED; JCEKS, magic CECECECE) hold private keys and certificates.
 * A keystore whose entries include a private key (entry tag 1) is a credential however it is
 * encoded; one with trusted certificates only (tag 2, a truststore) is public material.
 */

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
const PRIVATE_KEY_ENTRY = 1;
const TRUSTED_CERT_ENTRY = 2;
/** Entries read before giving up: a real keystore has a handful; the bound keeps a forged count cheap. */
const MAX_ENTRIES = 64;

/** Whether the bytes are a Java keystore that holds at least one private-key entry. */
export function isKeystoreWithPrivateKey(bytes: Buffer): boolean {
  if (bytes.length < 16) return false;
  const magic = bytes.readUInt32BE(0);
  if (magic !== JKS_MAGIC && magic !== JCEKS_MAGIC) return false;
  const count = bytes.readUInt32BE(8);
  let at = 12;
  for (let n = 0; n < Math.min(count, MAX_ENTRIES); n++) {
    if (at + 4 > bytes.length) return false;
    const tag = bytes.readUInt32BE(at);
    if (tag === PRIVATE_KEY_ENTRY) return true;
    if (tag !== TRUSTED_CERT_ENTRY) return false; // a secret-key entry (JCEKS tag 3) or an unknown layout: stop reading
    at = skipTrustedCert(bytes, at + 4);
    if (at < 0) return false;
  }
  return false;
}

/** Past a trusted-certificate entry (alias, date, certificate type, certificate); -1 when truncated. */
function skipTrustedCert(bytes: Buffer, from: number): number {
  let at = skipUtf(bytes, from); // alias
  if (at < 0 || at + 8 > bytes.length) return -1;
  at += 8; // creation date
  at = skipUtf(bytes, at); // certificate type
  if (at < 0 || at + 4 > bytes.length) return -1;
  const len = bytes.readUInt32BE(at);
  return at + 4 + len <= bytes.length ? at + 4 + len : -1;
}

/** Past a Java modified-UTF-8 string (a 2-byte length, then the bytes); -1 when truncated. */
function skipUtf(bytes: Buffer, at: number): number {
  if (at + 2 > bytes.length) return -1;
  const end = at + 2 + bytes.readUInt16BE(at);
  return end <= bytes.length ? end : -1;
}
