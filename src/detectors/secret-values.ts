import { decodeBase64, isText } from '../classify/base64.js';
import { classifyContent, isUserPass, type TokenFormat } from '../classify/content.js';

/** A Secret or ConfigMap value after decoding, with what can be said about it. */
export interface DecodedValue {
  /** The plaintext (decoded `data`, or `stringData` as written); the raw text when not decodable. */
  plain: string;
  /** Decoding outcome: text, binary bytes, or not base64 at all. */
  form: 'text' | 'binary' | 'invalid-base64';
}

export function decodeDataValue(raw: string): DecodedValue {
  const bytes = decodeBase64(raw);
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
    if (secret === undefined && typeof e.auth === 'string') {
      const decoded = decodeBase64(e.auth)?.toString('utf8') ?? '';
      const colon = decoded.indexOf(':');
      if (colon >= 0 && colon < decoded.length - 1) secret = decoded.slice(colon + 1);
    }
    if (secret !== undefined) out.push({ host, secret });
  }
  return out;
}

/** Words for what a decoded value is, for messages: never the value. */
export function describeContent(plain: string, tokens: readonly TokenFormat[]): { label?: string; isPublic: boolean } {
  const c = classifyContent(plain, tokens);
  if (c) return { label: c.label, isPublic: c.verdict === 'public' };
  if (isUserPass(plain)) return { label: 'user:password pair', isPublic: false };
  return { isPublic: false };
}
