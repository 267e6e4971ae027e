import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';
import { runScan, DEFAULT_SCAN_OPTIONS } from '../src/scan.js';
import { FileSource } from '../src/sources/files.js';
import { ROOT } from './helpers/cli.js';

/**
 * The labelled corpus: test/corpus/ and examples/ scanned with the real file source and every rule.
 * test/corpus/expected.yaml lists every finding by hand (path:line:column rule severity); the scan
 * must produce exactly that set, so a missed secret, a new false positive or a moved position fails.
 */
interface Expected {
  findings: string[];
}

const expected = parse(readFileSync(new URL('./corpus/expected.yaml', import.meta.url), 'utf8')) as Expected;

describe('labelled corpus', () => {
  it('finds exactly the labelled findings in test/corpus and examples', async () => {
    const source = new FileSource({
      paths: ['test/corpus', 'examples'],
      cwd: ROOT,
      maxFileSize: DEFAULT_SCAN_OPTIONS.maxFileSize,
    });
    const report = await runScan(source, buildRuleset(loadRuleFiles()));
    const actual = report.findings.map(
      (f) => `${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId} ${f.severity}`,
    );
    expect(actual.sort()).toEqual([...expected.findings].sort());
  });

  it('reports nothing in the safe patterns', async () => {
    const source = new FileSource({
      paths: ['examples/safe', 'test/corpus/safe'],
      cwd: ROOT,
      maxFileSize: DEFAULT_SCAN_OPTIONS.maxFileSize,
    });
    const report = await runScan(source, buildRuleset(loadRuleFiles()));
    expect(report.findings.map((f) => `${f.location.path}:${f.location.line} ${f.ruleId}`)).toEqual([]);
  });
});
