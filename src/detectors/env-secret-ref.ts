import { shownKey } from '../finding.js';
import { containersOf } from '../manifest/pods.js';
import { get, isMap, isSeq, stringAt } from '../parse/node.js';
import { defineDetector, paramsSchema, type ManifestContext } from './detector.js';
import { volumeFix } from '../remediation/env-fix.js';

export interface EnvSecretRefParams {
  /** `secretKeyRef`: env[].valueFrom.secretKeyRef; `envFrom`: envFrom[].secretRef. */
  form: 'secretKeyRef' | 'envFrom';
}

/**
 * A Secret exposed through environment variables rather than a volume (CIS 5.4.1): env leaks into
 * crash dumps, logs, child processes and /proc. Advisory: the Secret itself is not in the manifest.
 */
export const envSecretRef = defineDetector<EnvSecretRefParams>({
  name: 'env-secret-ref',
  target: 'manifest',
  paramsSchema: paramsSchema<EnvSecretRefParams>(
    { form: true },
    { form: { type: 'string', enum: ['secretKeyRef', 'envFrom'] } },
  ),
  detect(ctx: ManifestContext<EnvSecretRefParams>) {
    for (const c of containersOf(ctx.manifest)) {
      const container = `${c.list === 'containers' ? 'container' : c.list.replace(/s$/, '')} "${c.name}"`;
      if (ctx.params.form === 'secretKeyRef') {
        const env = get(c.container, 'env');
        if (!isSeq(env)) continue;
        for (const item of env.items) {
          const ref = get(get(item, 'valueFrom'), 'secretKeyRef');
          if (!isMap(ref)) continue;
          const secret = stringAt(ref, 'name') ?? '<secret>';
          // The key named in another Secret is shown as that Secret's findings show it: redacted if it is a credential itself.
          const refKey = stringAt(ref, 'key');
          const key = refKey !== undefined ? shownKey(refKey, ctx.tokens) : undefined;
          const name = stringAt(item, 'name') ?? '';
          ctx.report({
            span: ref.span,
            key: name,
            message: `env var ${name} of ${container} reads Secret "${secret}"${key !== undefined ? ` key "${key}"` : ''} into the environment`,
            // A redacted key would make a path nobody can use: the fix then says <key>.
            fix: volumeFix(secret, key === refKey ? key : undefined),
            fixLanguage: 'yaml',
          });
        }
      } else {
        const envFrom = get(c.container, 'envFrom');
        if (!isSeq(envFrom)) continue;
        for (const item of envFrom.items) {
          const ref = get(item, 'secretRef');
          if (!isMap(ref)) continue;
          const secret = stringAt(ref, 'name') ?? '<secret>';
          ctx.report({
            span: ref.span,
            key: `envFrom:${secret}`,
            message: `${container} loads every key of Secret "${secret}" into its environment (envFrom)`,
            fix: volumeFix(secret),
            fixLanguage: 'yaml',
          });
        }
      }
    }
  },
});
