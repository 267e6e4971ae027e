import type { MapNode, ScalarNode, SeqNode, YNode } from './node.js';
import type { LineIndex } from './positions.js';

/**
 * Reads a text that is one JSON object or array into the same positioned tree the YAML path
 * builds for it (yaml-tree.ts): JSON is YAML, but the `yaml` composer spent half a second on a
 * 150 KB lock file, and a hand-written scanner reads it in a few milliseconds.
 *
 * Returns undefined for anything it does not read exactly as the YAML path would (a syntax error,
 * trailing content, nesting deeper than `maxDepth`), and the caller parses the text as YAML, so a
 * malformed file gets the same notes and fallbacks as before.
 *
 * What the YAML path makes of JSON: strings are double-quoted scalars (`quoted`, the decoded
 * text); numbers, `true` and `false` are plain scalars that keep their source spelling; `null` is a
 * plain scalar with no value; duplicate keys are all kept in order; a `"<<"` key whose value is an
 * object is merged into the object that holds it; spans run from a token's first character to its
 * last (a collection's closing bracket included).
 */
export function jsonTree(text: string, lines: LineIndex, maxDepth: number): YNode | undefined {
  // Deeper than this, recursion here could run out of stack where the YAML path reports the depth.
  const reader = new JsonReader(text, lines, Math.min(maxDepth, 1000));
  return reader.document();
}

/** Thrown inside the reader to unwind to `document`; never leaves this module. */
class NotJson extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

class JsonReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly maxDepth: number,
  ) {}

  document(): YNode | undefined {
    try {
      this.skipWs();
      const c = this.text.charCodeAt(this.pos);
      // A bare scalar document is left to YAML: it is rare, and `"a": 1` style text is not JSON anyway.
      if (c !== 0x7b && c !== 0x5b) return undefined;
      const root = this.value(0);
      this.skipWs();
      return this.pos === this.text.length ? root : undefined;
    } catch (err) {
      if (err instanceof NotJson) return undefined;
      throw err;
    }
  }

  private skipWs(): void {
    const t = this.text;
    while (this.pos < t.length && WS.has(t.charCodeAt(this.pos))) this.pos += 1;
  }

  private value(depth: number): YNode {
    // The YAML path stops converting below the depth limit and reports it; that report is its job.
    if (depth > this.maxDepth) throw new NotJson();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.word(4, 'true');
    if (this.text.startsWith('false', this.pos)) return this.word(5, 'false');
    if (this.text.startsWith('null', this.pos)) return this.word(4, null);
    throw new NotJson();
  }

  private object(depth: number): MapNode {
    const start = this.pos;
    this.pos += 1;
    const entries: MapNode['entries'] = [];
    this.skipWs();
    if (this.text.charCodeAt(this.pos) === 0x7d) return this.closeMap(start, entries);
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) throw new NotJson();
      const key = this.string();
      this.skipWs();
      if (this.text.charCodeAt(this.pos) !== 0x3a) throw new NotJson();
      this.pos += 1;
      this.skipWs();
      const value = this.value(depth + 1);
      // YAML 1.1 merge key, which the YAML path honours for any `<<` key (quoted included).
      if (key.value === '<<' && value.type === 'map') for (const e of value.entries) entries.push(e);
      else entries.push({ key, value });
      this.skipWs();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x7d) return this.closeMap(start, entries);
      if (c !== 0x2c) throw new NotJson();
      this.pos += 1;
      this.skipWs();
    }
  }

  private closeMap(start: number, entries: MapNode['entries']): MapNode {
    this.pos += 1;
    return { type: 'map', entries, span: this.lines.span(start, this.pos) };
  }

  private array(depth: number): SeqNode {
    const start = this.pos;
    this.pos += 1;
    const items: YNode[] = [];
    this.skipWs();
    if (this.text.charCodeAt(this.pos) !== 0x5d) {
      for (;;) {
        items.push(this.value(depth + 1));
        this.skipWs();
        const c = this.text.charCodeAt(this.pos);
        if (c === 0x5d) break;
        if (c !== 0x2c) throw new NotJson();
        this.pos += 1;
        this.skipWs();
      }
    }
    this.pos += 1;
    return { type: 'seq', items, span: this.lines.span(start, this.pos) };
  }

  private string(): ScalarNode {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    // The common case, a string without escapes, is one slice.
    for (;;) {
      if (i >= t.length) throw new NotJson();
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) return this.escapedString(start, i);
      if (c < 0x20) throw new NotJson();
      i += 1;
    }
    this.pos = i + 1;
    return this.scalar(t.slice(start + 1, i), 'quoted', start);
  }

  private escapedString(start: number, firstEscape: number): ScalarNode {
    const t = this.text;
    const parts: string[] = [t.slice(start + 1, firstEscape)];
    let i = firstEscape;
    let run = i;
    for (;;) {
      if (i >= t.length) throw new NotJson();
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw new NotJson();
      if (c !== 0x5c) {
        i += 1;
        continue;
      }
      parts.push(t.slice(run, i));
      const e = t.charAt(i + 1);
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        parts.push(simple);
        i += 2;
      } else if (e === 'u') {
        const hex = t.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new NotJson();
        parts.push(String.fromCharCode(parseInt(hex, 16)));
        i += 6;
      } else throw new NotJson();
      run = i;
    }
    parts.push(t.slice(run, i));
    this.pos = i + 1;
    return this.scalar(parts.join(''), 'quoted', start);
  }

  private number(): ScalarNode {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i += 1;
    if (t.charCodeAt(i) === 0x30) i += 1;
    else if (isDigit(t.charCodeAt(i))) while (isDigit(t.charCodeAt(i))) i += 1;
    else throw new NotJson();
    if (t.charCodeAt(i) === 0x2e) {
      i += 1;
      if (!isDigit(t.charCodeAt(i))) throw new NotJson();
      while (isDigit(t.charCodeAt(i))) i += 1;
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i += 1;
      const s = t.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i += 1;
      if (!isDigit(t.charCodeAt(i))) throw new NotJson();
      while (isDigit(t.charCodeAt(i))) i += 1;
    }
    this.pos = i;
    return this.scalar(t.slice(start, i), 'plain', start);
  }

  private word(length: number, value: string | null): ScalarNode {
    const start = this.pos;
    this.pos += length;
    return this.scalar(value, 'plain', start);
  }

  private scalar(value: string | null, style: ScalarNode['style'], start: number): ScalarNode {
    return { type: 'scalar', value, style, span: this.lines.span(start, this.pos) };
  }
}

const ESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
