import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './node.js';
import type { LineIndex } from './positions.js';

/**
 * Reads the block-style YAML that manifests, kustomizations and values files are written in into
 * the same positioned tree the `yaml` composer path builds (yaml-tree.ts), at a small fraction of
 * its cost: on real repositories the composer was most of a scan's time.
 *
 * It takes only what it reads exactly as that path would: block mappings and sequences, plain
 * scalars on one line, quoted scalars on one line, literal block scalars (`|`, `|-`, `|+`), comments
 * and `---` markers. Anything else (flow collections, anchors, aliases, tags, folded or multi-line
 * scalars, tabs or CRs, directives, a merge key, a `null` key, nesting past `maxDepth`, anything
 * that would be an error) makes it decline, and the caller parses the whole text with `yaml` as
 * before, so a file it does not take gets the same notes and fallbacks as ever. Parity with the
 * `yaml` path is checked by differential tests and by `bench/yaml-parity.mjs` on real repositories.
 *
 * Returns the root of every document, in order (undefined for a document with no content), or
 * undefined when it declines.
 */
export function blockYamlDocuments(
  text: string,
  lines: LineIndex,
  maxDepth: number,
): (YNode | undefined)[] | undefined {
  // Characters it never reads; a quick test spares a walk that would decline anyway.
  if (text.includes('\t') || text.includes('\r')) return undefined;
  try {
    return new BlockReader(text, lines, maxDepth).stream();
  } catch (err) {
    if (err instanceof Declined) return undefined;
    throw err;
  }
}

/** Thrown inside the reader to unwind to `blockYamlDocuments`; never leaves this module. */
class Declined extends Error {}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const SQUOTE = 0x27;
const DQUOTE = 0x22;

/** Characters that cannot start a plain scalar (YAML's c-indicator), bar `-`, `?`, `:` (they may, before a non-space). */
const INDICATORS = new Set(Array.from('[]{},#&*!|>\'"%@`', (c) => c.charCodeAt(0)));

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);

/** Characters a plain scalar inside a flow sequence is not read past: nested flow, comments, mapping colons, quotes. */
const FLOW_PLAIN_STOPS = new Set(Array.from('[]{}#:"\'', (c) => c.charCodeAt(0)));

/** One line's layout: where it starts, its indentation, where its content starts and where it ends. */
interface Line {
  start: number;
  indent: number;
  /** Offset of the first non-space character (=== end for a blank line). */
  content: number;
  /** Offset of the line break, or the text's length. */
  end: number;
}

