import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordSet } from '../src/classify/keyword-index.js';
import { keywordReach } from '../src/classify/keyword-reach.js';
import { mentionsKeyword, scanPlan, tokenMatches, WINDOWED_FROM } from '../src/classify/token-scan.js';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';
import { regexFragments } from '../src/ruleset/regex-lint.js';

/**
 * Token regexes run only near their keywords when every match holds one. These tests check that
 * the windowed search finds exactly what a search of the whole text finds, and that the proof
 * that a regex's matches hold a keyword refuses the regexes whose matches need not.
 */

const loaded = loadRuleFiles();
const { tokens } = buildRuleset(loaded);
const examples = loaded.flatMap((r) =>
  [...r.data.examples.positive, ...r.data.examples.negative].map((e) => e.content),
);

/** What a plain `exec` loop over the whole text finds, as [index, groups…]. */
function wholeText(re: RegExp, text: string): (string | number | undefined)[][] {
  const out: (string | number | undefined)[][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    out.push([m.index, ...m]);
  }
  return out;
}

function windowed(
  re: RegExp,
  text: string,
  keywords: readonly string[] | undefined,
): (string | number | undefined)[][] {
  return [...tokenMatches(re, text, scanPlan(re, keywords))].map((m) => [m.index, ...m]);
}

describe('which token regexes are searched near their keywords', () => {
  it('windows every rule whose matches hold a keyword and no other', () => {
    const whole = tokens.filter((t) => scanPlan(t.regex, t.keywords).reach === undefined).map((t) => t.label);
    // Each of these matches text without any of its keywords: `aws.secret.key = …`,
    // `aws.session.token: …`, and a Stellar seed, whose keywords are words found near one.
    expect(whole.sort()).toEqual(['AWS secret access key', 'AWS session token', 'Stellar secret seed']);
  });

  it('refuses a regex that can match beside its keyword rather than over it', () => {
    expect(keywordReach('\\bS[A-Z2-7]{55}\\b', '', ['seed'])).toBeUndefined();
    expect(keywordReach('(?:ab|cd)x{3}', '', ['ab'])).toBeUndefined();
    expect(keywordReach('(?!tok)[a-z]{5}', '', ['tok'])).toBeUndefined();
    expect(keywordReach('ab[0-9]+', '', ['ab'])).toBeUndefined();
    expect(keywordReach('k[ſs]y', 'iu', ['ksy'])).toBeUndefined();
  });

  it('accepts a keyword spelled across items, inside a repeat or in a positive lookaround', () => {
    expect(keywordReach('hv[sbr]\\.[a-z]{4}', '', ['hvs.', 'hvb.', 'hvr.'])).toEqual({ left: 0, right: 8 });
    expect(keywordReach('(?:ab|AB)x', 'i', ['ab'])).toBeDefined();
    expect(keywordReach('(?<=token: )s\\.[a-z]{3}', 'i', ['token'])).toEqual({ left: 8, right: 13 });
    expect(keywordReach('(?:xy){1,2}z', '', ['xy'])).toBeDefined();
  });

  it('every match of a windowed rule in the rule examples has a keyword within its reach', () => {
    for (const t of tokens) {
      const plan = scanPlan(t.regex, t.keywords);
      if (plan.reach === undefined) continue;
      const { left, right } = plan.reach;
      for (const text of examples)
        for (const [index] of wholeText(t.regex, text)) {
          const s = index as number;
          const around = text.slice(Math.max(0, s - left), s + right).toLowerCase();
          expect(
            plan.keywords.some((k) => around.includes(k)),
            `${t.label} at ${String(s)}`,
          ).toBe(true);
        }
    }
  });
});

describe('a windowed token search', () => {
  it('finds what the whole-text search finds in the rule examples', () => {
    const pad = '\n'.repeat(WINDOWED_FROM);
    for (const t of tokens)
      for (const text of examples.flatMap((e) => [e, pad + e, e + pad]))
        expect(windowed(t.regex, text, t.keywords), t.label).toEqual(wholeText(t.regex, text));
  });

  // Pieces of real credentials and near misses: example lines, regex skeletons, keywords, separators.
  const pieces = [
    ...new Set([
      ...examples.flatMap((e) => e.split(/(?<=[\n:="' ])/)).filter((p) => p.length < 400),
      ...tokens.flatMap((t) => regexFragments(t.regex.source, t.regex.flags.replace('g', ''))),
      ...tokens.flatMap((t) => t.keywords ?? []),
      '\n',
      ' ',
      ': ',
      '=',
      '"',
      'x'.repeat(30),
      'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0',
      '\u212a',
    ]),
  ];
  // Padded before or after past the length from which texts are searched in windows.
  const pad = ' \n'.repeat(WINDOWED_FROM / 2);
  const text = fc
    .tuple(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }), fc.boolean())
    .map(([p, before]) => (before ? pad + p.join('') : p.join('') + pad));

  it('finds what the whole-text search finds in texts made of the examples’ pieces', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const f of tokens) expect(windowed(f.regex, t, f.keywords), f.label).toEqual(wholeText(f.regex, t));
      }),
      { numRuns: 300 },
    );
  });

  it('finds a match at the very start and end of the text and between far-apart keywords', () => {
    const aws = tokens.find((t) => t.label === 'AWS access key ID');
    expect(aws).toBeDefined();
    if (aws === undefined) return;
    const key = 'AKIAQ7RXB2LMN4PSTV6W';
    const t = `${key}\n${'filler '.repeat(50_000)}\n${key} ${key}`;
    const found = windowed(aws.regex, t, aws.keywords);
    expect(found.map((m) => m[0])).toEqual([0, t.length - 41, t.length - 20]);
    expect(found).toEqual(wholeText(aws.regex, t));
  });
});

describe('whether a text mentions a keyword', () => {
  const plan = scanPlan(/(?:x|y)z/g, ['sk', 'idx']);

  it('folds case as toLowerCase does, the Kelvin sign and dotted capital I included', () => {
    expect(mentionsKeyword('a SK b', plan)).toBe(true);
    expect(mentionsKeyword('nothing here', plan)).toBe(false);
    expect(mentionsKeyword('s\u212a', plan)).toBe(true);
    expect(mentionsKeyword('\u0130dx', plan)).toBe(false);
    expect(mentionsKeyword('s\u0130dx', plan)).toBe(false);
    expect(mentionsKeyword('x\u212ay', plan)).toBe(false);
  });
});

describe('KeywordSet', () => {
  const set = new KeywordSet();
  set.add(['Token', 'tok', 'sk']);

  it('finds every occurrence, overlapping ones too, whatever the ASCII case', () => {
    const index = set.occurrences('TOKEN tokToken sK').at;
    expect(index.get('token')).toEqual([0, 9]);
    expect(index.get('tok')).toEqual([0, 6, 9]);
    expect(index.get('sk')).toEqual([15]);
    expect(set.occurrences('sk').foldsToAscii).toBe(false);
    expect(set.occurrences('\u212a sk').foldsToAscii).toBe(true);
    expect(set.occurrences('sk \u0130').foldsToAscii).toBe(true);
  });

  it('says it cannot tell when only a character that lower-cases into ASCII could spell a keyword', () => {
    expect(set.anyIn('no match here')).toBe(false);
    expect(set.anyIn('grüße s\u212a')).toBeUndefined();
    expect(set.anyIn('grüße')).toBe(false);
    expect(set.anyIn('a token')).toBe(true);
  });

  it('refuses keywords it cannot compare byte for byte', () => {
    expect(new KeywordSet().add(['clé'])).toBe(false);
    expect(new KeywordSet().add(['k'])).toBe(false);
  });
});
