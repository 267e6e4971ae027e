import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicIds } from '../../src/report/public-id.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { artifactLocation } from '../../src/report/sarif-log.js';
import type { ScanReport } from '../../src/scan.js';
import { context, fixtureReport, scan } from './scan-fixture.js';

/**
 * SARIF output checked against the OASIS SARIF 2.1.0 (errata 01) schema, vendored in
 * test/fixtures (see its README for where it comes from and why it is not an npm package).
 */

// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is the module object.
const addFormats = ajvFormats.default;

const SCHEMA_FILE = new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url);
/** SHA-256 of the OASIS file as fetched (test/fixtures/README.md): a local edit would weaken the check. */
const SCHEMA_SHA256 = 'ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949';

function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // The file declares draft-04, which Ajv 8 does not implement. Its body uses only keywords whose
  // meaning draft-07 keeps; the header's `id` is draft-07's `$id`. Nothing else is changed.
  const { $schema: _draft04, id, ...body } = schema;
  expect(_draft04).toBe('http://json-schema.org/draft-04/schema#');
  // Strict mode stays on (unknown keywords and formats fail) except strictRequired, which flags a
  // legitimate pattern the official schema uses: `anyOf: [{ required: [...] }]` without repeating
  // `properties` in each branch.
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id as string, ...body });
}

/** The parts of a SARIF log these tests read; the rest is checked against the schema. */
interface SarifRule {
  id: string;
  helpUri: string;
  properties: { tags: string[] };
  help: { markdown: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: [{ physicalLocation: { artifactLocation: { uri: string } } }];
  partialFingerprints: Record<string, string>;
  properties: { object: Record<string, string> };
  suppressions?: Array<Record<string, string>>;
}
type Log = {
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    results: SarifResult[];
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{ level: string; message: { text: string } }>;
    }>;
    columnKind: string;
  }>;
};

let report: ScanReport;
let validate: ValidateFunction;

beforeAll(async () => {
  report = await fixtureReport();
  validate = sarifValidator();
});

function errors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('sarif reporter', () => {
  it('is checked against the unmodified OASIS schema', () => {
    const bytes = readFileSync(SCHEMA_FILE);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SCHEMA_SHA256);
    expect((JSON.parse(bytes.toString('utf8')) as { id: string }).id).toBe(
      'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    );
  });

  it('validates against the official SARIF 2.1.0 schema, plain and verbose', () => {
    for (const verbose of [false, true])
      expect(errors(JSON.parse(sarifReporter.render(report, context({ verbose }))))).toEqual([]);
  });

  it('validates with a hostile path, an absolute path and no findings at all', async () => {
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata: { name: x }\nstringData:\n  password: "Wm3kTq8x-fake-Zr5vLp2N"\n';
    const odd = await scan({
      'we|rd #1/100% <b>ok</b>?.yaml': secret,
      '/abs/path/db.yaml': secret,
      'C:\\win\\db.yaml': secret,
    });
    expect(odd.findings.length).toBe(3);
    expect(errors(JSON.parse(sarifReporter.render(odd, context())))).toEqual([]);
    expect(errors(JSON.parse(sarifReporter.render(await scan({}), context())))).toEqual([]);
  });

  it('is a live check: the validator rejects a bad level and a non-URI helpUri', () => {
    const log = JSON.parse(sarifReporter.render(report, context())) as Log;
    const run = log.runs[0];
    if (!run?.results[0] || !run.tool.driver.rules[0]) throw new Error('empty log');
    run.results[0].level = 'fatal';
    run.tool.driver.rules[0].helpUri = 'not a uri';
    const found = errors(log);
    expect(found.some((e) => e.startsWith('/runs/0/results/0/level'))).toBe(true);
    expect(found.some((e) => e.includes('helpUri') && e.includes('format'))).toBe(true);
  });

  it('describes every loaded rule, and each result points at its rule', () => {
    const ctx = context();
    const run = (JSON.parse(sarifReporter.render(report, ctx)) as Log).runs[0];
    if (!run) throw new Error('no run');
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.name).toBe('sealcheck');
    expect(run.tool.driver.version).toBe('0.0.0-test');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(ctx.rules.map((r) => r.id));
    const ssd = run.tool.driver.rules.find((r) => r.id === 'secret-string-data');
    expect(ssd).toMatchObject({
      name: 'SecretStringData',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.0', precision: 'high' },
    });
    // Absolute links only (SARIF wants URIs); without a known source repository there is none.
    expect(ssd?.helpUri).toBe(/^https?:\/\//.test(ctx.docsBase) ? `${ctx.docsBase}#secret-string-data` : undefined);
    expect(ssd?.properties.tags).toContain('security');
    expect(ssd?.help.markdown).toContain('**Remediation:**');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it('maps findings to results with location, level, message, fix and fingerprint', () => {
    const run = (JSON.parse(sarifReporter.render(report, context())) as Log).runs[0];
    const db = report.findings.find((f) => f.location.path === 'secrets/db.yaml');
    const r = run?.results.find(
      (x) => x.locations[0].physicalLocation.artifactLocation.uri === 'secrets/db.yaml' && !x.suppressions,
    );
    if (!db || !r) throw new Error('missing db finding');
    expect(r.level).toBe('error');
    expect(r.message.text).toBe(`${db.message}\nFix: ${db.fix ?? ''}`);
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'secrets/db.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 13, endLine: db.location.endLine, endColumn: db.location.endColumn },
    });
    // Value-free: the allowlist fingerprint hashes the value, and SARIF is uploaded to third parties.
    expect(r.partialFingerprints).toEqual({ primaryLocationLineHash: publicIds(report.findings).get(db) });
    expect(JSON.stringify(run)).not.toContain(db.fingerprint);
    expect(JSON.stringify(run)).not.toContain(db.valueHash);
    expect(r.properties.object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'prod',
      name: 'db',
      key: 'password',
    });
    expect(run?.results.filter((x) => !x.suppressions)).toHaveLength(report.findings.length);
  });

  it('keeps suppressed findings as suppressed results: inline in source, config external', () => {
    const results = (JSON.parse(sarifReporter.render(report, context())) as Log).runs[0]?.results ?? [];
    const suppressed = results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions]);
    expect(suppressed).toEqual([
      [
        'env-literal-credential',
        [{ kind: 'inSource', status: 'accepted', justification: 'test fixture, rotated weekly' }],
      ],
      [
        'secret-string-data',
        [{ kind: 'external', status: 'accepted', justification: 'dummy value used by the test cluster' }],
      ],
    ]);
  });

  it('reports skipped files as note notifications of a successful invocation', () => {
    const inv = (JSON.parse(sarifReporter.render(report, context())) as Log).runs[0]?.invocations[0];
    expect(inv?.executionSuccessful).toBe(true);
    expect(inv?.toolExecutionNotifications.map((n) => [n.level, n.message.text])).toEqual([
      ['note', 'skipped logo.png: binary file'],
    ]);
  });

  it('turns paths into relative, escaped URI references (absolute ones into file: URIs)', () => {
    expect(artifactLocation('a b/c#d?.yaml')).toEqual({ uri: 'a%20b/c%23d%3F.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./x/100%.yaml')).toEqual({ uri: 'x/100%25.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('dir\\sub\\f.yaml')).toEqual({ uri: 'dir/sub/f.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('c:odd.yaml')).toEqual({ uri: 'c%3Aodd.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/abs/p q.yaml')).toEqual({ uri: 'file:///abs/p%20q.yaml' });
    expect(artifactLocation('C:\\work\\db.yaml')).toEqual({ uri: 'file:///C:/work/db.yaml' });
  });
});
