import { shannonEntropy } from './entropy.js';
import { pemBlockText } from './pem-block.js';
import { isChartDefault, isPlaceholderPem, placeholderKind } from './placeholder.js';
import { scanPlan, tokenMatches } from './token-scan.js';

/** How a token format tells its credentials from look-alikes; the token-pattern rule's params. */
export interface TokenChecks {
  /** Capture group holding the secret; 0 (the whole match) by default. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret, to drop examples like AKIAXXXXXXXXXXXXXXXX. */
  minEntropy?: number;
  /** The match opens a PEM block, which must carry key material rather than filler. */
  pemBlock?: boolean;
  /** The secret is a password a person chose: one that reads as words or a default is weak (a warning). */
  wordsAreWeak?: boolean;
}

/**
 * The secret of a token-format match in `text`, or undefined when the match is an example: a
 * placeholder, too uniform for its format, or a PEM block of filler. The rule that reports tokens
 * and the classifier of decoded values both decide through this, so they agree.
 */
export function tokenSecret(
  checks: TokenChecks,
  text: string,
  m: RegExpExecArray,
): { secret: string; start: number } | undefined {
  const group = checks.secretGroup ?? 0;
  const secret = m[group];
  if (secret === undefined || secret === '' || placeholderKind(secret, { paths: false }) !== undefined)
    return undefined;
  if (checks.minEntropy !== undefined && shannonEntropy(secret) < checks.minEntropy) return undefined;
  const start = m.index + (group === 0 ? 0 : m[0].indexOf(secret));
  if (checks.pemBlock === true) {
    const block = pemBlockText(text, start);
    if (block !== undefined && isPlaceholderPem(block)) return undefined;
  }
  return { secret, start };
}

/**
 * The first real match of the format in `text` and whether it is weak (see `wordsAreWeak`), or
 * undefined; `re` must have the `g` flag. With the rule's keywords the regex runs only near them.
 */
export function firstTokenMatch(
  checks: TokenChecks,
  re: RegExp,
  text: string,
  keywords?: readonly string[],
): { secret: string; weak: boolean } | undefined {
  for (const m of tokenMatches(re, text, scanPlan(re, keywords))) {
    const found = tokenSecret(checks, text, m);
    if (found !== undefined) return { secret: found.secret, weak: isWeakToken(checks, found.secret) };
  }
  return undefined;
}

/** A chosen password of a format that says so (`wordsAreWeak`) that reads as words or a default. */
export function isWeakToken(checks: TokenChecks, secret: string): boolean {
  return checks.wordsAreWeak === true && isChartDefault(secret);
}
