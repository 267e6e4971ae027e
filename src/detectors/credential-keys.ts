import { decodeBase64, isText, looksLikeBase64Blob } from '../classify/base64.js';
import { credentialAssignment } from '../classify/content.js';
import { namesCredential } from '../classify/credential-name.js';
import { isNameShaped, isSecretReferenceName } from '../classify/names.js';
import {
  isChartDefault,
  isExampleValue,
  isPasswordHash,
  isScriptReference,
  isWordLike,
  placeholderKind,
} from '../classify/placeholder.js';
import { classifyValue } from '../classify/value.js';
import { isNotAValue } from '../classify/value-shape.js';
import { withArticle } from '../classify/words.js';
import { get, isMap, type ScalarNode, type Span, type YNode } from '../parse/node.js';
import { defineDetector, paramsSchema, STRINGS, type ManifestContext } from './detector.js';
import { decodeDataValue } from './secret-values.js';

export interface CredentialKeysParams {
  /** `configmap`: a ConfigMap's data/binaryData; `values`: every key of a Helm values file. */
  mode: 'configmap' | 'values';
  extraNameWords?: string[];
}

const MAX_DEPTH = 48;

/**
 * Credential-named keys with real-looking values where no credential belongs: ConfigMap data and
 * Helm values files. References (`existingSecret`, `secretName`, `passwordFile`) are not values.
 */
export const credentialKeys = defineDetector<CredentialKeysParams>({
  name: 'credential-keys',
  target: 'manifest',
  paramsSchema: paramsSchema<CredentialKeysParams>(
    { mode: true },
    { mode: { type: 'string', enum: ['configmap', 'values'] }, extraNameWords: STRINGS },
  ),
  detect(ctx: ManifestContext<CredentialKeysParams>) {
    if (ctx.params.mode === 'configmap') {
      for (const field of ['data', 'binaryData'] as const) {
        const map = get(ctx.manifest.root, field);
        if (!isMap(map)) continue;
        for (const e of map.entries) {
          if (e.value.type === 'scalar')
            checkValue(ctx, e.key.value ?? '', e.key.value ?? '', e.value, field === 'binaryData', 'ConfigMap key');
        }
      }
      return;
    }
    const visit = (node: YNode, path: string[], depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (node.type === 'map') for (const e of node.entries) visit(e.value, [...path, e.key.value ?? ''], depth + 1);
      else if (node.type === 'seq') node.items.forEach((i, n) => visit(i, [...path, `${n}`], depth + 1));
      else {
        const name = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
        checkValue(ctx, name, path.join('.'), node, false, 'values key');
      }
    };
    visit(ctx.manifest.root, [], 0);
  },
});

function checkValue(
  ctx: ManifestContext<CredentialKeysParams>,
  name: string,
  key: string,
  node: ScalarNode,
  binary: boolean,
  where: string,
): void {
  const raw = node.value;
  if (raw === null || placeholderKind(raw) !== undefined || isNotAValue(raw) || isExampleValue(raw)) return;
  // binaryData is decoded as Secret data is; bytes that are not text (an image, a keystore) say nothing.
  const decoded = binary ? decodeDataValue(raw) : undefined;
  if (decoded?.form === 'binary') return;
  const plain = decoded?.plain ?? raw;
  if (decoded && placeholderKind(plain) !== undefined) return;
  const content = classifyValue(plain, ctx.tokens, { decoded: decoded?.form === 'text' });
  if (content?.verdict === 'public') return;
  if (content) {
    const weak = content.weak === true;
    const message = `${where} "${key}" holds ${withArticle(content.label)}${weak && !isPasswordHash(content.plain) ? WEAK_NOTE : ''}`;
    ctx.report({
      span: spanOfAssignment(ctx, node, plain),
      key,
      value: content.plain,
      message,
      ...(weak ? { severity: 'warning' as const } : {}),
    });
    return;
  }
  if (!namesCredential(name, plain, ctx.params.extraNameWords ?? [])) return;
  // A document (multi-line, or JSON folded onto one line), not a value, unless it assigns a credential.
  if ((plain.includes('\n') || /^\s*[{[]\s*"/.test(plain)) && credentialAssignment(plain) === undefined) return;
  // `tlsSecret: mediawiki.local-tls`, `passwordSecretKey: postgresql-password`: the name of a Secret or of its key.
  if (isSecretReferenceName(name) && isNameShaped(plain)) return;
  // `secretKey: thanos.yaml`, `keyFile: server.key`: the name of a file or of a key in a Secret.
  if (isFileName(plain)) return;
  if (isScriptReference(plain) || isModeWord(name, plain)) return;
  const inner =
    looksLikeBase64Blob(plain) || /^[A-Za-z0-9+/]{4,64}={1,2}$/.test(plain) ? decodeBase64(plain) : undefined;
  const weak =
    isChartDefault(plain, key) ||
    isPasswordHash(plain) ||
    (inner !== undefined && isText(inner) && isChartDefault(inner.toString('utf8'), key));
  const what = isPasswordHash(plain) ? 'a password hash' : 'a credential';
  ctx.report({
    span: node.span,
    key,
    value: plain,
    message: `${where} "${key}" holds ${what}${decoded?.form === 'text' ? ', base64-encoded, which is encoding, not encryption' : ' in plain text'}${weak && what === 'a credential' ? WEAK_NOTE : ''}`,
    ...(weak ? { severity: 'warning' as const } : {}),
  });
}

/**
 * For a literal block holding a config file, the line of the credential assignment itself: the
 * block's content starts on the line after its `|` header, one file line per value line.
 */
function spanOfAssignment(ctx: ManifestContext<CredentialKeysParams>, node: ScalarNode, plain: string): Span {
  if (node.style !== 'block' || plain !== node.value) return node.span;
  const idx = plain.split('\n').findIndex((l) => credentialAssignment(l) !== undefined);
  if (idx < 0) return node.span;
  const line = node.span.start.line + 1 + idx;
  const lineText = ctx.file.lines.line(line);
  const column = lineText.length - lineText.trimStart().length + 1;
  return { start: { line, column }, end: { line, column: lineText.length + 1 } };
}

/** Why a finding outside a Secret is a warning: it names what was seen, not a guess at its use. */
export const WEAK_NOTE = '; it reads as words or a default, not as generated material';

/** A file name (`thanos.yaml`, `server.key`, `credentials.json`) with a known extension. */
function isFileName(value: string): boolean {
  return /^[A-Za-z0-9][\w.-]{0,120}\.(?:ya?ml|json|txt|conf|cfg|ini|pem|key|crt|cert|p12|pfx|jks|keystore|properties|env|toml|xml|htpasswd)$/i.test(
    value.trim(),
  );
}

/** `auth: basic-auth`, `REGISTRY_AUTH: htpasswd`: a name ending in `auth` or `mode` set to a lower-case mode word. */
export function isModeWord(name: string, value: string): boolean {
  const v = value.trim();
  // A mode reads as words (`basic-auth`, `htpasswd`, `oauth2`); lower-case hex or a UUID under
  // `REDIS_AUTH` is the credential itself.
  return /(?:auth|mode)$/i.test(name) && /^[a-z][a-z0-9-]{1,40}$/.test(v) && isWordLike(v);
}
