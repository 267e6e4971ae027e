import { parseAllDocuments, type Document } from 'yaml';
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
  /** Written as JSON (`{...}`): rewritten as JSON too. */
  json: boolean;
}

/**
 * The documents of a YAML (or single-object JSON) file with their text positions, so that some of
 * them can be replaced while every other byte of the file (other documents, comments before and
 * between them, `---` markers) is kept exactly. The one YAML document reader of sealing: errors
 * name the document, line and column, never text.
 */
export function documentSlices(text: string, source: string): DocumentSlice[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: DocumentSlice[] = [];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error !== undefined) {
      const before = text.slice(0, error.pos[0]).split('\n');
      throw new SealcheckError(`${source} document ${i + 1}: not valid YAML (${error.code} at line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1})`);
    }
    const contents = doc.contents;
    if (contents === null || contents.range === undefined || contents.range === null) return;
    const value: unknown = plainValue(doc, text, `${source} document ${i + 1}`);
    if (value === null || value === undefined) return;
    const [start, end] = contents.range;
    out.push({ number: out.length + 1, start, end, firstLine: lineAt(text, start), lastLine: lineAt(text, Math.max(start, end - 1)), value, json: text.charAt(start) === '{' });
  });
  return out;
}

/**
 * The document as plain data, refusing what YAML silently turns into something else: an unquoted
 * value starting with `*` (an alias with no anchor) or `!` (a tag that swallows the value). Sealing
 * either would seal the wrong bytes. Messages give the line, never the text.
 */
export function plainValue(doc: Document.Parsed, text: string, where: string): unknown {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag !== undefined) throw new SealcheckError(`${where}, line ${lineOf(tag.pos[0])}: a value starting with ! is read by YAML as a tag, not as text; quote the value`);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ReferenceError || err instanceof RangeError) {
      throw new SealcheckError(`${where}: a value starting with * is read by YAML as an alias with no anchor (or aliases expand too far); quote the value`);
    }
    throw err;
  }
}

/** Replaces slices (non-overlapping) with new text; everything between them is kept byte for byte. */
export function replaceSlices(text: string, replacements: readonly { slice: DocumentSlice; text: string }[]): string {
  const sorted = [...replacements].sort((a, b) => a.slice.start - b.slice.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.slice.start < at) throw new Error('overlapping document replacements');
    out += text.slice(at, r.slice.start);
    // The old content ended its last line unless it was the end of a file without a final newline.
    const endsLine = r.slice.end > 0 && text.charAt(r.slice.end - 1) === '\n';
    const body = r.text.endsWith('\n') ? r.text : `${r.text}\n`;
    out += endsLine ? body : body.slice(0, -1);
    at = r.slice.end;
  }
  return out + text.slice(at);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
