import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { SealcheckError } from '../errors.js';

/** One non-empty document of a manifest file and where its content sits in the text. */
export interface DocumentSlice {
  /** 1-based, counting only documents with content (as `readDocuments` in src/seal counts them). */
  number: number;
  /** Offsets of the document's content: from its first node to the end of its value. */
  start: number;
  end: number;
  /** 1-based lines of the first and last content character. */
  firstLine: number;
  lastLine: number;
  /** The document as plain data. */
  value: unknown;
  /** Written as JSON (`{...}`, or a flow mapping inside a List): rewritten as JSON too. */
  json: boolean;
  /** For an object inside a `kind: List` document: its 0-based index in `items`. */
  item?: number;
  /** Column of the first content character: where the replacement's further lines start. Default 0. */
  indent?: number;
}

/** `document 2`, or `document 1, items[0]` for an object inside a List, as messages name a slice. */
export function sliceName(slice: DocumentSlice): string {
  return `document ${slice.number}${slice.item !== undefined ? `, items[${slice.item}]` : ''}`;
}

/**
 * The documents of a YAML (or single-object JSON) file with their text positions, so that some of
 * them can be replaced while every other byte of the file (other documents, comments before and
 * between them, `---` markers) is kept exactly. The one YAML document reader of sealing: errors
 * name the document, line and column, never text.
 */
export function documentSlices(text: string, source: string): DocumentSlice[] {
  return parsedSlices(text, source).map((p) => p.slice);
}

/**
 * The objects of a file that a command may replace: its documents, with a `kind: List` document
 * (what `kubectl get secrets -o yaml` writes) standing for each of its items instead, so that a
 * Secret inside a List is sealed in its place and the List keeps everything else.
 */
export function objectSlices(text: string, source: string): DocumentSlice[] {
  return parsedSlices(text, source).flatMap(({ doc, slice }) => {
    const value = slice.value as { kind?: unknown; items?: unknown } | null;
    const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
    if (value?.kind !== 'List' || !Array.isArray(value.items) || !isSeq(items)) return [slice];
    return items.items.flatMap((node, i): DocumentSlice[] => {
      const range = (node as { range?: [number, number, number] | null } | null)?.range;
      if (range === undefined || range === null) return [];
      const [start, end] = range;
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      return [
        {
          number: slice.number,
          item: i,
          start,
          end,
          firstLine: lineAt(text, start),
          lastLine: lineAt(text, Math.max(start, end - 1)),
          value: (value.items as unknown[])[i],
          json: text.charAt(start) === '{',
          indent: start - lineStart,
        },
      ];
    });
  });
}

function parsedSlices(text: string, source: string): { doc: Document.Parsed; slice: DocumentSlice }[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: { doc: Document.Parsed; slice: DocumentSlice }[] = [];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error !== undefined) {
      const before = text.slice(0, error.pos[0]).split('\n');
      throw new SealcheckError(
        `${source} document ${i + 1}: not valid YAML (${error.code} at line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1})`,
      );
    }
    const contents = doc.contents;
    if (contents === null) return;
    const value: unknown = plainValue(doc, text, `${source} document ${i + 1}`);
    if (value === null || value === undefined) return;
    const [start, end] = contents.range;
    out.push({
      doc,
      slice: {
        number: out.length + 1,
        start,
        end,
        firstLine: lineAt(text, start),
        lastLine: lineAt(text, Math.max(start, end - 1)),
        value,
        json: text.charAt(start) === '{',
      },
    });
  });
  return out;
}

/**
 * The document as plain data, refusing what YAML silently turns into something else: an unquoted
 * value starting with `*` (an alias with no anchor) or `!` (a tag that swallows the value). Sealing
 * either would seal the wrong bytes. Messages give the line, never the text.
 */
function plainValue(doc: Document.Parsed, text: string, where: string): unknown {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag !== undefined)
    throw new SealcheckError(
      `${where}, line ${lineOf(tag.pos[0])}: a value starting with ! is read by YAML as a tag, not as text; quote the value`,
    );
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ReferenceError || err instanceof RangeError) {
      throw new SealcheckError(
        `${where}: a value starting with * is read by YAML as an alias with no anchor (or aliases expand too far); quote the value`,
      );
    }
    throw err;
  }
}

/**
 * Replaces slices (non-overlapping) with new text; everything between them is kept byte for byte.
 * The new text (written with `\n`) takes the line ends of the text it replaces (CRLF stays CRLF)
 * and, for an object inside a List, the indentation of its first line.
 */
export function replaceSlices(text: string, replacements: readonly { slice: DocumentSlice; text: string }[]): string {
  const sorted = [...replacements].sort((a, b) => a.slice.start - b.slice.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.slice.start < at) throw new Error('overlapping document replacements');
    out += text.slice(at, r.slice.start);
    // The old content ended its last line unless it was the end of a file without a final newline.
    const endsLine = r.slice.end > 0 && text.charAt(r.slice.end - 1) === '\n';
    const lines = (r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text).split('\n');
    const pad = ' '.repeat(r.slice.indent ?? 0);
    const eol = lineEnd(text, r.slice.start);
    const body = lines.map((l, i) => (i > 0 && l !== '' ? pad + l : l)).join(eol);
    out += endsLine ? body + eol : body;
    at = r.slice.end;
  }
  return out + text.slice(at);
}

/** The line end used from `offset` on (else before it): `\r\n` or `\n`. */
function lineEnd(text: string, offset: number): string {
  const next = text.indexOf('\n', offset);
  const at = next !== -1 ? next : text.lastIndexOf('\n');
  return at > 0 && text.charAt(at - 1) === '\r' ? '\r\n' : '\n';
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
