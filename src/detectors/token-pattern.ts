import { pemKeyBody } from '../classify/pem-block.js';
import { isWeakToken, tokenSecret, type TokenChecks } from '../classify/token-match.js';
import { mentionsKeyword, scanPlan, tokenMatches } from '../classify/token-scan.js';
import { defineDetector, paramsSchema, type BaseContext } from './detector.js';

export interface TokenPatternParams extends TokenChecks {
  /** What the token is, in words ("AWS access key ID"): used in messages and when classifying decoded values. */
  label: string;
  /** JavaScript regular expression source; the `g` flag is added. */
  regex: string;
  flags?: string;
  /** Cheap prefilter: the file must contain one of these (case-insensitive) before the regex runs. */
  keywords: string[];
}

const compiled = new Map<string, RegExp>();

/** A credential format recognisable by its shape (AWS keys, GitHub tokens, PEM private keys…) in any text file. */
export const tokenPattern = defineDetector<TokenPatternParams>({
  name: 'token-pattern',
  target: 'text',
  paramsSchema: paramsSchema<TokenPatternParams>(
    { label: true, regex: true, keywords: true },
    {
      label: { type: 'string', minLength: 3 },
      regex: { type: 'string', minLength: 1 },
      flags: { type: 'string', pattern: '^[imsu]*$' },
      keywords: { type: 'array', items: { type: 'string', minLength: 2 }, minItems: 1 },
      secretGroup: { type: 'integer', minimum: 0 },
      minEntropy: { type: 'number', minimum: 0 },
      pemBlock: { type: 'boolean' },
      wordsAreWeak: { type: 'boolean' },
    },
  ),
  detect(ctx: BaseContext<TokenPatternParams>) {
    const { params, file } = ctx;
    const cacheKey = `${params.regex}\u0000${params.flags ?? ''}`;
    let re = compiled.get(cacheKey);
    if (!re) {
      re = new RegExp(params.regex, `g${params.flags ?? ''}`);
      compiled.set(cacheKey, re);
    }
    const plan = scanPlan(re, params.keywords);
    // A regex that can match away from its keywords runs over the whole file when one occurs anywhere;
    // one that cannot has no match in a file without them.
    if (!mentionsKeyword(file.text, plan)) return;
    for (const m of tokenMatches(re, file.text, plan)) {
      const found = tokenSecret(params, file.text, m);
      if (found === undefined) continue;
      const { secret, start } = found;
      const value = (params.pemBlock === true ? pemKeyBody(file.text, start) : undefined) ?? secret;
      const weak = isWeakToken(params, secret);
      ctx.report({
        span: file.lines.span(start, start + secret.length),
        value,
        message: `${params.label} in ${kindOfFile(file.path)}${weak ? ', a password made of words or a well-known default' : ''}`,
        ...(weak ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

function kindOfFile(path: string): string {
  if (/\.md$|\.markdown$/i.test(path)) return 'documentation';
  if (/\.ya?ml$|\.json$/i.test(path)) return 'a manifest';
  return 'a text file';
}
