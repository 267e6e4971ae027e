/**
 * Deciding from a name (env var, ConfigMap key, values path) whether it holds a credential.
 * Names are split into words (`dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` → db, password)
 * so `PASSWORD_MIN_LENGTH` and `existingSecret` are told apart from `ADMIN_PASSWORD`.
 */

const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'secretkey',
  'accesskey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'clientsecret',
  'dsn',
  'connectionstring',
  'connstr',
  'auth',
  'authtoken',
  'bearer',
  'jwt',
  'webhook',
]);

/** Pairs of words that together name a credential (`api key`, `private key`, `access key`). */
const CREDENTIAL_PAIRS = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['master', 'key'],
  ['client', 'secret'],
  ['connection', 'string'],
  ['session', 'key'],
  // Airflow's `fernetKey`, Consul's `gossipKey`. Other `*Key` names (`authKey`, `appKey`) as often name a key
  // inside a Secret (`authKey: auth`): they count only with a random value, see `endsInPlainKey`.
  ['fernet', 'key'],
  ['gossip', 'key'],
  ['hmac', 'key'],
];

/** A last word that turns the name into metadata about a credential rather than the credential. */
const METADATA_WORDS = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'name',
  'names',
  'ref',
  'reference',
  'id',
  'url',
  'uri',
  'host',
  'hostname',
  'port',
  'user',
  'username',
  'login',
  'length',
  'len',
  'min',
  'max',
  'policy',
  'type',
  'kind',
  'mode',
  'ttl',
  'timeout',
  'expiry',
  'expiration',
  'expires',
  'lifetime',
  'enabled',
  'enable',
  'disabled',
  'required',
  'header',
  'endpoint',
  'issuer',
  'audience',
  'algorithm',
  'alg',
  'provider',
  'format',
  'version',
  'count',
  'size',
  'interval',
  'rotation',
  'strategy',
  'template',
  'key',
  'keys',
  'store',
  'mount',
  'volume',
  'env',
  'prefix',
  'suffix',
  'hash',
  'salt',
  'rounds',
  'cost',
  'field',
  'label',
  'annotation',
  'selector',
  'namespace',
  'location',
  'source',
  'generator',
  'lookup',
  'manager',
  'backend',
  'engine',
  'method',
  'scope',
  'scopes',
  'realm',
  'regex',
  'pattern',
  'validation',
  'complexity',
  'reset',
  'retries',
  'attempts',
  'limit',
  'period',
  'duration',
  'age',
  'create',
  'annotations',
  // `DATABASE_PASSWORD_CMD`, `passwordCommand`: a command that prints the credential at run time.
  'cmd',
  'command',
]);

/** A first word that makes the whole name a pointer to a secret stored elsewhere. */
const REFERENCE_PREFIXES = new Set([
  'existing',
  'external',
  'use',
  'from',
  'if',
  'is',
  'has',
  'show',
  'hide',
  'no',
  'skip',
  'require',
  'allow',
]);

/**
 * Words of names already split: a repository repeats the same few thousand keys (`name`, `image`,
 * `datasource`…) across files, and splitting them again was a visible share of the scan. Bounded,
 * because the names of a huge generated file may all differ.
 */
const splitNames = new Map<string, readonly string[]>();
const MAX_SPLIT_NAMES = 20_000;
/** Values are split too (a fill-in-the-blank check); a long one is not kept. */
const MAX_CACHED_NAME = 256;

/** The lower-case words of a key or variable name (`dbPassword`, `DB_PASSWORD` → `db`, `password`); a fresh array. */
export function nameWords(name: string): string[] {
  if (name.length > MAX_CACHED_NAME) return splitName(name);
  let words = splitNames.get(name);
  if (words === undefined) {
    words = splitName(name);
    if (splitNames.size >= MAX_SPLIT_NAMES) splitNames.clear();
    splitNames.set(name, words);
  }
  return [...words];
}

function splitName(name: string): string[] {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // `HTTPServer` → `HTTP Server`; a lookahead, because `([A-Z]+)([A-Z][a-z])` re-scans a long capital run from each of its letters.
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== '')
      .map((w) => w.toLowerCase())
  );
}

