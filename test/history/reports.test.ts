import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine.js';
import type { SweepReport } from '../../src/history/model.js';
import { csvCell } from '../../src/history/report-csv.js';
import { REPORTERS, SWEEP_FORMATS } from '../../src/report/index.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

const ctx = {
  rules: loadRuleFiles().map((l) => l.data),
  color: false,
  toolVersion: '0.0.0-test',
  docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
};
const render = (report: SweepReport): Record<string, string> =>
  Object.fromEntries(SWEEP_FORMATS.map((f) => [f, REPORTERS.sweep[f].render(report, ctx)]));

/** Distinctive, obviously fake values, planted in every place a secret can hide. */
const PLANTED = {
  data: 'fake-planted-ZQXJ-data-value',
  stringData: 'fake-planted-ZQXJ-stringdata',
  env: 'fake-planted-ZQXJ-env-literal',
  configMap: 'fake-planted-ZQXJ-configmap',
  kustomize: 'fake-planted-ZQXJ-kustomize',
  lastApplied: 'fake-planted-ZQXJ-last-applied',
  old: 'fake-planted-ZQXJ-rotated-away',
};

async function plantedRepo(): Promise<SweepReport> {
  const repo = tempRepo();
  write(repo, {
    'db.yaml': secret('db', { password: PLANTED.old }),
  });
  commitAt(repo, T0);
  write(repo, {
    'db.yaml': secret('db', { password: PLANTED.data }),
    'string.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  api-token: ${PLANTED.stringData}\n`,
    'deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: DB_PASSWORD\n              value: ${PLANTED.env}\n`,
    'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD: ${PLANTED.configMap}\n`,
    'kustomization.yaml': `secretGenerator:\n  - name: gen\n    literals:\n      - password=${PLANTED.kustomize}\n`,
    'applied.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: la\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"la"},"stringData":{"password":"${PLANTED.lastApplied}"}}'\n`,
  });
  commitAt(repo, T0 + 10);
  return sweep(repo);
}

describe('sweep reports', () => {
  it('no value, base64 of a value or long prefix of one appears in any format', async () => {
    const report = await plantedRepo();
    const kinds = report.secrets.map((r) => `${r.kind}/${r.name}/${r.key}:${r.status}`).sort();
    expect(kinds).toEqual([
      'ConfigMap/app/DB_PASSWORD:rotate',
      'Deployment/web/DB_PASSWORD:rotate',
      'Secret/db/password:rotate',
      'Secret/db/password:superseded',
      'Secret/gen/password:rotate',
      'Secret/la/password:rotate',
      'Secret/s/api-token:rotate',
    ]);
    const outputs = render(report);
    for (const [format, text] of Object.entries(outputs)) {
      expect(text.length, format).toBeGreaterThan(100);
      expect(text, format).not.toContain('ZQXJ');
      for (const v of Object.values(PLANTED)) {
        expect(text, format).not.toContain(v);
        expect(text, format).not.toContain(Buffer.from(v).toString('base64').slice(0, 16));
      }
    }
  });

  it('json has the documented shape', async () => {
    const report = await plantedRepo();
    const doc = JSON.parse(render(report).json!) as {
      secrets: Record<string, unknown>[];
      stats: Record<string, number>;
    };
    const row = doc.secrets[0]!;
    for (const k of [
      'namespace',
      'name',
      'key',
      'kind',
      'rule',
      'fingerprint',
      'status',
      'reason',
      'introducedIn',
      'lastSeenIn',
      'refs',
      'presentAtHead',
      'commits',
    ])
      expect(row).toHaveProperty(k);
    expect(Object.keys(row.introducedIn as object)).toEqual(['commit', 'author', 'date', 'path', 'line']);
    expect(doc.stats).toMatchObject({ secrets: 7, rotate: 6, superseded: 1, repositories: 1 });
  });

  it('csv quotes per RFC 4180 and defuses formulas', async () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+x')).toBe("'+x");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,"b"')).toBe('"\'=a,""b"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(3)).toBe('3');

    const repo = tempRepo();
    git(repo, 'config', 'user.name', '=HYPERLINK("http://example.invalid")');
    write(repo, { '=cmd|calc.yaml': secret('@danger', { '-key': 'fake-csv-injection-value-1' }) });
    commitAt(repo, T0);
    const csv = render(await sweep(repo)).csv!;
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^repo,status,severity,title,preview,rule,kind,namespace,name,key,also_under,/);
    expect(lines[1]).toContain(",'@danger,'-key,");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    expect(lines[1]).toContain(",'=cmd|calc.yaml,");
    for (const cell of lines[1]!.split(',')) expect(cell).not.toMatch(/^"?[=+\-@]/);
  });

  it('sarif is valid against the OASIS 2.1.0 schema', async () => {
    const report = await plantedRepo();
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const { id, ...body } = schema;
    delete body.$schema;
    const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile({ $id: id as string, ...body });
    const log = JSON.parse(render(report).sarif!) as {
      runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[];
    };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results).toHaveLength(7);
    expect(log.runs[0]!.results[0]!.partialFingerprints).toEqual({
      primaryLocationLineHash: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
    });
    for (const row of report.secrets) expect(render(report).sarif).not.toContain(row.fingerprint);
  });

  it('text and markdown say what to do, riskiest first', async () => {
    const report = await plantedRepo();
    const { text, markdown } = render(report);
    expect(text!.split('\n')[0]).toMatch(/^ROTATE/);
    expect(text).toContain('7 secret values in history: 6 to rotate, 1 superseded');
    expect(text).toMatch(/SUPERSEDED {2}error {4}Secret db key "password"/);
    expect(markdown).toContain('# Secrets in git history');
    expect(markdown).toContain('- [ ] **Verify revoked**');
    expect(report.secrets.at(-1)!.status).toBe('superseded');
  });
});
