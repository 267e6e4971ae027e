import { classifyContent, type TokenFormat } from './content.js';
import { isRandomText } from './entropy.js';

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
  return key.split(/[\s.:@,;=]+/).some(isRandomText);
}
