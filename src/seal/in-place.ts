import type { DocumentSlice } from './document-slices.js';
import { sealedSecretsToJson } from './format-json.js';
import { sealedSecretsToYaml } from './format-yaml.js';
import type { GoFormatOptions } from './go-value.js';
import type { SealedSecret } from './model.js';

/**
 * The text that replaces one document of a file with its SealedSecret (`seal --in-place`,
 * `--merge-into`, `fix`, the Action's suggestion): in the document's own format, and, for YAML,
 * without kubeseal's leading `---`, since the file keeps its own document markers.
 */
export function sealedDocumentText(sealed: SealedSecret, slice: DocumentSlice, options: GoFormatOptions = {}): string {
  return slice.json
    ? sealedSecretsToJson([sealed], options)
    : sealedSecretsToYaml([sealed], options).replace(/^---\n/, '');
}
