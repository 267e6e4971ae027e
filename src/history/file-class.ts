import { isStructuredPath } from '../parse/parse-file.js';
import type { Ruleset } from '../ruleset/load.js';

/**
 * The file class of a path: which rules apply to it and whether it is parsed as a manifest. A
 * blob's findings depend on its bytes and on this, not on the rest of the path, so a blob is
 * scanned once per class (a rename within the class costs nothing).
 */
export function fileClass(path: string, ruleset: Ruleset): string {
  let mask = '';
  for (const r of ruleset.rules) mask += r.appliesToPath(path) ? '1' : '0';
  return `${isStructuredPath(path) ? 'm' : 't'}${mask}`;
}
