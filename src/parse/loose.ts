import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './node.js';
import { looseKeyValue, missingSpaceKeyValue, withoutComment, type LooseKeyValue } from './loose-key-value.js';
import type { LineIndex } from './positions.js';

/**
 * The tolerant text fallback: builds a best-effort tree from indentation alone, for a document
 * that no YAML parser accepts (tabs, unbalanced quotes, half-rendered templates). It understands
 * `key: value`, `- item`, nested blocks and `|`/`>` block scalars, and skips whatever else it
 * meets, so a Secret in a broken file is still seen by the same rules.
 */

interface Frame {
  indent: number;
  node: MapNode | SeqNode;
  /** The last key of a map whose value is still empty: a deeper line belongs to it. */
  pending?: MapEntry;
}

const BLOCK_HEADER = /^[|>][-+0-9]*$/;

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n += 1;
    else if (ch === '\t') n += 2;
    else break;
  }
  return n;
}

function unquote(raw: string): { value: string; quoted: boolean } {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return { value: JSON.parse(raw) as string, quoted: true };
    } catch {
      return { value: raw.slice(1, -1), quoted: true };
    }
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'"))
    return { value: raw.slice(1, -1).replace(/''/g, "'"), quoted: true };
  // An unterminated quote (the usual break): the value is what follows it.
  if (/^["'][^"']/.test(raw) && !raw.endsWith(raw[0] as string))
    return { value: withoutComment(raw.slice(1)), quoted: true };
  return { value: withoutComment(raw), quoted: false };
}

/** A map entry line, also when the space after its colon is missing (`password:s3cret`), as hand edits leave it. */
function looseEntry(content: string): LooseKeyValue | undefined {
  return looseKeyValue(content) ?? missingSpaceKeyValue(content);
}

export function looseParse(lines: LineIndex, firstLine: number, lastLine: number): YNode | undefined {
  let root: MapNode | SeqNode | undefined;
  const stack: Frame[] = [];
  let line = firstLine;

  const scalarAt = (ln: number, col: number, raw: string): ScalarNode => {
    const { value, quoted } = unquote(raw);
    return {
      type: 'scalar',
      value: raw === '' || raw === '~' || raw === 'null' ? null : value,
      style: quoted ? 'quoted' : 'plain',
      span: { start: { line: ln, column: col }, end: { line: ln, column: col + raw.length } },
    };
  };

  /** Consumes the lines of a block scalar after a `key: |` header; returns the scalar. */
  const blockScalar = (headerIndent: number, headerLine: number, col: number): ScalarNode => {
    const body: { ln: number; text: string }[] = [];
    let ln = headerLine + 1;
    for (; ln <= lastLine; ln++) {
      const t = lines.line(ln);
      if (t.trim() === '') {
        body.push({ ln, text: '' });
        continue;
      }
      if (indentOf(t) <= headerIndent) break;
      body.push({ ln, text: t });
    }
    while (body.length > 0 && body[body.length - 1]?.text === '') body.pop();
    line = ln - 1;
    const contentLines = body.filter((b) => b.text !== '');
    if (contentLines.length === 0) return scalarAt(headerLine, col, '');
    const cut = contentLines.reduce((c, b) => Math.min(c, indentOf(b.text)), Infinity);
    const first = contentLines[0] as { ln: number; text: string };
    const last = body[body.length - 1] as { ln: number; text: string };
    return {
      type: 'scalar',
      value: body.map((b) => b.text.slice(cut)).join('\n') + '\n',
      style: 'block',
      span: { start: { line: first.ln, column: cut + 1 }, end: { line: last.ln, column: last.text.length + 1 } },
    };
  };

  const addKeyValue = (frame: Frame, indent: number, ln: number, col: number, content: string): boolean => {
    if (frame.node.type !== 'map') return false;
    const m = looseEntry(content);
    if (!m) return false;
    const rawKey = m.rawKey;
    const rawValue = m.rawValue ?? '';
    const key = scalarAt(ln, col, rawKey);
    const valueCol = col + content.indexOf(rawValue, rawKey.length + 1);
    const value = BLOCK_HEADER.test(rawValue) ? blockScalar(indent, ln, valueCol) : scalarAt(ln, valueCol, rawValue);
    const e: MapEntry = { key, value };
    frame.node.entries.push(e);
    frame.node.span.end = value.span.end;
    frame.pending = rawValue === '' ? e : undefined;
    return true;
  };

  const newContainer = (isSeq: boolean, ln: number, col: number): MapNode | SeqNode => {
    const span = { start: { line: ln, column: col }, end: { line: ln, column: col } };
    return isSeq ? { type: 'seq', items: [], span } : { type: 'map', entries: [], span };
  };

  for (; line <= lastLine; line++) {
    const raw = lines.line(line);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...') continue;
    let indent = indentOf(raw);
    let col = raw.length - raw.trimStart().length + 1;
    let content = trimmed;
    const isDash = content === '-' || content.startsWith('- ');

    if (!root) {
      root = newContainer(isDash, line, col);
      stack.push({ indent, node: root });
    }
    // A key at the indent of a sequence ends it: `items:` followed by `- …` at the same indent (the
    // form kubectl writes) and then `kind: List` belongs to the map that holds the sequence.
    const ends = (f: Frame): boolean => indent < f.indent || (!isDash && f.node.type === 'seq' && indent === f.indent);
    while (stack.length > 1 && ends(stack[stack.length - 1] as Frame)) stack.pop();
    let frame = stack[stack.length - 1] as Frame;

    const opensChild =
      frame.pending && (indent > frame.indent || (isDash && indent === frame.indent && frame.node.type === 'map'));
    if (opensChild && frame.pending) {
      const child = newContainer(isDash, line, col);
      frame.pending.value = child;
      frame.pending = undefined;
      frame = { indent, node: child };
      stack.push(frame);
    } else if (indent > frame.indent) {
      // A `key: value` line indented past its siblings (a stray space, a tab among spaces) is a
      // sibling: YAML forbids `: ` in a plain continuation line, so it cannot be one. Anything else
      // is a continuation line of something we do not model (multi-line flow, folded plain scalar).
      if (isDash || frame.node.type !== 'map' || looseEntry(content) === undefined) continue;
    }

    if (isDash) {
      if (frame.node.type !== 'seq') continue;
      const rest = content.slice(1).trimStart();
      const restCol = col + (content.length - rest.length);
      if (rest === '') continue;
      if (looseKeyValue(rest) !== undefined && !rest.startsWith('"') && !rest.startsWith("'")) {
        const item = newContainer(false, line, restCol) as MapNode;
        frame.node.items.push(item);
        const itemFrame: Frame = { indent: indent + (restCol - col), node: item };
        stack.push(itemFrame);
        indent = itemFrame.indent;
        col = restCol;
        content = rest;
        addKeyValue(itemFrame, indent, line, col, content);
      } else {
        frame.node.items.push(scalarAt(line, restCol, rest));
      }
      continue;
    }
    addKeyValue(frame, indent, line, col, content);
  }
  return root;
}
