/**
 * The line-level half of template neutralising: given the lines of a template whose actions are
 * already replaced by blanks or runs of `mark`, changes what would make the text invalid YAML where
 * the rendered text is valid. Every line keeps its length.
 */
export function layoutLines(lines: string[], mark: string): string[] {
  const out = lines.map((line) => (line.includes(mark) && onlyMarks(line, mark) ? blank(line) : line));
  // The indentation of the next line that holds content and starts a block item (`key:`, `- `); -1 when the next one does not.
  let nextBlock = -1;
  for (let n = out.length - 1; n >= 0; n--) {
    const line = out[n] as string;
    const tail = markTail(line, mark);
    if (tail !== undefined && nextBlock > tail.owner)
      out[n] = line.slice(0, tail.start) + blank(line.slice(tail.start));
    const indent = contentIndent(out[n] as string);
    if (indent !== -1) nextBlock = startsBlockItem(out[n] as string, indent) ? indent : -1;
  }
  for (let n = 0; n < out.length; n++) {
    const owner = blockScalarOwner(out[n] as string);
    if (owner !== -1) markLeadingBlank(out, n, owner, mark);
  }
  return out;
}

function isBlankChar(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

function onlyMarks(line: string, mark: string): boolean {
  return line.replaceAll(mark, '').trim() === '';
}

/** The line with every character but carriage returns (line breaks to YAML) made a space. */
function blank(line: string): string {
  return line.replace(/[^\r]/g, ' ');
}

/** Indentation of a line that holds content (not blank, not a comment); -1 otherwise. */
function contentIndent(line: string): number {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  if (i === line.length || isBlankChar(line[i] as string) || line[i] === '#') return -1;
  return i;
}

/**
 * Whether the content at `indent` is a sequence item or a mapping key, rather than the next line of
 * a plain scalar (`description: {{ .a }}` then `  more words` is one scalar, and stays templated).
 */
function startsBlockItem(line: string, indent: number): boolean {
  const rest = line.slice(indent).trimEnd();
  return rest === '-' || rest.startsWith('- ') || rest.endsWith(':') || rest.includes(': ');
}

/** The column of the key that a value at `end` belongs to, after any `- ` item indicators; -1 when there is no key. */
function keyColumn(line: string, end: number): number {
  let col = 0;
  while (line[col] === ' ') col++;
  while (line[col] === '-' && line[col + 1] === ' ') {
    col += 2;
    while (line[col] === ' ') col++;
  }
  return col < end ? col : -1;
}

/** Where a value starting at `start` is: after `key:` (the key's column) or after a lone `- ` (the dash's); -1 otherwise. */
function ownerColumn(line: string, start: number): number {
  let indent = 0;
  while (line[indent] === ' ') indent++;
  if (line[start - 1] === '-' && start - 1 === indent) return indent;
  return line[start - 1] === ':' ? keyColumn(line, start - 1) : -1;
}

/**
 * A value made only of marks at the end of `key: ` or `- `: where the marks start, and the column
 * that a block belonging to that value must be indented beyond (the key's, or the dash's).
 */
function markTail(line: string, mark: string): { start: number; owner: number } | undefined {
  let start = line.length;
  let marks = false;
  while (start > 0) {
    const c = line[start - 1] as string;
    if (c === mark) marks = true;
    else if (!isBlankChar(c)) break;
    start--;
  }
  if (!marks || start === 0 || line[start] === mark) return undefined;
  const owner = ownerColumn(line, start);
  return owner === -1 ? undefined : { start, owner };
}

/**
 * For `key: |`, `- >-` and the like (without an indentation indicator, which would make blank lines
 * harmless): the column its content must be indented beyond; -1 for any other line.
 */
function blockScalarOwner(line: string): number {
  let end = line.length;
  while (end > 0 && isBlankChar(line[end - 1] as string)) end--;
  let i = end - 1;
  if (line[i] === '-' || line[i] === '+') i--;
  if ((line[i] !== '|' && line[i] !== '>') || line[i - 1] !== ' ') return -1;
  return ownerColumn(line, i - 1);
}

/**
 * Blank lines before a block scalar's first line that are longer than its indentation make the
 * scalar invalid YAML (its indentation would have to be given explicitly). Blanked template lines
 * are often such lines (`- |` then `  {{- if … }}`): the first one becomes a single mark at the
 * scalar's indentation, one character that stands for template output and shows as `{{…}}`.
 */
function markLeadingBlank(lines: string[], header: number, owner: number, mark: string): void {
  let n = header + 1;
  while (n < lines.length && (lines[n] as string).trim() === '') n++;
  if (n === lines.length) return;
  const first = lines[n] as string;
  let indent = 0;
  while (first[indent] === ' ') indent++;
  if (indent <= owner) return;
  for (let b = header + 1; b < n; b++) {
    const blankLine = lines[b] as string;
    if (blankLine.length <= indent || blankLine[indent] !== ' ') continue;
    lines[b] = blankLine.slice(0, indent) + mark + blankLine.slice(indent + 1);
    return;
  }
}
