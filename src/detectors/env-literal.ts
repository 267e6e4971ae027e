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
import { envSecretRefFix } from '../remediation/env-fix.js';
import { get, isMap, isSeq, stringAt, text } from '../parse/node.js';
import { defineDetector, paramsSchema, STRINGS, type ManifestContext } from './detector.js';

export interface EnvLiteralParams {
  /** Extra words that make a variable name a credential (added to the built-in vocabulary). */
  extraNameWords?: string[];
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
        ctx.report({
          span: valueNode.span,
          key: name,
          value: content?.plain ?? value,
          fix: envSecretRefFix(name, c.name),
          fixLanguage: 'yaml',
          message: `env var ${name} of ${c.list === 'containers' ? 'container' : c.list.replace(/s$/, '')} "${c.name}" holds ${what} as a literal value${weak && !isPasswordHash(content?.plain ?? value) ? WEAK_NOTE : ''}`,
          ...(weak ? { severity: 'warning' as const } : {}),
        });
      }
    }
  },
});
