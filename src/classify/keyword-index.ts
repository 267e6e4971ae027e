/**
 * Finding many keywords in a text in one pass. Searching a megabyte of dashboard JSON once per
 * keyword (66 credential-name fragments, the token rules' keywords) was most of its scan time.
 * Keywords are printable ASCII and compared ASCII-case-insensitively; positions are those of the
 * text itself (no lower-cased copy, whose length can differ from the text's).
 */
export class KeywordSet {
  /** Lower-case keywords by their first two characters, as `c0 * 128 + c1`. */
  private readonly byPair = new Map<number, string[]>();
  private readonly pairs = new Uint8Array(128 * 128);
  /** Bumped when a keyword is added, so that an index built before is not reused. */
  version = 0;

  /** Adds keywords; false (and nothing added) when one is shorter than 2 or not printable ASCII. */
  add(keywords: readonly string[]): boolean {
    const lower = keywords.map((k) => k.toLowerCase());
    if (lower.some((k) => k.length < 2 || !/^[\x20-\x7e]+$/.test(k))) return false;
    for (const k of lower) {
      const pair = k.charCodeAt(0) * 128 + k.charCodeAt(1);
      const list = this.byPair.get(pair) ?? [];
      if (list.includes(k)) continue;
      list.push(k);
      this.byPair.set(pair, list);
      this.pairs[pair] = 1;
      this.version++;
    }
    return true;
  }

  /**
   * Start offsets of every occurrence (overlapping ones too) of each keyword in `text`, and whether
   * the text has a character that `toLowerCase` turns into an ASCII letter (see `anyIn`).
   */
  occurrences(text: string): { at: Map<string, number[]>; foldsToAscii: boolean } {
    const at = new Map<string, number[]>();
    const plain = this.scan(text, (k, i) => {
      const list = at.get(k);
      if (list) list.push(i);
      else at.set(k, [i]);
      return false;
    });
    return { at, foldsToAscii: plain === undefined };
  }

  /**
   * Whether some keyword occurs, ASCII-case-insensitively; undefined when none does but the text
   * has one of the two characters whose lower case holds an ASCII letter (`K`, the Kelvin sign, is
   * `k`; `İ` is `i` and a combining dot), which `toLowerCase` matching would read as a letter.
   */
  anyIn(text: string): boolean | undefined {
    return this.scan(text, () => true);
  }

  /** Calls `found` for each occurrence until it returns true; the result says whether it did, as `anyIn`. */
  private scan(text: string, found: (keyword: string, at: number) => boolean): boolean | undefined {
    const n = text.length;
    let plain = true;
    let c0 = n > 0 ? fold(text.charCodeAt(0)) : 0;
    for (let i = 1; i < n; i++) {
      const c1 = fold(text.charCodeAt(i));
      if (c0 >= 128 || c1 >= 128) {
        if (c1 === KELVIN || c1 === DOTTED_I) plain = false;
      } else if (this.pairs[c0 * 128 + c1] === 1)
        for (const k of this.byPair.get(c0 * 128 + c1) ?? [])
          if (startsWithFolded(text, i - 1, k) && found(k, i - 1)) return true;
      c0 = c1;
    }
    if (text.charCodeAt(0) === KELVIN || text.charCodeAt(0) === DOTTED_I) plain = false;
    return plain ? false : undefined;
  }
}

const KELVIN = 0x212a;
const DOTTED_I = 0x130;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function startsWithFolded(text: string, at: number, lowerKeyword: string): boolean {
  if (at + lowerKeyword.length > text.length) return false;
  for (let j = 2; j < lowerKeyword.length; j++)
    if (fold(text.charCodeAt(at + j)) !== lowerKeyword.charCodeAt(j)) return false;
  return true;
}
