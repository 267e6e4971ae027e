import { lstatSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * The text of a hook script, or undefined when there is no file at `file`. A folder in its place is
 * refused (UsageError naming `what`): nothing sensible can be written there. A file that exists but
 * cannot be read (no permission, a dangling symlink) is left to `unreadable`, because callers judge
 * it differently: a plain hook folder treats it as someone else's hook, a husky script refuses it.
 */
export function readScriptFile(
  file: string,
  what: string,
  unreadable: (err: NodeJS.ErrnoException) => string,
): string | undefined {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) throw new UsageError(`${file} is a folder, not ${what}`);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return unreadable(err as NodeJS.ErrnoException);
  }
}
