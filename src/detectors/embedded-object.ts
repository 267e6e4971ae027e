import { decodeBase64 } from '../classify/base64.js';
import { gunzip, MAX_OUTPUT, TOO_LARGE, unzipFirst } from '../classify/compressed.js';
import { manifestsOf } from '../manifest/manifest.js';
import { isMap, mapSpans, text, type ScalarNode, type Span, type YNode } from '../parse/node.js';
import { parseFile, type ParsedFile } from '../parse/parse-file.js';
import { defineDetector, paramsSchema, type ManifestContext } from './detector.js';

export interface EmbeddedObjectParams {
  /** Annotations that carry a copy of a whole object, with how the copy is encoded. */
  annotations: { name: string; encoding: 'json' | 'gzip-base64' | 'auto' }[];
}

/**
 * `kubectl apply` (and kubecfg, kapp, banzaicloud) store a full copy of the object in an annotation.
 * On a Secret exported with `kubectl get -o yaml` that copy holds `stringData` in plain text, even
 * inside a SealedSecret's template. The copy is decoded, parsed and handed back to every rule.
 */
export const embeddedObject = defineDetector<EmbeddedObjectParams>({
  name: 'embedded-object',
  target: 'manifest',
  paramsSchema: paramsSchema<EmbeddedObjectParams>(
    { annotations: true },
    {
      annotations: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'encoding'],
          properties: { name: { type: 'string' }, encoding: { type: 'string', enum: ['json', 'gzip-base64', 'auto'] } },
        },
      },
    },
  ),
  detect(ctx: ManifestContext<EmbeddedObjectParams>) {
    if (ctx.manifest.embeddedIn) return; // the engine bounds recursion; one level of copies is what tools write
    for (const annotations of annotationMaps(ctx.manifest.root, 0)) {
      for (const e of annotations.entries) {
        const spec = ctx.params.annotations.find((a) => a.name === e.key.value);
        const raw = text(e.value);
        if (!spec || raw === undefined || raw.trim() === '') continue;
        const decoded = decode(raw, spec.encoding);
        if (decoded === TOO_LARGE) {
          ctx.unchecked(
            e.value.span,
            'decompression-limit',
            `the ${spec.name} annotation decompresses to more than ${MAX_OUTPUT / 1024 / 1024} MiB; the copy it holds was not checked`,
          );
          continue;
        }
        if (decoded === undefined) {
          ctx.report({
            span: e.value.span,
            severity: 'note',
            message: `the ${spec.name} annotation could not be decoded (${spec.encoding}); check it by hand`,
          });
          continue;
        }
        const inner = parseFile('embedded.json', decoded);
        // Part of the copy left unchecked (nested too deep, an alias bomb) may hold a credential: that blocks.
        for (const p of inner.problems.filter((q) => q.unchecked))
          ctx.unchecked(e.value.span, p.code, `in the ${spec.name} annotation: ${p.message}`);
        if (inner.problems.some((q) => !q.unchecked)) {
          ctx.report({
            span: e.value.span,
            severity: 'note',
            message: `the ${spec.name} annotation holds a copy that does not parse (${inner.problems.find((q) => !q.unchecked)?.code}); it was read by the tolerant fallback, check it by hand`,
          });
        }
        const mapSpan = spanMapper(ctx.file, e.value as ScalarNode, decoded);
        const origin = { annotation: spec.name, span: e.value.span };
        const manifests = inner.docs.flatMap((d) =>
          d.root ? manifestsOf(mapSpans(d.root, mapSpan), d.index, d.mode, origin) : [],
        );
        if (manifests.length > 0) ctx.embed(manifests, decoded);
      }
    }
  },
});

/** Every `annotations:` map in the object (metadata, pod templates, a SealedSecret's template). */
function annotationMaps(node: YNode, depth: number): Extract<YNode, { type: 'map' }>[] {
  if (depth > 8) return [];
  const out: Extract<YNode, { type: 'map' }>[] = [];
  if (node.type === 'map') {
    for (const e of node.entries) {
      if (e.key.value === 'annotations' && isMap(e.value)) out.push(e.value);
      else if (e.value.type !== 'scalar') for (const m of annotationMaps(e.value, depth + 1)) out.push(m);
    }
  } else if (node.type === 'seq') {
    for (const i of node.items) for (const m of annotationMaps(i, depth + 1)) out.push(m);
  }
  return out;
}

/**
 * The copy's JSON text; TOO_LARGE when it decompresses past the cap (JSON text starts with `[` or
 * `{`, so it is never that word); undefined when it does not decode to JSON.
 */
function decode(raw: string, encoding: EmbeddedObjectParams['annotations'][number]['encoding']): string | undefined {
  const trimmed = raw.trim();
  if (encoding === 'json' || (encoding === 'auto' && /^[[{]/.test(trimmed)))
    return /^[[{]/.test(trimmed) ? trimmed : undefined;
  const bytes = decodeBase64(trimmed);
  if (!bytes) return undefined;
  const inflated =
    bytes[0] === 0x1f && bytes[1] === 0x8b
      ? gunzip(bytes)
      : encoding === 'auto' && bytes[0] === 0x50
        ? unzipFirst(bytes)
        : encoding === 'auto'
          ? bytes
          : undefined;
  if (inflated === TOO_LARGE) return TOO_LARGE;
  const out = inflated?.toString('utf8').trim();
  return out !== undefined && /^[[{]/.test(out) ? out : undefined;
}

/**
 * Where the decoded object's nodes are in the file. A single-line JSON copy written verbatim (the
 * kubectl form, in a block scalar or plain) maps column by column; anything else (escaped, compressed)
 * is reported at the annotation's value.
 */
function spanMapper(file: ParsedFile, scalar: ScalarNode, decoded: string): (s: Span) => Span {
  const whole = (): Span => scalar.span;
  if (decoded.includes('\n')) return whole;
  const from = file.lines.lineStart(scalar.span.start.line) + scalar.span.start.column - 1;
  const to = file.lines.lineStart(scalar.span.end.line) + scalar.span.end.column - 1;
  const at = file.text.indexOf(decoded, from);
  if (at < 0 || at + decoded.length > to + 1) return whole;
  const base = file.lines.position(at);
  return (s) => ({
    start: { line: base.line, column: base.column + s.start.column - 1 },
    end: { line: base.line, column: base.column + s.end.column - 1 },
  });
}
