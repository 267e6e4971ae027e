/**
 * Every RSA private key a text holds, wherever and however it was committed: a PEM block in any
 * file (indented in a YAML block, folded onto one line, or with `\n` escapes inside a JSON or
 * quoted string), and base64 of a PEM (a Secret's `data`, a Helm value, a key Secret or a `List`
 * of them, even base64 inside base64). Unlike `loadPrivateKeys`, which reads a file the user named
 * and says what is wrong with it, this never throws: anything that is not an unencrypted RSA key
 * (EC, Ed25519, OpenSSH, encrypted, a placeholder, a corrupt body) is passed over.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export interface FoundKey {
  /** SHA-256 (hex) of the public key (SubjectPublicKeyInfo DER): the same key however it was written. */
  id: string;
  key: KeyObject;
}

/** The DER encoding each armour type holds; other private-key types cannot be RSA sealing keys. */
const DER_TYPE: Record<string, 'pkcs1' | 'pkcs8'> = { 'RSA PRIVATE KEY': 'pkcs1', 'PRIVATE KEY': 'pkcs8' };
/** Line breaks and the escapes and quoting a PEM picks up inside strings and comments. */
// A backslash run is taken one backslash at a time (`\\+[nrt]` would rescan a long run from each of its
// backslashes); base64 has no backslash, so a lone one is noise too.
const PEM_NOISE = /\\[nrt]|\\|[\s"'#]/g;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;
const BASE64_LINE = /^\s*[A-Za-z0-9+/]+={0,2}\s*$/;
/** base64 inside base64 (a Secret `List` saved as a value) is followed that deep, no deeper. */
const MAX_DEPTH = 2;

/**
 * The characters that `text`, base64-encoded, holds whatever its alignment to base64's 3-byte
 * groups: for each of the three, what the text alone decides.
 */
function encodedFragments(text: string): string[] {
  return [0, 1, 2].map((skip) => encodedFragment(text, skip));
}

/** base64 of the whole 3-byte groups of `text` after its first `skip` characters. */
function encodedFragment(text: string, skip: number): string {
  const whole = text.slice(skip);
  return Buffer.from(whole.slice(0, whole.length - (whole.length % 3))).toString('base64');
}

/**
 * What base64 of an RSA-key PEM holds somewhere, and base64 of that base64 (a key Secret saved
 * as a value). Cheap `includes` tests, so a text without them costs no decoding.
 */
const ARMOUR = Object.keys(DER_TYPE).map((type) => `-----BEGIN ${type}-----`);
const ENCODED_ARMOUR: string[] = [
  ...ARMOUR.flatMap(encodedFragments),
  ...ARMOUR.map((a) => encodedFragment(a, 0)).flatMap(encodedFragments),
];

/** The RSA private keys in `text`, each once (by public key), in order of first appearance. */
export function privateKeysInText(text: string): FoundKey[] {
  const found = new Map<string, FoundKey>();
  collect(text, 0, found);
  return [...found.values()];
}

function collect(text: string, depth: number, found: Map<string, FoundKey>): void {
  if (text.includes('PRIVATE KEY-----'))
    for (const key of pemKeys(text)) if (!found.has(key.id)) found.set(key.id, key);
  if (depth >= MAX_DEPTH) return;
  for (const decoded of encodedPems(text)) collect(decoded, depth + 1, found);
}

/**
 * PEM blocks of private keys. A body ends at the next `-----` (a PEM body never holds one): when
 * that is not its END line (an unterminated block, a placeholder), the search goes on from there,
 * so every character is looked at a bounded number of times.
 */
function pemKeys(text: string): FoundKey[] {
  const out: FoundKey[] = [];
  // A literal per call: each search keeps its own position.
  const begin = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const type = m[0].slice('-----BEGIN '.length, -'-----'.length);
    const der = DER_TYPE[type];
    if (der === undefined) continue;
    const end = text.indexOf('-----', begin.lastIndex);
    const endLine = `-----END ${type}-----`;
    if (end === -1 || !text.startsWith(endLine, end)) continue;
    const body = text.slice(begin.lastIndex, end).replace(PEM_NOISE, '');
    begin.lastIndex = end + endLine.length;
    // Headers (`Proc-Type: 4,ENCRYPTED`), template expressions and placeholders are not base64.
    if (!BASE64_BODY.test(body)) continue;
    const key = rsaKey(Buffer.from(body, 'base64'), der);
    if (key !== undefined) out.push(key);
  }
  return out;
}

function rsaKey(der: Buffer, type: 'pkcs1' | 'pkcs8'): FoundKey | undefined {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
  // PKCS#8 also carries EC and Ed25519 keys: sealed-secrets seals with RSA only.
  if (key.asymmetricKeyType !== 'rsa') return undefined;
  return { id: publicKeyId(key), key };
}

/** SHA-256 (hex) of a key's public half, as `FoundKey.id` names it. */
export function publicKeyId(key: KeyObject): string {
  return createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * The decoded text of every base64 run holding an encoded RSA-key armour line: the run on its
 * line, continued over following lines that are base64 alone (a value wrapped in a `|` block).
 */
function* encodedPems(text: string): Generator<string> {
  let from = 0;
  // The next place of each marker, looked for again only once passed: a marker absent from the
  // text is searched for once, not once per run.
  const markers = ENCODED_ARMOUR.map((marker) => ({ marker, next: text.indexOf(marker) }));
  for (;;) {
    let at = -1;
    for (const m of markers) {
      if (m.next !== -1 && m.next < from) m.next = text.indexOf(m.marker, from);
      if (m.next !== -1 && (at === -1 || m.next < at)) at = m.next;
    }
    if (at === -1) return;
    let start = at;
    while (start > 0 && BASE64_CHAR.test(text.charAt(start - 1))) start -= 1;
    let end = at;
    while (end < text.length && BASE64_CHAR.test(text.charAt(end))) end += 1;
    // A run that ends its line goes on over following lines that are base64 alone.
    for (;;) {
      let nl = end;
      while (text[nl] === ' ' || text[nl] === '\t' || text[nl] === '\r') nl += 1;
      if (text[nl] !== '\n') break;
      const lineEnd = text.indexOf('\n', nl + 1);
      const stop = lineEnd === -1 ? text.length : lineEnd;
      if (!BASE64_LINE.test(text.slice(nl + 1, stop))) break;
      end = stop;
    }
    from = Math.max(end, at + 1);
    yield Buffer.from(text.slice(start, end).replace(/\s+/g, ''), 'base64').toString('latin1');
  }
}
