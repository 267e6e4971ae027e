import { InternalError } from '../errors.js';

/**
 * A string as Go's `for range` reads it: one element per code point. go-yaml's emitter steps over
 * runes to count columns and decide quoting, so its output is matched only when a combining accent
 * or an emoji sequence is several elements here too (not one grapheme, not two UTF-16 units).
 */
export function runes(s: string): string[] {
  return Array.from(s);
}

/** The code point of one element of `runes`. */
export function runeValue(rune: string): number {
  const cp = rune.codePointAt(0);
  if (cp === undefined) throw new InternalError('runeValue was given an empty string, not a rune');
  return cp;
}
