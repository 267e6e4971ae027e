import { decodeBase64, isText, looksLikeBase64Blob } from '../classify/base64.js';
import { credentialAssignment } from '../classify/content.js';
import { namesCredential } from '../classify/credential-name.js';
import { isNameShaped, isSecretReferenceName } from '../classify/names.js';
import { isChartDefault, isExampleValue, isScriptReference, placeholderKind } from '../classify/placeholder.js';
import { classifyValue, isNotAValue } from '../classify/value.js';
import { withArticle } from '../classify/words.js';
import { get, isMap, type ScalarNode, type Span, type YNode } from '../parse/node.js';
import { defineDetector, type ManifestContext } from './detector.js';
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
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: { mode: { enum: ['configmap', 'values'] }, extraNameWords: { type: 'array', items: { type: 'string' } } },
  },
  detect(ctx: ManifestContext<CredentialKeysParams>) {
    if (ctx.params.mode === 'configmap') {
      for (const field of ['data', 'binaryData'] as const) {
        const map = get(ctx.manifest.root, field);
        if (!isMap(map)) continue;
        for (const e of map.entries) {
          if (e.value.type === 'scalar') checkValue(ctx, e.key.value ?? '', e.key.value ?? '', e.value, field === 'binaryData', 'ConfigMap key');
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

function checkValue(ctx: ManifestContext<CredentialKeysParams>, name: string, key: string, node: ScalarNode, binary: boolean, where: string): void {
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
    ctx.report({ span: spanOfAssignment(ctx, node, plain), key, value: content.plain, message: `${where} "${key}" holds ${withArticle(content.label)}` });
    return;
  }
  if (!namesCredential(name, plain, ctx.params.extraNameWords ?? [])) return;
  if (plain.includes('\n') && credentialAssignment(plain) === undefined) return; // a multi-line document, not a value
  // `tlsSecret: mediawiki.local-tls`, `passwordSecretKey: postgresql-password`: the name of a Secret or of its key.
  if (isSecretReferenceName(name) && isNameShaped(plain)) return;
  if (isScriptReference(plain) || isModeWord(name, plain)) return;
  const inner = looksLikeBase64Blob(plain) || /^[A-Za-z0-9+/]{4,64}={1,2}$/.test(plain) ? decodeBase64(plain) : undefined;
  const weak = isChartDefault(plain, key) || (inner !== undefined && isText(inner) && isChartDefault(inner.toString('utf8'), key));
  ctx.report({
    span: node.span,
    key,
    value: plain,
    message: `${where} "${key}" holds ${weak ? 'a well-known default credential' : 'a credential'}${decoded?.form === 'text' ? ', base64-encoded, which is encoding, not encryption' : ' in plain text'}`,
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

/** `auth: basic-auth`, `REGISTRY_AUTH: htpasswd`: a name ending in `auth` or `mode` set to a lower-case mode word. */
export function isModeWord(name: string, value: string): boolean {
  return /(?:auth|mode)$/i.test(name) && /^[a-z][a-z0-9-]{1,40}$/.test(value.trim());
}
