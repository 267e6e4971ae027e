import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { SealcheckError } from '../errors.js';

/** Output that could not be delivered: the command's result never reached its reader, so it must not read as a verdict. */
class OutputError extends SealcheckError {}

/**
 * Writes command output to a file or stdout; a report file always ends with a newline. The
 * file's folder is created (`-o reports/sealcheck.sarif` in a fresh CI checkout). Resolves once
 * the output is handed to the operating system, so a full disk or an I/O error on stdout is an
 * `OutputError` (exit 2), never a stack trace or a report that silently went nowhere.
 *
 * A closed pipe (EPIPE) is not an error: the reader stopped reading on purpose (`| head`), the
 * scan itself was complete, and its exit code still says what it found.
 */
export async function emit(text: string, file: string | undefined, what = 'the report'): Promise<void> {
  const out = text.endsWith('\n') ? text : `${text}\n`;
  if (file === undefined) {
    const err = await writeStdout(out);
    if (err !== undefined && err.code !== 'EPIPE') throw new OutputError(`could not write ${what}: ${errnoText(err)}`);
    return;
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    // mkdir says EEXIST when a file stands where a folder of the path should be.
    const why =
      (e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? 'a file is in the way of its folder'
        : errnoText(e);
    throw new OutputError(`could not write ${what} to ${file}: ${why}`);
  }
  try {
    writeFileSync(file, out);
  } catch (e) {
    throw new OutputError(`could not write ${what} to ${file}: ${errnoText(e)}`);
  }
}

function writeStdout(text: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    try {
      process.stdout.write(text, (err) => resolve(err ?? undefined));
    } catch (err) {
      resolve(err as NodeJS.ErrnoException);
    }
  });
}

/** The operating system's words for an errno (`no space left on device`), which never quote file content. */
function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known = typeof e.errno === 'number' ? getSystemErrorMap().get(e.errno) : undefined;
  if (known !== undefined) return `${known[1]} (${known[0]})`;
  return e.code ?? (err instanceof Error ? err.name : 'unknown error');
}

/** Colours only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  // Node's types say boolean, but a stream that is not a terminal has no isTTY at all.
  return stream.isTTY === true;
}
