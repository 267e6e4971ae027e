import { decodeBase64, isText, looksLikeBase64Blob } from './base64.js';
import { classifyContent, isUserPass, type ContentClass, type TokenFormat } from './content.js';

export interface ValueClass {
  verdict: 'secret' | 'public';
  label: string;
  /** True when the credential was found after base64-decoding the value. */
  decoded: boolean;
  /** The credential text the verdict is about (decoded when decoded); hashed, never shown. */
  plain: string;
}

/**
 * What a value outside a Secret's `data` says about itself: its content as written, and, when it looks
 * like a base64 blob, its decoded content (private keys, tokens, `user:pass`, config with passwords).
 * undefined when neither form says credential or public material.
 */
export function classifyValue(raw: string, tokens: readonly TokenFormat[], opts: { decoded?: boolean } = {}): ValueClass | undefined {
  const direct = opts.decoded === true ? classifyDecoded(raw, tokens) : classifyContent(raw, tokens);
  if (direct) return { ...direct, decoded: opts.decoded === true, plain: raw };
  if (!looksLikeBase64Blob(raw)) return undefined;
  const bytes = decodeBase64(raw);
  if (!bytes || !isText(bytes)) return undefined;
  const plain = bytes.toString('utf8');
  const inner = classifyDecoded(plain, tokens);
  if (inner) return { ...inner, label: `base64-encoded ${inner.label}`, decoded: true, plain };
  return undefined;
}

/**
 * What text that was base64 holds: its content, or a `user:password` pair, which only means basic-auth
 * once decoded (written plainly it is as often `host:port` or `image:tag`).
 */
export function classifyDecoded(plain: string, tokens: readonly TokenFormat[]): ContentClass | undefined {
  return classifyContent(plain, tokens) ?? (isUserPass(plain) ? { verdict: 'secret', label: 'user:password pair' } : undefined);
}

/**
 * Scalars that are settings whatever their key is called: booleans, numbers and ports, durations,
 * IP addresses and CIDRs, plugin coordinates (`credentials-binding:1.23`), empty flow collections,
 * and a `user:` with an empty password. `webhook: 9292` is a port, `masterKeyIps: "0.0.0.0/0"` a range.
 */
export function isNotAValue(value: string): boolean {
  const v = value.trim();
  return (
    /^(?:true|false|yes|no|on|off|null|~)$/i.test(v) ||
    /^[-+]?\d{1,19}(?:\.\d{1,19})?$/.test(v) ||
    /^\d{1,9}(?:ns|us|ms|s|m|h|d)$/.test(v) ||
    isIpOrCidr(v) ||
    (/^[a-z][a-z0-9-]{0,80}:[0-9][0-9.]{0,40}$/.test(v) && !v.includes('..')) ||
    /^(?:\[\s*\]|\{\s*\})$/.test(v) ||
    /^[A-Za-z0-9._@-]{1,64}:$/.test(v) ||
    // A regular expression that finds credentials (`AWS_SECRET_KEY=(?i).*aws_secret…`).
    /\(\?(?:[imsx]{1,4}\)|<?[!=])/.test(v)
  );
}

/** `10.0.0.1`, `0.0.0.0/0`. */
function isIpOrCidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  if (rest.length > 0 || (bits !== undefined && !/^[0-9]{1,2}$/.test(bits))) return false;
  const octets = (ip ?? '').split('.');
  return octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o));
}
