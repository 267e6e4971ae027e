import { looksLikeBase64Blob } from './base64.js';
import { KeywordSet } from './keyword-index.js';
import { CREDENTIAL_NAME_FRAGMENTS } from './names.js';

const NAME_FRAGMENTS = new KeywordSet();
NAME_FRAGMENTS.add(CREDENTIAL_NAME_FRAGMENTS);

/**
 * Cheap questions about a whole file's text, asked before anything is parsed. A structural rule
 * whose precondition fails cannot find anything in the file, so the file is not parsed for it;
 * most bytes of a GitOps repository (CRDs, dashboards, routing tables) are never parsed at all.
 * Answers are computed once per file and shared by every rule.
 */
let lastText: string | undefined;
let lastLower = '';

/**
 * `text.toLowerCase()`, remembered for the last text asked about: the rule prefilters and the
 * token rules' keyword checks ask about the same file one after the other, and lower-casing every
 * byte of a repository twice showed in the scan profile.
 */
export function lowerCase(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLower = text.toLowerCase();
  }
  return lastLower;
}

export class TextFacts {
  private names?: boolean;
  private content?: boolean;

  constructor(readonly text: string) {}

  get lower(): string {
    return lowerCase(this.text);
  }

  /** Case-sensitive: keywords are exact spellings (`Secret`, `secretKeyRef`). */
  hasAny(keywords: readonly string[]): boolean {
    return keywords.some((k) => this.text.includes(k));
  }

  /** Some word a credential name is made of (`pass`, `token`, `secret`, `api`…) occurs. */
  get credentialNames(): boolean {
    // One pass for all fragments; text outside ASCII may lower-case into one, so it is asked the slow way.
    this.names ??= NAME_FRAGMENTS.anyIn(this.text) ?? CREDENTIAL_NAME_FRAGMENTS.some((w) => this.lower.includes(w));
    return this.names;
  }

  /** Something whose content may be a credential: a private key, a URL with a password, a JWT, a base64 blob. */
  get credentialContent(): boolean {
    this.content ??= hasCredentialContent(this.text);
    return this.content;
  }
}

// `{16}` then `*` rather than `{16,}`: V8 runs an open-ended counted repeat on its backtracking
// stack, which overflows ("Maximum call stack size exceeded") on a run of a few megabytes (a long
// line of base64), while `*` after a fixed count does not.
const MARKERS = /PRIVATE KEY|PuTTY-User-Key|:\/\/[^\s:@/]{0,128}:[^\s@/]+@|eyJ[A-Za-z0-9_-]{8}/;
const BLOB = /[A-Za-z0-9+/_-]{16}[A-Za-z0-9+/_-]*={0,2}/g;

function hasCredentialContent(text: string): boolean {
  if (MARKERS.test(text)) return true;
  BLOB.lastIndex = 0;
  // A long hex run too: `isRandomText` takes one for a key under a plain `key` name (`app.key: <32 hex>`).
  for (let m = BLOB.exec(text); m !== null; m = BLOB.exec(text))
    if (looksLikeBase64Blob(m[0]) || /^[0-9a-f]{32,}$/i.test(m[0])) return true;
  return false;
}
