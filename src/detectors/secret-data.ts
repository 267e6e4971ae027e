import { isPlaceholderKeyText } from '../classify/content.js';
import { nameWords } from '../classify/names.js';
import { isExampleValue, isKnownDefault, placeholderKind } from '../classify/placeholder.js';
import { withArticle } from '../classify/words.js';
import { allAt, isMap, stringAt, text, type MapEntry } from '../parse/node.js';
import { isTemplateValue } from '../parse/templates.js';
import { WEAK_NOTE } from './credential-keys.js';
import { defineDetector, paramsSchema, STRINGS, type ManifestContext } from './detector.js';
import {
  credentialNoun,
  decodeDataValue,
  describeContent,
  isPasswordLike,
  registryCredentials,
  type DecodedValue,
} from './secret-values.js';

export interface SecretDataParams {
  /** Where the key/value map is: `[data]`, `[stringData]`, or a SealedSecret's `[spec, template, data]`. */
  path: string[];
  /** How its values are written: `base64` (Secret data) or `plain` (stringData, SealedSecret templates). */
  encoding: 'base64' | 'plain';
  /** apiVersions the rule applies to: the core `v1` Secret, not ExternalSecret or SopsSecret that share the kind name. */
  apiVersions: string[];
  /** Keys that hold public material in every Secret (certificates, public keys). */
  publicKeys?: string[];
  /** Extra public keys per Secret type (bootstrap `token-id`, service-account `namespace`, basic-auth `username`). */
  publicKeysByType?: Record<string, string[]>;
  /** The label that marks the sealed-secrets controller's own key; the sealing-key rule owns those Secrets. */
  sealingKeyLabel?: string;
  /** Last words of keys that identify rather than authenticate (`username`, `db.user`): reported as notes, not errors. */
  lowKeys?: string[];
}

/**
 * The one key of each built-in Secret type that holds its credential, and what that credential is.
 * Other keys of the same Secret are judged by their content: a service-account token Secret's
 * `ca.crt` is public, its `namespace` is not secret, and any extra key is just data.
 */
const TYPED_KEYS: Record<string, Record<string, string>> = {
  'kubernetes.io/tls': { 'tls.key': 'TLS private key' },
  'kubernetes.io/ssh-auth': { 'ssh-privatekey': 'SSH private key' },
  'kubernetes.io/basic-auth': { password: 'password' },
  'kubernetes.io/service-account-token': { token: 'service-account token' },
  'bootstrap.kubernetes.io/token': { 'token-secret': 'bootstrap token secret' },
};

/** A private key found in a Secret of a type that says which kind it is. */
const PRIVATE_KEY_BY_TYPE: Record<string, string> = {
  'kubernetes.io/tls': 'TLS private key',
  'kubernetes.io/ssh-auth': 'SSH private key',
};

function keyMatches(key: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p));
}

export const secretData = defineDetector<SecretDataParams>({
  name: 'secret-data',
  target: 'manifest',
  paramsSchema: paramsSchema<SecretDataParams>(
    { path: true, encoding: true, apiVersions: true },
    {
      path: { ...STRINGS, minItems: 1 },
      encoding: { type: 'string', enum: ['base64', 'plain'] },
      apiVersions: { ...STRINGS, minItems: 1 },
      publicKeys: STRINGS,
      publicKeysByType: { type: 'object', additionalProperties: STRINGS, required: [] },
      sealingKeyLabel: { type: 'string' },
      lowKeys: STRINGS,
    },
  ),
  detect(ctx: ManifestContext<SecretDataParams>) {
    const { manifest, params } = ctx;
    const apiVersion = manifest.identity.apiVersion;
    if (apiVersion !== undefined && !params.apiVersions.includes(apiVersion)) return;
    if (stringAt(manifest.root, 'metadata', 'labels', params.sealingKeyLabel ?? '') !== undefined) return;
    const maps = allAt(manifest.root, ...params.path).filter(isMap);
    const type = stringAt(manifest.root, 'type') ?? stringAt(manifest.root, 'spec', 'template', 'type') ?? 'Opaque';
    const publicKeys = [...(params.publicKeys ?? []), ...(params.publicKeysByType?.[type] ?? [])];
    for (const map of maps) for (const e of map.entries) checkEntry(ctx, e, type, publicKeys);
  },
});

