import { decodeBase64, isText, looksLikeBase64Blob } from './base64.js';
import { namesCredential } from './credential-name.js';
import { pemBlockText } from './pem-block.js';
import {
  isExampleValue,
  isKnownDefault,
  isPasswordHash,
  isPlaceholderPem,
  isScriptReference,
  isWordLike,
  placeholderKind,
} from './placeholder.js';
import { firstTokenMatch, type TokenChecks } from './token-match.js';
import { isNotAValue } from './value-shape.js';

/** A token format: compiled from the `token-pattern` rules so one list serves text scanning and decoding. */
export interface TokenFormat extends TokenChecks {
  label: string;
  /** With the `g` flag. */
  regex: RegExp;
  /** The rule's keywords: the regex runs only near them when every match holds one. */
  keywords?: readonly string[];
}

export interface ContentClass {
  /** `secret`: credential material; `public`: certificates and public keys, never blocking. */
  verdict: 'secret' | 'public';
  /** Human words for what it is: "PEM private key", "URL with embedded credentials". */
  label: string;
  /**
   * The credential in it is a word-like default, an example or a password hash rather than generated
   * material (`abc123` in a connection URL, `SECRET_KEY = 'thisismysecretkey'`): a warning outside a Secret.
   */
  weak?: boolean;
}

const PRIVATE_KEY = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|PuTTY-User-Key-File-\d/;
const PUBLIC_PEM =
  /-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|TRUSTED CERTIFICATE|PGP PUBLIC KEY BLOCK)-----/;
