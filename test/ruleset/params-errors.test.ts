import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { builtinRulesDir, readRuleYaml } from '../../src/ruleset/load.js';

const RULE = 'configmap-credential.yaml';
const original = readFileSync(join(builtinRulesDir(), RULE), 'utf8');
const modeLine = original.split('\n').findIndex((l) => l.trim() === 'mode: configmap') + 1;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The error reading the built-in rule with its `mode: configmap` line replaced. */
function errorWith(modeLines: string): ConfigError {
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-params-'));
  dirs.push(dir);
  writeFileSync(join(dir, RULE), original.replace('mode: configmap', modeLines));
  try {
    readRuleYaml(dir);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('the rule was accepted');
}

// A rule's params are checked against its detector's params schema, with the error at the param's own line.
describe('params of a rule that its detector does not accept', () => {
  it.each([
    ['mode: secrets', 0, '/params/mode must be one of configmap, values'],
    ['mode: 5', 0, '/params/mode must be string'],
    ['mode: configmap\n  extraNameWords: null', 1, '/params/extraNameWords must be array'],
    ['mode: configmap\n  bogus: 1', 1, '/params has unknown property "bogus"'],
    ['extraNameWords: [a]', 0, "/params must have required property 'mode'"],
  ])('%j: names the param, what is wrong, and its line', (lines, offset, problem) => {
    const e = errorWith(lines);
    expect(e.message).toContain(`${RULE}:${modeLine + offset}: params of detector credential-keys: ${problem}`);
  });
});
