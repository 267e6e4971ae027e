import type { Position } from './node.js';
import type { LineIndex } from './positions.js';

/**
 * One word of a shell command line as the shell hands it to the program: quotes removed, escapes
 * resolved, `\`-newline continuations joined. `at[i]` is where the word's i-th character sits in
 * the file, so a value inside a word (`--from-literal=password='…'`) is reported at its own place.
 */
export interface ShellWord {
  text: string;
  at: Position[];
}

/** A command longer than this is read only up to here: no command line a person writes is longer. */
const MAX_COMMAND_CHARS = 64 * 1024;

/**
 * The words of the command that starts at `offset` of the file, up to the end of the command: an
 * unquoted line break (without a `\` before it), `|`, `;`, `&`, `)` or a backtick (Markdown inline
 * code ends there). A quote left open ends the command at the end of its line: documentation is
 * not always valid shell. One pass over the characters.
 */
export function commandWords(lines: LineIndex, offset: number): { words: ShellWord[]; end: number } {
  const text = lines.text;
  const end = Math.min(text.length, offset + MAX_COMMAND_CHARS);
  const words: ShellWord[] = [];
  let word: ShellWord | undefined;
  const add = (ch: string, at: number): void => {
    word ??= { text: '', at: [] };
    word.text += ch;
    word.at.push(lines.position(at));
  };
  const flush = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  let i = offset;
  while (i < end) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else if (next !== undefined) {
        add(next, i + 1);
        i += 2;
      } else i++;
      continue;
    }
    if (c === '\n' || c === '|' || c === ';' || c === '&' || c === ')' || c === '`') break;
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = quoteEnd(text, i, end);
      if (close === -1) break;
      for (let j = i + 1; j < close; j++) {
        // Inside double quotes a backslash escapes only `"`, `\`, `$` and a backtick.
        if (c === '"' && text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? '')) j++;
        add(text[j] as string, j);
      }
      if (word === undefined) word = { text: '', at: [] }; // `''` is an empty word
      i = close + 1;
      continue;
    }
    add(c, i);
    i++;
  }
  flush();
  return { words, end: i };
}

/** The offset of the quote closing the one at `open`, on the same line; -1 when there is none. */
function quoteEnd(text: string, open: number, end: number): number {
  const q = text[open];
  for (let j = open + 1; j < end; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (q === '"' && c === '\\') j++;
    else if (c === q) return j;
  }
  return -1;
}
