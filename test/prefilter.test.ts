import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/finding.js';
import { buildRuleset, loadRuleFiles, type Ruleset } from '../src/ruleset/load.js';
import { DEFAULT_SCAN_OPTIONS, runScan } from '../src/scan.js';
import { FileSource } from '../src/sources/files.js';
import { MemorySource } from '../src/sources/memory.js';
import { ROOT } from './helpers/cli.js';

/**
 * Rule prefilters only decide what need not be parsed; they must never change what is found. Every
 * rule example, the labelled corpus and the examples are scanned with and without them. The same
 * prefilters decide which documents of a stream are parsed (`classify/document-facts.ts`), so
 * without them every document is parsed and these comparisons cover that split as well; streams
 * mixing the examples are in document-prefilter.test.ts.
 */
const loaded = loadRuleFiles();
const withPrefilters = buildRuleset(loaded);
const withoutPrefilters: Ruleset = {
  ...withPrefilters,
  rules: withPrefilters.rules.map((r) => ({ ...r, mayApply: () => true })),
};

// Parse notes exist only for files that are parsed at all, so they are the one expected difference.
const key = (f: Finding): string =>
  `${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId} ${f.severity} ${f.fingerprint}`;
const comparable = (fs: Finding[]): string[] =>
  fs
    .filter((f) => f.ruleId !== 'parse-error')
    .map(key)
    .sort();

describe('rule prefilters', () => {
  it('change nothing on the corpus and the examples', async () => {
    const scan = (rs: Ruleset) =>
      runScan(
        new FileSource({
          paths: ['test/corpus', 'examples'],
          cwd: ROOT,
          maxFileSize: DEFAULT_SCAN_OPTIONS.maxFileSize,
        }),
        rs,
      );
    const a = await scan(withPrefilters);
    const b = await scan(withoutPrefilters);
    expect(a.findings.length).toBeGreaterThan(40);
    expect(comparable(a.findings)).toEqual(comparable(b.findings));
  });

  it('change nothing on any rule example', async () => {
    let examples = 0;
    for (const { data } of loaded) {
      for (const e of [...data.examples.positive, ...data.examples.negative]) {
        const files = { [e.file]: e.content, ...(e.files ?? {}) };
        const a = await runScan(new MemorySource(files, [e.file]), withPrefilters);
        const b = await runScan(new MemorySource(files, [e.file]), withoutPrefilters);
        expect(comparable(a.findings), `${data.id}/${e.name}`).toEqual(comparable(b.findings));
        examples++;
      }
    }
    expect(examples).toBeGreaterThan(100);
  });

  it('spare the parse of files no structural rule can match', async () => {
    const routes = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: routes }\ndata:\n  routes.yaml: |\n    route_1: { upstream: "http://orders.svc:8080", timeout: 3s }\n`;
    // A broken file that nothing could match is not parsed, so it gets no parse note…
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n';
    const quiet = await runScan(new MemorySource({ 'routes.yaml': routes, 'broken.yaml': broken }), withPrefilters);
    expect(quiet.findings).toEqual([]);
    // …while the same breakage in a file that mentions a Secret is parsed and noted.
    const noted = await runScan(
      new MemorySource({ 'broken.yaml': broken.replace('ConfigMap', 'Secret') }),
      withPrefilters,
    );
    expect(noted.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it('let a hex key under a plain key name through, as the values rule takes it', async () => {
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'chart/values.yaml': 'app:\n  key: 0f3a9c5e71d2b84f6a0e9d3c7b1f5a28\n',
    };
    const a = await runScan(new MemorySource(files, ['chart/values.yaml']), withPrefilters);
    const b = await runScan(new MemorySource(files, ['chart/values.yaml']), withoutPrefilters);
    expect(comparable(b.findings)).toHaveLength(1);
    expect(comparable(a.findings)).toEqual(comparable(b.findings));
  });
});
