import { namesCredential } from '../classify/credential-name.js';
import {
  isChartDefault,
  isExampleValue,
  isPasswordHash,
  isScriptReference,
  placeholderKind,
} from '../classify/placeholder.js';
import { classifyValue } from '../classify/value.js';
import { isNotAValue } from '../classify/value-shape.js';
import { withArticle } from '../classify/words.js';
import { isModeWord, WEAK_NOTE } from './credential-keys.js';
import { containersOf } from '../manifest/pods.js';
import { get, isMap, isSeq, stringAt, text } from '../parse/node.js';
import { defineDetector, paramsSchema, STRINGS, type ManifestContext } from './detector.js';

export interface EnvLiteralParams {
  /** Extra words that make a variable name a credential (added to the built-in vocabulary). */
  extraNameWords?: string[];
}

export function volumeFix(secretName: string, key?: string): string {
  // A templated name (`{{ .Release.Name }}-auth`) keeps only its literal words in the volume's name and path.
  const base =
    secretName
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '')
      .join('-') || 'app';
  const vol = `${base}-secret`.slice(0, 63);
  const dir = `/etc/secrets/${base}`;
  const file = key !== undefined ? `${dir}/${key}` : `${dir}/<key>`;
  return `Mount the Secret as a file instead: add volumes: [{name: ${vol}, secret: {secretName: ${secretName}}}] to the pod and volumeMounts: [{name: ${vol}, mountPath: ${dir}, readOnly: true}] to the container, then read ${file}.`;
}

/**
 * A credential written literally into a container's `env[].value`: it is in the manifest, in
 * `kubectl describe`, in the ReplicaSet history and in every process listing's environment.
 */
export const envLiteral = defineDetector<EnvLiteralParams>({
  name: 'env-literal',
  target: 'manifest',
  paramsSchema: paramsSchema<EnvLiteralParams>({}, { extraNameWords: STRINGS }),
  detect(ctx: ManifestContext<EnvLiteralParams>) {
    for (const c of containersOf(ctx.manifest)) {
      const env = get(c.container, 'env');
      if (!isSeq(env)) continue;
      for (const item of env.items) {
        if (!isMap(item)) continue;
        const name = stringAt(item, 'name') ?? '';
        const valueNode = get(item, 'value');
        const value = text(valueNode);
        if (value === undefined || valueNode === undefined || placeholderKind(value) !== undefined) continue;
        if (isNotAValue(value) || isExampleValue(value) || isScriptReference(value) || isModeWord(name, value))
          continue;
        const content = classifyValue(value, ctx.tokens);
        if (content?.verdict === 'public') continue;
        const byName = namesCredential(name, value, ctx.params.extraNameWords ?? []);
        if (!byName && content === undefined) continue;
        const weak = content === undefined ? isChartDefault(value, name) : content.weak === true;
        const what = content ? withArticle(content.label) : 'a credential';
        const fix = `Put the value in a Secret (sealed with kubeseal) and ${volumeFix(`${c.name}-env`).replace(/^Mount/, 'mount')}`;
        ctx.report({
          span: valueNode.span,
          key: name,
          value: content?.plain ?? value,
          fix,
          message: `env var ${name} of ${c.list === 'containers' ? 'container' : c.list.replace(/s$/, '')} "${c.name}" holds ${what} as a literal value${weak && !isPasswordHash(content?.plain ?? value) ? WEAK_NOTE : ''}`,
          ...(weak ? { severity: 'warning' as const } : {}),
        });
      }
    }
  },
});
