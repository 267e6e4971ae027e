import { decodeBase64, isText, looksLikeBase64Blob } from './base64.js';
import { classifyContent, isUserPass, type TokenFormat } from './content.js';

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
export function classifyValue(raw: string, tokens: readonly TokenFormat[]): ValueClass | undefined {
  const direct = classifyContent(raw, tokens);
  if (direct) return { ...direct, decoded: false, plain: raw };
  if (!looksLikeBase64Blob(raw)) return undefined;
  const bytes = decodeBase64(raw);
  if (!bytes || !isText(bytes)) return undefined;
  const plain = bytes.toString('utf8');
  const inner = classifyContent(plain, tokens);
  if (inner) return { ...inner, label: `base64-encoded ${inner.label}`, decoded: true, plain };
  if (isUserPass(plain)) return { verdict: 'secret', label: 'base64-encoded user:password pair', decoded: true, plain };
  return undefined;
}
