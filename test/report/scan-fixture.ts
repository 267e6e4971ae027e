import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine.js';
import type { ReportContext } from '../../src/report/reporter.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { DEFAULT_SCAN_OPTIONS, runScan, type FingerprintFilter, type ScanReport } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';

/**
 * Real ScanReports for the reporter tests: the shipped rules, the real driver and engine, over a
 * small tree with planted values. The values are fake and shaped so that no 8-character piece of
 * them occurs naturally in a report (no dictionary words, no hex-only runs).
 */
export const PLANTED = {
  stringData: 'zq7Xv9pL-fake-4mTw2kRb',
  configAllowed: 'Hs3kWq8z-fake-Yp2vNd6L',
  envLiteral: 'fake-Jm4tQx7w-Vr9kLz2P',
  inlineAllowed: 'fake-Gx5nTb8q-Wk3mPz7R',
  kustomize: 'Lq8vZx3k-fake-Nw6tRm2J',
  fallback: 'fake-Tz4pKw9m-Qx2vLb7N',
} as const;

const BIG_LIMIT = 4096;

const FILES: Record<string, string | Buffer> = {
  'secrets/db.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata: { name: db, namespace: prod }',
    'stringData:',
    `  password: "${PLANTED.stringData}"`,
    `  api-token: "${PLANTED.configAllowed}"`,
    '',
  ].join('\n'),
  'apps/api.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: api }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: api:1.0',
    '          env:',
    '            - name: DB_PASSWORD',
    `              value: ${PLANTED.envLiteral}`,
    '            - name: API_TOKEN',
    `              value: ${PLANTED.inlineAllowed} # sealcheck:allow test fixture, rotated weekly`,
    '',
  ].join('\n'),
  'overlays/prod/kustomization.yaml': [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'secretGenerator:',
    '  - name: app-secret',
    '    literals:',
    `      - password=${PLANTED.kustomize}`,
    '',
  ].join('\n'),
  // Tab indentation: a parse-error note, and the tolerant fallback still finds the value.
  'broken.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n\tname: broken\nstringData:\n  token: ${PLANTED.fallback}\n`,
  'big.yaml': `# padding\n${'#'.repeat(BIG_LIMIT)}\n`,
  'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]),
};

/** A config-allowlist entry, as the real config filter would match it (by fingerprint). */
function allowApiToken(fingerprints: Set<string>): FingerprintFilter {
  return {
    match: (f) =>
      fingerprints.has(f.fingerprint) ? { by: 'config', reason: 'dummy value used by the test cluster' } : undefined,
  };
}

const loaded = loadRuleFiles();
const ruleset = buildRuleset(loaded);

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    rules: loaded.map((l) => l.data),
    color: false,
    verbose: false,
    toolVersion: '0.0.0-test',
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
    ...overrides,
  };
}

export async function scan(
  files: Record<string, string | Buffer>,
  filters: FingerprintFilter[] = [],
): Promise<ScanReport> {
  return runScan(new MemorySource(files), ruleset, { ...DEFAULT_SCAN_OPTIONS, maxFileSize: BIG_LIMIT, filters });
}

/**
 * The fixture tree scanned twice: once to learn the fingerprint of the `api-token` finding, then
 * with a config filter that suppresses it, as `.sealcheck.yaml` `allow:` would.
 */
export async function fixtureReport(): Promise<ScanReport> {
  const first = await scan(FILES);
  const target = first.findings.filter((f) => f.object.key === 'api-token').map((f) => f.fingerprint);
  if (target.length !== 1) throw new Error(`fixture: expected one api-token finding, got ${target.length}`);
  return scan(FILES, [allowApiToken(new Set(target))]);
}
