import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, readRuleYaml } from '../../src/ruleset/load.js';
import { lintRegex, regexAlphabet, regexFragments } from '../../src/ruleset/regex-lint.js';
import { tempTree } from '../helpers/cli.js';
import { ruleRegexes, sourceRegexes, type RegexSite } from './regex-sources.js';

/**
 * No regex that runs on scanned text may take super-linear time (ReDoS). Two checks over every rule
 * regex and every regex in src/ and action/ (found by the TypeScript parser, so new ones are covered):
 * the structural lint (src/ruleset/regex-lint.ts), which bounds the work by the pattern's shape, and
 * adversarial probes on 100 KB inputs made of each regex's own alphabet, run in a worker that is
 * ended if a regex stops reporting: a hang detector, not a speed assertion.
 */

const rules = ruleRegexes();
const { sites, dynamic } = sourceRegexes();
const name = (r: RegexSite): string =>
  `${r.where} /${r.source.length > 80 ? `${r.source.slice(0, 80)}…` : r.source}/${r.flags}`;

describe('the regex lint recognises the super-linear shapes', () => {
  it.each([
    ['(a+)+$', '', 'ambiguous loop'],
    ['^(\\w+\\s?)*$', '', 'ambiguous loop'],
    ['(a|ab)*c', '', 'ambiguous loop'],
    ['(?:a{1,3}){2,50}x', '', 'ambiguous loop'],
    ['^\\s*,?\\s*x', '', 'overlapping'],
    ['^a=([^#]*?)\\s*$', '', 'overlapping'],
    ['a+b', '', 'unguarded'],
    ['\\{\\{[\\s\\S]*?\\}\\}', 'g', 'unguarded'],
    ['^\\s*kind:', 'm', 'unguarded'],
    ['(?<=a*)b', '', 'lookbehind'],
    // The shapes this suite was written for: the old config-assignment and text-fallback patterns.
    [
      '^\\s*(?:export\\s+)?["\']?([A-Za-z_][\\w.-]*)["\']?\\s*[:=]\\s*["\']?([^"\'\\s,#][^"\'#,]*?)["\']?\\s*,?\\s*$',
      '',
      'overlapping',
    ],
    [
      "^(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^\\s#'\"-][^#]*?|-[^\\s#][^#]*?)[ \\t]*:(?:[ \\t]+(.*?))?[ \\t]*$",
      '',
      'overlapping',
    ],
    ['\\s+#.*$', '', 'unguarded'],
    ['^[^/\\\\\\s]+@[^/\\\\\\s:]+:', '', 'overlapping'],
    ['"(?:[^"\\\\]|\\\\.)*"', '', 'unguarded'],
  ])('rejects /%s/%s (%s)', (source, flags, kind) => {
    expect(lintRegex(source, flags).join('\n')).toContain(kind);
  });

  it.each([
    ['^a+b', ''],
    ['_[a-z]+x', ''],
    ['\\b\\w+@', ''],
    ['-----BEGIN [A-Z ]*PRIVATE KEY-----', ''],
    ['[A-Za-z0-9+/]{16,}={0,2}', 'g'],
    ['(?<!\\n)\\n+$', ''],
    ['^(\\.{1,2}\\/|\\/)+', ''],
    ['^(.*?)(\\.\\.\\.?)(.*)$', 's'],
    ['\\bsk-[0-9A-Za-z_-]{20,120}T3BlbkFJ[0-9A-Za-z_-]{20,120}(?![0-9A-Za-z_-])', 'g'],
  ])('accepts /%s/%s', (source, flags) => {
    expect(lintRegex(source, flags)).toEqual([]);
  });
});

