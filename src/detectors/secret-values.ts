import { decodeBase64, isText } from '../classify/base64.js';
import type { TokenFormat } from '../classify/content.js';
import { classifyDecoded } from '../classify/value.js';
import { isCredentialName, nameWords } from '../classify/names.js';
import { placeholderKind } from '../classify/placeholder.js';
import { decodeStdBase64 } from '../classify/base64.js';

/** A Secret or ConfigMap value after decoding, with what can be said about it. */
export interface DecodedValue {
  /** The plaintext (decoded `data`, or `stringData` as written); the raw text when not decodable. */
  plain: string;
  /** Decoding outcome: text, binary bytes, or not base64 at all. */
  form: 'text' | 'binary' | 'invalid-base64';
}

/**
 * Decodes a Secret's `data` value as the API server does (standard alphabet, `=` padding), except
 * that any whitespace is dropped so a folded block still decodes. An unpadded or URL-safe value is
 * rejected there, so it is text written where base64 belongs, not a key that happens to decode.
 */
export function decodeDataValue(raw: string): DecodedValue {
  const bytes = decodeStdBase64(raw.replace(/\s+/g, ''));
  if (!bytes) return { plain: raw, form: 'invalid-base64' };
  if (!isText(bytes)) return { plain: raw.replace(/\s+/g, ''), form: 'binary' };
  return { plain: bytes.toString('utf8'), form: 'text' };
}

/** What a registry credential in a docker config JSON holds, host by host (never the values themselves). */
export interface RegistryCredential {
  host: string;
  secret: string;
}

export function registryCredentials(json: string): RegistryCredential[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const obj = parsed as Record<string, unknown>;
  // .dockerconfigjson nests hosts under "auths"; the legacy .dockercfg puts them at the top level.
  const hosts = (typeof obj.auths === 'object' && obj.auths !== null ? obj.auths : obj) as Record<string, unknown>;
  const out: RegistryCredential[] = [];
  for (const [host, entry] of Object.entries(hosts)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    let secret = typeof e.password === 'string' && e.password !== '' ? e.password : undefined;
    if (secret === undefined && typeof e.identitytoken === 'string' && e.identitytoken !== '') secret = e.identitytoken;
    if (
      secret === undefined &&
      typeof e.auth === 'string' &&
      e.auth.trim() !== '' &&
      placeholderKind(e.auth) === undefined
    ) {
      const decoded = decodeBase64(e.auth)?.toString('utf8') ?? '';
      const colon = decoded.indexOf(':');
      if (colon < 0)
        secret = e.auth; // an opaque token, or base64 without a user: the auth field itself is the credential
      else if (colon < decoded.length - 1) secret = decoded.slice(colon + 1);
    }
    if (secret !== undefined) out.push({ host, secret });
  }
  return out;
}

/** Words for what a decoded value is, for messages: never the value. */
export function describeContent(
  plain: string,
  tokens: readonly TokenFormat[],
): { label?: string; isPublic: boolean; weak?: boolean } {
  const c = classifyDecoded(plain, tokens);
  return c
    ? { label: c.label, isPublic: c.verdict === 'public', ...(c.weak === true ? { weak: true } : {}) }
    : { isPublic: false };
}

const NOUNS: readonly (readonly [RegExp, string])[] = [
  [/^(password|passwd|pwd|pass|passphrase)$/, 'password'],
  [/^(token|authtoken|bearer|jwt)$/, 'token'],
  [/^apikey$/, 'API key'],
];

/** What a credential-named key holds, in words (`db-password` → password, `apiKey` → API key); undefined for other names. */
export function credentialNoun(key: string): string | undefined {
  if (!isCredentialName(key)) return undefined;
  const words = nameWords(key);
  for (const [re, noun] of NOUNS) if (words.some((w) => re.test(w))) return noun;
  if (words.some((w, i) => w === 'api' && words[i + 1] === 'key')) return 'API key';
  return 'credential (by its key name)';
}

/**
 * One word mixing letters and digits, the shape of a password or generated secret (`s3cr3t-db-pass`),
 * as opposed to configuration text, a sentence, a plain word (`platform-builds`) or a version.
 */
export function isPasswordLike(plain: string): boolean {
  const v = plain.trim();
  if (v.length < 8 || v.length > 256 || /\s/.test(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v) || /^v?\d+\.\d/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v))
    return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 3 || v.length >= 10;
}
