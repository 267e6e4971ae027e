import { describe, expect, it } from 'vitest';
import { prepareScan } from '../../src/scan-setup.js';
import { loadConfig } from '../../src/config/config.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan, type ScanReport } from '../../src/scan.js';
import type { SweepReport } from '../../src/history/model.js';
import { sweepJsonReporter } from '../../src/history/report-json.js';
import { sweepTextReporter } from '../../src/history/report-text.js';
import { suppressionOptions } from '../../src/history/sweep.js';
import { writeBaseline } from '../../src/suppress/baseline.js';
import { tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

/**
 * `scan` of a checkout and `sweep` of its history read the same files through one suppression
 * module: for a history of a single commit, they must report the same secrets, by the same
 * fingerprints, and suppress the same ones for the same reasons: inline allows (in a manifest and
 * in a Kustomize `.env` file), the configuration's `allow:` list, a baseline file, and `ignore:`
 * globs (which leave a path out of both, neither found nor listed as suppressed).
 */

// Obviously fake values; the test checks that none reaches either report's text.
const PLANTED = {
  raw: 'fake-equiv-raw-Q7wz2kLp9x',
  applied: 'fake-equiv-applied-R4tm8vNc3y',
  envAllowed: 'fake-equiv-env-allowed-H2pd6sWq1z',
  envReported: 'fake-equiv-env-reported-J5kf9bXr7u',
  configMap: 'fake-equiv-configmap-M3ng4cTe8v',
  deployment: 'fake-equiv-deploy-P6vb2xLq5w',
  known: 'fake-equiv-known-K8rt3wZm2q',
  vendored: 'fake-equiv-vendored-V9hs4nDx6e',
};

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const FILES: Record<string, string> = {
  // A raw Secret.
  'k8s/raw.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: raw',
    'data:',
    `  password: ${b64(PLANTED.raw)}`,
    '',
  ].join('\n'),
  // A Secret with its last-applied copy: scan reports the object and the annotation apart.
  'k8s/applied.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: applied',
    '  annotations:',
    `    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied"},"stringData":{"token":"${PLANTED.applied}"}}'`,
    'stringData:',
    `  token: ${PLANTED.applied}`,
    '',
  ].join('\n'),
  // A value only in a last-applied copy: scan's fingerprint names the annotation.
  'k8s/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  annotations:',
    `    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"},"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"DB_PASSWORD","value":"${PLANTED.deployment}"}]}]}}}}'`,
    'spec: {}',
    '',
  ].join('\n'),
  // A Kustomize secretGenerator whose .env file allows one value inline and not the other.
  'overlay/kustomization.yaml': [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'secretGenerator:',
    '  - name: app',
    '    envs:',
    '      - app.env',
    '',
  ].join('\n'),
  'overlay/app.env': [
    '# sealcheck:allow a sandbox token, reviewed',
    `SANDBOX_TOKEN=${PLANTED.envAllowed}`,
    `DB_PASSWORD=${PLANTED.envReported}`,
    '',
  ].join('\n'),
  // A ConfigMap credential with an inline allow.
  'k8s/config.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  # sealcheck:allow the demo database, reviewed',
    `  db_password: ${PLANTED.configMap}`,
    '',
  ].join('\n'),
  // A Secret accepted as known: the baseline names it.
  'k8s/known.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: known',
    'stringData:',
    `  api_key: ${PLANTED.known}`,
    '',
  ].join('\n'),
  // A Secret under a path the configuration's ignore: glob leaves out.
  'vendor/leak.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: vendored',
    'stringData:',
    `  password: ${PLANTED.vendored}`,
    '',
  ].join('\n'),
};

type Row = string;
const row = (rule: string, path: string, fingerprint: string): Row => `${rule} ${path} ${fingerprint}`;

async function scanOf(repo: string): Promise<ScanReport> {
  const setup = await prepareScan(['.'], {}, repo);
  return runScan(setup.source, setup.ruleset, setup.options);
}

/** The sweep as `sealcheck sweep` sets it up: the configuration's suppression, the baseline it names. */
async function sweepOf(repo: string): Promise<SweepReport> {
  const config = loadConfig(
    undefined,
    repo,
    loadRuleFiles().map((l) => l.data.id),
  );
  return sweep(repo, suppressionOptions(config, repo));
}

/** Scan's secret findings (what a sweep lists: a value to rotate) and its suppressions, as comparable rows. */
function scanRows(r: ScanReport): { found: Row[]; suppressed: Row[] } {
  const secret = (f: ScanReport['findings'][number]): boolean => f.valueHash !== '' && f.rotate !== undefined;
  return {
    found: r.findings
      .filter(secret)
      .map((f) => row(f.ruleId, f.location.path, f.fingerprint))
      .sort(),
    suppressed: r.suppressed
      .filter((s) => secret(s.finding))
      .map((s) => `${row(s.finding.ruleId, s.finding.location.path, s.finding.fingerprint)} ${s.by}: ${s.reason}`)
      .sort(),
  };
}

