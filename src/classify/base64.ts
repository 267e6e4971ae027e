const STD = /^[A-Za-z0-9+/]+={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Decodes a base64 value strictly: whitespace is ignored (hand-written `|` blocks exist), the
 * alphabet must be standard or URL-safe, and the length must be a whole number of quanta once padding
 * is restored. Anything else is not base64 and returns undefined.
 */
export function decodeBase64(value: string): Buffer | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0) return undefined;
  const std = STD.test(compact);
  if (!std && !URL_SAFE.test(compact)) return undefined;
  // At most two `=`, and only at the end: the alphabet test above has checked that.
  const body = compact.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return undefined;
  if (compact.includes('=') && compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, std ? 'base64' : 'base64url');
}

/** True when the bytes read as text (UTF-8 without control characters other than whitespace). */
export function isText(bytes: Buffer): boolean {
  if (bytes.length === 0) return true;
  const s = bytes.toString('utf8');
  if (s.includes('\ufffd')) return false;
  let control = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control === 0;
}

/**
 * A value worth decoding outside a Secret's `data`: long enough that it is unlikely to be a word,
 * in the base64 alphabet, and mixing character classes the way encoded data does.
 */
export function looksLikeBase64Blob(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 16) return false;
  if (!STD.test(compact) && !URL_SAFE.test(compact)) return false;
  if (/^[a-z]+$|^[A-Z]+$|^[0-9]+$|^[a-f0-9]+$/i.test(compact.replace(/={1,2}$/, ''))) return false;
  return /[A-Z]/.test(compact) && /[a-z]/.test(compact);
}

/** Base64 as Go's StdEncoding reads it: CR and LF ignored, standard alphabet, `=` padding required. */
export function decodeStdBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}
