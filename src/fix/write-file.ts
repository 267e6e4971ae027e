import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SealcheckError } from '../errors.js';

/**
 * Replaces a file's content all at once: written to a temporary file in the same folder, then
 * renamed over the original, so an interrupted run never leaves half a manifest (nothing is lost).
 * The original's permission bits are kept.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.sealcheck-${process.pid}.tmp`);
  try {
    const mode = statSync(path, { throwIfNoEntry: false })?.mode;
    writeFileSync(temp, text, mode !== undefined ? { mode: mode & 0o7777 } : {});
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written, or it is gone already.
    }
    throw new SealcheckError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; the file was not changed`);
  }
}
