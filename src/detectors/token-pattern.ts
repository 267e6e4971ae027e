import { shannonEntropy } from '../classify/entropy.js';
import { wordShare } from '../classify/names.js';
import { isChartDefault, isPlaceholderPem, placeholderKind } from '../classify/placeholder.js';
import { pemBlockText, pemKeyBody } from '../classify/pem-block.js';
import { lowerCase } from '../classify/prefilter.js';
import { defineDetector, type BaseContext } from './detector.js';

export interface TokenPatternParams {
  /** What the token is, in words ("AWS access key ID"): used in messages and when classifying decoded values. */
  label: string;
  /** JavaScript regular expression source; the `g` flag is added. */
  regex: string;
  flags?: string;
  /** Cheap prefilter: the file must contain one of these (case-insensitive) before the regex runs. */
  keywords: string[];
  /** Capture group holding the secret; 0 (the whole match) by default. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret, to drop examples like AKIAXXXXXXXXXXXXXXXX. */
  minEntropy?: number;
  /**
   * The match starts a PEM block: its value (what the fingerprint hashes) is the whole normalised
   * block up to the END line, so keys that share their first lines stay apart. Default false.
   */
  pemBlock?: boolean;
  /**
   * The secret is a password a person chose (a database URL's, a query string's): one that reads as
   * words or a well-known default (`wordpress2024`, `admin123`) is reported at warning, as chart
   * defaults are, and only random-looking ones at the rule's severity. Default false.
   */
  wordsAreWeak?: boolean;
}

const compiled = new Map<string, RegExp>();

/** A credential format recognisable by its shape (AWS keys, GitHub tokens, PEM private keys…) in any text file. */
export const tokenPattern = defineDetector<TokenPatternParams>({
  name: 'token-pattern',
  target: 'text',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['label', 'regex', 'keywords'],
    properties: {
      label: { type: 'string', minLength: 3 },
      regex: { type: 'string', minLength: 1 },
      flags: { type: 'string', pattern: '^[imsu]*$' },
      keywords: { type: 'array', items: { type: 'string', minLength: 2 }, minItems: 1 },
      secretGroup: { type: 'integer', minimum: 0 },
      minEntropy: { type: 'number', minimum: 0 },
      pemBlock: { type: 'boolean' },
      wordsAreWeak: { type: 'boolean' },
    },
  },
  detect(ctx: BaseContext<TokenPatternParams>) {
    const { params, file } = ctx;
    const lower = lowerCase(file.text);
    if (!params.keywords.some((k) => lower.includes(k.toLowerCase()))) return;
    const cacheKey = `${params.regex}\u0000${params.flags ?? ''}`;
    let re = compiled.get(cacheKey);
    if (!re) {
      re = new RegExp(params.regex, `g${params.flags ?? ''}`);
      compiled.set(cacheKey, re);
    }
    re.lastIndex = 0;
    for (let m = re.exec(file.text); m !== null; m = re.exec(file.text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const group = params.secretGroup ?? 0;
      const secret = m[group];
      if (secret === undefined || placeholderKind(secret, { paths: false }) !== undefined) continue;
      if (params.minEntropy !== undefined && shannonEntropy(secret) < params.minEntropy) continue;
      const start = m.index + (group === 0 ? 0 : m[0].indexOf(secret));
      const block = params.pemBlock === true ? pemBlockText(file.text, start) : undefined;
      if (block !== undefined && isPlaceholderPem(block)) continue;
      const value = (params.pemBlock === true ? pemKeyBody(file.text, start) : undefined) ?? secret;
      const weak = params.wordsAreWeak === true && (isChartDefault(secret) || wordShare(secret) >= 0.5);
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
