/**
 * The order go-yaml v2 sorts map keys in (sorter.go keyList.Less), for string keys: a run of
 * digits compares as a number (`key9` < `key10`), and where the keys differ a non-letter sorts
 * before a letter (`_x` < `1x` < `A`); two letters compare by code point. This is not byte order.
 */
import { runeValue, runes } from './runes.js';

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(cp: number): boolean {
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  return DIGIT.test(String.fromCodePoint(cp));
}

/** go-yaml's `Less` for two string keys. */
function yamlKeyLess(a: string, b: string): boolean {
  const ar = runes(a).map(runeValue);
  const br = runes(b).map(runeValue);
  for (let i = 0; i < ar.length && i < br.length; i += 1) {
    const ac = ar[i] ?? 0;
    const bc = br[i] ?? 0;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return bl;
    // Digit runs as int64 numbers (Go's arithmetic wraps; BigInt.asIntN reproduces it).
    let an = 0n;
    let bn = 0n;
    if (ac === 0x30 || bc === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] ?? 0); j -= 1) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] ?? 0); ai += 1)
      an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] ?? 0) - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] ?? 0); bi += 1)
      bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] ?? 0) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

/** A comparator for Array.prototype.sort from yamlKeyLess. */
export function compareYamlKeys(a: string, b: string): number {
  if (yamlKeyLess(a, b)) return -1;
  if (yamlKeyLess(b, a)) return 1;
  return 0;
}
