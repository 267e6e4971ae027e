import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealcheckError } from '../errors.js';

/**
 * Writes command output to a file or stdout; a report file always ends with a newline. The
 * file's folder is created (`-o reports/sealcheck.sarif` in a fresh CI checkout); a file that
 * still cannot be written is a clear error, not a crash.
 */
export function emit(text: string, file: string | undefined): void {
  const out = text.endsWith('\n') ? text : `${text}\n`;
  if (file === undefined) {
    process.stdout.write(out);
    return;
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out);
  } catch (e) {
    throw new SealcheckError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Colours only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(flag: unknown, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
