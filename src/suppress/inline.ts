/**
 * `# sealcheck:allow <reason>` (or `// sealcheck:allow`) on the finding's line or the line before
 * silences it. The reason is kept and reported, so an allow is a reviewed decision, not a hole.
 */
const ALLOW = /(?:#|\/\/)\s*sealcheck:allow\b[ \t]*([^\r\n]*)/;

function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}

export function inlineAllowReason(text: string, line: number): string | undefined {
  if (!text.includes('sealcheck:allow')) return undefined;
  for (const l of [line, line - 1]) {
    if (l < 1) continue;
    const m = ALLOW.exec(lineAt(text, l) ?? '');
    if (m) return (m[1] ?? '').trim() || 'no reason given';
  }
  return undefined;
}