function checkEntry(ctx: ManifestContext<SecretDataParams>, e: MapEntry, type: string, publicKeys: string[]): void {
  const key = e.key.value ?? '';
  const raw = text(e.value);
  if (raw === undefined || placeholderKind(raw) !== undefined) return;
  const plainText = ctx.params.encoding === 'plain';
  const decoded = plainText ? { plain: raw, form: 'text' as const } : decodeDataValue(raw);
  // `YOUR_PASSWORD`, `ssh-rsa XXXXXXXX… user@host`, AWS's documented example keys: no data to protect.
  if (placeholderKind(decoded.plain) !== undefined || (decoded.form !== 'binary' && isExampleValue(decoded.plain)))
    return;
  // A filler PEM block (`...`, `<private-key>`) is no key, but the config file around it may still hold one.
  const placeholderKey = decoded.form !== 'binary' && isPlaceholderKeyText(decoded.plain);
  const where = plainText
    ? `in plain text in ${ctx.params.path.join('.')}`
    : 'base64-encoded, which is encoding, not encryption';
  const report = (message: string, value: string, severity?: 'warning' | 'note'): void =>
    ctx.report({ span: e.value.span, key, value, message, ...(severity ? { severity } : {}) });

  if (type === 'helm.sh/release.v1' && key === 'release') {
    report('Helm release Secret: it stores the whole release, every chart value and password included', decoded.plain);
    return;
  }
  if (key === '.dockerconfigjson' || key === '.dockercfg') {
    const creds = decoded.form === 'text' ? registryCredentials(decoded.plain) : undefined;
    if (creds && creds.length > 0) {
      const hosts = creds.map((c) => c.host).join(', ');
      report(`Secret key "${key}" holds registry credentials for ${hosts}, ${where}`, decoded.plain);
      return;
    }
    if (creds) return; // a docker config without credentials (credential helpers only)
  }
  const content: { label?: string; isPublic: boolean; weak?: boolean } =
    decoded.form === 'binary' ? { isPublic: false } : describeContent(decoded.plain, ctx.tokens);
  if (placeholderKey && (content.label === undefined || content.isPublic)) return;
  // A chart renders this Secret from its template: config drawn from values with no credential among
  // its literal lines says nothing, and a word-like literal is the chart's default, as in values files.
  if (ctx.file.templated && content.label === undefined && isTemplateValue(decoded.plain)) return;
  const chartDefault = ctx.file.templated && content.weak === true;
  // A key conventionally public is judged by content: a PEM bundle in tls.crt may carry the private key too.
  if (keyMatches(key, publicKeys) && (content.isPublic || content.label === undefined)) return;
  // Public material under a key no convention makes public: the author still declared it secret.
  if (content.isPublic) {
    const what = withArticle(content.label ?? 'public material');
    report(
      `Secret key "${key}" holds ${what}: public material, not itself a credential, committed in a raw Secret; if nothing else in the Secret is secret, it belongs in a ConfigMap`,
      decoded.plain,
    );
    return;
  }
  if (content.label === undefined && (ctx.params.lowKeys ?? []).includes(nameWords(key).pop() ?? '')) {
    report(
      `Secret key "${key}" identifies an account, not a credential; seal it with the rest of the Secret`,
      decoded.plain,
      'note',
    );
    return;
  }
  // `changeme` is valid base64 that decodes to bytes: a default written where its encoding belongs.
  const unencodedDefault = decoded.form === 'binary' && isKnownDefault(raw);
  if ((decoded.form !== 'binary' && content.label === undefined && isKnownDefault(decoded.plain)) || unencodedDefault) {
    const how = unencodedDefault ? 'written in plain text where base64 belongs' : where;
    // In a raw Secret the author declared it secret and it logs in wherever nobody changed it; a chart
    // template's default is the chart's documentation of the setting.
    report(
      `Secret key "${key}" holds a well-known default value, ${how}; it is still a working credential`,
      unencodedDefault ? raw : decoded.plain,
      ctx.file.templated ? 'warning' : undefined,
    );
    return;
  }
  const what = describeEntry(key, type, decoded.plain, decoded.form, content.label);
  if (decoded.form === 'invalid-base64') {
    const holds =
      what === undefined
        ? 'plain text in which no credential format is recognised'
        : `${withArticle(what)} in plain text`;
    report(`Secret key "${key}" is not valid base64 (the API server rejects it) and holds ${holds}`, raw);
    return;
  }
  // The author declared the value secret by putting it in a Secret, so it blocks even unrecognised;
  // the message says so plainly, and the remediation offers a ConfigMap for what is not secret.
  if (what === undefined && ctx.file.templated) {
    // A chart's template ships its literal text to every user of the chart: configuration written
    // into the template, not a value someone set for one deployment.
    report(
      `Secret key "${key}" of a Helm template holds literal text in which no credential format is recognised`,
      decoded.plain,
      'warning',
    );
  } else if (what === undefined)
    report(`Secret key "${key}" committed in a raw Secret; no credential format recognised`, decoded.plain);
  else
    report(
      `Secret key "${key}" holds ${withArticle(what)}, ${where}${chartDefault ? WEAK_NOTE : ''}`,
      decoded.plain,
      chartDefault ? 'warning' : undefined,
    );
}

/** What a value is, in words, from its content first, then its Secret type and key, then its shape; undefined when nothing says. */
function describeEntry(
  key: string,
  type: string,
  plain: string,
  form: DecodedValue['form'],
  label: string | undefined,
): string | undefined {
  if (label === 'private key') return PRIVATE_KEY_BY_TYPE[type] ?? label;
  const typed = TYPED_KEYS[type]?.[key];
  // A service-account token is a JWT: the type names it more precisely than the format does.
  if (typed !== undefined && (label === undefined || label === 'JSON Web Token')) return typed;
  if (label !== undefined) return label;
  const noun = credentialNoun(key);
  if (noun !== undefined) return noun;
  if (form === 'binary') return 'value that decodes to binary bytes (a raw key, or text that was never base64-encoded)';
  return isPasswordLike(plain) ? 'password-like string' : undefined;
}
