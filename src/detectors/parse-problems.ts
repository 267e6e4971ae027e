import { defineDetector, NO_PARAMS, type BaseContext, type NoParams } from './detector.js';

/** Input that is not valid YAML/JSON: reported as a note so a broken file never reads as clean. */
export const parseProblems = defineDetector<NoParams>({
  name: 'parse-problems',
  target: 'file',
  paramsSchema: NO_PARAMS,
  detect(ctx: BaseContext<NoParams>) {
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
