import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';

// `sealcheck fix` through the built CLI: what it says when it cannot seal, and what it counts as left to do.

const PASSWORD = 'fake-FixCmd-Passw0rd-3Kd';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  password: ${b64(PASSWORD)}\n`;
/** Reads a Secret into the environment: a warning, advice that needs no sealing. */
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: app',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: app:1',
  '          env:',
  '            - name: DB_PASSWORD',
  '              valueFrom:',
  '                secretKeyRef: { name: db, key: password }',
  '',
].join('\n');

const TREE = { 'a.yaml': secret('db'), 'b.yaml': secret('api'), 'app.yaml': DEPLOYMENT };

describe('sealcheck fix', () => {
  it('without a certificate: one error (exit 2) that says how to get one, and no file changed', () => {
    const dir = tempTree(TREE);
    const r = sealcheck(['fix'], { cwd: dir, env: { SEALED_SECRETS_CERT: undefined } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.match(/no sealing certificate/g)).toHaveLength(1);
    expect(r.stderr).toContain('2 Secrets in 2 files need sealing');
    expect(r.stderr).toContain('kubeseal --fetch-cert > pub-cert.pem');
    expect(r.stderr).toContain('cert:');
    expect(r.stderr).toContain('.sealcheck.yaml');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(TREE['a.yaml']);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('the certificate the error names, once fetched there, is the one the next run uses', () => {
    const dir = tempTree(TREE);
    const first = sealcheck(['fix'], { cwd: dir, env: { SEALED_SECRETS_CERT: undefined } });
    const path = /kubeseal --fetch-cert > (\S+)/.exec(first.stderr)?.[1];
    expect(path).toBe('pub-cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-nodes',
        '-newkey',
        'rsa:2048',
        '-keyout',
        '/dev/null', // the private key is not needed, and must not be in the scanned tree
        '-out',
        join(dir, path!),
        '-days',
        '365',
        '-subj',
        '/CN=fix',
      ],
      { stdio: 'ignore' },
    );
    const r = sealcheck(['fix'], { cwd: dir, env: { SEALED_SECRETS_CERT: undefined } });
    // Only advice is left (a Secret read into the environment): it is listed, not counted as work.
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('sealed a.yaml: shop/db (password)');
    expect(r.stdout).toContain('sealed b.yaml: shop/api (password)');
    expect(r.stdout).not.toContain('by hand');
    expect(r.stdout).toContain('advice app.yaml:14:');
    expect(r.stdout).toContain('1 advisory finding, not blocking');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toContain('kind: SealedSecret');
  });

  it('an env literal is still work by hand (exit 1), with the YAML to write', () => {
    const literal = DEPLOYMENT.replace(
      '              valueFrom:\n                secretKeyRef: { name: db, key: password }',
      `              value: "${PASSWORD}"`,
    );
    const dir = tempTree({ 'app.yaml': literal });
    const r = sealcheck(['fix'], { cwd: dir, env: { SEALED_SECRETS_CERT: undefined } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('by hand app.yaml:13:');
    expect(r.stdout).toContain('         - name: DB_PASSWORD\n           valueFrom:\n             secretKeyRef:');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });
});
