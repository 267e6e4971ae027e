/**
 * The identity of a PEM private key is its whole body, not its first line: every OpenSSH key of
 * a type starts with the same ~70 characters (`b3BlbnNzaC1rZXktdjEAAAAABG5vbmUA…` encodes the
 * format name, cipher "none" and key type), so a prefix would make all ed25519 keys one secret.
 */

/** Longest body read after a BEGIN line (an RSA 16384-bit key is under 13 KiB). */
const MAX_BLOCK = 16 * 1024;

/**
 * The key a BEGIN line at `start` opens, normalised: the BEGIN line, then the base64 body with
 * armor, header lines (`Proc-Type:`, `DEK-Info:`, `Comment:`…), line breaks, `\n` escapes of
 * JSON or .env text, quotes and whitespace removed. Undefined when no END line follows.
 */
export function pemKeyBody(text: string, start: number): string | undefined {
  const block = pemBlockAt(text, start);
  if (block === undefined) return undefined;
  return `-----BEGIN ${block.type}-----${pemBody(text.slice(block.bodyStart, block.bodyEnd))}`;
}

/**
 * The raw text of the private-key block whose BEGIN line is at `start`, through its END line, or
 * undefined when no END line follows.
 */
export function pemBlockText(text: string, start: number): string | undefined {
  const block = pemBlockAt(text, start);
  return block === undefined ? undefined : text.slice(start, block.end);
}

/** Where the private-key block opened at `start` has its type, body and end; read within MAX_BLOCK. */
function pemBlockAt(
  text: string,
  start: number,
): { type: string; bodyStart: number; bodyEnd: number; end: number } | undefined {
  const head = /^-----BEGIN ([ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?)-----/.exec(text.slice(start, start + 100));
  if (!head) return undefined;
  const type = head[1] ?? '';
  const bodyStart = start + head[0].length;
  const closing = `-----END ${type}-----`;
  const found = text.slice(bodyStart, bodyStart + MAX_BLOCK).indexOf(closing);
  if (found < 0) return undefined;
  return { type, bodyStart, bodyEnd: bodyStart + found, end: bodyStart + found + closing.length };
}

function pemBody(raw: string): string {
  return raw
    .replace(/\\[rnt]/g, '\n')
    .split(/\r?\n/)
    .filter((line) => !/^[\s#/;*"'+,|>]*[A-Za-z-]+: /.test(line))
    .join('')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}
