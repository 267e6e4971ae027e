import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../src/detectors/index.js';
import type { Finding } from '../src/finding.js';
import { buildRuleset, builtinRulesDir, loadRuleFiles } from '../src/ruleset/load.js';
import type { ExpectedFinding, RuleData, RuleExample } from '../src/ruleset/rule.js';
import { runScan } from '../src/scan.js';
import { MemorySource } from '../src/sources/memory.js';

/**
 * The rule tester: every example in every rules/<id>.yaml runs through the real driver and engine
 * with the whole rule set, ESLint RuleTester style. A positive example must produce exactly the
 * findings it lists (attributed to the rule, or recovered by it from an annotation); a negative one none.
 */
const loaded = loadRuleFiles();
const ruleset = buildRuleset(loaded);

function attributed(f: Finding, rule: RuleData): boolean {
  return f.ruleId === rule.id || f.embeddedBy === rule.id;
}

async function run(example: RuleExample): Promise<Finding[]> {
  const source = new MemorySource({ [example.file]: example.content, ...(example.files ?? {}) }, [example.file]);
  const report = await runScan(source, ruleset);
  return report.findings;
}

function shape(f: Finding, exp: ExpectedFinding | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    path: f.location.path,
    line: f.location.line,
    column: f.location.column,
    rule: f.ruleId,
  };
  if (exp?.severity !== undefined) out.severity = f.severity;
  if (exp?.key !== undefined) out.key = f.object.key;
  if (exp?.message !== undefined) out.message = f.message.includes(exp.message) ? exp.message : f.message;
  return out;
}

function expected(exp: ExpectedFinding, rule: RuleData, example: RuleExample): Record<string, unknown> {
  const out: Record<string, unknown> = {
    path: exp.path ?? example.file,
    line: exp.line,
    column: exp.column,
    rule: exp.rule ?? rule.id,
  };
  if (exp.severity !== undefined) out.severity = exp.severity;
  if (exp.key !== undefined) out.key = exp.key;
  if (exp.message !== undefined) out.message = exp.message;
  return out;
}

describe.each(loaded.map((l) => [l.data.id, l.data] as const))('rule %s', (_id, rule) => {
  it.each(rule.examples.positive.map((e) => [e.name, e] as const))('finds: %s', async (_name, example) => {
    expect(example.expect, 'a positive example must list what it expects').toBeDefined();
    const exps = example.expect ?? [];
    expect(exps.length, 'a positive example must expect at least one finding').toBeGreaterThan(0);
    const found = (await run(example)).filter((f) => attributed(f, rule));
    const sorted = [...exps].sort(
      (a, b) => (a.path ?? '').localeCompare(b.path ?? '') || a.line - b.line || a.column - b.column,
    );
    const actual = found.map((f, i) => shape(f, sorted[i]));
    expect(actual).toEqual(sorted.map((e) => expected(e, rule, example)));
    for (const f of found)
      expect(f.severity).toBe(sorted.find((e) => e.line === f.location.line)?.severity ?? rule.severity);
  });

  it.each(rule.examples.negative.map((e) => [e.name, e] as const))('ignores: %s', async (_name, example) => {
    expect(example.expect ?? []).toEqual([]);
    const found = (await run(example)).filter((f) => attributed(f, rule));
    expect(found.map((f) => `${f.location.line}:${f.location.column} ${f.message}`)).toEqual([]);
  });
});

describe('rule set', () => {
  it('has unique example names within each rule', () => {
    for (const { data } of loaded) {
      const names = [...data.examples.positive, ...data.examples.negative].map((e) => e.name);
      expect(new Set(names).size, data.id).toBe(names.length);
    }
  });

  it('uses every detector, and every detector file is registered', () => {
    const used = new Set(loaded.map((l) => l.data.detector));
    expect([...used].sort()).toEqual(Object.keys(DETECTORS).sort());
    const files = readdirSync(new URL('../src/detectors/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'detector.ts', 'secret-values.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(Object.keys(DETECTORS).sort());
  });

  it('keeps rules in rules/<id>.yaml with imperative remediation ending in a period', () => {
    const files = readdirSync(builtinRulesDir()).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(loaded.map((l) => `${l.data.id}.yaml`).sort());
    for (const { data } of loaded) expect(data.remediation.trim().endsWith('.'), data.id).toBe(true);
  });
});
