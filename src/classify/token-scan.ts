import { KeywordSet } from './keyword-index.js';
import { keywordReach, type KeywordReach } from './keyword-reach.js';
import { lowerCase } from './prefilter.js';

/** How a token regex is searched: near its keywords' occurrences, or (no `reach`) over the whole text. */
export interface ScanPlan {
  /** Lower case. */
  keywords: readonly string[];
  /** The keywords are in the one-pass index (printable ASCII). */
  indexed: boolean;
  reach?: KeywordReach;
}

const plans = new WeakMap<RegExp, ScanPlan>();
/** The keywords of every token regex planned so far, found in a text in one pass. */
const tokenKeywords = new KeywordSet();
/**
 * Occurrences in the last two texts asked about: a file's token rules ask about the file one after
 * another, and classifying its values in between asks about each value.
 */
const recent: { text: string; version: number; found: ReturnType<KeywordSet['occurrences']> }[] = [];

function keywordsIn(text: string): ReturnType<KeywordSet['occurrences']> {
  const hit = recent.find((r) => r.text === text && r.version === tokenKeywords.version);
  if (hit) return hit.found;
  const found = tokenKeywords.occurrences(text);
  recent.unshift({ text, version: tokenKeywords.version, found });
  recent.length = Math.min(recent.length, 2);
  return found;
}

/** The plan of a global regex with its rule's keywords, worked out once per regex. */
export function scanPlan(re: RegExp, keywords: readonly string[] | undefined): ScanPlan {
  let plan = plans.get(re);
  if (plan === undefined) {
    const lower = (keywords ?? []).map((k) => k.toLowerCase());
    const indexed = tokenKeywords.add(lower);
    // With `u`, a search may not start inside a surrogate pair, so a window could start where the
    // whole-text search never would.
    const reach = indexed && !re.flags.includes('u') ? keywordReach(re.source, re.flags, lower) : undefined;
    plan = reach === undefined ? { keywords: lower, indexed } : { keywords: lower, indexed, reach };
    plans.set(re, plan);
  }
  return plan;
}

/**
 * Shortest text searched in windows. A short one (most values, most files) is searched whole: a
 * regex that fails fast costs less than finding keywords and cutting windows, and the result is
 * the same either way.
 */
export const WINDOWED_FROM = 4096;

/**
 * Whether one of the plan's keywords occurs in `text` as `toLowerCase` matching finds it: the index
 * folds ASCII case only, so a text with one of the two characters that lower-case into an ASCII
 * letter (the Kelvin sign, `İ`) is asked the slow way when the index finds nothing.
 */
export function mentionsKeyword(text: string, plan: ScanPlan): boolean {
  if (plan.indexed) {
    const { at, foldsToAscii } = keywordsIn(text);
    if (plan.keywords.some((k) => at.has(k))) return true;
    if (!foldsToAscii) return false;
  }
  const lower = lowerCase(text);
  return plan.keywords.some((k) => lower.includes(k));
}

/**
 * The non-empty matches of the global regex `re` in `text`, exactly those (same positions, same
 * groups) that `re.exec` in a loop from the start finds. With a reach, every match has a keyword
 * within it, so a match can only start in a window around a keyword occurrence; the regex runs
 * from each window's start over the text cut just past the farthest character a match starting
 * in the window can read, so it neither rescans the rest of the file nor sees the cut.
 */
export function* tokenMatches(re: RegExp, text: string, plan: ScanPlan): Generator<RegExpExecArray> {
  const reach = text.length < WINDOWED_FROM ? undefined : plan.reach;
  const windows = reach === undefined ? [{ lo: 0, hi: text.length }] : keywordWindows(text, plan, reach);
  const right = reach?.right ?? 0;
  let from = 0;
  for (const { lo, hi } of windows) {
    const end = hi + right + 2;
    const hay = reach === undefined || end >= text.length ? text : text.slice(0, end);
    let at = Math.max(lo, from);
    while (at <= hi) {
      re.lastIndex = at;
      const m = re.exec(hay);
      if (m === null || m.index > hi) break;
      at = m[0] === '' ? m.index + 1 : m.index + m[0].length;
      from = at;
      if (m[0] !== '') yield m;
    }
  }
}

/** Where a match can start, from each keyword occurrence; overlapping windows merged, in order. */
function keywordWindows(text: string, plan: ScanPlan, reach: KeywordReach): { lo: number; hi: number }[] {
  const index = keywordsIn(text).at;
  const raw: { lo: number; hi: number }[] = [];
  for (const k of plan.keywords)
    for (const p of index.get(k) ?? [])
      raw.push({ lo: Math.max(0, p + k.length - reach.right), hi: Math.min(text.length, p + reach.left) });
  raw.sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  for (const w of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && w.lo <= last.hi + 1) last.hi = Math.max(last.hi, w.hi);
    else out.push({ ...w });
  }
  return out;
}
