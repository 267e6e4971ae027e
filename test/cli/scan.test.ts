import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';

const LEAK = `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: prod }
stringData:
  password: fake-cli-test-password-1
`;
const WARN_ONLY = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      envFrom: [{ secretRef: { name: db } }]
`;
const SEALED = `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: { name: db, namespace: prod }
spec: { encryptedData: { password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq7g8fake } }
`;

describe('sealcheck scan: exit codes', () => {
  it('exits 1 on a blocking finding and names file, line, rule and fix', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    const r = sealcheck(['scan', '.'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('secret.yaml');
    expect(r.stdout).toContain('secret.yaml:5  Secret prod/db  secret-string-data\n');
    expect(r.stdout).toMatch(/\n {2}5:13\s+error\s+password /);
    expect(r.stdout).toContain('kubeseal --format yaml --cert pub-cert.pem < secret.yaml > secret.sealed.yaml');
    expect(r.stdout).not.toContain('fake-cli-test-password-1');
  });

  it('exits 0 on a clean tree', () => {
    const dir = tempTree({ 'sealed.yaml': SEALED });
    expect(sealcheck(['scan'], { cwd: dir }).status).toBe(0);
  });

  it('honours --fail-on for warnings', () => {
    const dir = tempTree({ 'pod.yaml': WARN_ONLY });
    expect(sealcheck(['scan', '.'], { cwd: dir }).status).toBe(0);
    expect(sealcheck(['scan', '.', '--fail-on', 'warning'], { cwd: dir }).status).toBe(1);
    const leak = tempTree({ 'secret.yaml': LEAK });
    expect(sealcheck(['scan', '.', '--fail-on', 'never'], { cwd: leak }).status).toBe(0);
  });

  it('exits 2 on usage errors, not 1', () => {
    expect(sealcheck(['scan', '--format', 'xml']).status).toBe(2);
    expect(sealcheck(['scan', '--no-such-flag']).status).toBe(2);
    expect(sealcheck(['frobnicate']).status).toBe(2);
    const r = sealcheck(['scan', 'does/not/exist']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('does/not/exist');
  });

  it('exits 0 for --help and --version', () => {
    expect(sealcheck(['--help']).status).toBe(0);
    expect(sealcheck(['--version']).status).toBe(0);
  });

  it('exits 2 with file and line on a bad configuration', () => {
    const dir = tempTree({ '.sealcheck.yaml': 'rules:\n  secret-data: { severity: fatal }\n', 'secret.yaml': LEAK });
    const r = sealcheck(['scan'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.sealcheck\.yaml:2/);
  });
});

describe('sealcheck scan: input and output', () => {
  it('reads stdin with "-"', () => {
    const r = sealcheck(['scan', '-', '--stdin-filename', 'piped.yaml', '--format', 'json'], { input: LEAK });
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path: string; line: number } }[] };
    expect(json.findings.map((f) => [f.ruleId, f.location.path, f.location.line])).toEqual([
      ['secret-string-data', 'piped.yaml', 5],
    ]);
  });

  it('writes --output and keeps stdout empty', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    const r = sealcheck(['scan', '.', '--format', 'sarif', '--output', 'out.sarif'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(1);
  });

  it('names the certificate that certs: routes to each path in the suggested commands', () => {
    const dir = tempTree({
      '.sealcheck.yaml': 'cert: dev.pem\ncerts:\n  - files: clusters/prod/**\n    cert: prod.pem\n',
      'clusters/prod/db.yaml': LEAK,
      'clusters/dev/db.yaml': LEAK,
    });
    const r = sealcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    const fixes = (JSON.parse(r.stdout) as { findings: { location: { path: string }; fix?: string }[] }).findings.map(
      (f) => [f.location.path, f.fix ?? ''],
    );
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    for (const [path, fix] of fixes)
      expect(fix, path).toContain(path!.includes('prod') ? '--cert prod.pem' : '--cert dev.pem');
    const flag = JSON.parse(sealcheck(['scan', '.', '--format', 'json', '--cert', 'one.pem'], { cwd: dir }).stdout) as {
      findings: { fix?: string }[];
    };
    for (const f of flag.findings) expect(f.fix).toContain('--cert one.pem');
  });

  it('still finds a value YAML would read as an alias or a tag (written unquoted), with a parse note', () => {
    const dir = tempTree({
      'alias.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: a, namespace: n }\nstringData:\n  password: *Rk7wQz3v-fake-Lm9pXt2N\n',
      'tag.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: t, namespace: n }\nstringData:\n  password: !Rk7wQz3v-fake-Lm9pXt2N\n',
      'cfn.yaml': 'Resources:\n  Bucket:\n    Properties:\n      BucketName: !Ref Name\n',
    });
    const r = sealcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    const found = (JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path: string } }[] }).findings
      .map((f) => `${f.location.path} ${f.ruleId}`)
      .sort();
    expect(found).toEqual([
      'alias.yaml parse-error',
      'alias.yaml secret-string-data',
      'tag.yaml parse-error',
      'tag.yaml secret-string-data',
    ]);
    expect(r.stdout).not.toContain('Rk7wQz3v');
  });

  it('creates the --output folder, and a file that cannot be written is a clear error (exit 2)', () => {
    const dir = tempTree({ 'secret.yaml': LEAK, blocker: 'a file where a folder is wanted\n' });
    const r = sealcheck(['scan', 'secret.yaml', '--format', 'json', '--output', 'reports/ci/out.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'reports/ci/out.json'), 'utf8'))).toHaveProperty('findings');
    const bad = sealcheck(['scan', 'secret.yaml', '--output', 'blocker/out.txt'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('could not write the report to blocker/out.txt: a file is in the way of its folder');
    expect(bad.stderr).not.toContain('internal error');
  });

  it('never colours output without a terminal, and honours NO_COLOR', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    // eslint-disable-next-line no-control-regex
    expect(sealcheck(['scan'], { cwd: dir }).stdout).not.toMatch(/\u001b\[/);
  });

  it('suppresses with an inline allow comment and lists it in verbose mode', () => {
    const dir = tempTree({
      'secret.yaml': LEAK.replace('password: fake', '# sealcheck:allow test fixture\n  password: fake'),
    });
    const r = sealcheck(['scan', '--verbose'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('test fixture');
  });

  it('baseline: writes fingerprints, then reports only new findings', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    const b = sealcheck(['baseline', '.'], { cwd: dir });
    expect(b.status).toBe(0);
    const baseline = readFileSync(join(dir, '.sealcheck-baseline.json'), 'utf8');
    expect(baseline).not.toContain('fake-cli-test-password-1');
    expect(baseline).not.toMatch(/"line"/);
    expect(sealcheck(['scan', '--baseline', '.sealcheck-baseline.json'], { cwd: dir }).status).toBe(0);
    // a moved line keeps its fingerprint; a new secret does not
    const moved = tempTree({ 'secret.yaml': `# moved\n# down\n${LEAK}`, '.sealcheck-baseline.json': baseline });
    expect(sealcheck(['scan', '.', '--baseline', '.sealcheck-baseline.json'], { cwd: moved }).status).toBe(0);
    const added = tempTree({
      'secret.yaml': `${LEAK}  token: fake-cli-new-token-22\n`,
      '.sealcheck-baseline.json': baseline,
    });
    const r = sealcheck(['scan', '.', '--baseline', '.sealcheck-baseline.json', '--format', 'json'], { cwd: added });
    expect(r.status).toBe(1);
    expect(
      (JSON.parse(r.stdout) as { findings: { object: { key: string } }[] }).findings.map((f) => f.object.key),
    ).toEqual(['token']);
  });

  it('allowlists a finding by the fingerprint the verbose output shows, with a reason', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    const first = sealcheck(['scan', '--format', 'json'], { cwd: dir });
    const fp = (JSON.parse(first.stdout) as { findings: { fingerprint: string }[] }).findings[0]?.fingerprint ?? '';
    expect(sealcheck(['scan', '--verbose'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).toContain(
      `fingerprint ${fp}`,
    );
    const allowed = tempTree({
      'secret.yaml': LEAK,
      '.sealcheck.yaml': `allow:\n  - fingerprint: ${fp}\n    reason: fake value in a test fixture\n`,
    });
    const r = sealcheck(['scan', '--format', 'json'], { cwd: allowed });
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { findings: unknown[]; suppressed: { by: string; reason: string }[] };
    expect(json.findings).toEqual([]);
    expect(json.suppressed.map((x) => [x.by, x.reason])).toEqual([['config', 'fake value in a test fixture']]);
  });

  it('rules list names every rule', () => {
    const r = sealcheck(['rules', 'list']);
    expect(r.status).toBe(0);
    for (const id of [
      'secret-data',
      'secret-string-data',
      'sealing-key',
      'env-literal-credential',
      'kustomize-secret-literal',
    ])
      expect(r.stdout).toContain(id);
  });
});
