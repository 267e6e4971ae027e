import {
  accessSync,
  constants,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SealcheckError } from '../errors.js';
import { sha256, type FileStamp } from '../user-file.js';

/**
 * Replaces a file's content all at once: written to a temporary file in the same folder, then
 * renamed over the original, so an interrupted run never leaves half a manifest (nothing is lost).
 * The original's permission bits are kept. A symbolic link is followed (the file it points to is
 * rewritten, the link stays), and a file the user may not write is refused, not replaced.
 *
 * `readAs` is the file as it was read to compute `text`. Sealing can take a while (a certificate
 * fetched over the network), and an edit saved meanwhile would be overwritten with text computed
 * from the old content; so just before the rename the file must still be what was read (size,
 * modification time and content), else it is left as it is and the write refused.
 */
export function writeFileAtomic(link: string, text: string, readAs?: FileStamp): void {
  let path = link;
  try {
    path = realpathSync(link);
    accessSync(path, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || readAs !== undefined)
      throw new SealcheckError(
        `cannot write ${link}: ${code === 'ENOENT' ? 'it was removed while sealcheck worked on it' : code === 'EACCES' || code === 'EPERM' ? 'the file is read-only for you' : (code ?? (e as Error).message)}; the file was not changed`,
      );
  }
  const temp = join(dirname(path), `.${basename(path)}.sealcheck-${process.pid}.tmp`);
  let changed: string | undefined;
  try {
    const mode = statSync(path, { throwIfNoEntry: false })?.mode;
    writeFileSync(temp, text, mode !== undefined ? { mode: mode & 0o7777 } : {});
    if (readAs !== undefined) changed = changedSince(path, readAs);
    if (changed === undefined) renameSync(temp, path);
  } catch (e) {
    removeTemp(temp);
    throw new SealcheckError(
      `cannot write ${link}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; the file was not changed`,
    );
  }
  if (changed !== undefined) {
    removeTemp(temp);
    throw new SealcheckError(
      `${link} ${changed} while sealcheck was working on it; it was left as it is, with the new content, and nothing was sealed in it: run the command again`,
    );
  }
}

/** How the file differs from what was read, or undefined when it is the same. */
function changedSince(path: string, readAs: FileStamp): string | undefined {
  const now = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (now === undefined) return 'was removed';
  if (now.size !== readAs.size || now.mtimeNs !== readAs.mtimeNs) return 'was changed';
  // The same size and time can still hide an edit (coarse timestamps): compare the content itself.
  return sha256(readFileSync(path)) === readAs.sha256 ? undefined : 'was changed';
}

function removeTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // Nothing was written, or it is gone already.
  }
}
