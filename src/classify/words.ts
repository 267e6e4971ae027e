/** "a private key", "an API token": the indefinite article for a label used in a sentence. */
export function withArticle(label: string): string {
  if (/^(a|an|the)\s/i.test(label)) return label;
  // Vowel sounds, but "URL" and "user" start with a consonant sound.
  return /^(?!u[rs])[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}
