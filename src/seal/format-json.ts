/**
 * JSON exactly as kubeseal writes it: Go's encoding/json MarshalIndent(obj, "", "  ") of the
 * struct, then a newline after each object, so a sealed file diffs cleanly against kubeseal's.
 */
import { GoObject, sealedSecretToGo, type GoFormatOptions, type GoValue } from './go-value.js';
import type { SealedSecret } from './model.js';
import { runeValue } from './runes.js';

/** Several SealedSecrets back to back, each followed by a newline, as kubeseal prints a stream. */
export function sealedSecretsToJson(list: readonly SealedSecret[], options: GoFormatOptions = {}): string {
  return list.map((s) => goJson(sealedSecretToGo(s, options))).join('');
}

/** MarshalIndent of one value, with the trailing newline kubeseal adds. */
export function goJson(value: GoValue): string {
  return `${writeValue(value, '')}\n`;
}

function writeValue(value: GoValue, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return goJsonString(value);
  const inner = `${indent}  `;
  if (value instanceof GoObject) {
    if (value.entries.length === 0) return '{}';
    const parts = value.entries.map(([k, v]) => `${inner}${goJsonString(k)}: ${writeValue(v, inner)}`);
    return `{\n${parts.join(',\n')}\n${indent}}`;
  }
  if (value.length === 0) return '[]';
  return `[\n${value.map((v) => `${inner}${writeValue(v, inner)}`).join(',\n')}\n${indent}]`;
}

/** Go prints a float64 like JS does in the ranges that occur here ('e' below 1e-6 and from 1e21). */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('JSON cannot hold NaN or infinity');
  return Object.is(n, -0) ? '0' : String(n);
}

const SHORT_ESCAPES: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/**
 * A string as encoding/json writes it with HTML escaping on (its default): `<`, `>`, `&`,
 * U+2028 and U+2029 as \u escapes, other control characters as \u00xx (lower-case hex) except the
 * short forms, and an unpaired surrogate (invalid UTF-8 for Go) as U+FFFD.
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = runeValue(ch);
    const short = SHORT_ESCAPES[cp];
    if (short !== undefined) out += short;
    else if (cp < 0x20 || cp === 0x3c || cp === 0x3e || cp === 0x26 || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}
