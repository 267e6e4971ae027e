import { isTemplateValue, TEMPLATE_MARK } from '../parse/templates.js';
import { nameWords } from './names.js';

/** Why a value is not a secret even though it sits where one would. */
export type PlaceholderKind = 'empty' | 'template' | 'reference' | 'encrypted';

const REFERENCE = [
  /^\$\{[^}]*\}$/, // ${VAR} (envsubst, Flux post-build substitution, Terraform)
  /^\$\$?\([A-Za-z_][A-Za-z0-9_]*\)$/, // $(VAR): the kubelet's dependent variable; $$(VAR) escapes it
  /^<[^<>]{1,80}>$/, // <password>, <redacted>
  /^%\{[^}]*\}$/,
  /^#\{[^}]*\}$/,
  /^\.Values\.[\w.-]{1,2000}$/, // a Helm template reference written without its braces
  /^(vault|ref\+[a-z0-9]+|secretsmanager|awssm|gcpsm|azkv|op|sops|akv):\/?\/?\S+$/i, // secret-store references
];

/** An absolute path: the value lives in a file, not here. */
const ABSOLUTE_PATH = /^\/[\w.@/-]+$/;

/**
 * `paths: false` for token formats, whose alphabet includes `/`: a random key may happen to look
 * like an absolute path.
 */
