import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../src/finding.js';
import { containerOf, groupFindings, worstSeverity } from '../../src/report/object-groups.js';
import { publicIds } from '../../src/report/public-id.js';
import { scan } from './scan-fixture.js';

/** Real findings of the shipped rules: grouping is tested on what the engine reports, not on hand-made shapes. */
const SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata: { name: db, namespace: shop }',
  'type: Opaque',
  'stringData:',
  '  user: shop',
  '  password: sh0p-db-FAKE-password-2026',
  '  url: postgres://shop:sh0p-db-FAKE-pw@postgres.shop:5432/shop',
  '',
].join('\n');

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: checkout, namespace: shop }',
  'spec:',
  '  template:',
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  '          image: shop/migrate:1.4',
  '          env:',
  '            - name: DATABASE_URL',
  '              value: postgres://shop:fK7dQ2xW9pLz4@postgres.shop:5432/shop',
  '      containers:',
  '        - name: checkout',
  '          image: shop/checkout:1.4',
  '          env:',
  '            - name: PAYMENTS_API_TOKEN',
  '              value: fake-Pt9cXq2Lw7Zr4Mv',
  '            - name: DB_PASSWORD',
  '              value: Zx8-fake-Qw3rty-Pass',
  '',
].join('\n');

async function findingsOf(files: Record<string, string>): Promise<Finding[]> {
  return (await scan(files)).findings;
}

