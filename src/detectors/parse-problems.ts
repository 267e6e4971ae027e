import { defineDetector, type BaseContext } from './detector.js';

/** Input that is not valid YAML/JSON: reported as a note so a broken file never reads as clean. */
export const parseProblems = defineDetector<Record<string, never>>({
  name: 'parse-problems',
  target: 'file',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  detect(ctx: BaseContext<Record<string, never>>) {
    for (const p of ctx.file.problems) {
      if (p.unchecked) continue; // reported by the not-scanned rule, which blocks
      ctx.report({
        span: p.span,
        key: p.code,
        message: `${ctx.file.templated ? 'template ' : ''}file does not parse (${p.code}: ${p.message}); the rest of the document was checked by the tolerant text fallback`,
      });
    }
  },
});
