import { allAt, isMap, stringAt, text } from '../parse/node.js';
import { defineDetector, paramsSchema, type ManifestContext } from './detector.js';
import { decodeDataValue } from './secret-values.js';

export interface SealingKeyParams {
  /** The label the sealed-secrets controller puts on its key Secrets. */
  label: string;
}

/**
 * The sealed-secrets controller's own key pair. With `tls.key` in hand, every SealedSecret ever
 * sealed to it opens, in every environment that shares the key: the worst thing a GitOps repo can hold.
 */
export const sealingKey = defineDetector<SealingKeyParams>({
  name: 'sealing-key',
  target: 'manifest',
  paramsSchema: paramsSchema<SealingKeyParams>({ label: true }, { label: { type: 'string' } }),
  detect(ctx: ManifestContext<SealingKeyParams>) {
    const root = ctx.manifest.root;
    if (stringAt(root, 'metadata', 'labels', ctx.params.label) === undefined) return;
    for (const field of ['data', 'stringData'] as const) {
      for (const e of allAt(root, field)
        .filter(isMap)
        .flatMap((m) => m.entries)) {
        const raw = text(e.value);
        if (raw === undefined || raw.trim() === '') continue;
        const plain = field === 'data' ? decodeDataValue(raw).plain : raw;
        if (!/PRIVATE KEY/.test(plain) && e.key.value !== 'tls.key') continue;
        ctx.report({
          span: e.value.span,
          key: e.key.value ?? '',
          value: plain,
          message: `the sealed-secrets controller's private key (${e.key.value}): every SealedSecret sealed to this key can be decrypted by anyone who reads this file`,
        });
      }
    }
  },
});
