import { decodeBase64, isText, looksLikeBase64Blob } from './base64.js';
import { isRandomText } from './entropy.js';
import { isKeystoreWithPrivateKey } from './keystore.js';
import { lowerCase, TextFacts } from './prefilter.js';

/**
 * The documents of a YAML stream as raw text, found without parsing, with what the rule prefilters
 * ask about each one. A manifest rule can only find something in a document whose own text passes
 * its prefilter and whose kind it judges, so the engine parses only those documents: a CRD or a
 * dashboard beside a Secret in the same file costs what reading it costs.
 *
 * The split follows the YAML rule that a line starting with `---` (then a blank or the line's end)
 * is a document marker wherever it stands: no scalar, block or quoted, may hold such a line, so a
 * split here is the split the parser makes. Whatever the pre-pass cannot read with certainty (a
 * directive, an `...` end marker, a template action that spans a marker) makes it give up, and the
 * file is parsed whole.
 */
export interface RawDocument {
  /** Offsets of the document in the text: from its marker line (if any) to the next marker line. */
  start: number;
  end: number;
  /** The document opens with a `---` marker line. */
  marked: boolean;
  /**
   * The values of its top-level `kind:` keys, or undefined when the text does not say for certain
   * (JSON, a flow mapping, a template that prints the key, a `List` whose items carry the kinds).
   * An empty set: the document has no `kind`, so no rule scoped to kinds applies to it.
   */
  kinds: ReadonlySet<string> | undefined;
  facts: TextFacts;
}

/**
 * Facts of one document: lower-cased from the whole file's lower-cased text when that is exact,
 * and credential content narrowed to what a value check can find. A value is decoded only when the
 * whole value reads as base64 (`classifyValue`), so a base64-looking run inside prose or a mapping
 * key (`msteamsv2Configs`, all over CRD schemas) is no reason to parse; a private key is one only
 * with its `-----BEGIN` line, not the words "private key" in a description.
 */
class DocumentFacts extends TextFacts {
  private lowered?: string;
  private valued?: boolean;

  constructor(
    private readonly file: string,
    private readonly start: number,
    private readonly end: number,
  ) {
    super(file.slice(start, end));
  }

  override get lower(): string {
    if (this.lowered === undefined) {
      const whole = lowerCase(this.file);
      // Lower-casing keeps every UTF-16 unit in place unless some character grows (`İ`): then slice
      // offsets would drift, and the document is lower-cased on its own.
      this.lowered = whole.length === this.file.length ? whole.slice(this.start, this.end) : this.text.toLowerCase();
    }
    return this.lowered;
  }

  override get credentialContent(): boolean {
    this.valued ??= super.credentialContent && (VALUE_MARKERS.test(this.text) || hasBlobValue(this.text));
    return this.valued;
  }
}

// The prefilter's markers (TextFacts), the private key as a PEM header. Bounded repeats: see there.
const VALUE_MARKERS =
  /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY|PuTTY-User-Key|:\/\/[^\s:@/]{0,128}:[^\s@/]+@|eyJ[A-Za-z0-9_-]{8}/;
const BLOB = /[A-Za-z0-9+/_-]{16}[A-Za-z0-9+/_-]*={0,2}/g;
const SPACE = /\s/;

/**
 * A value some check can take for a credential: long hex (a key under a plain `key` name), random
 * text (the same), base64 that decodes to text or a keystore (`classifyValue`), or a run as long as
 * a line of wrapped base64, whose neighbours make the value (decoding one line proves nothing).
 * A word-like run that decodes to noise (`Consecutive5xxErrors`, `Implementation-specific`, enum
 * values all over CRD schemas) is none of these.
 */
function isBlob(v: string): boolean {
  if (v.length < 16) return false;
  if (/^[0-9a-f]{32,}$/i.test(v)) return true;
  if (!looksLikeBase64Blob(v)) return false;
  if (v.length >= 60 || isRandomText(v)) return true;
  const bytes = decodeBase64(v);
  return bytes !== undefined && (isText(bytes) || isKeystoreWithPrivateKey(bytes));
}

/**
 * Some line's value (after its key, or the whole line of a block scalar) is one base64 or long hex
 * run. A line with a flow collection is searched for a run anywhere, as the text prefilter does.
 */
function hasBlobValue(text: string): boolean {
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(valueStart(text, at, end), end);
    if (line.includes('{') || line.includes('[')) {
      BLOB.lastIndex = 0;
      for (let m = BLOB.exec(line); m !== null; m = BLOB.exec(line)) if (isBlob(m[0])) return true;
    } else {
      let v = line.trim();
      const hash = v.indexOf(' #');
      if (hash !== -1) v = v.slice(0, hash).trimEnd();
      if (v.endsWith(',')) v = v.slice(0, -1);
      const q = v.charAt(0);
      if ((q === '"' || q === "'") && v.endsWith(q)) v = v.slice(1, -1);
      if (!SPACE.test(v) && isBlob(v)) return true;
    }
    if (nl === -1) break;
    at = nl + 1;
  }
  return false;
}

/** Where a line's value starts: after its indentation, `- ` item markers and `key:`. */
function valueStart(text: string, at: number, end: number): number {
  let i = at;
  for (;;) {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) i += 2;
    else break;
  }
  const key = keyEnd(text, i, end);
  return key === -1 ? i : key + 1;
}

/** The offset of the `:` ending a `key:` at `i` (bare or quoted key), or -1. */
function keyEnd(text: string, from: number, end: number): number {
  let i = from;
  const quote = text[i] === '"' || text[i] === "'" ? text[i] : undefined;
  if (quote !== undefined) i++;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  if (quote !== undefined && text[i] === quote) i++;
  const after = text[i + 1];
  return i > from && text[i] === ':' && (i + 1 >= end || after === ' ' || after === '\t' || after === '\r') ? i : -1;
}

