import { describe, expect, it } from 'vitest';
import { prepareScan } from '../../src/scan-setup.js';
import { loadConfig } from '../../src/config/config.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan, type ScanReport } from '../../src/scan.js';
import type { SweepReport } from '../../src/history/model.js';
import { tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

/**
 * `scan` of a checkout and `sweep` of its history read the same files through one suppression
 * module: for a history of a single commit, they must report the same secrets, by the same
 * fingerprints, and suppress the same ones.
 */

// Obviously fake values; the test checks that none reaches either report's text.
const PLANTED = {
  raw: 'fake-equiv-raw-Q7wz2kLp9x',
  applied: 'fake-equiv-applied-R4tm8vNc3y',
  envAllowed: 'fake-equiv-env-allowed-H2pd6sWq1z',
  envReported: 'fake-equiv-env-reported-J5kf9bXr7u',
  configMap: 'fake-equiv-configmap-M3ng4cTe8v',
  deployment: 'fake-equiv-deploy-P6vb2xLq5w',
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
};

type Row = string;
const row = (rule: string, path: string, fingerprint: string): Row => `${rule} ${path} ${fingerprint}`;

async function scanOf(repo: string): Promise<ScanReport> {
  const setup = await prepareScan(['.'], {}, repo);
  return runScan(setup.source, setup.ruleset, setup.options);
}

async function sweepOf(repo: string): Promise<SweepReport> {
  const config = loadConfig(
    undefined,
    repo,
    loadRuleFiles().map((l) => l.data.id),
  );
  return sweep(repo, { allow: config.allow });
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
      .map((s) => `${row(s.finding.ruleId, s.finding.location.path, s.finding.fingerprint)} ${s.by}`)
      .sort(),
  };
}

function sweepRows(r: SweepReport): { found: Row[]; suppressed: Row[] } {
  return {
    found: r.secrets
      .flatMap((s) => (s.fingerprints ?? [s.fingerprint]).map((fp) => row(s.rule, s.lastSeenIn.path, fp)))
      .sort(),
    suppressed: (r.suppressed ?? []).map((s) => `${row(s.rule, s.path, s.fingerprint)} ${s.by}`).sort(),
  };
}

describe('scan and sweep: one suppression, one fingerprint', () => {
  it('report the same secrets by the same fingerprints and suppress the same ones', async () => {
    const repo = tempRepo();
    write(repo, FILES);
    // The allowlist names the annotation copy of `applied`: its fingerprint carries the annotation.
    const before = await scanOf(repo);
    const copy = before.findings.find((f) => f.object.name === 'applied' && f.object.via !== undefined);
    expect(copy, 'scan finds the last-applied copy').toBeDefined();
    write(repo, {
      '.sealcheck.yaml': `allow:\n  - fingerprint: ${copy!.fingerprint}\n    reason: the annotation copy, reviewed\n`,
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
    expect(s.suppressed.filter((r) => r.endsWith(' inline'))).toHaveLength(2);
    expect(s.suppressed.filter((r) => r.endsWith(' config'))).toEqual([
      `${row(copy!.ruleId, 'k8s/applied.yaml', copy!.fingerprint)} config`,
    ]);

    expect(w.found).toEqual(s.found);
    // The sweep drops a value an allow comment covers in the blob itself, so it has no row to hide.
    const inline = s.suppressed.filter((r) => r.endsWith(' inline')).map((r) => r.split(' ')[2]);
    for (const fp of inline) expect(w.found.join('\n')).not.toContain(fp);
    expect(w.suppressed).toEqual(s.suppressed.filter((r) => r.endsWith(' config')));

    const text = JSON.stringify({ scanned, swept });
    for (const value of Object.values(PLANTED)) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(b64(value));
    }
  });
});
