import { writeFileSync } from 'node:fs';

/** Writes command output to a file or stdout; a report file always ends with a newline. */
export function emit(text: string, file: string | undefined): void {
  const out = text.endsWith('\n') ? text : `${text}\n`;
  if (file !== undefined) writeFileSync(file, out);
  else process.stdout.write(out);
}

/** Colours only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(flag: unknown, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
