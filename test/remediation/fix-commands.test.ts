import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { sealFix } from '../../src/remediation/kubeseal.js';
import { shellQuote } from '../../src/remediation/shell-quote.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';
import { shSyntaxError } from '../helpers/sh-syntax.js';

/**
 * Every fix people are told to paste is what it says it is: `sh` fixes parse in the real /bin/sh,
 * `yaml` fixes parse as YAML, and a fix that is neither holds no command line that would be read as
 * one. Run over the findings of every rule example, so a new rule or detector is covered by its data.
 */
const loaded = loadRuleFiles();
const ruleset = buildRuleset(loaded);

async function exampleFindings(): Promise<Array<{ where: string; finding: Finding }>> {
  const out: Array<{ where: string; finding: Finding }> = [];
  for (const { data } of loaded)
    for (const example of [...data.examples.positive, ...data.examples.negative]) {
      const source = new MemorySource({ [example.file]: example.content, ...(example.files ?? {}) }, [example.file]);
      const report = await runScan(source, ruleset);
      for (const finding of report.findings) out.push({ where: `${data.id}/${example.name}`, finding });
    }
  return out;
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));
}

describe('fixes of every rule example', () => {
  it('are valid sh or YAML as they say, and commands are always marked as sh', async () => {
    const all = await exampleFindings();
    const withFix = all.filter((x) => x.finding.fix !== undefined);
    const sh = withFix.filter((x) => x.finding.fixLanguage === 'sh');
    const yaml = withFix.filter((x) => x.finding.fixLanguage === 'yaml');
    // The examples include raw Secrets and env literals: both kinds are exercised, not vacuously passed.
    expect(sh.length).toBeGreaterThan(10);
    expect(yaml.length).toBeGreaterThan(5);
    for (const { where, finding } of sh) expect(shSyntaxError(finding.fix ?? ''), where).toBeUndefined();
    for (const { where, finding } of yaml) expect(yamlErrors(finding.fix ?? ''), where).toEqual([]);
    for (const { where, finding } of withFix.filter((x) => x.finding.fixLanguage === undefined))
      expect(
        (finding.fix ?? '').split('\n').filter((l) => /^(sealcheck|kubeseal) /.test(l)),
        `${where}: a command in a fix that is not marked sh`,
      ).toEqual([]);
  }, 120_000);

  it('the env-literal fix is the secretKeyRef entry for the same variable', async () => {
    const all = await exampleFindings();
    const env = all.filter((x) => x.finding.ruleId === 'env-literal-credential' && x.finding.object.key !== undefined);
    expect(env.length).toBeGreaterThan(0);
    for (const { where, finding } of env) {
      const [doc] = parseAllDocuments(finding.fix ?? '');
      const entry = (doc?.toJS() as { env: Array<Record<string, unknown>> }).env[0];
      expect(entry?.name, where).toBe(finding.object.key);
      expect(entry?.valueFrom, where).toMatchObject({ secretKeyRef: { key: finding.object.key } });
    }
  }, 120_000);
});

describe('sealFix', () => {
  const odd = [
    'db secret.yaml',
    "it's.yaml",
    '-dash.yaml',
    'a$(rm -rf x)`b`.yaml',
    'semi;colon&amp.yaml',
    'new\nline.yaml',
  ];

  it.each(odd)('quotes the file name %j so the commands parse and name that file', (path) => {
    const fix = sealFix(path, { kind: 'Secret', name: 'db', namespace: 'shop' }, 'strict', 'pub-cert.pem', true);
    expect(shSyntaxError(fix)).toBeUndefined();
    expect(fix.split('\n')[1]).toBe('# or, with kubeseal:');
  });

  it('removes the raw file after kubeseal only when the file holds nothing else', () => {
    const alone = sealFix('s.yaml', { name: 'db', namespace: 'shop' }, 'strict', 'pub-cert.pem', true);
    expect(alone.split('\n')).toEqual([
      'sealcheck seal --in-place --cert pub-cert.pem s.yaml',
      '# or, with kubeseal:',
      'kubeseal --format yaml --cert pub-cert.pem < s.yaml > s.sealed.yaml && rm s.yaml',
    ]);
    const shared = sealFix('s.yaml', { name: 'db', namespace: 'shop' }, 'strict', 'pub-cert.pem', false);
    expect(shSyntaxError(shared)).toBeUndefined();
    // Only the in-place command runs: kubeseal would drop the file's other documents.
    expect(shared.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'sealcheck seal --in-place --cert pub-cert.pem s.yaml',
    ]);
  });

  it('asks for a namespace the shell way when strict scope needs one and the Secret has none', () => {
    const fix = sealFix('s.yaml', { name: 'db' }, 'strict', 'https://ci:t0ken@certs.example/cert.pem?x=1', true);
    expect(shSyntaxError(fix)).toBeUndefined();
    expect(fix).not.toContain('t0ken');
    expect(fix).toContain('--namespace "${NAMESPACE:?');
    const cluster = sealFix('s.yaml', { name: 'db' }, 'cluster-wide', 'pub-cert.pem', true);
    expect(cluster).not.toContain('--namespace');
    expect(cluster).toContain('--scope cluster-wide');
  });
});

describe('shellQuote', () => {
  it.each(['plain.yaml', 'two words', "it's", 'new\nline', 'tab\there\\back', 'C1\u0085x'])(
    'spells %j so that sh reads back the same word',
    (word) => {
      const r = spawnSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(word);
      expect(shellQuote(word)).not.toContain('\n');
    },
  );
});
