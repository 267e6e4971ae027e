import { looksLikeBase64Blob } from './base64.js';
import { classifyContent, type TokenFormat } from './content.js';
import { shannonEntropy } from './entropy.js';
import { wordShare } from './names.js';

/**
 * Whether a key name (Secret or ConfigMap key, env var name, values path) is itself credential-shaped,
 * so printing it would print a credential: it matches a token format or other credential content
 * (a flow mapping missing the space after `:` makes `password:value` one key), or one of its
 * dot/colon-separated parts reads as random rather than as words. Such a key is shown redacted, as
 * values are. Keys made of words and numbers (`keycloakAdminPassword2024`, `s3AccessKeyIdProd01`)
 * are not value-shaped.
 */
export function isValueShapedKey(key: string, tokens: readonly TokenFormat[]): boolean {
  if (key.length < 16) return false;
  if (classifyContent(key, tokens)?.verdict === 'secret') return true;
  return key.split(/[\s.:@,;=]+/).some(isRandomPart);
}

/** Long hex (hashes, hex-encoded API keys) or mixed-case base64-alphabet text that does not split into words. */
function isRandomPart(part: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(part)) return true;
  return looksLikeBase64Blob(part) && shannonEntropy(part) >= 3.5 && wordShare(part) < 0.5;
}
