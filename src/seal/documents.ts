/**
 * Splits a manifest text into documents the way kubeseal's YAMLOrJSONDecoder reads its input: a
 * JSON stream (objects back to back, as kubeseal's JSON output) or multi-document YAML. Parse errors
 * name the source, line and column but never quote the text, which may hold secret values.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { SealcheckError } from '../errors.js';

export interface RawDocument {
  /** 1-based position in the stream, counting only non-empty documents. */
  number: number;
  value: unknown;
}

export function readDocuments(text: string, source: string): RawDocument[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const values = /^\s*\{/.test(body) ? readJsonOrFlowYaml(body, source) : readYamlStream(body, source);
  return values.filter((v) => v !== null && v !== undefined).map((value, i) => ({ number: i + 1, value }));
}

function readYamlStream(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: unknown[] = [];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error !== undefined) {
      const offset = error.pos[0];
      const before = text.slice(0, offset).split('\n');
      const where = ` at line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
      throw new SealcheckError(`${source} document ${i + 1}: not valid YAML (${error.code}${where})`);
    }
    out.push(plainValue(doc, text, `${source} document ${i + 1}`));
  });
  return out;
}

/** A text starting with `{`: a JSON stream, or else a YAML flow mapping (`{kind: Secret, …}`). */
function readJsonOrFlowYaml(text: string, source: string): unknown[] {
  try {
    return readJsonStream(text, source);
  } catch (jsonError) {
    try {
      return readYamlStream(text, source);
    } catch {
      throw jsonError;
    }
  }
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

/** Objects back to back (whitespace between them), each parsed with JSON.parse. */
function readJsonStream(text: string, source: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i += 1;
    if (i >= text.length) break;
    const end = endOfJsonValue(text, i);
    if (end === undefined) throw new SealcheckError(`${source}: JSON document ${out.length + 1} is not complete (offset ${i})`);
    try {
      out.push(JSON.parse(text.slice(i, end)));
    } catch {
      throw new SealcheckError(`${source}: JSON document ${out.length + 1} is not valid JSON (starting at offset ${i})`);
    }
    i = end;
  }
  return out;
}

function endOfJsonValue(text: string, start: number): number | undefined {
  if (text.charAt(start) !== '{' && text.charAt(start) !== '[') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
