import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { ConfigError, SealcheckError, UsageError } from './errors.js';
import { readRegularFile } from './sources/read-file.js';

const MiB = 1024 * 1024;

/** What a file named by the user is for: named in messages, and how large it may be. */
export interface UserFileKind {
  what: string;
  max: number;
  /** Configuration and baselines are ConfigErrors (`FILE: message`); the rest usage errors. Both exit 2. */
  config?: boolean;
}

// Caps far above any real file of each kind, so that a wrong path (`/dev/zero`, a disk image, a
// log) is refused before it is read instead of taking the machine's memory.
export const CONFIG_FILE: UserFileKind = { what: 'configuration file', max: 10 * MiB, config: true };
export const BASELINE_FILE: UserFileKind = { what: 'baseline', max: 64 * MiB, config: true };
/** A certificate is a few KB; a bundle a few dozen. */
export const CERTIFICATE_FILE: UserFileKind = { what: 'certificate file', max: 1 * MiB };
/** One key, or a backup of the controller's key Secrets. */
export const KEY_FILE: UserFileKind = { what: 'key file', max: 16 * MiB };
/** A manifest to seal or unseal, or a SealedSecret to merge into. */
export const MANIFEST_FILE: UserFileKind = { what: 'input', max: 64 * MiB };
export const REPO_LIST_FILE: UserFileKind = { what: '--repos list', max: 10 * MiB };
/** A sweep's state and reports grow with history; large, but still bounded. */
export const STATE_FILE: UserFileKind = { what: 'state file', max: 256 * MiB };
export const SWEEP_REPORT_FILE: UserFileKind = { what: 'sweep report', max: 256 * MiB };

/** What a file was when it was read, to tell later whether someone changed it since. */
export interface FileStamp {
  size: bigint;
  mtimeNs: bigint;
  sha256: string;
}

export interface UserFile {
  bytes: Buffer;
  /** The bytes as UTF-8 text. */
  text: string;
  /** Absent for stdin. */
  stamp?: FileStamp;
}

export interface ReadOptions {
  /** `-` reads stdin. */
  stdin?: boolean;
  /** The file as messages name it, when `file` is a resolved path. */
  shown?: string;
}

/**
 * Reads a file the user named (`-` is stdin where `stdin` allows it): only a regular file, and at
 * most `kind.max` bytes, else a clear error (exit 2) naming the file. A missing file is an error
 * with `missing` as its message when given.
 */
export function readUserFile(
  file: string,
  kind: UserFileKind,
  opts: ReadOptions & { missing?: string } = {},
): UserFile {
  const read = readUserFileIfPresent(file, kind, opts);
  if (read === undefined) throw fail(opts.shown ?? file, kind, opts.missing ?? `${kind.what} not found`);
  return read;
}

/** `readUserFile`, but `undefined` for a file that does not exist. */
export function readUserFileIfPresent(file: string, kind: UserFileKind, opts: ReadOptions = {}): UserFile | undefined {
  const shown = opts.shown ?? file;
  if (file === '-' && opts.stdin === true) {
    const bytes = readStdin(kind);
    return { bytes, text: bytes.toString('utf8') };
  }
  const r = readRegularFile(file, kind.max);
  if ('bytes' in r) {
    return {
      bytes: r.bytes,
      text: r.bytes.toString('utf8'),
      stamp: { size: r.stats.size, mtimeNs: r.stats.mtimeNs, sha256: sha256(r.bytes) },
    };
  }
  if (r.problem === 'missing') return undefined;
  if (r.problem === 'too-large')
    throw fail(shown, kind, `the ${kind.what} is larger than the ${limit(kind.max)} limit; is it the right file?`);
  if (r.problem === 'not-regular') throw fail(shown, kind, `cannot read the ${kind.what}: ${r.reason}`);
  throw fail(shown, kind, `cannot read the ${kind.what}: ${r.reason.replace(/^unreadable: /, '')}`);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** stdin may be a pipe, so its size is known only by reading: stop as soon as it passes the cap. */
function readStdin(kind: UserFileKind): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      // A non-blocking pipe with nothing in it yet: wait a little for the writer, then read again.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw new UsageError(`cannot read stdin: ${code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    total += n;
    if (total > kind.max) throw new UsageError(`stdin: the ${kind.what} is larger than the ${limit(kind.max)} limit`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

function fail(file: string, kind: UserFileKind, message: string): SealcheckError {
  return kind.config === true ? new ConfigError(file, undefined, message) : new UsageError(`${file}: ${message}`);
}

function limit(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes} byte`;
}
