/**
 * `# sealcheck:allow <reason>` (or `// sealcheck:allow`) on the finding's line or the line before
 * silences it. The reason is kept and reported, so an allow is a reviewed decision, not a hole.
 */
const ALLOW = /(?:#|\/\/)\s*sealcheck:allow\b[ \t]*([^\r\n]*)/;
const MARK = 'sealcheck:allow';

/** The reason an inline allow gives for a finding on `line` (1-based), or undefined when none covers it. */
export type InlineAllows = (line: number) => string | undefined;

/**
 * Reads a file's inline allows once: one pass over the text finds the lines holding the marker, so
 * asking about every finding of a file with tens of thousands of findings stays linear in its size.
 */
export function inlineAllows(text: string): InlineAllows {
  const reasons = new Map<number, string>();
  let line = 1;
  let counted = 0;
  for (let at = text.indexOf(MARK); at !== -1;) {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < at; nl = text.indexOf('\n', counted)) {
      line++;
      counted = nl + 1;
    }
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    const m = ALLOW.exec(text.slice(start, end));
    if (m) reasons.set(line, (m[1] ?? '').trim() || 'no reason given');
    at = newline === -1 ? -1 : text.indexOf(MARK, newline);
  }
  return (l) => reasons.get(l) ?? (l > 1 ? reasons.get(l - 1) : undefined);
}
