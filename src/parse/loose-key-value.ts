/**
 * The lines of the tolerant text fallback, read by hand: `key: value` (`key:`, `"quoted key": value`,
 * `-dashed: value`) and a plain value's trailing comment. As regexes, a plain key (lazy up to a
 * colon), the spaces and the optional value overlap, and a long line without a usable colon
 * backtracks cubically.
 *
 * The rules, as YAML has them for a plain scalar key: a quoted key runs to its closing quote; a plain
 * key starts with no space, `#`, quote or (unless followed by a non-space) `-`, holds no `#`, and ends
 * at the first colon that is followed by the end of the line or by a space or tab; spaces and tabs
 * before that colon are not part of the key. The value is the rest, without the spaces and tabs
 * around it; it may not hold a line break character (LF, CR, LS, PS).
 */
export interface LooseKeyValue {
  rawKey: string;
  /** undefined for `key:` at the end of the line; '' for `key:` followed only by spaces. */
  rawValue: string | undefined;
}

const BLANK = (c: string | undefined): boolean => c === ' ' || c === '\t';
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\[^\n\r\u2028\u2029])*"/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'/;

export function looseKeyValue(line: string): LooseKeyValue | undefined {
  const first = line[0];
  if (first === '"' || first === "'") {
    const m = (first === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED).exec(line);
    return m ? afterKey(line, m[0].length, m[0].length) : undefined;
  }
  if (first === undefined || /[\s#]/.test(first)) return undefined;
  const minKey = first === '-' ? 2 : 1;
  if (first === '-' && (line[1] === undefined || /[\s#]/.test(line[1]))) return undefined;
  const hash = line.indexOf('#');
  const end = hash === -1 ? line.length : hash;
  let lastBreak = -1;
  for (let i = line.length - 1; i >= 0; i--) {
    if (LINE_BREAK.test(line[i] as string)) {
      lastBreak = i;
      break;
    }
  }
  for (let colon = line.indexOf(':', minKey); colon !== -1 && colon < end; colon = line.indexOf(':', colon + 1)) {
    let keyEnd = colon;
    while (keyEnd > minKey && BLANK(line[keyEnd - 1])) keyEnd--;
    const found = valueAfter(line, colon, lastBreak);
    if (found) return { rawKey: line.slice(0, keyEnd), rawValue: found.value };
  }
  return undefined;
}

/** After a quoted key ending at `keyEnd`: optional spaces, the colon, then the value. */
function afterKey(line: string, keyEnd: number, from: number): LooseKeyValue | undefined {
  let i = from;
  while (BLANK(line[i])) i++;
  if (line[i] !== ':') return undefined;
  const lastBreak = line.slice(i).search(LINE_BREAK);
  const found = valueAfter(line, i, lastBreak === -1 ? -1 : i + lastBreak);
  return found ? { rawKey: line.slice(0, keyEnd), rawValue: found.value } : undefined;
}

/** The value after the colon at `colon`, or undefined when what follows the colon does not end the key. */
function valueAfter(line: string, colon: number, lastBreak: number): { value: string | undefined } | undefined {
  const rest = colon + 1;
  if (rest === line.length) return { value: undefined };
  if (!BLANK(line[rest]) || lastBreak > colon) return undefined;
  let start = rest;
  while (BLANK(line[start])) start++;
  let stop = line.length;
  while (stop > start && BLANK(line[stop - 1])) stop--;
  return { value: line.slice(start, stop) };
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,252}:(?=[^\s:/])/;

/**
 * `key:value` with the space after the colon left out: YAML reads the whole line as one scalar,
 * but in a Secret's data the intent is plain. Only a simple name before the colon qualifies, and
 * only when what follows is neither `//` (a URL) nor another colon, so `http://…` and `12:30` stay text.
 */
export function missingSpaceKeyValue(line: string): LooseKeyValue | undefined {
  const m = BARE_KEY.exec(line);
  if (!m) return undefined;
  return { rawKey: m[0].slice(0, -1), rawValue: line.slice(m[0].length).trim() };
}

const SPACE = /\s/;

/**
 * A plain value without its trailing ` # comment`: cut at the whitespace before the first `#` that
 * follows whitespace and has no line break character after it. Written as a loop because the regex
 * form (`\s+#.*$`) re-scans the rest of the line from every such `#`.
 */
export function withoutComment(raw: string): string {
  let lastBreak = -1;
  for (let i = raw.length - 1; i >= 0 && lastBreak === -1; i--) if (LINE_BREAK.test(raw[i] as string)) lastBreak = i;
  for (let hash = raw.indexOf('#', lastBreak + 1); hash !== -1; hash = raw.indexOf('#', hash + 1)) {
    if (hash === 0 || !SPACE.test(raw[hash - 1] as string)) continue;
    let start = hash - 1;
    while (start > 0 && SPACE.test(raw[start - 1] as string)) start--;
    return raw.slice(0, start);
  }
  return raw;
}