describe('groupFindings', () => {
  it('makes one group of a Secret with three keys, with its keys, worst severity, line range and one fix', async () => {
    const findings = await findingsOf({ 'secret.yaml': SECRET });
    expect(findings.length).toBe(3);
    const groups = groupFindings(findings);
    expect(groups.length).toBe(1);
    const [g] = groups;
    expect(g!.path).toBe('secret.yaml');
    expect(g!.label).toBe('Secret shop/db');
    expect(g!.object).toEqual({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' });
    expect(g!.keys.map((k) => [k.key, k.severity, k.line])).toEqual([
      ['user', 'note', 6],
      ['password', 'error', 7],
      ['url', 'error', 8],
    ]);
    expect(g!.severity).toBe('error');
    expect([g!.line, g!.endLine]).toEqual([6, 8]);
    // Every key has the same seal command: the group shows it once and no key repeats it.
    expect(g!.fix).toBe(findings[0]!.fix);
    expect(g!.fix).toBeDefined();
    expect(g!.keys.every((k) => k.fix === undefined)).toBe(true);
    expect(g!.rotate).toBeDefined();
    expect(g!.ruleIds).toEqual(['secret-string-data']);
    expect(g!.keys.map((k) => k.preview)).toEqual(['…(4 chars)', 'sh…(26 chars)', 'po…(55 chars)']);
  });

  it('splits a Deployment by container and keeps Secret and Deployment apart', async () => {
    const findings = await findingsOf({ 'secret.yaml': SECRET, 'deploy.yaml': DEPLOYMENT });
    const groups = groupFindings(findings);
    const labels = groups.map((g) => [g.path, g.label, g.keys.map((k) => k.key)]);
    expect(labels).toEqual([
      ['deploy.yaml', 'Deployment shop/checkout, initContainer "migrate"', ['DATABASE_URL']],
      ['deploy.yaml', 'Deployment shop/checkout, container "checkout"', ['PAYMENTS_API_TOKEN', 'DB_PASSWORD']],
      ['secret.yaml', 'Secret shop/db', ['user', 'password', 'url']],
    ]);
    const checkout = groups[1]!;
    expect(checkout.container).toBe('container "checkout"');
    expect([checkout.line, checkout.endLine]).toEqual([18, 20]);
    expect(checkout.severity).toBe('error');
  });

  it('gives a container with several env literals one env block to write, covering every key', async () => {
    const findings = await findingsOf({ 'deploy.yaml': DEPLOYMENT });
    const checkout = groupFindings(findings).find((g) => g.container === 'container "checkout"')!;
    expect(checkout.keys.map((k) => k.fix)).toEqual([undefined, undefined]);
    const block = parse(checkout.fix ?? '') as { env: { name: string; valueFrom: unknown }[] };
    expect(block.env.map((e) => e.name)).toEqual(['PAYMENTS_API_TOKEN', 'DB_PASSWORD']);
    for (const e of block.env) expect(e.valueFrom).toMatchObject({ secretKeyRef: { key: e.name } });
    // One variable: its own fix, unchanged.
    const migrate = groupFindings(findings).find((g) => g.container === 'initContainer "migrate"')!;
    expect(migrate.fix).toBe(migrate.findings[0]!.fix);
  });

  it("gives every finding about no object its own group, with the finding's public id", async () => {
    const tokens = [
      'GITHUB_TOKEN=ghp_' + 'R8kq2Xw7Lm4Tz9Vb3Nc6Jd1Hf5Gs0Ya2Pe7Q',
      'OTHER=ghp_' + 'Z3mQ8wK2vL7xT4nB9cR6jD1hF5gS0yA2pE7W',
      '',
    ].join('\n');
    const findings = await findingsOf({ 'app.env': tokens });
    expect(findings.length).toBe(2);
    expect(findings.every((f) => f.object.kind === undefined && f.object.name === undefined)).toBe(true);
    const ids = publicIds(findings);
    const groups = groupFindings(findings, { ids });
    expect(groups.length).toBe(2);
    expect(groups.map((g) => g.id)).toEqual(findings.map((f) => ids.get(f)));
    expect(groups.every((g) => g.label === undefined && g.keys.length === 1)).toBe(true);
  });

  it('keeps a group id across lines moving and keys changing, and apart for another object', async () => {
    const a = groupFindings(await findingsOf({ 'secret.yaml': SECRET }));
    const moved = `# a comment\n# another\n${SECRET.replace('  user: shop\n', '')}`;
    const b = groupFindings(await findingsOf({ 'secret.yaml': moved }));
    expect(b.length).toBe(1);
    expect(b[0]!.id).toBe(a[0]!.id);
    const renamed = groupFindings(await findingsOf({ 'secret.yaml': SECRET.replace('name: db', 'name: db2') }));
    expect(renamed[0]!.id).not.toBe(a[0]!.id);
    const elsewhere = groupFindings(await findingsOf({ 'other.yaml': SECRET }));
    expect(elsewhere[0]!.id).not.toBe(a[0]!.id);
  });

  it('keeps a copy recovered from an annotation apart from the object itself', async () => {
    const exported = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: s3',
      '  namespace: backup',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s3","namespace":"backup"},"stringData":{"AWS_SECRET_ACCESS_KEY":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKEKEYQ"}}',
      'data:',
      '  AWS_SECRET_ACCESS_KEY: d0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZekZBS0VLRVlR',
      '',
    ].join('\n');
    const groups = groupFindings(await findingsOf({ 'exported.yaml': exported }));
    expect(groups.length).toBe(2);
    expect(groups.map((g) => g.object.via)).toEqual(['kubectl.kubernetes.io/last-applied-configuration', undefined]);
  });

  it('leaves a key its own fix when it differs from the one most keys share', () => {
    const base: Finding = {
      ruleId: 'secret-data',
      title: 't',
      severity: 'error',
      message: 'm',
      location: { path: 'a.yaml', line: 5, column: 3, endLine: 5, endColumn: 9 },
      object: { kind: 'Secret', name: 'x', key: 'a' },
      preview: 'ab…(20 chars)',
      valueHash: '',
      fingerprint: 'f',
      description: '',
      remediation: '',
      fix: 'seal it',
      helpUri: '',
    };
    const b: Finding = {
      ...base,
      severity: 'warning',
      object: { ...base.object, key: 'b' },
      location: { ...base.location, line: 2, endLine: 3 },
    };
    const c: Finding = {
      ...base,
      severity: 'note',
      fix: 'other\nfix',
      object: { ...base.object, key: 'c' },
      location: { ...base.location, line: 9, endLine: 12 },
    };
    const [g] = groupFindings([base, b, c]);
    expect(g!.fix).toBe('seal it');
    expect(g!.keys.map((k) => [k.key, k.fix])).toEqual([
      ['b', undefined],
      ['a', undefined],
      ['c', 'other\nfix'],
    ]);
    expect([g!.line, g!.endLine, g!.severity]).toEqual([2, 12, 'error']);
  });
});

describe('containerOf', () => {
  const at = (message: string): string | undefined => containerOf({ message } as Finding);
  it('reads the container the pod detectors name, as a whole word', () => {
    expect(at('env var X of container "api" holds a credential')).toBe('container "api"');
    expect(at('env var X of initContainer "migrate" holds')).toBe('initContainer "migrate"');
    expect(at('container "web-1" loads every key of Secret "s" into its environment')).toBe('container "web-1"');
    expect(at('Secret key "container" holds a password')).toBeUndefined();
    expect(at('mycontainer "api" holds')).toBeUndefined();
    expect(at('container "Not A Name" holds')).toBeUndefined();
  });
});

describe('worstSeverity', () => {
  it('is error over warning over note', () => {
    expect(worstSeverity(['note', 'warning'])).toBe('warning');
    expect(worstSeverity(['note', 'error', 'warning'])).toBe('error');
    expect(worstSeverity([])).toBe('note');
  });
});
