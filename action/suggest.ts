import { SealcheckError } from '../src/errors.js';
import type { TokenFormat } from '../src/classify/content.js';
import { isValueShapedKey } from '../src/classify/key-name.js';
import type { Finding } from '../src/finding.js';
import { documentSlices, type DocumentSlice } from '../src/seal/document-slices.js';
import { hasTemplates } from '../src/parse/templates.js';
import type { SealingCertificate } from '../src/seal/certificate.js';
import { sealedDocumentText } from '../src/seal/in-place.js';
import { sealSecret } from '../src/seal/sealed-secret.js';
import { readSecret } from '../src/seal/secret-input.js';

/** A SealedSecret that replaces the lines `firstLine..lastLine` (one whole Secret document). */
export interface SealedReplacement {
  firstLine: number;
  lastLine: number;
  text: string;
}

/**
 * The `suggestion` for a raw Secret: the same document sealed with the configured certificate, as
 * `sealcheck seal --in-place` would write it. The replacement holds ciphertext only. Undefined when
 * the finding is not about a whole Secret document in this file (an annotation copy, a Helm
 * template, a document that shares lines with another), or when sealing refuses it (no name, no
 * namespace for strict scope), or when a key is itself credential-shaped (a suggestion must spell
 * out the keys, and a comment is a public channel): the comment then gives the command instead.
 */
export function sealedReplacement(
  f: Finding,
  text: string,
  cert: SealingCertificate,
  tokens: readonly TokenFormat[],
  warn: (s: string) => void,
): SealedReplacement | undefined {
  if (f.object.kind !== 'Secret' || f.object.via !== undefined || f.embeddedBy !== undefined || hasTemplates(text))
    return undefined;
  let slices: DocumentSlice[];
  try {
    slices = documentSlices(text, f.location.path);
  } catch {
    return undefined;
  }
  const slice = slices.find((s) => s.firstLine <= f.location.line && f.location.line <= s.lastLine);
  if (slice === undefined || !ownsItsLines(text, slice)) return undefined;
  try {
    const secret = readSecret(slice.value, `${f.location.path} document ${slice.number}`);
    const { sealed, warnings } = sealSecret(secret, { publicKey: cert.publicKey });
    for (const w of warnings) warn(w);
    if ([...sealed.spec.encryptedData.keys()].some((k) => isValueShapedKey(k, tokens))) {
      warn(
        `no sealed suggestion for ${f.location.path}:${f.location.line}: a key of this Secret looks like a credential itself, and the suggestion would show it`,
      );
      return undefined;
    }
    const body = sealedDocumentText(sealed, slice);
    return { firstLine: slice.firstLine, lastLine: slice.lastLine, text: body };
  } catch (err) {
    if (err instanceof SealcheckError) {
      warn(`no sealed suggestion for ${f.location.path}:${f.location.line}: ${err.message}`);
      return undefined;
    }
    throw err;
  }
}

/** The document starts a line and ends one, so replacing whole lines replaces exactly it. */
function ownsItsLines(text: string, slice: DocumentSlice): boolean {
  const before = text.lastIndexOf('\n', slice.start - 1);
  if (text.slice(before + 1, slice.start).trim() !== '') return false;
  if (slice.end > 0 && text.charAt(slice.end - 1) === '\n') return true;
  const after = text.indexOf('\n', slice.end);
  const rest = text.slice(slice.end, after < 0 ? text.length : after);
  return rest.trim() === '';
}