/** A name's words, with the ones the judgements below look at: the first, the last and the one before it. */
interface NameParts {
  words: string[];
  first: string;
  last: string;
  /** Undefined for a one-word name. */
  beforeLast: string | undefined;
}

/** The parts of a name; undefined when it has no word at all. */
function nameParts(name: string): NameParts | undefined {
  const words = nameWords(name);
  const [first] = words;
  const last = words.at(-1);
  if (first === undefined || last === undefined) return undefined;
  return { words, first, last, beforeLast: words.at(-2) };
}

/** Whether the word before the last (if any) is not one of `qualifiers` (`public` in `publicKey`). */
function lastUnqualified(parts: NameParts, qualifiers: ReadonlySet<string>): boolean {
  return parts.beforeLast === undefined || !qualifiers.has(parts.beforeLast);
}

export function isCredentialName(name: string, extraWords: readonly string[] = []): boolean {
  const parts = nameParts(name);
  if (parts === undefined || REFERENCE_PREFIXES.has(parts.first)) return false;
  const { words, last, beforeLast } = parts;
  // `auth` alone is too broad (`auth.enabled`, `auth.settings`): it names a credential only as the last word (`BASIC_AUTH`).
  const hasWord =
    words.some((w) => (CREDENTIAL_WORDS.has(w) && w !== 'auth') || extraWords.includes(w)) || last === 'auth';
  const hasPair = CREDENTIAL_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
  if (!hasWord && !hasPair) return false;
  if (!METADATA_WORDS.has(last)) return true;
  // `API_KEY`, `PRIVATE_KEY`, `SECRET_KEY`: `key` ends the name but the pair says credential.
  return last === 'key' && hasPair && CREDENTIAL_PAIRS.some(([a, b]) => b === 'key' && beforeLast === a);
}

/** Words before a final `key` that make it an identifier or public material, not a secret (`partitionKey`, `publicKey`). */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'public',
  'pub',
  'partition',
  'routing',
  'sort',
  'cache',
  'primary',
  'foreign',
  'idempotency',
  'dedup',
  'dedupe',
  'shard',
  'hash',
  'lookup',
  'group',
  'object',
  'label',
  'annotation',
  'field',
  'map',
  'config',
  'configmap',
  'issuer',
  'verification',
  'verify',
  'index',
  'row',
  'column',
  'unique',
  'bucket',
  'path',
  'file',
  'metric',
  'metrics',
  'tag',
  'tags',
  'query',
  'header',
  'sticky',
  'affinity',
]);

/**
 * A name ending in plain `key` (`key`, `app.key`, `SOME_KEY`, `gossipKey`) that could hold a key:
 * such a name says nothing by itself (`routingKey`, `key: app.kubernetes.io/name`), so it names a
 * credential only when its value is random (see `namesCredential`). Identifier-like qualifiers
 * (`partitionKey`, `publicKey`) and references (`existingSecretKey`) never do.
 */
export function endsInPlainKey(name: string): boolean {
  const parts = nameParts(name);
  if (parts === undefined || REFERENCE_PREFIXES.has(parts.first)) return false;
  return parts.last === 'key' && lastUnqualified(parts, NON_SECRET_KEY_QUALIFIERS);
}

/** Last words of names that configure rather than authenticate (`SMTP_HOST`, `LOG_LEVEL`, `DEBUG`). */
const SETTING_WORDS = new Set([
  'host',
  'hostname',
  'port',
  'user',
  'username',
  'login',
  'email',
  'url',
  'uri',
  'endpoint',
  'address',
  'addr',
  'region',
  'zone',
  'level',
  'debug',
  'verbose',
  'mode',
  'env',
  'environment',
  'timezone',
  'tz',
  'locale',
  'lang',
  'name',
  'namespace',
  'enabled',
  'disabled',
  'timeout',
  'ttl',
  'interval',
  'size',
  'count',
  'limit',
  'version',
  'path',
  'dir',
  'file',
  'format',
  'type',
  'id',
  'from',
  'sender',
  'bucket',
  'database',
  'db',
  'schema',
  'channel',
]);