describe('every regex the scan runs has none of those shapes', () => {
  it('finds the regexes: rules, literals and built regexes in src/ and action/', () => {
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(sites.length).toBeGreaterThan(150);
    // The only regexes built from run-time text compile the rules' `regex` params, checked below.
    expect([...new Set(dynamic)].sort()).toEqual(['src/detectors/token-pattern.ts', 'src/ruleset/load.ts']);
  });

  it('refuses a rule whose regex backtracks, when the rules are read (and so at build)', () => {
    const dir = tempTree({});
    const yaml = readFileSync(join(builtinRulesDir(), 'npm-token.yaml'), 'utf8');
    const bad = yaml.replace(/^ {2}regex: .*$/m, "  regex: '\\bnpm_(?:[0-9A-Za-z]+)+!'");
    expect(bad).not.toBe(yaml);
    writeFileSync(join(dir, 'npm-token.yaml'), bad);
    expect(() => readRuleYaml(dir)).toThrow(/npm-token\.yaml.*super-linear.*ambiguous loop/s);
    writeFileSync(join(dir, 'npm-token.yaml'), yaml);
    expect(readRuleYaml(dir).map((r) => r.data.id)).toEqual(['npm-token']);
  });

  it.each(rules.map((r) => [name(r), r] as const))('rule %s', (_name, r) => {
    expect(lintRegex(r.source, r.flags)).toEqual([]);
  });

  it.each(sites.map((r) => [name(r), r] as const))('source %s', (_name, r) => {
    expect(lintRegex(r.source, r.flags)).toEqual([]);
  });
});

const PROBE_SIZE = 100_000;
/** A regex that reports nothing for this long is taken as hung (linear ones take milliseconds per input). */
const SILENCE_MS = 30_000;

/** Repeated units of a regex's own alphabet: each character, pairs, near-matches and their prefixes. */
function probeUnits(r: RegexSite): string[] {
  const alphabet = regexAlphabet(r.source, r.flags).slice(0, 16);
  const fragments = regexFragments(r.source, r.flags).slice(0, 8);
  const pairs = alphabet.slice(0, 6).flatMap((a, i) => alphabet.slice(i + 1, 6).map((b) => a + b));
  const prefixes = fragments.map((f) => f.slice(0, -1)).filter((f) => f !== '');
  return [...new Set([...alphabet, ...pairs, ...fragments, ...prefixes, ' ', '\n', 'a='])];
}

interface ProbeReport {
  where: string;
  inputs: number;
  worst: { ms: number; unit: string; tail: string };
}

function probe(regexes: RegexSite[]): Promise<ProbeReport[]> {
  const worker = new Worker(new URL('./redos-probe-worker.mjs', import.meta.url), {
    workerData: { size: PROBE_SIZE, regexes: regexes.map((r) => ({ ...r, units: probeUnits(r) })) },
  });
  const reports: ProbeReport[] = [];
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const watch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const stuck = regexes[reports.length];
        void worker.terminate();
        reject(
          new Error(
            `no answer in ${SILENCE_MS / 1000} s: ${stuck ? name(stuck) : 'worker'} hangs on a ${PROBE_SIZE}-character probe`,
          ),
        );
      }, SILENCE_MS);
    };
    watch();
    worker.on('message', (m: ProbeReport | { done: true }) => {
      if ('done' in m) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(reports);
        return;
      }
      reports.push(m);
      watch();
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('adversarial probes: 100 KB of each regex’s own alphabet', () => {
  it('no rule or source regex hangs', { timeout: 900_000 }, async () => {
    const all = [...rules, ...sites];
    const reports = await probe(all);
    expect(reports.map((r) => r.where)).toEqual(all.map((r) => r.where));
    for (const r of reports) expect(r.inputs, r.where).toBeGreaterThan(3);
    const slowest = [...reports].sort((a, b) => b.worst.ms - a.worst.ms).slice(0, 3);
    // Shown, not asserted: a record of the worst inputs for the security notes.
    console.log(
      `slowest probes (${reports.reduce((n, r) => n + r.inputs, 0)} inputs):\n${slowest.map((r) => `  ${r.worst.ms.toFixed(1)} ms  ${r.where}  unit ${JSON.stringify(r.worst.unit)} tail ${JSON.stringify(r.worst.tail)}`).join('\n')}`,
    );
  });
});
