import { decodeBase64, isText, looksLikeBase64Blob } from './base64.js';
import { classifyContent, isUserPass, type ContentClass, type TokenFormat } from './content.js';
import { isKeystoreWithPrivateKey } from './keystore.js';

export interface ValueClass {
  verdict: 'secret' | 'public';
  label: string;
  /** True when the credential was found after base64-decoding the value. */
  decoded: boolean;
  /** The credential text the verdict is about (decoded when decoded); hashed, never shown. */
  plain: string;
  /** A word-like default, an example or a password hash: see `ContentClass.weak`. */
  weak?: boolean;
}

/**
 * What a value outside a Secret's `data` says about itself: its content as written, and, when it looks
 * like a base64 blob, its decoded content (private keys, tokens, `user:pass`, config with passwords).
 * undefined when neither form says credential or public material.
 */
export function classifyValue(
  raw: string,
  tokens: readonly TokenFormat[],
  opts: { decoded?: boolean } = {},
): ValueClass | undefined {
  const direct = opts.decoded === true ? classifyDecoded(raw, tokens) : classifyContent(raw, tokens);
  if (direct) return { ...direct, decoded: opts.decoded === true, plain: raw };
  if (!looksLikeBase64Blob(raw)) return undefined;
  const bytes = decodeBase64(raw);
  if (bytes && isKeystoreWithPrivateKey(bytes))
    return {
      verdict: 'secret',
      label: 'base64-encoded Java keystore holding a private key',
      decoded: true,
      plain: raw.replace(/\s+/g, ''),
    };
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
  return (
    classifyContent(plain, tokens) ??
    (isUserPass(plain) ? { verdict: 'secret', label: 'user:password pair' } : undefined)
  );
}
