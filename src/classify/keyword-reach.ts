import { maxLength, parseRegex, type RegexNode } from '../ruleset/regex-lint.js';

/**
 * How far from one of its keywords a token regex can match. A regex whose every match holds a
 * keyword (in the text it consumes or in a positive lookaround) needs to run only near the keyword's
 * occurrences: a match starting at `s` has a keyword occurrence `p` (of length `k`) with
 * `p + k - right <= s <= p + left`, and reads no character at or past `s + right + 1`.
 */
export interface KeywordReach {
  /** Characters a lookbehind can read before the match start. */
  left: number;
  /** Characters the match and its lookaheads can read from its start. */
  right: number;
}

/** Most strings one node is expanded into when proving that a keyword is in every match. */
const MAX_STRINGS = 256;
/** Largest character class taken as a list of letters (`[sbr]`, `[_.-]`) rather than as "any". */
const MAX_CLASS = 8;

/**
 * The reach of `source` around `keywords`, or undefined when some match of the regex need not hold
 * a keyword (the keyword is a file-level hint, like `seed` for a Stellar seed) or when its reach is
 * unbounded. Anchors need nothing special: a window keeps all the text before it, and `$` or a
 * word boundary reads one character, counted in the reach.
 * Keywords are compared ASCII-case-insensitively; with the `iu` flags a non-ASCII letter can
 * match an ASCII one (`ſ` matches `s`), so such a regex is never windowed.
 */
export function keywordReach(source: string, flags: string, keywords: readonly string[]): KeywordReach | undefined {
  if (flags.includes('i') && flags.includes('u')) return undefined;
  const lower = keywords.map((k) => k.toLowerCase());
  if (lower.length === 0 || lower.some((k) => !/^[\x20-\x7e]+$/.test(k))) return undefined;
  let root: RegexNode;
  try {
    root = parseRegex(source, flags);
  } catch {
    return undefined;
  }
  if (!holdsKeyword(root, lower)) return undefined;
  const around = lookLength(root);
  const right = maxLength(root) + around;
  if (!Number.isFinite(right)) return undefined;
  return { left: around, right };
}

/** Whether every match of the node holds one of the (lower-case) keywords. */
function holdsKeyword(n: RegexNode, keywords: readonly string[]): boolean {
  const all = strings(n);
  if (all !== undefined && all.every((s) => hasKeyword(s, keywords))) return true;
  switch (n.type) {
    case 'seq':
      return n.items.some((i) => holdsKeyword(i, keywords)) || runHoldsKeyword(n.items, keywords);
    case 'alt':
      return n.branches.every((b) => holdsKeyword(b, keywords));
    case 'group':
      return holdsKeyword(n.body, keywords);
    case 'repeat':
      return n.min >= 1 && holdsKeyword(n.body, keywords);
    case 'look':
      return !n.negate && holdsKeyword(n.body, keywords);
    default:
      return false;
  }
}

/** A keyword spelled across consecutive items of a sequence (`hv[sbr]\.` holds `hvs.`, `hvb.` or `hvr.`). */
function runHoldsKeyword(items: readonly RegexNode[], keywords: readonly string[]): boolean {
  let run: string[] = [''];
  for (const item of items) {
    const next = strings(item);
    if (next === undefined) {
      run = [''];
      continue;
    }
    run = concat(run, next) ?? next;
    if (run.every((s) => hasKeyword(s, keywords))) return true;
  }
  return false;
}

function hasKeyword(s: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => s.includes(k));
}

/** Every string (lower-cased) the node can consume, when they are few and printable ASCII. */
function strings(n: RegexNode): string[] | undefined {
  switch (n.type) {
    case 'char':
      return letters(n.set);
    case 'seq': {
      let out: string[] | undefined = [''];
      for (const item of n.items) {
        const next = strings(item);
        out = next === undefined ? undefined : concat(out, next);
        if (out === undefined) return undefined;
      }
      return out;
    }
    case 'alt': {
      const out = new Set<string>();
      for (const b of n.branches) {
        const s = strings(b);
        if (s === undefined) return undefined;
        for (const x of s) out.add(x);
      }
      return out.size > MAX_STRINGS ? undefined : [...out];
    }
    case 'group':
      return strings(n.body);
    case 'repeat': {
      const body = strings(n.body);
      if (body === undefined || n.max > 4) return undefined;
      const out = new Set<string>();
      let times: string[] | undefined = [''];
      for (let k = 0; k <= n.max && times !== undefined; k++) {
        if (k >= n.min) for (const x of times) out.add(x);
        times = concat(times, body);
      }
      return out.size > MAX_STRINGS ? undefined : [...out];
    }
    case 'look':
    case 'assert':
      return [''];
    default:
      return undefined;
  }
}

function letters(set: readonly (readonly [number, number])[]): string[] | undefined {
  let size = 0;
  for (const [lo, hi] of set) {
    size += hi - lo + 1;
    if (size > 2 * MAX_CLASS || lo < 0x20 || hi > 0x7e) return undefined;
  }
  const out = new Set<string>();
  for (const [lo, hi] of set) for (let c = lo; c <= hi; c++) out.add(String.fromCharCode(c).toLowerCase());
  return out.size > MAX_CLASS ? undefined : [...out];
}

function concat(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_STRINGS) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/**
 * Text the lookarounds can read beyond what the match consumes, plus one character for a word
 * boundary: the sum over all of them, which bounds any one of them (and nesting) from above.
 */
function lookLength(n: RegexNode): number {
  switch (n.type) {
    case 'seq':
      return n.items.reduce((s, i) => s + lookLength(i), 0);
    case 'alt':
      return n.branches.reduce((s, b) => s + lookLength(b), 0);
    case 'group':
    case 'repeat':
      return lookLength(n.body);
    case 'look':
      return maxLength(n.body) + lookLength(n.body) + 1;
    case 'assert':
      return 1;
    default:
      return 0;
  }
}
