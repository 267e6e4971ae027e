/** Test repositories for the action: a base on `main` and a pull request branch that leaks. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';
import { scanChanges } from '../git/repo.js';
import { cleanEnv, commitAll, git, lineOf, tempRepo, write } from '../git/repo.js';
import type { FakeGitHub } from './fake-github.js';
import type { RunResult } from './harness.js';

/** Values planted in the repositories; none may appear in any output, request, log, summary or SARIF. */
export const VALUES = {
  db: 'Pl4nted-Db-Passw0rd-7f3a9c',
  api: 'Pl4nted-Api-T0ken-91be20x',
  env: 'Pl4nted-Env-S3cret-55d1e0',
};

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export const APP_BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              value: info
`;

export const APP_HEAD = `${APP_BASE}            - name: DB_PASSWORD
              value: "${VALUES.env}"
`;

export const DB_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
type: Opaque
data:
  password: ${b64(VALUES.db)}
  api-token: ${b64(VALUES.api)}
`;

/** Keys that are themselves credentials: a GitHub token and a random string. None may appear either. */
export const KEY_NAMES = {
  token: 'ghp_R3vq8FAKEnY6KxW2pLm9TzC4bHs7JdQa5UeG',
  random: 'Xp4nW9qLt2Rv7KzB3mHc8Yd5',
};

/** A Secret (data and stringData), a ConfigMap and env var names using those keys, next to a plain `password`. */
export const KEYS_HEAD = `apiVersion: v1
kind: Secret
metadata:
  name: keys
  namespace: shop
data:
  ${KEY_NAMES.token}: ${b64('Pl4nted-Key-Val-1')}
  password: ${b64('Pl4nted-Key-Val-2')}
stringData:
  ${KEY_NAMES.random}: Pl4nted-Key-Val-3
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: shop
data:
  ${KEY_NAMES.token}: x1
  ${KEY_NAMES.random}: postgres://app:Pl4ntedKeyDbPw9@db/app
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
            - name: ${KEY_NAMES.random}
              value: postgres://app:Pl4ntedKeyDbPw9@db/app
            - name: ${KEY_NAMES.token}
              value: x1
`;

/** Every 8-character piece of the planted key names and of their base64. */
export function keyNamePieces(): string[] {
  const out = new Set<string>();
  for (const k of Object.values(KEY_NAMES))
    for (const s of [k, b64(k)]) for (let i = 0; i + 8 <= s.length; i++) out.add(s.slice(i, i + 8));
  return [...out];
}

export interface PrRepo {
  repo: string;
  base: string;
  head: string;
}

/** `main` with a clean Deployment; `feature` adds a Secret and an env literal. */
export function leakingPr(extraHead: Record<string, string> = {}): PrRepo {
  const repo = tempRepo();
  write(repo, { 'README.md': '# shop\n', 'deploy/app.yaml': APP_BASE });
  const base = commitAll(repo, 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(repo, { 'deploy/app.yaml': APP_HEAD, 'deploy/db-secret.yaml': DB_SECRET, ...extraHead });
  const head = commitAll(repo, 'add the database');
  return { repo, base, head };
}

export { commitAll, git, lineOf, write };

/** Every string that would give a value away: the value, its base64, its SHA-256 and the findings' fingerprints. */
export async function forbiddenStrings(
  repo: string,
  range: string,
  values: readonly string[] = Object.values(VALUES),
): Promise<string[]> {
  const out = new Set<string>();
  for (const v of values) {
    out.add(v);
    out.add(b64(v));
    out.add(createHash('sha256').update(v, 'utf8').digest('hex'));
  }
  const { report } = await scanChanges({ range }, repo);
  for (const f of report.findings) {
    if (f.valueHash) out.add(f.valueHash);
    out.add(f.fingerprint);
  }
  return [...out];
}

/** No forbidden string in stdout, stderr, outputs, summary, SARIF or any request the fake received. */
export function expectNoValues(forbidden: readonly string[], r: RunResult, fake?: FakeGitHub): void {
  const channels: Record<string, string> = {
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: JSON.stringify(r.outputs),
    summary: r.summary,
    sarif: r.sarif ?? '',
    requests: fake ? fake.requests.map((q) => `${q.method} ${q.path}?${q.query.toString()} ${q.raw}`).join('\n') : '',
  };
  for (const [name, text] of Object.entries(channels)) {
    for (const s of forbidden) expect(text.includes(s), `${name} contains a value-derived string`).toBe(false);
  }
}

/** A self-signed RSA certificate as `kubeseal --fetch-cert` returns, made with the openssl CLI. */
export function makeCert(dir: string): string {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'pub-cert.pem',
      '-days',
      '365',
      '-subj',
      '/O=sealed-secret/CN=sealed-secret',
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: cleanEnv(),
    },
  );
  return 'pub-cert.pem';
}

let sarifValidate: ValidateFunction | undefined;

/** Errors of a SARIF file against the official SARIF 2.1.0 schema (test/fixtures, as test/report/sarif.test.ts reads it). */
export function sarifSchemaErrors(text: string): string[] {
  if (!sarifValidate) {
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    // Declared draft-04, which Ajv 8 does not implement; the body uses only keywords draft-07 keeps.
    const { id, ...body } = schema;
    delete body.$schema;
    const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
    ajvFormats.default(ajv);
    sarifValidate = ajv.compile({ $id: id as string, ...body });
  }
  sarifValidate(JSON.parse(text));
  return (sarifValidate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
