/**
 * File names are bytes on Linux and in git, not text: a latin-1 `caf\xe9.yaml` is not UTF-8.
 * Decoding such a name lossily shows U+FFFD, makes different names look alike, and gives a path
 * that no longer opens the file. These helpers show a name exactly (UTF-8 where valid, each other
 * byte as `\xHH`) and keep the bytes for opening it.
 */

/** The name as shown in every report: UTF-8 where the bytes are valid, each other byte escaped as `\xHH`. */
export function showPathBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lossy = b.toString('utf8');
  if (!lossy.includes('\ufffd')) return lossy;
  let out = '';
  let from = 0;
  let i = 0;
  while (i < b.length) {
    const n = sequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += `${b.toString('utf8', from, i)}\\x${b.toString('hex', i, i + 1)}`;
    i += 1;
    from = i;
  }
  return out + b.toString('utf8', from);
}

/** True when the bytes are valid UTF-8, so that a JavaScript string names the same file. */
export function isUtf8Name(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

const cont = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === undefined) return 0; // past the end, like a truncated sequence
  if (c < 0x80) return 1;
  const c1 = b[i + 1];
  if (c >= 0xc2 && c <= 0xdf) return cont(c1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (c1 === undefined) return 0;
    const ok1 = c === 0xe0 ? c1 >= 0xa0 && c1 <= 0xbf : c === 0xed ? c1 >= 0x80 && c1 <= 0x9f : cont(c1);
    return ok1 && cont(b[i + 2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (c1 === undefined) return 0;
    const ok1 = c === 0xf0 ? c1 >= 0x90 && c1 <= 0xbf : c === 0xf4 ? c1 >= 0x80 && c1 <= 0x8f : cont(c1);
    return ok1 && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
  }
  return 0;
}
