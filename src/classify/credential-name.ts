import { isRandomText } from './entropy.js';
import { endsInPlainKey, isCredentialName } from './names.js';

/**
 * Whether a name and its value together say credential: the name alone (`DB_PASSWORD`,
 * `fernetKey`), or a name ending in plain `key` (`key`, `app.key`, `SOME_KEY`) whose value is
 * random-looking (`key: 7T512UXSSmBOkpWimFHIVb8jK6lfmSAvx4mO6Arehnc=`), not a word or identifier
 * (`key: app.kubernetes.io/name`, `ROUTING_KEY: orders`).
 */
export function namesCredential(name: string, value: string, extraWords: readonly string[] = []): boolean {
  if (isCredentialName(name, extraWords)) return true;
  return endsInPlainKey(name) && isRandomText(value.trim().replace(/^base64:/, ''));
}
