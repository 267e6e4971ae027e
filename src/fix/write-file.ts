import { accessSync, constants, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SealcheckError } from '../errors.js';

/**
 * Replaces a file's content all at once: written to a temporary file in the same folder, then
 * renamed over the original, so an interrupted run never leaves half a manifest (nothing is lost).
 * The original's permission bits are kept. A symbolic link is followed (the file it points to is
 * rewritten, the link stays), and a file the user may not write is refused, not replaced.
 */
export function writeFileAtomic(link: string, text: string): void {
  let path = link;
  try {
    path = realpathSync(link);
    accessSync(path, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new SealcheckError(`cannot write ${link}: ${code === 'EACCES' || code === 'EPERM' ? 'the file is read-only for you' : (code ?? (e as Error).message)}; the file was not changed`);
  }
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
    throw new SealcheckError(`cannot write ${link}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; the file was not changed`);
  }
}
