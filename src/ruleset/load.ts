import { packagePath } from '../paths.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ignore from 'ignore';
import type { TokenFormat } from '../classify/content.js';
import { assertValid, compileSchema, readYamlSource } from '../config/yaml-source.js';
import type { ValidateFunction } from 'ajv';
import type { Detector } from '../detectors/detector.js';
import { DETECTORS } from '../detectors/index.js';
import type { TokenPatternParams } from '../detectors/token-pattern.js';
import { ConfigError } from '../errors.js';
import type { Severity } from '../severity.js';
import { KIND_GROUPS } from '../manifest/pods.js';
import { lintRegex } from './regex-lint.js';
import type { Rule, RuleData } from './rule.js';

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

/**
 * The built-in rules as `npm run build:all` compiles them (scripts/compile-rules.mjs → dist/rules.json):
 * already validated, so a run reads them without parsing YAML or compiling schemas (start-up time in a hook).
 */
export interface CompiledRules {
  format: typeof COMPILED_RULES_FORMAT;
  /** `rulesDigest` of the folder compiled: the file is used only while the rule files are byte for byte these. */
  digest: string;
  /** In file-name order, as `readRuleYaml` returns them; `file` is the name inside the rules folder. */
  rules: { file: string; data: RuleData }[];
}

/** Bumped whenever the shape of `CompiledRules` changes, so an old dist/rules.json is never misread. */
export const COMPILED_RULES_FORMAT = 2;

/** The rules/ folder shipped with the package. */
export function builtinRulesDir(): string {
  return packagePath('rules');
}

/**
 * dist/rules.json, committed with the CLI bundle (and rebuilt by `npm run build:all`).
 * @public scripts/compile-rules.mjs imports this from the built dist/, which knip does not trace back here.
 */
export function compiledRulesFile(): string {
  return packagePath('dist', 'rules.json');
}

/**
 * The rules of `dir`: for the built-in folder, from dist/rules.json when it is current
 * (`readCompiledRules`), otherwise (another folder, no build, rules edited since) from the YAML,
 * validated, with errors naming the file and line (exit 2). Both give the same data (tested).
 */
export function loadRuleFiles(dir: string = builtinRulesDir()): LoadedRule[] {
  return (dir === builtinRulesDir() ? readCompiledRules(compiledRulesFile(), dir) : undefined) ?? readRuleYaml(dir);
}

/**
 * The compiled rules in `file`, for the rules folder `dir`; undefined, so that the caller reads the
 * YAML, when the file is missing, unreadable or of another format, or when the rule files are not
 * byte for byte those it was compiled from (a rule edited, added or removed after the build).
 * Contents, not modification times: a fresh clone or checkout writes files in any order, and the
 * committed dist/rules.json must still count as current there.
 */
export function readCompiledRules(file: string, dir: string): LoadedRule[] | undefined {
  try {
    // Any earlier format may be on disk: only `format` is trusted before it is checked.
    const compiled = JSON.parse(readFileSync(file, 'utf8')) as Omit<CompiledRules, 'format'> & { format: unknown };
    if (compiled.format !== COMPILED_RULES_FORMAT || compiled.digest !== rulesDigest(dir)) return undefined;
    return compiled.rules.map(({ file: f, data }) => ({ data, source: join(dir, f) }));
  } catch {
    return undefined;
  }
}

