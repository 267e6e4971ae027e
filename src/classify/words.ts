/** "a private key", "an SSH private key", "an npm token": the indefinite article for a label in a sentence. */
export function withArticle(label: string): string {
  if (/^(a|an|the)\s/i.test(label)) return label;
  const first = label.split(/[\s-]/)[0] ?? '';
  // Acronyms read letter by letter (SSH, RSA, npm) take "an" when the letter's name starts with a vowel sound.
  const spelled = /^[A-Z]{2,}$/.test(first) || first === 'npm';
  if (spelled) return /^[aefhilmnorsx]/i.test(first) ? `an ${label}` : `a ${label}`;
  // "URL" and "user" start with a consonant sound.
  return /^(?!u[rs])[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}
