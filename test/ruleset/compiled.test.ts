import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinRulesDir,
  COMPILED_RULES_FORMAT,
  compileRules,
  loadRuleFiles,
  readCompiledRules,
  readRuleYaml,
  type CompiledRules,
} from '../../src/ruleset/load.js';
import { ROOT, tempTree } from '../helpers/cli.js';

/**
 * `npm run build:all` compiles rules/*.yaml into dist/rules.json (scripts/compile-rules.mjs) so that a
 * run, above all the pre-commit hook, skips YAML parsing and schema compilation (issue 3). These
 * tests keep the two paths from drifting: the real build step's output, read back, must be the
 * rule set the YAML gives, and anything doubtful about the file must fall back to the YAML.
 */
const rulesDir = builtinRulesDir();
const fromYaml = readRuleYaml(rulesDir);

/** Runs the build step as `npm run build:all` does (it imports the compiled loader from dist/). */
function compileWithBuildStep(out: string): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compile-rules.mjs'), out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stderr, 'scripts/compile-rules.mjs needs a build (npm run build:all)').toBe('');
  expect(r.status).toBe(0);
}

describe('compiled rules (dist/rules.json)', () => {
  it('the build step writes exactly the rule set the YAML path loads', () => {
    const out = join(tempTree({}), 'rules.json');
    compileWithBuildStep(out);
    const compiled = readCompiledRules(out, rulesDir);
    expect(compiled, 'the fresh file must be used, not fall back').toBeDefined();
    expect(compiled).toStrictEqual(fromYaml);
    expect(compiled?.map((r) => r.data.id)).toStrictEqual(fromYaml.map((r) => r.data.id));
  });

  it('the dist/rules.json of the current build is what the CLI loads, without ajv or rule YAML', () => {
    const probe = `
      import { createRequire } from 'node:module';
      const { loadRuleFiles } = await import(${JSON.stringify(join(ROOT, 'dist', 'ruleset', 'load.js'))});
      const rules = loadRuleFiles();
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify({ rules, ajv: loaded.some((k) => k.includes('/node_modules/ajv/')) }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { rules, ajv } = JSON.parse(r.stdout) as { rules: unknown; ajv: boolean };
    expect(ajv, 'ajv loaded: dist/rules.json missing or stale? (npm run build:all)').toBe(false);
    expect(rules).toStrictEqual(fromYaml);
  });

  it('compileRules keeps the file names and the order of the rules folder', () => {
    const c = compileRules(rulesDir);
    expect(c.format).toBe(COMPILED_RULES_FORMAT);
    expect(c.rules.map((r) => r.file)).toStrictEqual(fromYaml.map((r) => basename(r.source)));
  });

  describe('falls back to the YAML (undefined) when the file cannot be trusted', () => {
    function copyOfRules(): { dir: string; out: string } {
      const dir = tempTree({});
      for (const { source } of fromYaml) copyFileSync(source, join(dir, basename(source)));
      const out = join(dir, 'compiled.json');
      writeFileSync(out, JSON.stringify(compileRules(dir)));
      return { dir, out };
    }

    it('uses an unchanged folder whose files are newer than the compiled file (a fresh clone writes them in any order)', () => {
      const { dir, out } = copyOfRules();
      const past = new Date(Date.now() - 60_000);
      utimesSync(out, past, past);
      expect(readCompiledRules(out, dir)).toStrictEqual(readRuleYaml(dir));
    });

    it('uses a current file for another folder too, naming that folder in each source', () => {
      const { dir, out } = copyOfRules();
      const rules = readCompiledRules(out, dir);
      expect(rules?.map((r) => r.source)).toStrictEqual(readRuleYaml(dir).map((r) => r.source));
    });

    it('missing or not JSON', () => {
      const { dir, out } = copyOfRules();
      expect(readCompiledRules(join(dir, 'absent.json'), dir)).toBeUndefined();
      writeFileSync(out, '{ not json');
      expect(readCompiledRules(out, dir)).toBeUndefined();
    });

    it('another format version', () => {
      const { dir, out } = copyOfRules();
      const c = JSON.parse(readFileSync(out, 'utf8')) as CompiledRules;
      writeFileSync(out, JSON.stringify({ ...c, format: COMPILED_RULES_FORMAT + 1 }));
      expect(readCompiledRules(out, dir)).toBeUndefined();
    });

    it('a rule file edited after the build', () => {
      const { dir, out } = copyOfRules();
      const first = join(dir, basename(fromYaml[0]!.source));
      writeFileSync(first, `${readFileSync(first, 'utf8')}# edited\n`);
      expect(readCompiledRules(out, dir)).toBeUndefined();
    });

    it('a rule file added or removed after the build', () => {
      const { dir, out } = copyOfRules();
      writeFileSync(join(dir, 'zz-new-rule.yaml'), 'id: zz-new-rule\n');
      expect(readCompiledRules(out, dir)).toBeUndefined();
    });
  });

  it('rules from another folder are read from the YAML, with file and line in errors', () => {
    const dir = tempTree({ 'bad-rule.yaml': 'id: bad-rule\ntitle: t\nseverity: fatal\n' });
    expect(() => loadRuleFiles(dir)).toThrow(/bad-rule\.yaml:\d+: /);
  });
});