/** Characters of a bare key (a quoted one may hold others, and is then not skipped: conservative). */
function isKeyChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2b /* + */ ||
    c === 0x2f /* / */ ||
    c === 0x5f /* _ */ ||
    c === 0x2d /* - */ ||
    c === 0x2e /* . */
  );
}

/** The documents of `text`, or undefined when the split cannot be trusted (then parse everything). */
export function rawDocuments(text: string): RawDocument[] | undefined {
  const templated = text.includes('{{');
  const starts: number[] = [];
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(at);
    // A directive (`%YAML`) belongs to the document after it, an `...` ends one before any
    // marker: both are rare enough in manifests to hand the file to the parser whole.
    if (c === 0x25 /* % */ || (c === 0x2e /* . */ && isMarker(text, at, end, '...'))) return undefined;
    if (c === 0x2d /* - */ && isMarker(text, at, end, '---')) starts.push(at);
    if (nl === -1) break;
    at = nl + 1;
  }
  if (starts[0] !== 0) starts.unshift(0);
  const docs: RawDocument[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    const end = i + 1 < starts.length ? (starts[i + 1] as number) : text.length;
    // The neutraliser reads an action up to its `}}` across lines; one left open here would reach
    // into the next document, which the parser then sees differently when this one is left out.
    if (templated && count(text, '{{', start, end) !== count(text, '}}', start, end)) return undefined;
    const marked = isMarker(text, start, lineEnd(text, start), '---');
    docs.push({
      start,
      end,
      marked,
      kinds: kindsOf(text, start, end, marked),
      facts: new DocumentFacts(text, start, end),
    });
  }
  return docs;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}

/** `---` or `...` at the line's start, then a blank or the line's end. */
function isMarker(text: string, at: number, end: number, marker: string): boolean {
  if (!text.startsWith(marker, at)) return false;
  if (at + 3 >= end) return true;
  const next = text[at + 3];
  return next === ' ' || next === '\t' || next === '\r';
}

function count(text: string, what: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf(what, start); i !== -1 && i + what.length <= end; i = text.indexOf(what, i + what.length))
    n++;
  return n;
}

/**
 * The values of the document's top-level `kind:` keys: lines at the indentation of its first
 * content line. Undefined when that cannot be read from the lines alone.
 */
function kindsOf(text: string, start: number, end: number, marked: boolean): ReadonlySet<string> | undefined {
  const kinds = new Set<string>();
  let root = -1;
  let at = start;
  if (marked) {
    const e = lineEnd(text, start);
    // `--- |`, `--- {kind: Secret}`, `--- !tag`: content on the marker line.
    if (!blankOrComment(text.slice(start + 3, e))) return undefined;
    at = e + 1;
  }
  while (at < end) {
    const e = Math.min(lineEnd(text, at), end);
    const line = text.slice(at, e);
    at = e + 1;
    let indent = 0;
    while (line[indent] === ' ') indent++;
    const body = line.slice(indent);
    if (blankOrComment(body)) continue;
    if (body.startsWith('\t')) return undefined;
    if (body.startsWith('{{')) {
      // A template line that prints something may print the root keys themselves.
      if (printsText(body)) return undefined;
      continue;
    }
    if (root === -1) {
      // A sequence, a flow collection, JSON, an explicit key, an anchor or tag on the root: not read here.
      if ('-[{"\'?&!*|>'.includes(body.charAt(0)) && !startsWithQuotedKind(body)) return undefined;
      root = indent;
    }
    if (indent !== root) continue;
    if (body.startsWith('<<')) return undefined;
    const value = kindValue(body);
    if (value === null) continue;
    if (value === undefined) return undefined;
    if (value.endsWith('List')) return undefined;
    kinds.add(value);
    // A Secret spelled `secret` is still judged as one (manifest identity does the same).
    if (value.toLowerCase() === 'secret') kinds.add('Secret');
  }
  return kinds;
}

function blankOrComment(s: string): boolean {
  const t = s.trim();
  return t === '' || t.startsWith('#');
}

function startsWithQuotedKind(body: string): boolean {
  return body.startsWith('"kind"') || body.startsWith("'kind'");
}

/** A template line other than control flow, a comment or an assignment. */
function printsText(body: string): boolean {
  const inner = body.replace(/^\{\{-?\s*/, '');
  if (inner.startsWith('/*') || inner.startsWith('$')) return false;
  const word = /^[a-z]+/.exec(inner)?.[0] ?? '';
  return !['if', 'else', 'end', 'with', 'range', 'define', 'block', 'break', 'continue'].includes(word);
}

/**
 * The value of a `kind:` key line: null when the line is another key, undefined when it is `kind`
 * with a value the pre-pass cannot read for certain (empty, templated, anchored, flow).
 */
function kindValue(body: string): string | null | undefined {
  let rest: string;
  if (body.startsWith('kind')) rest = body.slice(4);
  else if (startsWithQuotedKind(body)) rest = body.slice(6);
  else return null;
  rest = rest.trimStart();
  if (!rest.startsWith(':')) return null;
  rest = rest.slice(1);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t' && rest[0] !== '\r') return undefined;
  const hash = rest.indexOf(' #');
  let value = (hash === -1 ? rest : rest.slice(0, hash)).trim();
  const q = value.charAt(0);
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
  if (value === '' || !/^[A-Za-z0-9._/-]+$/.test(value)) return undefined;
  return value;
}
