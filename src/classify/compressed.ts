import { gunzipSync, inflateRawSync } from 'node:zlib';

/** Decompressed output is capped: an annotation is at most 256 KiB, so anything far larger is hostile. */
export const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * Past the cap: the data is not invalid, only not read in full, so a caller must not take it for
 * "nothing there" (a decompression bomb could hide a copy of a Secret behind its first 8 MiB).
 */
export const TOO_LARGE = 'too-large';

/** Decompressed bytes; TOO_LARGE past the cap; undefined when the data is not gzip. */
export function gunzip(bytes: Buffer): Buffer | typeof TOO_LARGE | undefined {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_OUTPUT });
  } catch (err) {
    return overCap(err) ? TOO_LARGE : undefined;
  }
}

function overCap(err: unknown): boolean {
  return err instanceof RangeError || (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** The first entry of a zip archive (local file header + deflate or stored data); TOO_LARGE past the cap. */
export function unzipFirst(bytes: Buffer): Buffer | typeof TOO_LARGE | undefined {
  if (bytes.length < 30 || bytes.readUInt32LE(0) !== 0x04034b50) return undefined;
  const method = bytes.readUInt16LE(8);
  const compressedSize = bytes.readUInt32LE(18);
  const start = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28);
  // Size 0 with the data-descriptor flag means "unknown": take the rest and let inflate stop at the end.
  const end = compressedSize > 0 ? start + compressedSize : bytes.length;
  const data = bytes.subarray(start, end);
  try {
    if (method === 0) return data;
    if (method === 8) return inflateRawSync(data, { maxOutputLength: MAX_OUTPUT });
  } catch (err) {
    return overCap(err) ? TOO_LARGE : undefined;
  }
  return undefined;
}
