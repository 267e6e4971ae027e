import { describe, expect, it } from 'vitest';
import { credentialAssignment } from '../../src/classify/content.js';
import { isCredentialName, nameWords } from '../../src/classify/names.js';
import { isKnownDefault, placeholderKind } from '../../src/classify/placeholder.js';
import { isNotAValue } from '../../src/classify/value-shape.js';
import { isRemote } from '../../src/history/repos.js';
import { looseKeyValue, withoutComment } from '../../src/parse/loose-key-value.js';
import { actions } from '../../src/parse/template-actions.js';
import { isTemplateValue, TEMPLATE_MARK } from '../../src/parse/templates.js';
import { pemBlocks } from '../../src/seal/pem-blocks.js';

/**
 * The linear rewrites of backtracking regexes say exactly what the regexes said. Each old regex is
 * kept here as the reference and compared on many short strings of the characters that matter to
 * it, where its backtracking is harmless. A seeded generator makes a failure reproducible.
 */

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strings(alphabet: readonly string[], count: number, maxParts: number, seed: number): string[] {
  const random = generator(seed);
  return Array.from({ length: count }, () => {
    let s = '';
    const parts = 1 + Math.floor(random() * maxParts);
    for (let i = 0; i < parts; i++) s += alphabet[Math.floor(random() * alphabet.length)]!;
    return s;
  });
}

/** The first mismatch, shown with its character codes (line separators print as nothing). */
function mismatch<T>(
  inputs: readonly string[],
  reference: (s: string) => T,
  rewrite: (s: string) => T,
): string | undefined {
  for (const s of inputs) {
    const [a, b] = [JSON.stringify(reference(s)), JSON.stringify(rewrite(s))];
    if (a !== b) return `${JSON.stringify(Array.from(s, (c) => c.codePointAt(0)))}: reference ${a}, rewrite ${b}`;
  }
  return undefined;
}

describe('linear rewrites agree with the regexes they replace', () => {
  it('credential assignments in config text', () => {
    const OLD = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s,#][^"'#,]*?)["']?\s*,?\s*$/;
    const reference = (text: string): string | undefined => {
      if (!/[=:]/.test(text)) return undefined;
      for (const line of text.split(/\r?\n/)) {
        const m = OLD.exec(line);
        if (!m) continue;
        const [, key = '', value = ''] = m;
        if (
          isCredentialName(key) &&
          placeholderKind(value) === undefined &&
          !isKnownDefault(value) &&
          value.length >= 4 &&
          !isNotAValue(value)
        )
          return key;
      }
      return undefined;
    };
    const alphabet = [
      'password',
      'token',
      'x',
      'Zq9',
      '=',
      ':',
      ' ',
      '\t',
      '"',
      "'",
      ',',
      '#',
      'export ',
      '_',
      '.',
      '-',
      '\n',
      's3cr3t!',
    ];
    expect(mismatch(strings(alphabet, 60_000, 10, 1), reference, credentialAssignment)).toBeUndefined();
  });

  it('key: value lines of the text fallback', () => {
    const OLD = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;
    const reference = (s: string): unknown => {
      const m = OLD.exec(s);
      return m ? { rawKey: m[1], rawValue: m[2] } : undefined;
    };
    const alphabet = ['a', 'k', ':', ' ', '\t', '"', "'", '#', '-', '\\', '\r', 'x', ': ', '\u2028', '\n'];
    expect(mismatch(strings(alphabet, 100_000, 10, 2), reference, looseKeyValue)).toBeUndefined();
  });

  it('trailing comments of plain values in the text fallback', () => {
    const alphabet = ['a', '#', ' ', '\t', '\r', '\u2028', 'x', ' #', '\n'];
    expect(mismatch(strings(alphabet, 60_000, 9, 8), (s) => s.replace(/\s+#.*$/, ''), withoutComment)).toBeUndefined();
  });

  it('scp-like remotes', () => {
    const alphabet = ['a', '@', ':', '/', '\\', ' ', 'h', 'git@'];
    expect(
      mismatch(
        strings(alphabet, 60_000, 9, 3),
        (s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[^/\\\s]+@[^/\\\s:]+:/.test(s),
        isRemote,
      ),
    ).toBeUndefined();
  });

  it('template actions', () => {
    // Outside quoted strings and comments (which Go's lexer, and so `actions`, skip), an action ends at the first `}}`.
    const alphabet = ['{', '}', '{{', '}}', '{{- ', 'x', ' ', '\n', '.Values.a'];
    const inputs = strings(alphabet, 60_000, 9, 4);
    const reference = (text: string): number[][] =>
      [...text.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) => [m.index, m.index + m[0].length]);
    expect(mismatch(inputs, reference, (text) => [...actions(text)].map((a) => [a.open, a.close]))).toBeUndefined();
    expect(
      mismatch(inputs, (v) => v.includes(TEMPLATE_MARK.repeat(2)) || /\{\{[\s\S]*\}\}/.test(v), isTemplateValue),
    ).toBeUndefined();
  });

  it('PEM blocks', () => {
    const alphabet = [
      '-----BEGIN CERTIFICATE-----\n',
      '-----END CERTIFICATE-----',
      '-----BEGIN PRIVATE KEY-----\r\n',
      '-----END PRIVATE KEY-----',
      'MIIB',
      '\n',
      '-----BEGIN X-----',
      '-----END X-----',
    ];
    const reference = (text: string): unknown =>
      [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g)].map((m) => ({
        type: m[1],
        text: m[0],
      }));
    expect(mismatch(strings(alphabet, 40_000, 8, 5), reference, (t) => pemBlocks(t))).toBeUndefined();
    const keys = (text: string): unknown =>
      [
        ...text.matchAll(
          /-----BEGIN ((?:RSA |ENCRYPTED |EC |OPENSSH )?PRIVATE KEY)-----\r?\n[\s\S]*?-----END \1-----/g,
        ),
      ].map((m) => ({ type: m[1], text: m[0] }));
    expect(
      mismatch(strings(alphabet, 40_000, 8, 6), keys, (t) =>
        pemBlocks(t, (type) => /^(?:RSA |ENCRYPTED |EC |OPENSSH )?PRIVATE KEY$/.test(type)),
      ),
    ).toBeUndefined();
  });

  it('words of a camel-case name', () => {
    const reference = (name: string): string[] =>
      name
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== '')
        .map((w) => w.toLowerCase());
    expect(
      mismatch(strings(['A', 'B', 'a', 'b', '1', '_', 'HTTP', 'Key'], 60_000, 8, 7), reference, nameWords),
    ).toBeUndefined();
  });
});
