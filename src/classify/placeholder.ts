import { isTemplateValue } from '../parse/templates.js';

/** Why a value is not a secret even though it sits where one would. */
export type PlaceholderKind = 'empty' | 'template' | 'reference' | 'encrypted';

const REFERENCE = [
  /^\$\{[^}]*\}$/, // ${VAR} (envsubst, Flux post-build substitution, Terraform)
  /^\$\$?\([A-Za-z_][A-Za-z0-9_]*\)$/, // $(VAR): the kubelet's dependent variable; $$(VAR) escapes it
  /^<[^<>]{1,80}>$/, // <password>, <redacted>
  /^%\{[^}]*\}$/,
  /^#\{[^}]*\}$/,
  /^(vault|ref\+[a-z0-9]+|secretsmanager|awssm|gcpsm|azkv|op|sops|akv):\/?\/?\S+$/i, // secret-store references
];

/** An absolute path: the value lives in a file, not here. */
const ABSOLUTE_PATH = /^\/[\w.@/-]+$/;

/**
 * `paths: false` for token formats, whose alphabet includes `/`: a random key may happen to look
 * like an absolute path.
 */
export function placeholderKind(value: string | null | undefined, opts: { paths: boolean } = { paths: true }): PlaceholderKind | undefined {
  if (value === null || value === undefined) return 'empty';
  const v = value.trim();
  if (v === '' || v === '""' || v === "''") return 'empty';
  if (isTemplateValue(v)) return 'template';
  if (/^ENC\[[A-Z0-9_]+,data:/.test(v)) return 'encrypted';
  if (REFERENCE.some((re) => re.test(v)) || (opts.paths && ABSOLUTE_PATH.test(v))) return 'reference';
  return undefined;
}

const KNOWN_DEFAULTS = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'password', 'passw0rd', 'p@ssw0rd', 'admin', 'root',
  'secret', 'redacted', 'todo', 'tbd', 'dummy', 'example', 'test', 'testing', 'placeholder', 'replaceme',
  'replace-me', 'replace_me', 'default', 'none', 'null', 'undefined', 'fixme', 'your-password', 'yourpassword',
  'your-password-here', 'mypassword', 'pass', 'postgres', 'mysql', '1234', '12345', '123456', '12345678', 'qwerty', 'letmein', 'guest',
]);

/**
 * A well-known default or filler value (`changeme`, `admin`, `xxxx`, `****`). In a real Secret
 * it is still a working credential, so it is reported at low severity rather than dropped.
 */
export function isKnownDefault(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (KNOWN_DEFAULTS.has(v)) return true;
  return /^(x+|\*+|\.+|-+|#+|0+|_+)$/.test(v) || /^(x{3,}|\*{3,})[-_]?\w{0,8}$/.test(v);
}