function sweepRows(r: SweepReport): { found: Row[]; suppressed: Row[] } {
  return {
    found: r.secrets
      .flatMap((s) => (s.fingerprints ?? [s.fingerprint]).map((fp) => row(s.rule, s.lastSeenIn.path, fp)))
      .sort(),
    suppressed: (r.suppressed ?? []).map((s) => `${row(s.rule, s.path, s.fingerprint)} ${s.by}: ${s.reason}`).sort(),
  };
}

const by = (kind: string) => (r: Row) => r.includes(` ${kind}: `);

describe('scan and sweep: one suppression, one fingerprint', () => {
  it('report the same secrets by the same fingerprints and suppress the same ones for the same reasons', async () => {
    const repo = tempRepo();
    write(repo, FILES);
    // Before any configuration, scan finds every planted value but the inline-allowed ones.
    const before = await scanOf(repo);
    const copy = before.findings.find((f) => f.object.name === 'applied' && f.object.via !== undefined);
    const known = before.findings.find((f) => f.object.name === 'known');
    expect(copy, 'scan finds the last-applied copy').toBeDefined();
    expect(known, 'scan finds the Secret the baseline will name').toBeDefined();
    expect(before.findings.some((f) => f.location.path === 'vendor/leak.yaml')).toBe(true);
    // The allowlist names the annotation copy of `applied` (its fingerprint carries the annotation);
    // the baseline, written as `sealcheck baseline` writes it, names `known`; a glob leaves vendor/ out.
    write(repo, {
      '.sealcheck.yaml': [
        'ignore:',
        '  - vendor/**',
        'baseline: .sealcheck-baseline.json',
        'allow:',
        `  - fingerprint: ${copy!.fingerprint}`,
        '    reason: the annotation copy, reviewed',
        '',
      ].join('\n'),
      '.sealcheck-baseline.json': writeBaseline([known!]),
    });
    commitAt(repo, T0, 'fixtures');

    const scanned = await scanOf(repo);
    const swept = await sweepOf(repo);
    const s = scanRows(scanned);
    const w = sweepRows(swept);

    // The fixtures are what they should be: the planted values are found or suppressed as intended.
    expect(s.found.some((r) => r.includes('k8s/raw.yaml'))).toBe(true);
    expect(s.found.filter((r) => r.includes('k8s/applied.yaml'))).toHaveLength(1);
    expect(s.found.filter((r) => r.includes('overlay/app.env'))).toHaveLength(1);
    expect(s.found.filter((r) => r.includes('k8s/deploy.yaml'))).toHaveLength(1);
    expect(s.suppressed.filter(by('inline')).map((r) => r.split(' ')[1])).toEqual([
      'k8s/config.yaml',
      'overlay/app.env',
    ]);
    expect(s.suppressed.filter(by('config'))).toEqual([
      `${row(copy!.ruleId, 'k8s/applied.yaml', copy!.fingerprint)} config: the annotation copy, reviewed`,
    ]);
    expect(s.suppressed.filter(by('baseline')).map((r) => r.split(' ').slice(0, 3).join(' '))).toEqual([
      row(known!.ruleId, 'k8s/known.yaml', known!.fingerprint),
    ]);
    expect(s.suppressed).toHaveLength(4);
    for (const r of [...s.found, ...s.suppressed]) expect(r).not.toContain('vendor/');

    // The sweep answers the same: the same rows, the same suppressed copies with the same reasons.
    expect(w.found).toEqual(s.found);
    expect(w.suppressed).toEqual(s.suppressed);
    // Suppressed copies are counted, not rows: the note and the text summary say how many.
    expect(swept.notes.join('\n')).toContain('4 secret copies were suppressed');
    const ctx = { rules: [], color: false, toolVersion: 'test', docsBase: '' };
    expect(sweepTextReporter.render(swept, ctx)).toMatch(/ in history: .*; 4 suppressed\n$/);

    // The JSON report lists them with their reasons, and no report holds a planted value.
    const json = JSON.parse(sweepJsonReporter.render(swept, ctx)) as {
      suppressed: { by: string; reason: string; fingerprint: string }[];
    };
    expect(json.suppressed.map((x) => `${x.fingerprint} ${x.by}`).sort()).toEqual(
      (swept.suppressed ?? []).map((x) => `${x.fingerprint} ${x.by}`).sort(),
    );
    const text = JSON.stringify({ scanned, swept, json });
    for (const value of Object.values(PLANTED)) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(b64(value));
    }
  });

  it('match ignore: globs alike, case-sensitively (a glob in other case leaves nothing out of either)', async () => {
    const repo = tempRepo();
    write(repo, {
      'vendor/leak.yaml': FILES['vendor/leak.yaml']!,
      'Build/leak.yaml': FILES['vendor/leak.yaml']!.replace('name: vendored', 'name: built'),
      '.sealcheck.yaml': 'ignore:\n  - VENDOR/**\n  - Build/**\n',
    });
    commitAt(repo, T0, 'fixtures');
    const s = scanRows(await scanOf(repo));
    const w = sweepRows(await sweepOf(repo));
    expect(s.found.map((r) => r.split(' ')[1])).toEqual(['vendor/leak.yaml']);
    expect(w.found).toEqual(s.found);
    expect(w.suppressed).toEqual(s.suppressed);
  });
});