class BlockReader {
  /** Offset of the start of the current line. */
  private pos = 0;
  /**
   * Where the last node read ends, as `yaml` ranges it: `valueEnd` its own text, `tailEnd` that
   * text with the comments `yaml` attaches to it (trimmed ends; both end at a non-space character).
   * A collection's span ends at its last item's `tailEnd`, which is why both are tracked.
   */
  private valueEnd = 0;
  private tailEnd = 0;
  /**
   * The comment lines after the last node that `yaml` did not give to it: the collections that end
   * there pass them outwards until one keeps them (see `closeCollection`). Undefined when none.
   */
  private trailing: { end: number; maxIndent: number } | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly maxDepth: number,
  ) {}

  stream(): (YNode | undefined)[] {
    const docs: (YNode | undefined)[] = [];
    let first = true;
    for (;;) {
      const line = this.nextContentLine();
      if (line === undefined) {
        // A text of comments only: what `yaml` makes of it is not worth mirroring.
        if (first) throw new Declined();
        return docs;
      }
      const marked = this.isMarker(line);
      if (marked) this.pos = this.after(line);
      else if (!first) throw new Declined();
      first = false;
      const root = this.blockNode(-1, false, 0);
      // A document with nothing after its marker is an empty scalar where the marker ends.
      if (root === undefined && marked) {
        const at = this.afterSpaces(line.start + 3, line.end);
        docs.push({ type: 'scalar', value: null, style: 'plain', span: this.lines.span(at, at) });
      } else docs.push(root);
      const next = this.nextContentLine();
      if (next === undefined) return docs;
      // What follows a document's root is the next marker; anything else is an error for `yaml`.
      if (!this.isMarker(next)) throw new Declined();
    }
  }

  // ---- lines -------------------------------------------------------------------------------

  private lineAt(start: number): Line {
    const t = this.text;
    let i = start;
    while (t.charCodeAt(i) === SPACE) i++;
    let end = t.indexOf('\n', i);
    if (end === -1) end = t.length;
    return { start, indent: i - start, content: i, end };
  }

  private after(line: Line): number {
    return line.end < this.text.length ? line.end + 1 : line.end;
  }

  private isComment(line: Line): boolean {
    return this.text.charCodeAt(line.content) === HASH;
  }

  /** The next line with content (blank and comment-only lines skipped, `pos` moved to it), or undefined at the end. */
  private nextContentLine(): Line | undefined {
    while (this.pos < this.text.length) {
      const line = this.lineAt(this.pos);
      if (line.content < line.end && !this.isComment(line)) return line;
      this.pos = this.after(line);
    }
    return undefined;
  }

  /** `---` alone on its line (or before a comment); content after it, `...` and directives are declined. */
  private isMarker(line: Line): boolean {
    const t = this.text;
    if (line.indent !== 0) return false;
    if (t.charCodeAt(line.start) === 0x25) throw new Declined();
    if (t.startsWith('...', line.start) && (line.start + 3 === line.end || t.charCodeAt(line.start + 3) === SPACE))
      throw new Declined();
    if (!t.startsWith('---', line.start)) return false;
    if (line.start + 3 === line.end) return true;
    if (t.charCodeAt(line.start + 3) !== SPACE) return false;
    if (this.restAfter(line.start + 3, line.end) !== line.end) throw new Declined();
    return true;
  }

  private afterSpaces(from: number, end: number): number {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** From `from` (just after a token), skips spaces and a comment; returns where content resumes (=== end when none). */
  private restAfter(from: number, end: number): number {
    const i = this.afterSpaces(from, end);
    if (i < end && this.text.charCodeAt(i) === HASH && i > from) return end;
    return i;
  }

  /** The end of a line's last non-space character. */
  private trimmedEnd(start: number, end: number): number {
    let e = end;
    while (e > start && this.text.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** The comment lines from `from` up to the next content line (blank lines skipped): each one's indentation and end. */
  private commentRun(from: number): { indent: number; end: number }[] {
    const run: { indent: number; end: number }[] = [];
    let p = from;
    while (p < this.text.length) {
      const line = this.lineAt(p);
      if (line.content < line.end) {
        if (!this.isComment(line)) break;
        run.push({ indent: line.indent, end: this.trimmedEnd(line.content, line.end) });
      }
      p = this.after(line);
    }
    return run;
  }

  /**
   * Ends a value that is not a block scalar: `yaml` gives it the comment lines right after it that
   * are indented deeper than its collection (`containerIndent`), up to the first one that is not;
   * the rest trail (`trailing`).
   */
  private attachComments(from: number, containerIndent: number, base: number): void {
    const run = this.commentRun(from);
    let i = 0;
    let tail = base;
    for (; i < run.length; i++) {
      const c = run[i];
      if (c === undefined || c.indent <= containerIndent) break;
      tail = c.end;
    }
    this.tailEnd = tail;
    this.setTrailing(run.slice(i));
  }

  private setTrailing(run: readonly { indent: number; end: number }[]): void {
    const last = run[run.length - 1];
    let maxIndent = 0;
    // A loop, not Math.max(...run): a file of a million comment lines must not exhaust the stack.
    for (const c of run) if (c.indent > maxIndent) maxIndent = c.indent;
    this.trailing = last === undefined ? undefined : { end: last.end, maxIndent };
  }

  // ---- nodes -------------------------------------------------------------------------------

  /**
   * The block collection that starts on the next content line when that line is indented deeper
   * than `parentIndent` (or, for a sequence that is a mapping's value, at the same indentation);
   * undefined when there is none (an empty value).
   */
  private blockNode(parentIndent: number, seqAtParent: boolean, depth: number): YNode | undefined {
    const line = this.nextContentLine();
    if (line === undefined || this.isMarker(line)) return undefined;
    const startsSeq = this.isSeqDash(line.content, line.end);
    if (line.indent < parentIndent || (line.indent === parentIndent && !(seqAtParent && startsSeq))) return undefined;
    if (depth > this.maxDepth) throw new Declined();
    if (startsSeq) return this.seq(line.indent, depth);
    if (this.keyEnd(line.content, line.end) !== undefined) return this.map(line.indent, line.content, depth);
    // A scalar alone on its line (a document that is one scalar, a value on the next line): rare.
    throw new Declined();
  }

  private isSeqDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /**
   * A value that is absent (`key:` or `-` with nothing after it, or only a comment): an empty
   * scalar where the value would start, unless a collection follows on deeper lines.
   */
  private absentValue(at: number, lineEnd: number, indent: number, inMap: boolean, depth: number): YNode {
    // An empty value sits after the spaces that follow its indicator, or at its comment; where it
    // ends, as a collection's end sees it, is trimmed of those spaces.
    const sameLine = at < lineEnd ? this.trimmedEnd(at, lineEnd) : this.trimmedEnd(this.lineStartOf(at), at);
    this.pos = this.after(this.lineAt(this.lineStartOf(at)));
    const lineAfter = this.pos;
    const nested = this.blockNode(indent, inMap, depth);
    if (nested !== undefined) return nested;
    const run = this.commentRun(lineAfter);
    // A mapping's empty value keeps every comment line after it, whatever its indentation; for an
    // empty sequence item that is less clear-cut, so it is declined.
    if (!inMap && run.length > 0) throw new Declined();
    this.valueEnd = at;
    this.tailEnd = run[run.length - 1]?.end ?? sameLine;
    this.trailing = undefined;
    return { type: 'scalar', value: null, style: 'plain', span: this.lines.span(at, at) };
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at `firstKey` (after `- ` in a compact item). */
  private map(indent: number, firstKey: number, depth: number): MapNode {
    const entries: MapEntry[] = [];
    let keyAt = firstKey;
    for (;;) {
      const lineEnd = this.lineEndFrom(keyAt);
      const colon = this.keyEnd(keyAt, lineEnd);
      if (colon === undefined) throw new Declined();
      const key = this.key(keyAt, colon);
      const valueAt = this.afterSpaces(colon + 1, lineEnd);
      const value =
        valueAt === lineEnd || this.text.charCodeAt(valueAt) === HASH
          ? this.absentValue(valueAt, lineEnd, indent, true, depth + 1)
          : this.inlineValue(valueAt, lineEnd, indent, depth + 1);
      entries.push({ key, value });
      const next = this.nextContentLine();
      if (next === undefined || this.isMarker(next) || next.indent < indent) break;
      // Deeper than the keys, or a sequence item among them: an error for `yaml`.
      if (next.indent > indent || this.isSeqDash(next.content, next.end)) throw new Declined();
      keyAt = next.content;
    }
    return this.closeCollection({ type: 'map', entries, span: this.lines.span(firstKey, this.tailEnd) }, indent);
  }

  /**
   * A collection's text ends where its last item's value does, comments included (`tailEnd`). The
   * comment lines trailing after that stay with the collection (its own end then reaches them) when
   * one of them is at least as deep as its items, unless it sits at column 0; otherwise they pass
   * to the collection that holds it, which decides the same way when it ends too.
   */
  private closeCollection<N extends MapNode | SeqNode>(node: N, indent: number): N {
    this.valueEnd = this.tailEnd;
    const t = this.trailing;
    if (t !== undefined && indent !== 0 && t.maxIndent >= indent) {
      this.tailEnd = t.end;
      this.trailing = undefined;
    }
    return node;
  }

  private seq(indent: number, depth: number): SeqNode {
    const items: YNode[] = [];
    const first = this.nextContentLine();
    if (first === undefined) throw new Declined();
    const start = first.content;
    for (;;) {
      const line = this.nextContentLine();
      if (line === undefined) break;
      const itemAt = this.afterSpaces(line.content + 1, line.end);
      if (itemAt === line.end || this.text.charCodeAt(itemAt) === HASH) {
        items.push(this.absentValue(itemAt, line.end, indent, false, depth + 1));
      } else if (this.isSeqDash(itemAt, line.end)) {
        throw new Declined();
      } else if (this.keyEnd(itemAt, line.end) !== undefined) {
        if (depth + 1 > this.maxDepth) throw new Declined();
        items.push(this.map(itemAt - line.start, itemAt, depth + 1));
      } else {
        items.push(this.inlineValue(itemAt, line.end, indent, depth + 1));
      }
      const next = this.nextContentLine();
      if (next === undefined || this.isMarker(next) || next.indent < indent) break;
      if (next.indent > indent) throw new Declined();
      if (!this.isSeqDash(next.content, next.end)) break;
    }
    return this.closeCollection({ type: 'seq', items, span: this.lines.span(start, this.tailEnd) }, indent);
  }

  /**
   * A value that starts on the key's (or dash's) line: a scalar on that line, or a literal block
   * scalar below it. Leaves `pos` at the next line, and declines when the following content line
   * is indented deeper than `indent` (a multi-line plain scalar, or an error for `yaml`).
   */
  private inlineValue(at: number, lineEnd: number, indent: number, depth: number): YNode {
    if (depth > this.maxDepth) throw new Declined();
    const c = this.text.charCodeAt(at);
    if (c === 0x7c) return this.literal(at, lineEnd, indent);
    let node: YNode;
    if (c === 0x5b) node = this.flowSeq(at, lineEnd, depth);
    else if (c === 0x7b) node = this.emptyFlowMap(at, lineEnd);
    else if (c === SQUOTE || c === DQUOTE) node = this.quotedValue(at, lineEnd, indent);
    else node = this.plainContinued(this.plain(at, lineEnd), at, lineEnd, indent);
    // Its text ends at valueEnd; a comment after it on its last line and deeper comment lines are its tail.
    const lastLineEnd = this.lineEndFrom(this.valueEnd);
    const sameLine =
      this.restAfter(this.valueEnd, lastLineEnd) === lastLineEnd
        ? this.trimmedEnd(this.valueEnd, lastLineEnd)
        : this.valueEnd;
    this.pos = this.after(this.lineAt(this.lineStartOf(this.valueEnd)));
    this.attachComments(this.pos, indent, sameLine);
    const next = this.nextContentLine();
    if (next !== undefined && next.indent > indent && !this.isMarker(next)) throw new Declined();
    return node;
  }

  /** `{}` or `{ }`, the empty mapping charts write for "none" (`resources: {}`); any other flow mapping is declined. */
  private emptyFlowMap(at: number, lineEnd: number): MapNode {
    const close = this.afterSpaces(at + 1, lineEnd);
    if (this.text.charCodeAt(close) !== 0x7d || this.restAfter(close + 1, lineEnd) !== lineEnd) throw new Declined();
    this.valueEnd = close + 1;
    return { type: 'map', entries: [], span: this.lines.span(at, close + 1) };
  }

  /**
   * A flow sequence on one line whose items are scalars (`drop: ["ALL"]`, `needs: [a, b]`); nested
   * collections, mappings, comments and anything spanning lines are declined.
   */
  private flowSeq(at: number, lineEnd: number, depth: number): SeqNode {
    if (depth + 1 > this.maxDepth) throw new Declined();
    const t = this.text;
    const items: YNode[] = [];
    let i = at + 1;
    for (;;) {
      i = this.afterSpaces(i, lineEnd);
      if (i >= lineEnd) throw new Declined();
      const c = t.charCodeAt(i);
      if (c === 0x5d) break;
      let item: ScalarNode;
      if (c === SQUOTE || c === DQUOTE) {
        const q = c === SQUOTE ? this.singleQuoted(i, lineEnd) : this.doubleQuoted(i, lineEnd);
        item = { type: 'scalar', value: q.value, style: 'quoted', span: this.lines.span(i, q.end) };
        i = q.end;
      } else {
        item = this.flowPlain(i, lineEnd);
        i = this.valueEnd;
      }
      items.push(item);
      i = this.afterSpaces(i, lineEnd);
      const sep = t.charCodeAt(i);
      if (sep === 0x5d) break;
      if (sep !== 0x2c) throw new Declined();
      i += 1;
    }
    const end = i + 1;
    if (this.restAfter(end, lineEnd) !== lineEnd) throw new Declined();
    this.valueEnd = end;
    return { type: 'seq', items, span: this.lines.span(at, end) };
  }

  /** A plain scalar inside a flow sequence: it ends at `,` or `]`. */
  private flowPlain(at: number, lineEnd: number): ScalarNode {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (INDICATORS.has(c) || ((c === DASH || c === 0x3f) && t.charCodeAt(at + 1) === SPACE)) throw new Declined();
    let end = at;
    let i = at;
    for (; i < lineEnd; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 0x2c || ch === 0x5d) break;
      if (FLOW_PLAIN_STOPS.has(ch)) throw new Declined();
      if (ch !== SPACE) end = i + 1;
    }
    if (end === at) throw new Declined();
    const source = t.slice(at, end);
    this.valueEnd = end;
    return { type: 'scalar', value: NULLS.has(source) ? null : source, style: 'plain', span: this.lines.span(at, end) };
  }

  /**
   * A quoted scalar as a block value: only spaces and a comment may follow it on its line. One that
   * goes on over deeper lines (a CRD's long `description: '…'`) is folded as YAML folds it.
   */
  private quotedValue(at: number, lineEnd: number, indent: number): ScalarNode {
    const single = this.text.charCodeAt(at) === SQUOTE;
    const closes = this.text.indexOf(single ? "'" : '"', at + 1);
    const q =
      closes !== -1 && closes < lineEnd
        ? single
          ? this.singleQuoted(at, lineEnd)
          : this.doubleQuoted(at, lineEnd)
        : this.quotedLines(at, single, indent);
    const endLine = this.lineEndFrom(q.end);
    if (this.restAfter(q.end, endLine) !== endLine) throw new Declined();
    this.valueEnd = q.end;
    return { type: 'scalar', value: q.value, style: 'quoted', span: this.lines.span(at, q.end) };
  }

  /**
   * A quoted scalar over several lines, each after the first indented deeper than `indent`: line
   * breaks fold to a space, or to one line break per blank line between. A double-quoted one with
   * any escape is declined (an escaped line break folds differently).
   */
  private quotedLines(at: number, single: boolean, indent: number): { value: string; end: number } {
    const t = this.text;
    let close = -1;
    for (let i = at + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (!single && c === 0x5c) throw new Declined();
      if (c !== (single ? SQUOTE : DQUOTE)) continue;
      if (single && t.charCodeAt(i + 1) === SQUOTE) {
        i += 1;
        continue;
      }
      close = i;
      break;
    }
    if (close === -1) throw new Declined();
    const raw = t.slice(at + 1, close).split('\n');
    for (let k = 1; k < raw.length; k++) {
      const line = raw[k] ?? '';
      const depth = line.length - line.trimStart().length;
      // A continuation line at the parent's indentation, or one that reads as a document marker.
      if (line.trim() !== '' && (depth <= indent || (depth === 0 && /^(---|\.\.\.)/.test(line)))) throw new Declined();
    }
    const last = raw.length - 1;
    const segments = raw.map((l, k) => (k === 0 ? l.trimEnd() : k === last ? l.trimStart() : l.trim()));
    if ((segments[last] ?? '') === '') throw new Declined();
    let value = segments[0] ?? '';
    let breaks = 0;
    for (let k = 1; k <= last; k++) {
      const seg = segments[k] ?? '';
      if (seg === '' && k < last) {
        breaks += 1;
        continue;
      }
      value += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + seg;
      breaks = 0;
    }
    return { value: single ? value.replaceAll("''", "'") : value, end: close + 1 };
  }

  /**
   * A plain scalar that goes on over deeper lines (a chart's `description:`): the lines are
   * joined by a space, or by one line break per blank line between them, as YAML folds them.
   * Lines that would read as mapping entries are declined.
   */
  private plainContinued(first: ScalarNode, at: number, lineEnd: number, indent: number): ScalarNode {
    const t = this.text;
    if (this.restAfter(this.valueEnd, lineEnd) !== this.afterSpaces(this.valueEnd, lineEnd)) {
      // The first line ends in a comment: a deeper line after it is an error for `yaml`.
      return first;
    }
    const parts: string[] = [t.slice(at, this.valueEnd)];
    let end = this.valueEnd;
    let breaks = 0;
    let p = lineEnd < t.length ? lineEnd + 1 : lineEnd;
    while (p < t.length) {
      const line = this.lineAt(p);
      if (line.content === line.end) {
        breaks += 1;
        p = this.after(line);
        continue;
      }
      // A comment ends the scalar (a deeper line after it is then an error, declined by the caller).
      if (line.indent <= indent || this.isComment(line)) break;
      const e = this.trimmedEnd(line.content, line.end);
      const segment = t.slice(line.content, e);
      if (segment.includes(' #') || segment.includes(': ') || segment.endsWith(':')) throw new Declined();
      parts.push(breaks === 0 ? ' ' : '\n'.repeat(breaks), segment);
      breaks = 0;
      end = e;
      p = this.after(line);
    }
    if (parts.length === 1) return first;
    this.valueEnd = end;
    return { type: 'scalar', value: parts.join(''), style: 'plain', span: this.lines.span(at, end) };
  }

  private plain(at: number, lineEnd: number): ScalarNode {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (INDICATORS.has(c)) throw new Declined();
    if ((c === DASH || c === 0x3f || c === COLON) && (at + 1 >= lineEnd || t.charCodeAt(at + 1) === SPACE))
      throw new Declined();
    let end = at;
    for (let i = at; i < lineEnd; i++) {
      const ch = t.charCodeAt(i);
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) break;
      // `key: a: b` is an error for `yaml` (a mapping in a compact value).
      if (ch === COLON && (i + 1 === lineEnd || t.charCodeAt(i + 1) === SPACE)) throw new Declined();
      if (ch !== SPACE) end = i + 1;
    }
    const source = t.slice(at, end);
    this.valueEnd = end;
    return { type: 'scalar', value: NULLS.has(source) ? null : source, style: 'plain', span: this.lines.span(at, end) };
  }

  /** A single-quoted scalar on one line starting at `start`: its value and the offset after its closing quote. */
  private singleQuoted(start: number, lineEnd: number): { value: string; end: number } {
    const t = this.text;
    let out = '';
    let run = start + 1;
    let i = start + 1;
    for (;;) {
      const q = t.indexOf("'", i);
      if (q === -1 || q >= lineEnd) throw new Declined();
      if (t.charCodeAt(q + 1) === SQUOTE) {
        out += t.slice(run, q + 1);
        i = q + 2;
        run = i;
        continue;
      }
      return { value: out + t.slice(run, q), end: q + 1 };
    }
  }

  /** A double-quoted scalar on one line: its value and the offset after its closing quote. */
  private doubleQuoted(at: number, lineEnd: number): { value: string; end: number } {
    const t = this.text;
    let out = '';
    let run = at + 1;
    for (let i = at + 1; i < lineEnd; i++) {
      const c = t.charCodeAt(i);
      if (c === DQUOTE) return { value: out + t.slice(run, i), end: i + 1 };
      if (c !== 0x5c) continue;
      out += t.slice(run, i);
      const e = t.charAt(i + 1);
      const simple = DOUBLE_ESCAPES.get(e);
      if (simple !== undefined) {
        out += simple;
        i += 1;
      } else {
        const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = t.slice(i + 2, i + 2 + width);
        if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw new Declined();
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Declined();
        out += String.fromCodePoint(cp);
        i += 1 + width;
      }
      run = i + 1;
    }
    // The scalar goes on past the line (a line continuation or folding): declined.
    throw new Declined();
  }

  /** `|`, `|-`, `|+` with its content lines, indented deeper than `indent`. */
  private literal(at: number, lineEnd: number, indent: number): ScalarNode {
    const t = this.text;
    let i = at + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const h = t.charCodeAt(i);
    if (h === DASH) {
      chomp = 'strip';
      i++;
    } else if (h === 0x2b) {
      chomp = 'keep';
      i++;
    }
    if (this.restAfter(i, lineEnd) !== lineEnd) throw new Declined();
    // Content: the lines after the header, at the indentation of the first non-blank one.
    let p = lineEnd < t.length ? lineEnd + 1 : lineEnd;
    let contentIndent = -1;
    let blankIndent = 0;
    const body: string[] = [];
    let lastContentEnd = i;
    let bodyEnd = p;
    while (p < t.length) {
      const line = this.lineAt(p);
      if (line.content === line.end && (contentIndent === -1 || line.indent <= contentIndent)) {
        blankIndent = Math.max(blankIndent, line.indent);
        body.push('');
      } else if (line.content === line.end) {
        // Spaces past the content's indentation are content (a literal keeps them), not a blank line.
        body.push(t.slice(line.start + contentIndent, line.end));
      } else {
        if (contentIndent === -1) {
          if (line.indent <= indent) break;
          // Leading blank lines deeper than the content are an error for `yaml`.
          if (blankIndent > line.indent) throw new Declined();
          contentIndent = line.indent;
        } else if (line.indent < contentIndent) break;
        body.push(t.slice(line.start + contentIndent, line.end));
        lastContentEnd = this.trimmedEnd(line.start, line.end);
      }
      p = this.after(line);
      bodyEnd = p;
    }
    if (contentIndent === -1) {
      // No content, only blank lines (a Helm `{{ include … | nindent 4 }}` read as spaces): an
      // empty string, ending at the header. What `|+` keeps of the blank lines is not mirrored.
      if (chomp === 'keep' || (bodyEnd === t.length && !t.endsWith('\n'))) throw new Declined();
      this.pos = bodyEnd;
      this.valueEnd = i;
      this.tailEnd = i;
      this.setTrailing(this.commentRun(bodyEnd));
      return { type: 'scalar', value: '', style: 'block', span: this.lines.span(at, i) };
    }
    // The last line of the text without a line break: declined rather than mirror its chomping.
    if (bodyEnd === t.length && !t.endsWith('\n')) throw new Declined();
    // Blank lines after the last content line: kept only by `|+`.
    let kept = body.length;
    while (kept > 0 && body[kept - 1] === '') kept--;
    const trailing = body.length - kept;
    let value = body.slice(0, kept).join('\n');
    if (chomp === 'clip') value += '\n';
    else if (chomp === 'keep') value += '\n' + '\n'.repeat(trailing);
    this.pos = bodyEnd;
    this.valueEnd = lastContentEnd;
    // A block scalar takes no comments: every comment line after it trails.
    this.tailEnd = lastContentEnd;
    this.setTrailing(this.commentRun(bodyEnd));
    return { type: 'scalar', value, style: 'block', span: this.lines.span(at, lastContentEnd) };
  }

  // ---- keys --------------------------------------------------------------------------------

  /** Offset of the `:` that ends a mapping key starting at `at`, or undefined when the line is no mapping entry. */
  private keyEnd(at: number, end: number): number | undefined {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) {
      const close = t.indexOf(String.fromCharCode(c), at + 1);
      if (close === -1 || close >= end) return undefined;
      const i = this.afterSpaces(close + 1, end);
      return t.charCodeAt(i) === COLON && (i + 1 === end || t.charCodeAt(i + 1) === SPACE) ? i : undefined;
    }
    for (let i = at; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === HASH && i > at && t.charCodeAt(i - 1) === SPACE) return undefined;
      if (ch === COLON && (i + 1 === end || t.charCodeAt(i + 1) === SPACE)) return i;
    }
    return undefined;
  }

  private key(at: number, colon: number): ScalarNode {
    const t = this.text;
    const c = t.charCodeAt(at);
    let node: ScalarNode;
    if (c === SQUOTE || c === DQUOTE) {
      // Escapes or doubled quotes in a key: declined rather than read twice.
      const close = t.indexOf(String.fromCharCode(c), at + 1);
      const inner = t.slice(at + 1, close);
      if (inner.includes('\\') || (c === SQUOTE && t.charCodeAt(close + 1) === SQUOTE)) throw new Declined();
      node = { type: 'scalar', value: inner, style: 'quoted', span: this.lines.span(at, close + 1) };
    } else {
      if (INDICATORS.has(c) || c === 0x3f) throw new Declined();
      if (c === DASH && t.charCodeAt(at + 1) === SPACE) throw new Declined();
      const end = this.trimmedEnd(at, colon);
      const source = t.slice(at, end);
      // `yaml` refuses implicit keys over 1024 characters; `null` and `~` keys are not strings.
      if (source === '' || source.length > 1000 || NULLS.has(source)) throw new Declined();
      node = { type: 'scalar', value: source, style: 'plain', span: this.lines.span(at, end) };
    }
    // `<<` merges the mapping an alias names; aliases are declined anyway.
    if (node.value === '<<') throw new Declined();
    return node;
  }

  private lineEndFrom(at: number): number {
    const e = this.text.indexOf('\n', at);
    return e === -1 ? this.text.length : e;
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }
}

const DOUBLE_ESCAPES = new Map([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['t', '\t'],
  ['n', '\n'],
  ['v', '\v'],
  ['f', '\f'],
  ['r', '\r'],
  ['e', '\x1b'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
]);
