import { defineDetector, NO_PARAMS, type BaseContext, type NoParams } from './detector.js';

/** The rule that reports this detector's findings (rules/not-scanned.yaml); change judges block on it. */
export const NOT_SCANNED = 'not-scanned';

/**
 * Content that could not be checked (a file too large to parse, unreadable, not decodable, nested
 * past the depth limit, an alias bomb, an annotation that decompresses past its cap): it may hold a
 * credential, so it is a finding of its own and never reads as clean.
 */
export const uncheckedContent = defineDetector<NoParams>({
  name: 'unchecked-content',
  target: 'file',
  paramsSchema: NO_PARAMS,
  detect(ctx: BaseContext<NoParams>) {
    for (const p of ctx.file.problems) {
      if (!p.unchecked) continue;
      const hit = { span: p.span, key: p.code, message: `not fully checked: ${p.message}` };
      ctx.report(p.fix !== undefined ? { ...hit, fix: p.fix } : hit);
    }
  },
});