const SSH_PUBLIC =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) AAAA[0-9A-Za-z+/]+=*( .*)?$/;
const KNOWN_HOSTS = /^(\S+ )?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) AAAA/m;
// `{8}` then `*`, not `{8,}`: see the BLOB pattern in prefilter.ts (a multi-megabyte token overflowed the regex stack).
const JWT = /^eyJ[A-Za-z0-9_-]{8}[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]{8}[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{0,128}:([^\s@/]{1,256})@[^\s]+/i;
// `{16}` then `*`: see JWT above. A hex or base64 key has no escapes; a PEM one (`\n`) is found by PRIVATE_KEY.
const JSON_PRIVATE_KEY = /"(?:priv_key|private_key|privKey|privateKey)"\s*:\s*"([^"\\]{16}[^"\\]*)"/gi;
const USER_PASS = /^[A-Za-z0-9._@+-]{1,64}:[^\s:]{4,256}$/;
/**
 * The head of a `key=value`, `key: value` or `"key": "value"` line, as in .env, properties and JSON,
 * up to the value. The value and what may follow it (a closing quote, a comma) are read by hand in
 * `assignmentIn`: written as one regex, the value and the optional tail overlap on whitespace and a
 * line with a long run of spaces backtracks cubically.
 */
const ASSIGNMENT_HEAD = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?/;

/**
 * Classifies plaintext found where a credential might be. Returns undefined when the content says
 * nothing either way (a plain word): the caller then decides from the key name and context.
 */
export function classifyContent(plain: string, tokens: readonly TokenFormat[] = []): ContentClass | undefined {
  const text = plain.trim();
  if (text === '') return undefined;
  if (/"type"\s*:\s*"service_account"/.test(text) && /"private_key"/.test(text) && !isPlaceholderKeyText(text))
    return { verdict: 'secret', label: 'GCP service-account key' };
  if (PRIVATE_KEY.test(text) && !isPlaceholderKeyText(text)) return { verdict: 'secret', label: 'private key' };
  if (hasJsonPrivateKey(text)) return { verdict: 'secret', label: 'key file with a private key' };
  if (/"auths"\s*:/.test(text) && /"(auth|password|identitytoken)"\s*:/.test(text))
    return { verdict: 'secret', label: 'docker config with registry credentials' };
  for (const t of tokens) {
    const m = firstTokenMatch(t, t.regex, text, t.keywords);
    if (m) return { verdict: 'secret', label: t.label, ...(m.weak ? { weak: true } : {}) };
  }
  if (JWT.test(text)) return { verdict: 'secret', label: 'JSON Web Token' };
  if (isPasswordHash(text)) return { verdict: 'secret', label: 'password hash', weak: true };
  const url = URL_CREDENTIALS.exec(text);
  const urlPassword = url?.[1] ?? '';
  if (
    url &&
    placeholderKind(urlPassword) === undefined &&
    !isKnownDefault(urlPassword) &&
    !isScriptReference(urlPassword)
  ) {
    return {
      verdict: 'secret',
      label: 'URL with embedded credentials',
      ...(isWordLike(urlPassword) ? { weak: true } : {}),
    };
  }
  const assignment = strongestAssignment(text);
  if (assignment)
    return {
      verdict: 'secret',
      label: `configuration with a credential (${assignment.key})`,
      ...(assignment.weak ? { weak: true } : {}),
    };
  if (PUBLIC_PEM.test(text)) return { verdict: 'public', label: 'certificate or public key' };
  if (SSH_PUBLIC.test(text) || KNOWN_HOSTS.test(text))
    return { verdict: 'public', label: 'SSH public key or known_hosts' };
  return undefined;
}

/**
 * A JSON key file (a wallet, a service or node key) holding a `priv_key`/`private_key` member with a
 * real value: the private key in whatever encoding the tool uses (hex, base64), not only PEM.
 */
export function hasJsonPrivateKey(text: string): boolean {
  // Both readings below need a private-key member: without the word, no regex pass and no JSON parse
  // (dashboards and schemas in ConfigMaps are large JSON values).
  if ((!text.startsWith('{') && !text.startsWith('[')) || !PRIVATE_KEY_MEMBER.test(text)) return false;
  JSON_PRIVATE_KEY.lastIndex = 0;
  for (let m = JSON_PRIVATE_KEY.exec(text); m !== null; m = JSON_PRIVATE_KEY.exec(text)) {
    const value = m[1] ?? '';
    if (isKeyMaterial(value)) return true;
  }
  return text.length <= MAX_KEY_JSON && nestedPrivateKey(text);
}

const PRIVATE_KEY_MEMBER = /priv(?:ate)?_?key/i;

/** Key files are small; a larger document is not parsed whole just to look for one. */
const MAX_KEY_JSON = 64 * 1024;

function isKeyMaterial(value: string): boolean {
  return value.length >= 16 && placeholderKind(value) === undefined && !isExampleValue(value) && !isKnownDefault(value);
}

/** `"PrivateKey": {"Crypto": "none", "Plain": "65DA…"}`: the key as a member of a private-key object. */
function nestedPrivateKey(text: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  const visit = (node: unknown, underKey: boolean, depth: number): boolean => {
    if (depth > 8 || node === null || typeof node !== 'object')
      return underKey && typeof node === 'string' && isKeyMaterial(node);
    return Object.entries(node as Record<string, unknown>).some(([k, v]) =>
      visit(v, underKey || /^priv(?:ate)?_?key$/i.test(k), depth + 1),
    );
  };
  return visit(doc, false, 0);
}

/** Every PEM private-key block in the text is a placeholder (`...`, `<private-key>`), none is a key. */
export function isPlaceholderKeyText(text: string): boolean {
  const starts = [...text.matchAll(/-----BEGIN [ A-Z0-9]{0,40}PRIVATE KEY/g)].map((m) => m.index);
  if (starts.length === 0) return false;
  return starts.every((i) => {
    const block = pemBlockText(text, i);
    return block !== undefined && isPlaceholderPem(block);
  });
}

/** `user:password` in a decoded value (basic-auth style); only meaningful for base64-decoded text. */
export function isUserPass(text: string): boolean {
  const m = USER_PASS.exec(text.trim());
  if (!m) return false;
  const pass = text.trim().split(':').slice(1).join(':');
  return placeholderKind(pass) === undefined && !/^\d+$/.test(pass) && !/^\/\//.test(pass);
}

/** The first credential-named key with a real-looking value in multi-line config text, or undefined. */
export function credentialAssignment(text: string): string | undefined {
  return assignments(text, true)[0]?.key;
}

/**
 * The credential assignment that says most about the text: the first with a generated-looking value,
 * else the first word-like one (a default such as `SECRET_KEY = 'thisismysecretkey'`), marked weak.
 */
function strongestAssignment(text: string): { key: string; weak: boolean } | undefined {
  const found = assignments(text, false);
  return found.find((a) => !a.weak) ?? found[0];
}

function assignments(text: string, firstOnly: boolean): { key: string; weak: boolean }[] {
  if (!/[=:]/.test(text)) return [];
  const lines = text.includes('\n') ? text.split(/\r?\n/) : [text];
  if (lines.length > 2000) return [];
  const out: { key: string; weak: boolean }[] = [];
  for (const line of lines) {
    const found = assignmentIn(line);
    if (!found) continue;
    const { key, value } = found;
    if (
      !namesCredential(key, value) ||
      placeholderKind(value) !== undefined ||
      isKnownDefault(value) ||
      value.length < 4
    )
      continue;
    if (isScriptReference(value) || isExampleValue(value) || isPlaceholderKeyText(value) || isNotAValue(value))
      continue;
    out.push({
      key,
      weak: isWordLike(value.replace(/\\./g, ' ')) || isPasswordHash(value) || isWordLike(decodedText(value) ?? ''),
    });
    if (firstOnly || !out[out.length - 1]?.weak) break;
  }
  return out;
}

/**
 * The key and value of an assignment line: after the head, the value runs to the first quote, `#` or
 * comma and must not start with whitespace; what follows it may only be a closing quote, whitespace
 * and one comma. Unquoted, the value's trailing whitespace is not part of it.
 */
function assignmentIn(line: string): { key: string; value: string } | undefined {
  const head = ASSIGNMENT_HEAD.exec(line);
  if (!head) return undefined;
  const rest = line.slice(head[0].length);
  const stop = rest.search(/["'#,]/);
  const body = stop === -1 ? rest : rest.slice(0, stop);
  let tail = rest.slice(body.length);
  const closed = tail.startsWith('"') || tail.startsWith("'");
  if (closed) tail = tail.slice(1);
  tail = tail.trim();
  if (tail.startsWith(',')) tail = tail.slice(1).trim();
  if (tail !== '' || body === '' || /^\s/.test(body)) return undefined;
  return { key: head[1] ?? '', value: closed ? body : body.trimEnd() };
}

/** The text a base64 value decodes to (`ZXhhbXBsZS1hcHAtc2VjcmV0` → `example-app-secret`), or undefined. */
function decodedText(value: string): string | undefined {
  if (!looksLikeBase64Blob(value)) return undefined;
  const bytes = decodeBase64(value);
  return bytes && isText(bytes) ? bytes.toString('utf8').trim() : undefined;
}
