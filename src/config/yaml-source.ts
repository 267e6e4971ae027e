import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { LineIndex } from '../parse/positions.js';

/** A small YAML file of our own (config, rule, baseline), kept with its positions for error messages. */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineIndex;
}

export function readYamlSource(file: string, text: string): YamlSource {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const lines = new LineIndex(text);
  const first = doc.errors[0];
  if (first) throw new ConfigError(file, lines.position(first.pos[0]).line, `not valid YAML: ${first.message}`);
  return { file, doc, lines };
}

/** The line of the node at a JSON pointer such as `/rules/0/severity`, or of its nearest parent. */
export function lineOfPointer(src: YamlSource, pointer: string): number | undefined {
  const path = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = path.length; n >= 0; n--) {
    const segs = path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = segs.length === 0 ? src.doc.contents : src.doc.getIn(segs, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return src.lines.position(range[0]).line;
  }
  return undefined;
}

export function parsePointer(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Line of a key inside the map at `parent`; falls back to the map's own line. */
export function keyLine(src: YamlSource, parent: (string | number)[], key: string): number | undefined {
  const map = parent.length === 0 ? src.doc.contents : src.doc.getIn(parent, true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range)
        return src.lines.position(pair.key.range[0]).line;
    }
  }
  return lineOfPointer(src, parent.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
}

let ajvInstance: Ajv | undefined;

/**
 * Loaded on first use (about 60 ms of start-up): a scan needs it only for a configuration or
 * baseline file, or for rules read from YAML rather than dist/rules.json; start-up matters in a hook.
 */
function ajv(): Ajv {
  if (ajvInstance === undefined) {
    const ajvModule = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    ajvInstance = new ajvModule.Ajv({ allErrors: false, strict: false });
  }
  return ajvInstance;
}

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const id = schema.$id;
  const existing = typeof id === 'string' ? ajv().getSchema(id) : undefined;
  return existing ?? ajv().compile(schema);
}

/** Throws a ConfigError naming the file and line of the first schema violation. */
export function assertValid(src: YamlSource, value: unknown, validate: ValidateFunction, what: string): void {
  if (validate(value)) return;
  const err = (validate.errors ?? [])[0] as ErrorObject | undefined;
  const pointer = err?.instancePath ?? '';
  const detail = err ? describe(err) : 'invalid';
  // An unknown property is reported at its own key, not at the object holding it.
  const line =
    err?.keyword === 'additionalProperties'
      ? keyLine(src, parsePointer(pointer), String(err.params.additionalProperty))
      : lineOfPointer(src, pointer);
  throw new ConfigError(src.file, line, `${what}: ${pointer || '(root)'} ${detail}`);
}

function describe(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return `has unknown property "${String(err.params.additionalProperty)}"`;
  if (err.keyword === 'enum') return `must be one of ${(err.params.allowedValues as unknown[]).map(String).join(', ')}`;
  return err.message ?? 'is invalid';
}
