import { classifyValue } from '../classify/value.js';
import { withArticle } from '../classify/words.js';
import { POD_KINDS } from '../manifest/pods.js';
import type { ScalarNode, YNode } from '../parse/node.js';
import { WEAK_NOTE } from './credential-keys.js';
import { defineDetector, paramsSchema, STRINGS, type ManifestContext } from './detector.js';

export interface Base64CredentialParams {
  /** Kinds other rules own completely (Secret data, ConfigMap data, sealed ciphertext). */
  skipKinds: string[];
  /** Keys whose values other rules decode (the last-applied annotations). */
  skipKeys: string[];
}

const MAX_DEPTH = 64;

/**
 * Credentials hidden in base64 (or written plainly in a recognisable format) anywhere else in a
 * manifest: annotations, CRD fields, args. Env values belong to env-literal; ConfigMaps to
 * configmap-credential; Secrets to secret-data.
 */
export const base64Credential = defineDetector<Base64CredentialParams>({
  name: 'base64-credential',
  target: 'manifest',
  paramsSchema: paramsSchema<Base64CredentialParams>(
    { skipKinds: true, skipKeys: true },
    { skipKinds: STRINGS, skipKeys: STRINGS },
  ),
  detect(ctx: ManifestContext<Base64CredentialParams>) {
    const kind = ctx.manifest.identity.kind;
    // Only Kubernetes objects: kind-less YAML/JSON (CI workflows, compose files, key.json) is left to the text rules.
    if (kind === undefined || ctx.manifest.identity.apiVersion === undefined || ctx.params.skipKinds.includes(kind))
      return;
    const podKind = POD_KINDS.includes(kind);
    const visit = (node: YNode, key: string, path: string[], depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (node.type === 'map') {
        for (const e of node.entries) {
          const k = e.key.value ?? '';
          if (ctx.params.skipKeys.includes(k)) continue;
          // env[].value is env-literal's: it judges name and content together.
          if (podKind && k === 'value' && path[path.length - 1] === 'env') continue;
          visit(e.value, k, [...path, k], depth + 1);
        }
      } else if (node.type === 'seq') {
        for (const i of node.items) visit(i, key, path, depth + 1);
      } else {
        check(ctx, node, key);
      }
    };
    visit(ctx.manifest.root, '', [], 0);
  },
});

function check(ctx: ManifestContext<Base64CredentialParams>, node: ScalarNode, key: string): void {
  const raw = node.value;
  if (raw === null || raw.length < 16) return;
  const c = classifyValue(raw, ctx.tokens);
  if (!c || c.verdict !== 'secret') return;
  const weak = c.weak === true;
  ctx.report({
    span: node.span,
    key,
    value: c.plain,
    message: `"${key}" holds ${withArticle(c.label)}${weak ? WEAK_NOTE : ''}`,
    ...(weak ? { severity: 'warning' as const } : {}),
  });
}