export function placeholderKind(
  value: string | null | undefined,
  opts: { paths: boolean } = { paths: true },
): PlaceholderKind | undefined {
  if (value === null || value === undefined) return 'empty';
  const v = value.trim();
  if (v === '' || v === '""' || v === "''") return 'empty';
  if (isTemplateValue(v) && !hasLiteralLines(v)) return 'template';
  if (/^ENC\[[A-Z0-9_]+,data:/.test(v)) return 'encrypted';
  if (REFERENCE.some((re) => re.test(v)) || (opts.paths && ABSOLUTE_PATH.test(v) && !hasRandomSegment(v)))
    return 'reference';
  return undefined;
}

/**
 * A slash-led value with a segment no person names a folder or file (`/b2Xq9LmT…/Rk…`): base64
 * keys and AWS secret keys contain `/`, and one in 64 starts with it, without `+` or `=` as often
 * as not. Such a value is material, not a path.
 */
function hasRandomSegment(v: string): boolean {
  return v.split('/').some((seg) => seg.length >= 8 && /[A-Z]/.test(seg) && /[a-z]/.test(seg) && !isWordLike(seg));
}

/**
 * A multi-line value in which some lines hold no template at all: a config file rendered by a chart
 * mixes `{{ .Values.x }}` lines with literal ones, and a literal `bearer_token:` among them is
 * still written in git. Such a value is judged by its content, not dropped as a template.
 */
function hasLiteralLines(v: string): boolean {
  if (!v.includes('\n')) return false;
  return v.split('\n').some((line) => line.trim() !== '' && !isTemplateValue(line) && !line.includes(TEMPLATE_MARK));
}

const KNOWN_DEFAULTS = new Set([
  'changeme',
  'change-me',
  'change_me',
  'changeit',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'admin',
  'root',
  'secret',
  'redacted',
  'todo',
  'tbd',
  'dummy',
  'example',
  'test',
  'testing',
  'placeholder',
  'replaceme',
  'replace-me',
  'replace_me',
  'default',
  'none',
  'null',
  'undefined',
  'fixme',
  'your-password',
  'yourpassword',
  'your-password-here',
  'mypassword',
  'pass',
  'postgres',
  'mysql',
  '1234',
  '12345',
  '123456',
  '12345678',
  'qwerty',
  'letmein',
  'guest',
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

/**
 * A documented or self-announcing example value: AWS's `…EXAMPLE` keys, one character repeated
 * (`FFFF…`, `0000…`, `xxxx…`), and fill-in-the-blank names (`YOUR_API_TOKEN`, `INSERT_SLACK_TOKEN`,
 * `REPLACE_WITH_KEY`, `CHANGE_ME`), metasyntactic words (`foo`, `baz`). Never a working credential, wherever it is.
 */
export function isExampleValue(value: string): boolean {
  const v = value.trim();
  if (v.length >= 8 && isOneCharacterRepeated(v)) return true;
  if (/^[A-Za-z0-9/+]{8,64}EXAMPLE(?:KEY)?$/.test(v)) return true;
  if (!v.includes('\n') && isMasked(v)) return true;
  if (/^(?:foo|bar|baz|qux|quux|foobar|foo-bar|foo_bar|lorem ipsum)$/i.test(v)) return true;
  if (!/^(?:your|insert|enter|replace|put|change)[-_. ][a-z0-9][a-z0-9 ._!-]{0,200}$/i.test(v)) return false;
  // `YOUR_API_TOKEN`, `INSERT_SLACK_TOKEN`, `CHANGE_ME` name the blank they fill; a passphrase that
  // happens to start with the word (`enter-<word>-<word>-<nn>`) names nothing and is a credential.
  const words = splitWords(v).slice(1);
  const named = words.filter((w) => BLANK_WORDS.has(w) || FILLER_WORDS.has(w));
  return named.length > 0 && words.length - named.length <= 2 && !/[0-9]{2}/.test(v);
}

/**
 * Every character (code point) of `v` is the same: `new Set(v).size === 1` without building a set
 * of every character of a megabyte value, stopping at the first one that differs.
 */
function isOneCharacterRepeated(v: string): boolean {
  const first = String.fromCodePoint(v.codePointAt(0) ?? 0);
  for (let i = first.length; i < v.length; i += first.length) if (!v.startsWith(first, i)) return false;
  return v.length % first.length === 0;
}

/** Words of a fill-in-the-blank value besides the credential and filler words (`CHANGE_ME`, `REPLACE_WITH_KEY`). */
const BLANK_WORDS = new Set([
  'me',
  'with',
  'own',
  'id',
  'credential',
  'credentials',
  'passphrase',
  'string',
  'real',
  'actual',
  'here',
  'it',
  'this',
]);

/**
 * A PEM private-key block (BEGIN line to END line) that is not a key: its body is empty, a filler
 * (`...`, `XXXX`, `<private-key>`, `REPLACE_WITH_…`) or elided with a `...` line, as documentation
 * shows a key's first and last lines.
 */
export function isPlaceholderPem(block: string): boolean {
  const inner = block.replace(/^-----BEGIN [^-\r\n]{1,60}-----/, '').replace(/-----END [^-\r\n]{1,60}-----$/, '');
  const lines = inner.split(/\r?\n|\\n/).map((l) => trimQuotes(l.replace(/^[\s#/;*"'+,|>]+/, '')));
  const body = lines.filter((l) => l !== '' && !/^[A-Za-z-]+: /.test(l));
  if (body.some((l) => /^(?:\.{2,}|…)$/.test(l))) return true;
  const joined = body.join('');
  // The shortest real key body (an Ed25519 PKCS#8 key) is 64 base64 characters; a few letters are filler.
  const material = joined.replace(/[^A-Za-z0-9+/=]/g, '');
  return (
    /^[.xX*…]*$/.test(joined) || material.length < 32 || placeholderKind(joined) !== undefined || isExampleValue(joined)
  );
}

/**
 * A script's value that fetches the credential at run time instead of holding it: a variable
 * (`$REDIS_PASSWORD`, `${DB_PASS}`, `"neo4j:${NEO4J_PASSWORD}"`), a command substitution
 * (`$(< /run/secrets/pw)`, `$(cat file)`, `` `cat file` ``).
 */
export function isScriptReference(value: string): boolean {
  const v = value.trim();
  return /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || v.includes('${') || v.includes('$(') || /`[^`]*`/.test(v);
}

/** Filler words of self-describing sample values (`my-secret-key`, `super-secret-value-here`). */
const FILLER_WORDS = new Set([
  'my',
  'your',
  'some',
  'the',
  'a',
  'an',
  'this',
  'that',
  'here',
  'value',
  'super',
  'example',
  'sample',
  'demo',
  'test',
  'dummy',
  'default',
  'change',
  'replace',
  'must',
  'create',
  'you',
  'to',
  'for',
  'new',
  'very',
  'secret',
  'secrets',
  'password',
  'passwd',
  'pass',
  'key',
  'token',
  'api',
  'access',
  'private',
  'client',
  'auth',
  'changeme',
  'changeit',
  'mypassword',
  'mysecret',
]);

/**
 * A chart default outside a Secret: a well-known default (`admin`, `changeme`), a lone dictionary-
 * shaped word with at most a short number (`gogs`, `airflow`, `admin123`, `sonarPass`), or a phrase
 * that only restates its key or says it is a sample (`zookeeperClientPassword: zookeeper-client-password`,
 * `my-access-key`, `super-secret-value-here`). A working credential in a values file or ConfigMap is
 * random; these are reported at warning level, because a default someone forgot to change still logs in.
 */
export function isChartDefault(value: string, keyPath = ''): boolean {
  const v = value.trim();
  if (isKnownDefault(v) || isWordLike(v)) return true;
  const core = v.replace(/[!.]$/, '').replace(/[0-9]{1,4}$/, '');
  if (core.length > 64 || !/^[A-Za-z][A-Za-z._ -]{1,63}$/.test(core)) return false;
  const words = splitWords(v);
  const keyWords = new Set(splitWords(keyPath));
  // `repl_password` under `replication.password`: an abbreviation of a key word counts as the word.
  const restates = (w: string): boolean =>
    keyWords.has(w) || (w.length >= 3 && [...keyWords].some((k) => k.startsWith(w)));
  if (words.every((w) => FILLER_WORDS.has(w) || restates(w))) return true;
  // One word, all lower case or plain camel case: a name (`druid`, `gogs`, `sonarPass`), not random letters.
  const camel =
    /^[a-z][A-Za-z]{1,63}$/.test(core) && !/[A-Z]{2}|[A-Z]$/.test(core) && (core.match(/[A-Z]/g) ?? []).length <= 2;
  return camel && words.every((w) => w.length >= 3 && /[aeiouy]/.test(w));
}

/**
 * A value a person typed rather than a generator made: its letters are nearly all words or
 * pronounceable names, with at most short numbers between them (`keyboard cat`, `prom-operator`,
 * `anchore-postgres,123`, `not-secure-database-password`, a network's published passphrase). A
 * generated secret (`q8Vf2LkR7xTn4WcZ9pHs`, `18f85c331f5e3cd4`) breaks into fragments without vowels.
 * Outside a Secret such a value is a default or an example far more often than a credential, so it
 * is reported at warning level rather than blocking.
 */
export function isWordLike(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || v.length > 64) return false;
  const digitRuns = v.match(/[0-9]+/g) ?? [];
  if (digitRuns.some((r) => r.length > 4) || digitRuns.join('').length > 8) return false;
  let letters = 0;
  let wordLetters = 0;
  for (const piece of nameWords(v).flatMap((w) => w.split(/[0-9]+/))) {
    letters += piece.length;
    if (isPronounceable(piece)) wordLetters += piece.length;
  }
  return letters >= 3 && wordLetters / letters >= 0.7;
}

/** Three or more letters with a vowel and no run of five consonants: `operator`, `ethstats`, not `qwhfjeox`. */
function isPronounceable(piece: string): boolean {
  if (piece.length < 3 || piece.length > 24 || !/[aeiouy]/.test(piece)) return false;
  let run = 0;
  for (const ch of piece) {
    run = 'aeiouy'.includes(ch) ? 0 : run + 1;
    if (run >= 5) return false;
  }
  return true;
}

/**
 * A stored password hash (`sha1:salt:hex` of Jupyter, bcrypt `$2b$…`, crypt `$6$…`, `$argon2id$…`,
 * htpasswd `$apr1$…`, LDAP `{SSHA}…`, Django `pbkdf2_sha256$…`): not the password, but open to an
 * offline guessing attack, so it is reported at warning level outside a Secret.
 */
export function isPasswordHash(value: string): boolean {
  const v = value.trim().replace(/^[A-Za-z0-9._@-]{1,64}:(?=[${])/, '');
  return (
    /^\$(?:2[abxy]?|1|5|6|apr1|y|gy|7|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d{3})?)\$[A-Za-z0-9./+=$,:-]{8,300}$/.test(
      v,
    ) ||
    // Jupyter's `algorithm:salt:hash`; a lone `sha256:<hex>` is a content digest (an image's), not a password.
    /^(?:sha1|sha256|sha512):[0-9a-f]{4,64}:[0-9a-f]{32,128}$/.test(v) ||
    /^argon2:\$argon2(?:id|i|d)\$[A-Za-z0-9./+=$,:-]{8,300}$/.test(v) ||
    /^\{(?:SSHA|SHA|SSHA256|SSHA512|SHA256|SHA512|CRYPT|MD5|SMD5|PBKDF2[A-Z0-9-]{0,12})\}[A-Za-z0-9./+=$]{8,300}$/i.test(
      v,
    ) ||
    /^pbkdf2_sha(?:1|256|512)\$[0-9]{1,7}\$[A-Za-z0-9./+=]{4,100}\$[A-Za-z0-9./+=]{8,200}$/.test(v)
  );
}

/**
 * A value whose material is masked: a run of eight or more `X`, `*` or `#` stands where the secret
 * was (`ssh-rsa XXXXXXXX… user@host`, `token: ghp_XXXXXXXXXXXX`). Documentation and redacted dumps
 * write them; a generated credential has no such run.
 */
export function isMasked(value: string): boolean {
  return /(?:X{8}|x{8}|\*{8}|#{8})/.test(value);
}

function splitWords(s: string): string[] {
  return nameWords(s)
    .flatMap((w) => w.split(/[0-9]+/))
    .filter((w) => w !== '');
}

/** A line without its trailing quotes, commas and whitespace (no end-anchored regex: a long run would be rescanned from each start). */
function trimQuotes(line: string): string {
  let end = line.length;
  while (end > 0 && `"', \t\r`.includes(line[end - 1] as string)) end--;
  return line.slice(0, end);
}
