import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ignore from 'ignore';
import type { TokenFormat } from '../classify/content.js';
import { assertValid, compileSchema, readYamlSource } from '../config/yaml-source.js';
import { DETECTORS } from '../detectors/index.js';
import { ConfigError } from '../errors.js';
import type { Severity } from '../severity.js';
import type { Rule, RuleData } from './rule.js';

const ruleSchema = JSON.parse(readFileSync(new URL('../../schema/rule.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

export interface LoadedRule {
  data: RuleData;
  source: string;
}

export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface Ruleset {
  rules: Rule[];
  /** Token formats of the enabled token-pattern rules, for classifying decoded values. */
  tokens: TokenFormat[];
}

/** The rules/ folder shipped with the package. */
export function builtinRulesDir(): string {
  return fileURLToPath(new URL('../../rules/', import.meta.url));
}

/** Reads and validates every rules/<id>.yaml; errors name the file and line (exit 2). */
export function loadRuleFiles(dir: string = builtinRulesDir()): LoadedRule[] {
  const validate = compileSchema(ruleSchema);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const seen = new Set<string>();
  return files.map((f) => {
    const source = join(dir, f);
    const src = readYamlSource(source, readFileSync(source, 'utf8'));
    const data = src.doc.toJS() as RuleData;
    assertValid(src, data, validate, 'rule');
    if (`${data.id}.yaml` !== f) throw new ConfigError(source, 1, `rule id "${data.id}" must match the file name`);
    if (seen.has(data.id)) throw new ConfigError(source, 1, `duplicate rule id "${data.id}"`);
    seen.add(data.id);
    const detector = DETECTORS[data.detector];
    if (!detector) throw new ConfigError(source, undefined, `unknown detector "${data.detector}" (known: ${Object.keys(DETECTORS).join(', ')})`);
    assertValid(src, data.params ?? {}, compileSchema(detector.paramsSchema), `params of detector ${detector.name}`);
    return { data, source };
  });
}

/** Binds validated rule data to detectors, applying configuration overrides. */
export function buildRuleset(loaded: readonly LoadedRule[], overrides: Readonly<Record<string, RuleOverride>> = {}): Ruleset {
  const rules: Rule[] = [];
  for (const { data, source } of loaded) {
    const o = overrides[data.id];
    if (o?.enabled === false) continue;
    const detector = DETECTORS[data.detector];
    if (!detector) throw new ConfigError(source, undefined, `unknown detector "${data.detector}"`);
    const kinds = data.scope?.kinds ? new Set(data.scope.kinds) : undefined;
    const globs = data.scope?.files ? ignore().add(data.scope.files) : undefined;
    const excluded = data.scope?.excludeFiles ? ignore().add(data.scope.excludeFiles) : undefined;
    rules.push({
      data,
      source,
      severity: o?.severity ?? data.severity,
      detector,
      params: data.params ?? {},
      mayApply: (facts) => {
        const p = data.prefilter;
        if (p === undefined) return true;
        return (p.keywords !== undefined && facts.hasAny(p.keywords)) || (p.credentialNames === true && facts.credentialNames) || (p.credentialContent === true && facts.credentialContent);
      },
      appliesToKind: (kind) => kinds === undefined || (kind !== undefined && kinds.has(kind)),
      appliesToPath: (path) => {
        const rel = relativeForGlobs(path);
        return (globs === undefined || globs.ignores(rel)) && !(excluded?.ignores(rel) ?? false);
      },
    });
  }
  const tokens = rules
    .filter((r) => r.data.detector === 'token-pattern')
    .map((r) => {
      const p = r.params as { label: string; regex: string; flags?: string };
      return { label: p.label, regex: new RegExp(p.regex, p.flags ?? '') };
    });
  return { rules, tokens };
}

/** `ignore` wants clean relative paths; outside-the-tree and absolute paths are matched from their tail. */
function relativeForGlobs(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^(\.{1,2}\/|\/)+/, '');
  return p === '' ? '.' : p;
}