/**
 * A name=value pair that is configuration, not a credential: a boolean or small number, or a name
 * ending in a setting word that does not also name a credential. Everything in a secretGenerator is
 * stored as a Secret, so such entries are still reported, at note level.
 */
export function isPlainSetting(name: string, value: string): boolean {
  if (/^(true|false|yes|no|on|off|\d{1,6})$/i.test(value.trim())) return true;
  const last = nameParts(name)?.last;
  return last !== undefined && SETTING_WORDS.has(last) && !isCredentialName(name);
}

/**
 * Lower-case fragments of which every credential name contains at least one (`pass` in
 * `DB_PASSWORD`, `api` in `apiKey`): when a file contains none of them, no name in it can be a
 * credential, and the name-based rules need not parse it. Derived from the vocabulary above.
 */
export const CREDENTIAL_NAME_FRAGMENTS: readonly string[] = [
  ...new Set([
    ...[...CREDENTIAL_WORDS].map((w) => (w.startsWith('pass') ? 'pass' : w)),
    // A pair only as a pair: `api` alone is in every `apiVersion`.
    ...CREDENTIAL_PAIRS.flatMap(([a, b]) => ['', '_', '-', '.', ' '].map((sep) => `${a}${sep}${b}`)),
  ]),
].filter((w, _i, all) => !all.some((o) => o !== w && w.includes(o)));

/**
 * The share of characters in word-like pieces: runs of three or more letters with a vowel, after
 * splitting at case changes, digits and separators. Identifiers score near 1, random text near 0.25.
 */
export function wordShare(part: string): number {
  if (part === '') return 0;
  let inWords = 0;
  for (const w of nameWords(part).flatMap((x) => x.split(/[0-9]+/)))
    if (w.length >= 3 && /[aeiouy]/.test(w)) inWords += w.length;
  return inWords / part.length;
}

/** First words of a `*Secret` name that make it the credential itself (`clientSecret`, `jwtSecret`), not a Secret's name. */
const SECRET_QUALIFIERS = new Set([
  'client',
  'shared',
  'cookie',
  'session',
  'jwt',
  'app',
  'application',
  'api',
  'webhook',
  'hmac',
  'token',
  'consumer',
  'oauth',
  'oauth2',
  'oidc',
  'socket',
  'ws',
  'signing',
  'encryption',
  'master',
  'bootstrap',
  'join',
  'cluster',
  'auth',
  'admin',
  'user',
]);

/**
 * A credential-looking name that says its value names a Secret, or a key in one, rather than holding
 * a credential: `tlsSecret`, `nodeSecret`, `secret`, `secrets` (the Secret object), `passwordSecretKey`,
 * `clientSecretKey` (the key inside it). `secretName`, `*Ref` and `existing*` are already metadata
 * to `isCredentialName`. Only a name-shaped value (see `isNameShaped`) makes such a key a reference:
 * `awsSecretKey` names a Secret key in one chart and holds the AWS secret key in another.
 */
export function isSecretReferenceName(name: string): boolean {
  const parts = nameParts(name);
  if (parts === undefined) return false;
  const { words, last, beforeLast } = parts;
  if (last === 'secret' || last === 'secrets') return lastUnqualified(parts, SECRET_QUALIFIERS);
  // `passwordSecretKey`, `serviceAccountSecretKey`: a word before `secret key` says what the key holds.
  return words.length >= 3 && last === 'key' && beforeLast === 'secret';
}

/**
 * A value shaped like a Kubernetes object name, a key name or an identifier made of words
 * (`mediawiki.local-tls`, `cockroachdb-node`, `postgresql-password`, `clientSecret`,
 * `credentials.json`), not like random text (`18f85c331f5e3cd4`).
 */
export function isNameShaped(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || v.length > 253 || !/^[A-Za-z][A-Za-z0-9._-]*$/.test(v)) return false;
  const parts = v.split(/[-._]/);
  if (parts.some((p) => p === '')) return false;
  if (wordShare(v) >= 0.5) return true;
  // A lower-case object name of short parts and words (`phpbb.local-tls`), not one long random run.
  return parts.length > 1 && v === v.toLowerCase() && parts.every((p) => p.length <= 5 || wordShare(p) >= 0.5);
}
