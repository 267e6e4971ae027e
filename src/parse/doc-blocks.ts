import type { LineIndex } from './positions.js';

/**
 * Code blocks of a documentation page: the manifests, kustomizations and commands a page quotes sit
 * in them, and a real credential pasted into an example is as leaked as one in a manifest file.
 *
 * Every form is recognised line by line, without a regular expression that could backtrack:
 * - Markdown fences of three or more backticks or tildes, with any info string, at any indentation
 *   (fences inside list items are indented), closed by a fence of the same character at least as
 *   long, or by the end of the page;
 * - Hugo's `{{< highlight … >}}` and `{{< tab … codelang="…" >}}` shortcodes (the Kubernetes
 *   documentation shows YAML in them);
 * - AsciiDoc listing (`----`) and literal (`....`) blocks, `[source,yaml]` or not;
 * - reStructuredText `.. code-block::` (and `.. code::`, `.. sourcecode::`) directives and `::`
 *   literal blocks: the indented lines that follow.
 */
export interface CodeBlock {
  /** 1-based first and last line of the block's content (the fences excluded); last < first when empty. */
  firstLine: number;
  lastLine: number;
}

export type DocFormat = 'markdown' | 'asciidoc' | 'rst';

const FORMATS: readonly [string, DocFormat][] = [
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.mdx', 'markdown'],
  ['.adoc', 'asciidoc'],
  ['.asciidoc', 'asciidoc'],
  ['.rst', 'rst'],
];

/** The documentation format a path's suffix names, or undefined for any other file. */
export function docFormatOf(path: string): DocFormat | undefined {
  const lower = path.toLowerCase();
  return FORMATS.find(([suffix]) => lower.endsWith(suffix))?.[1];
}

export function codeBlocks(lines: LineIndex, format: DocFormat): CodeBlock[] {
  if (format === 'asciidoc') return delimitedBlocks(lines);
  if (format === 'rst') return indentedBlocks(lines);
  return fencedBlocks(lines);
}

/** `indent`, the fence character and its run length, when `line` opens or closes a Markdown fence. */
function fenceOf(line: string): { char: string; length: number; rest: string } | undefined {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const char = line[i];
  if (char !== '`' && char !== '~') return undefined;
  let j = i;
  while (j < line.length && line[j] === char) j++;
  if (j - i < 3) return undefined;
  const rest = line.slice(j);
  // A backtick fence's info string holds no backtick (otherwise it is inline code: ```x```).
  if (char === '`' && rest.includes('`')) return undefined;
  return { char, length: j - i, rest };
}

function fencedBlocks(lines: LineIndex): CodeBlock[] {
  const out: CodeBlock[] = [];
  let open: { char: string; length: number; first: number } | undefined;
  let hugo: { close: string; first: number } | undefined;
  for (let n = 1; n <= lines.lineCount; n++) {
    const line = lines.line(n);
    if (hugo !== undefined) {
      if (line.trim().replace(/\s+/g, ' ') === hugo.close) {
        out.push({ firstLine: hugo.first, lastLine: n - 1 });
        hugo = undefined;
      }
      continue;
    }
    const fence = fenceOf(line);
    if (open !== undefined) {
      if (fence !== undefined && fence.char === open.char && fence.length >= open.length && fence.rest.trim() === '') {
        out.push({ firstLine: open.first, lastLine: n - 1 });
        open = undefined;
      }
      continue;
    }
    if (fence !== undefined) {
      open = { char: fence.char, length: fence.length, first: n + 1 };
      continue;
    }
    const close = hugoOpening(line.trim());
    if (close !== undefined) hugo = { close, first: n + 1 };
  }
  // An unclosed fence runs to the end of the page, as CommonMark reads it.
  if (open !== undefined) out.push({ firstLine: open.first, lastLine: lines.lineCount });
  if (hugo !== undefined) out.push({ firstLine: hugo.first, lastLine: lines.lineCount });
  return out;
}

