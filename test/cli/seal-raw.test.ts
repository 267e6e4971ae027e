import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sealcheck, tempTree } from '../helpers/cli.js';
import { controllerUnseal } from '../seal/reference-controller.js';

// `sealcheck seal --raw` through the built CLI: each scope's ciphertext, put under encryptedData of
// a SealedSecret with the matching name, namespace and scope annotation, must open with the
// controller's key in our unseal command, in the independent reference controller and (when
// installed) in Python's cryptography; and under another name or namespace it must not.

const VECTORS = join(ROOT, 'test/seal/vectors');
const CERT = join(VECTORS, 'test-sealing-cert.pem');
const KEY = join(VECTORS, 'test-sealing-key.pem');
const VALUE = 'fake-raw-Va1ue-9Xq\twith tab';

const ANNOTATION = {
  strict: undefined,
  'namespace-wide': 'sealedsecrets.bitnami.com/namespace-wide',
  'cluster-wide': 'sealedsecrets.bitnami.com/cluster-wide',
} as const;
type Scope = keyof typeof ANNOTATION;

function template(scope: Scope, ciphertext: string, name = 'db', namespace = 'shop'): Record<string, unknown> {
  const annotation = ANNOTATION[scope];
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name, namespace, ...(annotation !== undefined ? { annotations: { [annotation]: 'true' } } : {}) },
    spec: { template: { metadata: { name, namespace } }, encryptedData: { password: ciphertext } },
  };
}

const required = process.env.CI === 'true';
const python =
  ['python3', '/usr/bin/python3'].find(
    (p) => spawnSync(p, ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0,
  ) ?? 'python3';
const hasPythonCryptography =
  required || spawnSync(python, ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0;

function sealRaw(scope: Scope, how: 'file' | 'stdin'): string {
  const dir = tempTree({ 'value.txt': VALUE });
  const args = ['seal', '--raw', '--cert', CERT, '--scope', scope, '--namespace', 'shop', '--name', 'db'];
  const r =
    how === 'file'
      ? sealcheck([...args, '--from-file', 'value.txt'], { cwd: dir })
      : sealcheck(args, { cwd: dir, input: VALUE });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
  expect(r.stdout).not.toContain(VALUE);
  return r.stdout.trim();
}

describe('sealcheck seal --raw', () => {
  for (const scope of ['strict', 'namespace-wide', 'cluster-wide'] as const) {
    it(`${scope}: the ciphertext opens in a SealedSecret of that scope, by our unseal and the reference controller`, () => {
      const ciphertext = sealRaw(scope, scope === 'namespace-wide' ? 'stdin' : 'file');
      const doc = template(scope, ciphertext);
      const dir = tempTree({ 'sealed.json': JSON.stringify(doc) });
      const opened = sealcheck(['unseal', 'sealed.json', '--key', KEY, '--show-values', '--format', 'json'], {
        cwd: dir,
      });
      expect(opened.status).toBe(0);
      const secret = JSON.parse(opened.stdout) as { data: Record<string, string> };
      expect(Buffer.from(secret.data.password!, 'base64').toString()).toBe(VALUE);

      const key = createPrivateKey(readFileSync(KEY));
      expect(controllerUnseal(doc, [key]).data.password!.toString()).toBe(VALUE);
      // The label binds it: strict to the name and namespace, namespace-wide to the namespace.
      const moved = template(scope, ciphertext, 'other', 'elsewhere');
      if (scope === 'cluster-wide') expect(controllerUnseal(moved, [key]).data.password!.toString()).toBe(VALUE);
      else expect(() => controllerUnseal(moved, [key])).toThrow(/no key could decrypt/);
      if (scope === 'namespace-wide')
        expect(controllerUnseal(template(scope, ciphertext, 'other'), [key]).data.password!.toString()).toBe(VALUE);
    });
  }

  it.skipIf(!hasPythonCryptography)(
    'Python cryptography opens the raw ciphertext of each scope (open-sealed.py)',
    () => {
      const stream = (['strict', 'namespace-wide', 'cluster-wide'] as const)
        .map((scope) => JSON.stringify(template(scope, sealRaw(scope, 'file'))))
        .join('\n');
      const out = execFileSync(python, ['open-sealed.py', 'test-sealing-key.pem'], { cwd: VECTORS, input: stream });
      expect(JSON.parse(out.toString())).toEqual([{ password: VALUE }, { password: VALUE }, { password: VALUE }]);
    },
  );

  it('refuses what would seal a value nobody can open, or take it from the command line', () => {
    const dir = tempTree({ 'value.txt': VALUE, 'db.yaml': 'kind: Secret\n' });
    const run = (args: string[], input = VALUE) =>
      sealcheck(['seal', '--raw', '--cert', CERT, ...args], { cwd: dir, input });
    const noName = run(['--namespace', 'shop']);
    expect(noName.status).toBe(2);
    expect(noName.stderr).toContain('needs --name');
    const noNamespace = run(['--scope', 'namespace-wide']);
    expect(noNamespace.status).toBe(2);
    expect(noNamespace.stderr).toContain('needs --namespace');
    expect(run(['--scope', 'cluster-wide']).status).toBe(0);
    const withFile = run(['db.yaml', '--scope', 'cluster-wide']);
    expect(withFile.status).toBe(2);
    expect(withFile.stderr).toContain('--from-file or stdin');
    expect(run(['--scope', 'cluster-wide'], '').stderr).toContain('the value is empty');
    const newline = run(['--scope', 'cluster-wide'], `${VALUE}\n`);
    expect(newline.status).toBe(0);
    expect(newline.stderr).toContain('ends with a newline');
    const fromFileAlone = sealcheck(['seal', '--from-file', 'value.txt'], { cwd: dir });
    expect(fromFileAlone.status).toBe(2);
    for (const r of [noName, noNamespace, withFile, newline]) expect(r.stderr).not.toContain(VALUE);
  });
});
