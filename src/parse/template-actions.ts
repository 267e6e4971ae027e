/**
 * Go template actions as text/template's lexer delimits them: from `{{` to the first `}}` that is
 * not inside a quoted string (`"…"`, `'…'`, `` `…` ``), or, for a comment `{{/* … *\/}}`, to the
 * first `*\/` that the closing delimiter follows. Each is found in one forward pass.
 */

/** Each action's start and end offsets, in order. */
export function* actions(text: string): Generator<{ open: number; close: number }> {
  for (let open = text.indexOf('{{'); open !== -1;) {
    const close = actionEnd(text, open);
    if (close === -1) return;
    yield { open, close };
    open = text.indexOf('{{', close);
  }
}

/** The offset just past the action opened at `open`; -1 when it is never closed. */
function actionEnd(text: string, open: number): number {
  const body = bodyStart(text, open);
  if (text.startsWith('/*', body)) return commentEnd(text, body + 2);
  for (let i = body; i < text.length; i++) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '"' || c === "'") i = quotedEnd(text, i);
    else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) return -1;
      i = end;
    }
  }
  return -1;
}

/** Past `{{` and its trim marker (`{{- `), where the action's words begin. */
export function bodyStart(text: string, open: number): number {
  let i = open + 2;
  if (text[i] === '-' && isSpace(text[i + 1] ?? '')) i += 2;
  while (i < text.length && isSpace(text[i] as string)) i++;
  return i;
}

/** Where a `"…"` or `'…'` string opened at `i` ends: its closing quote, or the end of its line (Go refuses such a string). */
function quotedEnd(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === quote || c === '\n') return j;
  }
  return text.length;
}

/** Past the `*\/ }}` (or `*\/ -}}`) that closes a comment whose text starts at `from`; -1 when none does. */
function commentEnd(text: string, from: number): number {
  for (let star = text.indexOf('*/', from); star !== -1; star = text.indexOf('*/', star + 2)) {
    let i = star + 2;
    while (i < text.length && isSpace(text[i] as string)) i++;
    if (text[i] === '-') i++;
    if (text.startsWith('}}', i)) return i + 2;
  }
  return -1;
}

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
