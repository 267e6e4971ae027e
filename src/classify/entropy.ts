import { looksLikeBase64Blob } from './base64.js';
import { wordShare } from './names.js';

/** Shannon entropy of a string in bits per character: how evenly it uses its alphabet. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Text that reads as random rather than as words: long hex (hashes, hex-encoded keys), or
 * mixed-case base64-alphabet text with high entropy that does not split into words. One character
 * repeated (`FFFF…`, `0000…`) has no entropy and is never random.
 */
export function isRandomText(text: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(text)) return shannonEntropy(text) >= 3;
  return looksLikeBase64Blob(text) && shannonEntropy(text) >= 3.5 && wordShare(text) < 0.5;
}
