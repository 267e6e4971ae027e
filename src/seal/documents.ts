/**
 * Splits a manifest text into documents the way kubeseal's YAMLOrJSONDecoder reads its input: a
 * JSON stream (objects back to back, as kubeseal's JSON output) or multi-document YAML. Parse errors
 * name the source, line and column but never quote the text, which may hold secret values.
 */
import { SealcheckError } from '../errors.js';
import { documentSlices } from './document-slices.js';

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
  return documentSlices(text, source).map((d) => d.value);
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

/** Objects back to back (whitespace between them), each parsed with JSON.parse. */
function readJsonStream(text: string, source: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i += 1;
    if (i >= text.length) break;
    const end = endOfJsonValue(text, i);
    if (end === undefined)
      throw new SealcheckError(`${source}: JSON document ${out.length + 1} is not complete (offset ${i})`);
    try {
      out.push(JSON.parse(text.slice(i, end)));
    } catch {
      throw new SealcheckError(
        `${source}: JSON document ${out.length + 1} is not valid JSON (starting at offset ${i})`,
      );
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
