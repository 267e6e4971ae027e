import { posix } from 'node:path';
import { isPlainSetting } from '../classify/names.js';
import { isKnownDefault, placeholderKind } from '../classify/placeholder.js';
import { get, isMap, isSeq, stringAt, text, type ScalarNode, type YNode } from '../parse/node.js';
import { defineDetector, paramsSchema, type ManifestContext } from './detector.js';

export interface KustomizeGeneratorParams {
  /** The generator list to read (`secretGenerator`). */
  generator: string;
}

/**
 * Kustomize `secretGenerator`: `literals` put the value in kustomization.yaml itself; `files:` and
 * `envs:` point at files whose content becomes the Secret, which the scan driver then reads as secret
 * material (the kustomize-secret-file rule).
 */
export const kustomizeGenerator = defineDetector<KustomizeGeneratorParams>({
  name: 'kustomize-generator',
  target: 'manifest',
  paramsSchema: paramsSchema<KustomizeGeneratorParams>({ generator: true }, { generator: { type: 'string' } }),
  detect(ctx: ManifestContext<KustomizeGeneratorParams>) {
    const { manifest, file } = ctx;
    const kind = manifest.identity.kind;
    if (kind !== undefined && kind !== 'Kustomization' && kind !== 'Component') return;
    const generators = get(manifest.root, ctx.params.generator);
    if (!isSeq(generators)) return;
    const dir = posix.dirname(file.path.replace(/\\/g, '/'));
    for (const g of generators.items) {
      if (!isMap(g)) continue;
      const name = stringAt(g, 'name') ?? '<unnamed>';
      const identity = {
        kind: 'Secret',
        name,
        ...(stringAt(g, 'namespace') !== undefined ? { namespace: stringAt(g, 'namespace') as string } : {}),
      };
      for (const lit of scalars(get(g, 'literals'))) {
        const raw = lit.value ?? '';
        const eq = raw.indexOf('=');
        if (eq <= 0) continue;
        const key = raw.slice(0, eq).trim();
        const value = raw.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
        if (placeholderKind(value) !== undefined) continue;
        const setting = isPlainSetting(key, value);
        const weak = !setting && isKnownDefault(value);
        // Point at the value itself: after `key=`, and after the opening quote of a quoted literal.
        const valueColumn = lit.span.start.column + (lit.style === 'quoted' ? 1 : 0) + eq + 1;
        ctx.report({
          span: { start: { line: lit.span.start.line, column: valueColumn }, end: lit.span.end },
          key,
          identity,
          value,
          message: `secretGenerator "${name}" has the literal "${key}" written in plain text in ${posix.basename(file.path)}${weak ? ' (a well-known default value)' : setting ? ' (it looks like a setting rather than a credential)' : ''}`,
          ...(setting ? { severity: 'note' as const } : weak ? { severity: 'warning' as const } : {}),
        });
      }
      for (const [field, format] of [
        ['files', 'file'],
        ['envs', 'env'],
        ['env', 'env'],
      ] as const) {
        const node = get(g, field);
        for (const entry of field === 'env' ? scalars(node, true) : scalars(node)) {
          const spec = entry.value ?? '';
          const eq = format === 'file' ? spec.indexOf('=') : -1;
          const rel = eq > 0 ? spec.slice(eq + 1) : spec;
          if (rel === '' || placeholderKind(rel) !== undefined) continue;
          ctx.reference({
            path: posix.normalize(posix.join(dir, rel)),
            format,
            ...(eq > 0 ? { key: spec.slice(0, eq) } : {}),
            identity,
            from: { path: file.path, span: entry.span },
          });
        }
      }
    }
  },
});

function scalars(node: YNode | undefined, single = false): ScalarNode[] {
  if (single) return node?.type === 'scalar' && text(node) !== undefined ? [node] : [];
  if (!isSeq(node)) return [];
  return node.items.filter((i): i is ScalarNode => i.type === 'scalar' && i.value !== null);
}
