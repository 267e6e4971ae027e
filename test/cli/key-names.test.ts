import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo, write } from '../git/repo.js';
import { commitAt, T0 } from '../history/helpers.js';
import { sealcheck, tempTree } from '../helpers/cli.js';
import { useTestPki, type TestPki } from '../seal/pki.js';

/**
 * A key can itself be a credential: a GitHub token pasted as a Secret key, a random string used as
 * a ConfigMap key or an env var name. The real CLI, in every format, must never print such a key
 * (nor its base64), while ordinary keys like `password` are still named.
 */

/** Matches the github-token rule. */
const TOKEN_KEY = 'ghp_W8nq2FAKEtZx5LmR7vKp3YcJ9dHs4BgTa6Ue';
/** No token format: only its random look gives it away. */
const RANDOM_KEY = 'Qm7vT2xKp9LwR4nZc8Hy3Bd6';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const MANIFESTS = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
type: Opaque
data:
  ${TOKEN_KEY}: ${b64('fake-key-value-1')}
  password: ${b64('fake-normal-password-1')}
stringData:
  ${RANDOM_KEY}: fake-plain-value-2
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: shop
data:
  ${TOKEN_KEY}: x1
  ${RANDOM_KEY}: postgres://app:fakeDbPassw0rd9@db.shop/app
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1
          env:
            - name: ${RANDOM_KEY}
              value: postgres://app:fakeDbPassw0rd9@db.shop/app
            - name: ${TOKEN_KEY}
              value: x1
            - name: FROM_SECRET
              valueFrom:
                secretKeyRef: { name: db, key: ${RANDOM_KEY} }
`;

/** A Secret that sealing refuses (a value that is not base64): the error names the key. */
const UNSEALABLE = `apiVersion: v1
kind: Secret
metadata:
  name: broken
  namespace: shop
data:
  ${TOKEN_KEY}: not-base64!!
`;

/** Every 8-character piece of the planted keys and of their base64: none may appear. */
function leaks(out: string): string[] {
  const found: string[] = [];
  for (const key of [TOKEN_KEY, RANDOM_KEY, b64(TOKEN_KEY), b64(RANDOM_KEY)]) {
    for (let i = 0; i + 8 <= key.length; i++) if (out.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  }
  return found;
}

/** How a redacted key reads: a preview and a hash of the real key. */
const REDACTED = /(gh|Qm)…\(\d+ chars\) sha256:[0-9a-f]{12}/g;

describe('a key that is itself a credential is never printed', () => {
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    it(`scan --format ${format}`, () => {
      const dir = tempTree({ 'k8s/app.yaml': MANIFESTS });
      const r = sealcheck(['scan', '.', '--format', format, '--no-color', '--verbose'], { cwd: dir });
      expect(r.status, r.stderr).toBe(1);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
      expect(r.stdout).toContain('password');
      if (format !== 'sarif') expect(r.stdout.match(REDACTED)?.length ?? 0).toBeGreaterThanOrEqual(4);
    });
  }

  it('scan finds the token used as a key, under the token rule', () => {
    const dir = tempTree({ 'k8s/app.yaml': MANIFESTS });
    const r = sealcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    const findings = (
      JSON.parse(r.stdout) as {
        findings: {
          ruleId: string;
          location: { line: number; column: number };
          object: { kind?: string; key?: string };
        }[];
      }
    ).findings;
    const lineOf = (needle: string, from = 0): number =>
      MANIFESTS.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const secretLine = lineOf(`${TOKEN_KEY}:`);
    const configMapLine = lineOf(`${TOKEN_KEY}:`, secretLine);
    expect(
      findings.filter((f) => f.ruleId === 'github-token').map((f) => `${f.location.line}:${f.location.column}`),
    ).toEqual([`${secretLine}:3`, `${configMapLine}:3`]);
    // As an env var name the token is the value of `name:`, which the rule for values outside Secrets reports.
    const envLine = lineOf(`name: ${TOKEN_KEY}`);
    expect(findings.filter((f) => f.location.line === envLine).map((f) => f.ruleId)).toEqual(['base64-credential']);
    // The value findings on those objects name the key redacted; a plain key is named as it is.
    const keys = findings.filter((f) => f.object.key !== undefined).map((f) => `${f.object.kind}:${f.object.key}`);
    expect(keys).toContain('Secret:password');
    expect(
      keys.filter((k) => /^(Secret|ConfigMap|Deployment):(gh|Qm)…\(\d+ chars\) sha256:[0-9a-f]{12}$/.test(k)),
    ).toHaveLength(4);
  });

  describe('fix --dry-run', () => {
    let pki: TestPki;
    useTestPki((made) => (pki = made.pki));

    it('names the sealed keys redacted, and so does a sealing error', () => {
      const dir = tempTree({ 'k8s/app.yaml': MANIFESTS, 'k8s/broken.yaml': UNSEALABLE });
      write(dir, { 'cert.pem': pki.controller.certPem });
      const r = sealcheck(['fix', 'k8s', '--dry-run', '--cert', 'cert.pem'], { cwd: dir });
      expect(r.stdout).toMatch(/would seal k8s\/app\.yaml: shop\/db \(.*password.*\)/);
      expect(r.stdout).toContain('not fixed k8s/broken.yaml');
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
      expect(r.stdout.match(REDACTED)?.length ?? 0).toBeGreaterThanOrEqual(3);
      expect(readFileSync(join(dir, 'k8s/app.yaml'), 'utf8')).toBe(MANIFESTS);
    });
  });

  it('sweep, in every format, and its --state file', () => {
    const repo = tempRepo();
    const sealed = `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  encryptedData:\n    ${TOKEN_KEY}: AgBfakeCiphertextOnly==\n`;
    write(repo, { 'k8s/app.yaml': MANIFESTS });
    commitAt(repo, T0);
    write(repo, { 'k8s/app.yaml': sealed });
    commitAt(repo, T0 + 1);
    const state = join(repo, '..', 'state.json');
    for (const format of ['text', 'json', 'sarif', 'markdown', 'csv']) {
      const r = sealcheck(['sweep', '--format', format, '--workers', '0', '--no-progress', '--state', state], {
        cwd: repo,
      });
      expect(r.status, `${format}: ${r.stderr}`).toBe(1);
      expect(leaks(r.stdout + r.stderr), format).toEqual([]);
      expect(r.stdout, format).toContain('password');
      if (format !== 'sarif') expect(r.stdout.match(REDACTED)?.length ?? 0, format).toBeGreaterThanOrEqual(3);
    }
    // The SealedSecret's key is redacted the same way, so the Secret is still known to be sealed later.
    const json = sealcheck(['sweep', '--format', 'json', '--workers', '0', '--no-progress', '--state', state], {
      cwd: repo,
    });
    const rows = (JSON.parse(json.stdout) as { secrets: { rule: string; key: string | null; reason: string }[] })
      .secrets;
    const tokenKeyRow = rows.find((r) => r.rule === 'secret-data' && r.key?.startsWith('gh…'));
    expect(tokenKeyRow?.reason).toContain('sealed in a later commit');
    const remembered = readFileSync(state, 'utf8');
    expect(remembered).toContain('password');
    expect(leaks(remembered)).toEqual([]);
  });
});
