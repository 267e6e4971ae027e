import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import type { Finding } from '../../src/finding.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { DEFAULT_SCAN_OPTIONS, runScan, type FingerprintFilter } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';
import { allowlistFilter, expiredEntries, type AllowEntry } from '../../src/suppress/allowlist.js';
import { baselineFilter, readBaseline, writeBaseline } from '../../src/suppress/baseline.js';
import { configError } from '../helpers/errors.js';

const loaded = loadRuleFiles();
const ruleset = buildRuleset(loaded);
const RULE_IDS = loaded.map((l) => l.data.id);

// Obviously fake values; the test below checks that neither reaches the baseline file.
const FAKE_PASSWORD = 'sealcheck-test-Xq7pL2vR9tZk';
const FAKE_TOKEN_B64 = 'c2VhbGNoZWNrLXRlc3QtdG9rZW4tOWE4Yjc2';

function manifest(password = FAKE_PASSWORD, extraLines = ''): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: demo-db
  namespace: demo
${extraLines}stringData:
  password: ${password}
data:
  token: ${FAKE_TOKEN_B64}
`;
}

async function scan(text: string, filters: FingerprintFilter[] = []) {
  return runScan(new MemorySource({ 'k8s/secret.yaml': text }), ruleset, { ...DEFAULT_SCAN_OPTIONS, filters });
}

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-suppress-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const byRule = (findings: readonly Finding[], ruleId: string): Finding => {
  const f = findings.find((x) => x.ruleId === ruleId);
  if (!f) throw new Error(`no ${ruleId} finding in ${findings.map((x) => x.ruleId).join(', ')}`);
  return f;
};

describe('allowlist', () => {
  const now = new Date('2027-01-31T23:59:00Z');

  test('the real engine finds both fake values, so the tests below are meaningful', async () => {
    const report = await scan(manifest());
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['secret-data', 'secret-string-data']);
  });

  test('an allow entry from .sealcheck.yaml suppresses its finding, with its reason', async () => {
    const target = byRule((await scan(manifest())).findings, 'secret-string-data');
    const config = parseConfig(
      '.sealcheck.yaml',
      `allow:\n  - fingerprint: ${target.fingerprint}\n    reason: test fixture with a fake value\n`,
      RULE_IDS,
    );
    const report = await scan(manifest(), [allowlistFilter(config.allow, now)]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['secret-data']);
    expect(report.suppressed).toEqual([{ finding: target, by: 'config', reason: 'test fixture with a fake value' }]);
  });

  test('an entry applies through its expiry day and not after it', async () => {
    const target = byRule((await scan(manifest())).findings, 'secret-string-data');
    const entries: AllowEntry[] = [
      { fingerprint: target.fingerprint, reason: 'until the migration', expires: '2027-01-31', line: 3 },
    ];
    expect(allowlistFilter(entries, now).match(target)).toEqual({ by: 'config', reason: 'until the migration' });
    expect(expiredEntries(entries, now)).toEqual([]);

    const later = new Date('2027-02-01T00:00:00Z');
    expect(allowlistFilter(entries, later).match(target)).toBeUndefined();
    expect(expiredEntries(entries, later)).toEqual(entries);
    const report = await scan(manifest(), [allowlistFilter(entries, later)]);
    expect(report.suppressed).toEqual([]);
    expect(report.findings).toHaveLength(2);
  });

  test('entries without expires never expire; other fingerprints are not matched', async () => {
    const [a, b] = (await scan(manifest())).findings as [Finding, Finding];
    const entries: AllowEntry[] = [{ fingerprint: a.fingerprint.toUpperCase(), reason: 'r' }];
    const filter = allowlistFilter(entries, new Date('2999-01-01T00:00:00Z'));
    expect(filter.match(a)).toEqual({ by: 'config', reason: 'r' });
    expect(filter.match(b)).toBeUndefined();
  });
});

describe('baseline', () => {
  test('round trip: write → read → filter suppresses exactly the same findings', async () => {
    const first = await scan(manifest());
    const file = join(tempDir(), '.sealcheck-baseline.json');
    writeFileSync(file, writeBaseline(first.findings));
    const baseline = readBaseline(file);
    expect(baseline.findings.map((e) => e.fingerprint).sort()).toEqual(first.findings.map((f) => f.fingerprint).sort());

    const again = await scan(manifest(), [baselineFilter(baseline)]);
    expect(again.findings).toEqual([]);
    // Suppressed findings keep the engine's emission order; compare as sets.
    expect(again.suppressed.map((s) => [s.finding.fingerprint, s.by, s.reason]).sort()).toEqual(
      first.findings.map((f) => [f.fingerprint, 'baseline', `in baseline ${file}`]).sort(),
    );
  });

  test('a moved line stays baselined; a changed value does not', async () => {
    const first = await scan(manifest());
    const baseline = { file: 'b.json', findings: JSON.parse(writeBaseline(first.findings)).findings };

    const moved = await scan(manifest(FAKE_PASSWORD, '  labels:\n    app: demo\n'), [baselineFilter(baseline)]);
    expect(byRule(first.findings, 'secret-string-data').location.line).toBe(7);
    expect(moved.suppressed.map((s) => [s.finding.ruleId, s.finding.location.line]).sort()).toEqual([
      ['secret-data', 11],
      ['secret-string-data', 9],
    ]);
    expect(moved.findings).toEqual([]);

    const changed = await scan(manifest('sealcheck-test-Zz9yX8wV7uT6'), [baselineFilter(baseline)]);
    expect(changed.findings.map((f) => f.ruleId)).toEqual(['secret-string-data']);
  });

  test('the file holds no value, preview, hash, line or timestamp, sorted by fingerprint then path', async () => {
    const a = await scan(manifest());
    const b = await runScan(new MemorySource({ 'a/copy.yaml': manifest().replace('demo-db', 'other-db') }), ruleset);
    const text = writeBaseline([...a.findings, ...b.findings, ...a.findings]);
    for (const forbidden of [
      FAKE_PASSWORD,
      FAKE_TOKEN_B64,
      'preview',
      'valueHash',
      'line',
      'column',
      'generatedAt',
      'date',
    ]) {
      expect(text).not.toContain(forbidden);
    }
    for (const f of [...a.findings, ...b.findings]) {
      expect(text).not.toContain(f.preview);
      expect(text).not.toContain(f.valueHash);
    }
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['version', 'generatedBy', 'findings']);
    expect(file).toMatchObject({ version: 1, generatedBy: 'sealcheck' });
    expect(file.findings).toHaveLength(4);
    const keys = file.findings.map((e: { fingerprint: string; path: string }) => `${e.fingerprint} ${e.path}`);
    expect(keys).toEqual([...keys].sort());
    expect(
      file.findings.find(
        (e: { ruleId: string; path: string }) => e.ruleId === 'secret-data' && e.path === 'k8s/secret.yaml',
      ),
    ).toEqual({
      fingerprint: byRule(a.findings, 'secret-data').fingerprint,
      ruleId: 'secret-data',
      path: 'k8s/secret.yaml',
      object: { kind: 'Secret', namespace: 'demo', name: 'demo-db', key: 'token' },
    });
    expect(writeBaseline([...b.findings, ...a.findings].reverse())).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('an empty baseline is valid', () => {
    const file = join(tempDir(), 'empty.json');
    writeFileSync(file, writeBaseline([]));
    expect(readBaseline(file).findings).toEqual([]);
  });

  test('a missing file, bad JSON, a foreign file and a wrong version are ConfigErrors naming the file', () => {
    const dir = tempDir();
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const missing = configError(() => readBaseline(join(dir, 'nope.json')));
    expect(missing.message).toContain(`${join(dir, 'nope.json')}: baseline file not found`);

    const bad = configError(() =>
      readBaseline(write('bad.json', '{\n  "version": 1,\n  "findings": [\n    { "fingerprint": "x", }\n  ]\n}\n')),
    );
    expect(bad.message).toMatch(/bad\.json:4: baseline is not valid JSON/);

    const foreign = configError(() => readBaseline(write('gitleaks.json', '[{"RuleID": "x", "StartLine": 3}]\n')));
    expect(foreign.message).toMatch(/gitleaks\.json: not a sealcheck baseline/);

    const version = configError(() =>
      readBaseline(write('v2.json', '{\n  "version": 2,\n  "generatedBy": "sealcheck",\n  "findings": []\n}\n')),
    );
    expect(version.line).toBe(2);
    expect(version.message).toContain('unsupported baseline version 2');

    const entry = configError(() =>
      readBaseline(
        write(
          'entry.json',
          '{\n  "version": 1,\n  "findings": [\n    { "fingerprint": "abc", "ruleId": "r", "path": "p" }\n  ]\n}\n',
        ),
      ),
    );
    expect(entry.file).toBe(join(dir, 'entry.json'));
    expect(entry.line).toBe(4);
    expect(entry.message).toContain('/findings/0/fingerprint');
  });
});