/** The closing shortcode of a Hugo code shortcode that `line` opens. */
function hugoOpening(line: string): string | undefined {
  if (!line.startsWith('{{<') || !line.endsWith('>}}')) return undefined;
  const inner = line.slice(3, -3).trim();
  const name = inner.split(' ', 1)[0];
  if (name === 'highlight') return '{{< /highlight >}}';
  if (name === 'tab' && inner.includes('codelang=')) return '{{< /tab >}}';
  return undefined;
}

/** AsciiDoc: a line of four or more `-` (listing) or `.` (literal) opens a block closed by the same line. */
function delimitedBlocks(lines: LineIndex): CodeBlock[] {
  const out: CodeBlock[] = [];
  let open: { delimiter: string; first: number } | undefined;
  for (let n = 1; n <= lines.lineCount; n++) {
    const line = lines.line(n).trimEnd();
    const isDelimiter = line.length >= 4 && (/^-+$/.test(line) || /^\.+$/.test(line));
    if (!isDelimiter) continue;
    if (open === undefined) open = { delimiter: line, first: n + 1 };
    else if (line === open.delimiter) {
      out.push({ firstLine: open.first, lastLine: n - 1 });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ firstLine: open.first, lastLine: lines.lineCount });
  return out;
}

const RST_DIRECTIVES = ['code-block::', 'code::', 'sourcecode::'];

/**
 * reStructuredText: after a `.. code-block::` directive (its `:option:` lines skipped) or a
 * paragraph ending in `::`, the lines indented deeper than the introducing line, blank lines
 * included, up to the first line that is not.
 */
function indentedBlocks(lines: LineIndex): CodeBlock[] {
  const out: CodeBlock[] = [];
  let n = 1;
  while (n <= lines.lineCount) {
    const line = lines.line(n);
    const trimmed = line.trim();
    const directive =
      trimmed.startsWith('.. ') && RST_DIRECTIVES.some((d) => trimmed.slice(3).trimStart().startsWith(d));
    if (!directive && !(trimmed.endsWith('::') && !trimmed.startsWith('..'))) {
      n++;
      continue;
    }
    const base = indentOf(line);
    let m = n + 1;
    if (directive)
      while (m <= lines.lineCount && lines.line(m).trim().startsWith(':') && indentOf(lines.line(m)) > base) m++;
    let last = m - 1;
    let first = -1;
    for (; m <= lines.lineCount; m++) {
      const l = lines.line(m);
      if (l.trim() === '') continue;
      if (indentOf(l) <= base) break;
      if (first === -1) first = m;
      last = m;
    }
    if (first !== -1) out.push({ firstLine: first, lastLine: last });
    n = Math.max(m, n + 1);
  }
  return out;
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/**
 * The here-documents of shell blocks in place of the blocks that hold them: documentation writes a
 * manifest as `kubectl apply -f - <<EOF … EOF` or `cat <<EOF > kustomization.yaml … EOF`, and the
 * shell lines around it are not YAML. A block without a here-document is kept whole.
 */
export function withHeredocs(lines: LineIndex, blocks: readonly CodeBlock[]): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const b of blocks) {
    const inner: CodeBlock[] = [];
    // A script inside a YAML block (a ConfigMap's `run.sh: |` with `cat <<EOF`) is deeper than the
    // block's own lines: only a command at the block's outer indentation opens a here-document.
    let indent = Infinity;
    for (let n = b.firstLine; n <= b.lastLine; n++) {
      const l = lines.line(n);
      if (l.trim() !== '') indent = Math.min(indent, l.length - l.trimStart().length);
    }
    for (let n = b.firstLine; n <= b.lastLine; n++) {
      const l = lines.line(n);
      if (l.length - l.trimStart().length !== indent || /^\s*(?:-\s|[\w.-]+:(?:\s|$))/.test(l)) continue;
      const tag = /<<-?[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]{0,40})\1/.exec(l)?.[2];
      if (tag === undefined) continue;
      let end = n + 1;
      while (end <= b.lastLine && lines.line(end).trim() !== tag) end++;
      inner.push({ firstLine: n + 1, lastLine: end - 1 });
      n = end;
    }
    for (const block of inner.length > 0 ? inner : [b]) out.push(block);
  }
  return out;
}
