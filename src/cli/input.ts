import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** A command's input file as text, `-` for stdin; a file that cannot be read is a usage error (exit 2). */
export function readInput(file: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
