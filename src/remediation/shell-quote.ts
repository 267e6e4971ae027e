// \p{Cc}: the C0 and C1 controls and DEL.
const CONTROL = /\p{Cc}/gu;

/**
 * Quotes a word for POSIX shells only when it needs it. A word with a control character (a line
 * break in a file name) is spelled through printf, so the command stays on one line: a reporter
 * that prints fixes line by line would otherwise cut the quoted word in two.
 */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  const single = (t: string): string => `'${t.replace(/'/g, `'\\''`)}'`;
  if (!/\p{Cc}/u.test(s)) return single(s);
  const escaped = s
    .replace(/\\/g, '\\\\')
    // Each UTF-8 byte in octal: printf writes bytes, and a C1 control is two of them.
    .replace(CONTROL, (c) =>
      [...new TextEncoder().encode(c)].map((b) => `\\0${b.toString(8).padStart(3, '0')}`).join(''),
    );
  return `"$(printf '%b' ${single(escaped)})"`;
}

/** A file argument: quoted, and never read as an option (`-f.yaml` becomes `./-f.yaml`). */
export function shellPath(path: string): string {
  return shellQuote(path.startsWith('-') ? `./${path}` : path);
}
