import type { TextInput } from '../engine.js';

/** The skip reason of binary files: their printable runs are still checked by the text rules. */
export const BINARY_FILE = 'binary file';

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /**
   * True when line numbers of the text are not git's: decoded from UTF-16/32 (git sees binary and
   * gives no changed lines) or with lone CR line breaks (git counts one line).
   */
  relined: boolean;
  /** Set when part of the bytes could not be decoded: the file is reported as not fully checked. */
  problem?: string;
}

/** Bytes looked at to tell text from binary, as git does (its first 8000 bytes). */
const PROBE = 8000;

/**
 * Text of a file in any of the encodings editors write: UTF-8, and UTF-16 or UTF-32 in either byte
 * order with or without a byte-order mark (Windows PowerShell 5.1's `>` writes UTF-16LE with one).
 * Without a mark, UTF-16/32 is told from binary by the NUL pattern ASCII text has in it. Anything
 * else with NUL bytes is binary, as git decides.
 */
export function decodeText(bytes: Buffer): DecodedText | { skip: string } {
  const bom = byteOrderMark(bytes);
  const encoding = bom?.encoding ?? (bytes.subarray(0, PROBE).includes(0) ? nulPattern(bytes) : 'utf-8');
  if (encoding === undefined) return { skip: BINARY_FILE };
  const body = bytes.subarray(bom?.length ?? 0);
  const { text, problem } = decodeAs(body, encoding);
  // An old Mac line break (a CR alone) becomes LF: same length, so offsets stay as they were, and
  // both the parser and the positions see the lines an editor shows.
  const relined = encoding !== 'utf-8' || /\r(?!\n)/.test(text);
  const out: DecodedText = { text: relined ? text.replace(/\r(?!\n)/g, '\n') : text, encoding, relined };
  if (problem !== undefined) out.problem = problem;
  return out;
}

function byteOrderMark(b: Buffer): { encoding: TextEncoding; length: number } | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    return { encoding: 'utf-32le', length: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
    return { encoding: 'utf-32be', length: 4 };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16/32 without a byte-order mark: ASCII text in it has a NUL in every high byte. Most of the
 * probe's code units must look like that; a binary format rarely has NULs in such a strict rhythm.
 */
function nulPattern(bytes: Buffer): TextEncoding | undefined {
  const probe = bytes.subarray(0, PROBE - (PROBE % 4));
  const units = (width: number, lowAt: number): number => {
    let ascii = 0;
    for (let i = 0; i + width <= probe.length; i += width) {
      let highZero = true;
      for (let j = 0; j < width; j++) if (j !== lowAt && probe[i + j] !== 0) highZero = false;
      if (highZero && probe[i + lowAt] !== 0) ascii += 1;
    }
    return ascii / Math.max(1, Math.floor(probe.length / width));
  };
  if (probe.length < 4) return undefined;
  if (bytes.length % 4 === 0) {
    if (units(4, 0) > 0.9) return 'utf-32le';
    if (units(4, 3) > 0.9) return 'utf-32be';
  }
  if (bytes.length % 2 === 0) {
    if (units(2, 0) > 0.7) return 'utf-16le';
    if (units(2, 1) > 0.7) return 'utf-16be';
  }
  return undefined;
}

function decodeAs(body: Buffer, encoding: TextEncoding): { text: string; problem?: string } {
  switch (encoding) {
    case 'utf-8':
      return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body) };
    case 'utf-16le':
    case 'utf-16be': {
      const even = body.length - (body.length % 2);
      const units = Buffer.from(body.subarray(0, even));
      if (encoding === 'utf-16be') units.swap16();
      const text = units.toString('utf16le');
      return even === body.length
        ? { text }
        : { text, problem: `${encoding.toUpperCase()} text with an odd number of bytes: the last byte was not read` };
    }
    case 'utf-32le':
    case 'utf-32be':
      return decodeUtf32(body, encoding === 'utf-32le');
  }
}

function decodeUtf32(body: Buffer, little: boolean): { text: string; problem?: string } {
  const parts: string[] = [];
  let chunk: number[] = [];
  let bad = body.length % 4 !== 0;
  for (let i = 0; i + 4 <= body.length; i += 4) {
    const cp = little ? body.readUInt32LE(i) : body.readUInt32BE(i);
    const valid = cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    if (!valid) bad = true;
    chunk.push(valid ? cp : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  const text = parts.join('');
  return bad
    ? {
        text,
        problem: `not valid ${little ? 'UTF-32LE' : 'UTF-32BE'}: code units that are no character were replaced, the rest was checked`,
      }
    : { text };
}

/** Each byte as the printable text of a binary file shows it: itself when printable ASCII, a tab or a line feed, else a space. */
const PRINTABLE = Uint8Array.from({ length: 256 }, (_, b) =>
  (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 ? b : 0x20,
);

/**
 * A binary file's printable ASCII, every other byte turned into a space: line breaks and offsets
 * stay where they were, and a token or key embedded in an archive or a compiled file is still seen
 * by the text rules (gitleaks reads binary files the same way).
 */
function printableText(bytes: Buffer): string {
  const out = Buffer.allocUnsafe(bytes.length);
  // An indexed loop over a byte table: the sweep passes megabytes of binary blobs through here,
  // and the entries() iterator with the comparisons per byte was three times slower.
  for (let i = 0; i < bytes.length; i++) out[i] = PRINTABLE[bytes[i] ?? 0] ?? 0x20;
  return out.toString('latin1');
}

/** How one file's bytes are scanned: decoded text, and how far it can be parsed. */
export function prepareFileText(
  path: string,
  bytes: Buffer,
  maxFileSize: number,
): { text: string; input: TextInput; relined: boolean; binary: boolean } {
  const unchecked: NonNullable<TextInput['unchecked']>[number][] = [];
  const decoded = decodeText(bytes);
  let text: string;
  let relined = true;
  let structure: TextInput['structure'] = 'full';
  if ('skip' in decoded) {
    // Binary: its printable runs still go through the text rules (a token in an archive).
    text = printableText(bytes);
    structure = 'lines';
  } else {
    text = decoded.text;
    relined = decoded.relined;
    if (decoded.problem !== undefined) unchecked.push({ code: 'undecodable', message: decoded.problem });
  }
  // A binary file has no YAML parse to skip: its printable text was checked in full whatever its size.
  if (bytes.length > maxFileSize && !('skip' in decoded)) {
    // The limit bounds the YAML parse, not the text rules: the line pass still finds stringData and tokens.
    structure = 'lines';
    unchecked.push({
      code: 'too-large',
      message: `larger than the ${maxFileSize} byte limit (${bytes.length} bytes): read line by line, not parsed as YAML`,
      fix: `Raise the limit so it is parsed in full (--max-file-size ${bytes.length}, or maxFileSize: in .sealcheck.yaml), or, if ${path} holds no manifest, add it to .sealcheckignore.`,
    });
  }
  return { text, input: { structure, unchecked }, relined, binary: 'skip' in decoded };
}
