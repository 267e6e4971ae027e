/** One `-----BEGIN <type>-----` … `-----END <type>-----` block of a PEM text. */
export interface PemBlock {
  type: string;
  /** The whole block, from its BEGIN line to its END line. */
  text: string;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n/g;

/**
 * The PEM blocks of `text` whose type `accept` takes, in order; a BEGIN without its END is passed
 * over. Found with `indexOf` rather than one regex (`BEGIN…[\s\S]*?…END \1`): the regex re-scans the
 * rest of the text from every unterminated BEGIN, quadratic in a file made of them; here a type found
 * without an END is never searched for again.
 */
export function pemBlocks(text: string, accept: (type: string) => boolean = () => true): PemBlock[] {
  const out: PemBlock[] = [];
  const unterminated = new Set<string>();
  const begin = BEGIN;
  begin.lastIndex = 0;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const type = m[1] ?? '';
    if (!accept(type) || unterminated.has(type)) continue;
    const endLine = `-----END ${type}-----`;
    const end = text.indexOf(endLine, begin.lastIndex);
    if (end === -1) {
      unterminated.add(type);
      continue;
    }
    out.push({ type, text: text.slice(m.index, end + endLine.length) });
    begin.lastIndex = end + endLine.length;
  }
  return out;
}