/** A hash of every rule file's name and bytes, in file-name order (a few milliseconds for the built-in folder). */
function rulesDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const name of ruleFileNames(dir)) {
    const bytes = readFileSync(join(dir, name));
    hash.update(`${name}\0${String(bytes.length)}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** What scripts/compile-rules.mjs writes: the rules of `dir`, read and validated from the YAML. */
export function compileRules(dir: string = builtinRulesDir()): CompiledRules {
  return {
    format: COMPILED_RULES_FORMAT,
    digest: rulesDigest(dir),
    rules: readRuleYaml(dir).map(({ data, source }) => ({ file: basename(source), data })),
  };
}

/** Reads and validates every rules/<id>.yaml; errors name the file and line (exit 2). */
export function readRuleYaml(dir: string): LoadedRule[] {
  const ruleSchema = JSON.parse(readFileSync(packagePath('schema', 'rule.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const validate = compileSchema(ruleSchema);
  const seen = new Set<string>();
  return ruleFileNames(dir).map((f) => {
    const source = join(dir, f);
    const src = readYamlSource(source, readFileSync(source, 'utf8'));
    const data = src.doc.toJS() as RuleData;
    assertValid(src, data, validate, 'rule');
    if (`${data.id}.yaml` !== f) throw new ConfigError(source, 1, `rule id "${data.id}" must match the file name`);
    if (seen.has(data.id)) throw new ConfigError(source, 1, `duplicate rule id "${data.id}"`);
    seen.add(data.id);
    const detector = DETECTORS[data.detector];
    if (!detector)
      throw new ConfigError(
        source,
        undefined,
        `unknown detector "${data.detector}" (known: ${Object.keys(DETECTORS).join(', ')})`,
      );
    // Checked in place, so that an error points at the param's own line in the rule file.
    assertValid(src, { params: data.params ?? {} }, paramsValidator(detector), `params of detector ${detector.name}`);
    assertLinearRegex(data, source);
    return { data, source };
  });
}

const paramsValidators = new Map<Detector, ValidateFunction>();

/** Validates `{ params }` against the detector's params schema; compiled once per detector. */
function paramsValidator(detector: Detector): ValidateFunction {
  let validate = paramsValidators.get(detector);
  if (validate === undefined) {
    validate = compileSchema({ type: 'object', properties: { params: detector.paramsSchema } });
    paramsValidators.set(detector, validate);
  }
  return validate;
}

/** A token regex runs on every scanned file: one that can backtrack super-linearly is refused when the rules are read (and so at build). */
function assertLinearRegex(data: RuleData, source: string): void {
  const params = data.params as { regex?: unknown; flags?: unknown } | undefined;
  if (typeof params?.regex !== 'string') return;
  const problems = lintRegex(params.regex, typeof params.flags === 'string' ? params.flags : '');
  if (problems.length > 0)
    throw new ConfigError(
      source,
      undefined,
      `params.regex can take super-linear time on hostile input: ${problems.join('; ')}`,
    );
}

function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** Binds validated rule data to detectors, applying configuration overrides. */
export function buildRuleset(
  loaded: readonly LoadedRule[],
  overrides: Readonly<Record<string, RuleOverride>> = {},
): Ruleset {
  const rules: Rule[] = [];
  for (const { data, source } of loaded) {
    const o = overrides[data.id];
    if (o?.enabled === false) continue;
    const detector = DETECTORS[data.detector];
    if (!detector) throw new ConfigError(source, undefined, `unknown detector "${data.detector}"`);
    const kinds = data.scope?.kinds ? new Set(expandKinds(data.scope.kinds, source)) : undefined;
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
        return (
          (p.keywords !== undefined && facts.hasAny(p.keywords)) ||
          (p.credentialNames === true && facts.credentialNames) ||
          (p.credentialContent === true && facts.credentialContent)
        );
      },
      appliesToKind: (kind) => kinds === undefined || (kind !== undefined && kinds.has(kind)),
      // Most rules have no file scope: they apply everywhere without normalising the path (a sweep asks per blob).
      appliesToPath:
        globs === undefined && excluded === undefined
          ? () => true
          : (path) => {
              const rel = relativeForGlobs(path);
              return (globs === undefined || globs.ignores(rel)) && !(excluded?.ignores(rel) ?? false);
            },
    });
  }
  const tokens = rules
    .filter((r) => r.data.detector === 'token-pattern')
    .map((r) => {
      // Validated against the token-pattern detector's params schema when the rules were read.
      const p = r.params as TokenPatternParams;
      return {
        label: p.label,
        regex: new RegExp(p.regex, `g${p.flags ?? ''}`),
        keywords: p.keywords,
        ...(p.secretGroup !== undefined ? { secretGroup: p.secretGroup } : {}),
        ...(p.minEntropy !== undefined ? { minEntropy: p.minEntropy } : {}),
        ...(p.pemBlock !== undefined ? { pemBlock: p.pemBlock } : {}),
        ...(p.wordsAreWeak !== undefined ? { wordsAreWeak: p.wordsAreWeak } : {}),
      };
    });
  return { rules, tokens };
}

/** `ignore` wants clean relative paths; outside-the-tree and absolute paths are matched from their tail. */
function relativeForGlobs(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^(\.{1,2}\/|\/)+/, '');
  return p === '' ? '.' : p;
}

/** A rule's kinds with each `@group` replaced by its members; an unknown group is a rule error. */
function expandKinds(kinds: readonly string[], source: string): string[] {
  return kinds.flatMap((k) => {
    if (!k.startsWith('@')) return [k];
    const group = KIND_GROUPS[k];
    if (group === undefined)
      throw new ConfigError(
        source,
        undefined,
        `unknown kind group "${k}" (known: ${Object.keys(KIND_GROUPS).join(', ')})`,
      );
    return group;
  });
}
