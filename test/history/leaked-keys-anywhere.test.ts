import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine.js';
import type { SweepReport } from '../../src/history/model.js';
import { REPORTERS, SWEEP_FORMATS } from '../../src/report/index.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { cleanEnv, git, tempRepo, write } from '../git/repo.js';
import { sealcheck } from '../helpers/cli.js';
import { commitAt, rowsOf, sweep, T0 } from './helpers.js';

// A controller key leaks in many shapes besides the labelled key Secret: each must open the
// SealedSecrets sealed to it, name the commit that leaked it, and show neither key nor plaintext.
// The SealedSecret is made by the built CLI (`sealcheck seal`) from an openssl certificate.

const PLAINTEXT = 'fake-Sweep-Opened-Passw0rd-K4q';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ctx = {
  rules: loadRuleFiles().map((l) => l.data),
  color: false,
  toolVersion: '0.0.0-test',
  docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
};
const render = (report: SweepReport): Record<string, string> =>
  Object.fromEntries(SWEEP_FORMATS.map((f) => [f, REPORTERS.sweep[f].render(report, ctx)]));

let dir: string;
let keyPem: string;
let sealed: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealcheck-leak-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '365',
      '-subj',
      '/',
    ],
    { stdio: 'ignore' },
  );
  keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
  writeFileSync(
    join(dir, 'db.yaml'),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  password: ${b64(PLAINTEXT)}\n`,
  );
  const r = sealcheck(['seal', join(dir, 'db.yaml'), '--cert', join(dir, 'cert.pem')]);
  expect(r.status, r.stderr).toBe(0);
  sealed = r.stdout;
  expect(sealed).toContain('kind: SealedSecret');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pieces of the key as any output could carry them: a body line of the PEM, and a stretch of its base64. */
function keyPieces(): string[] {
  const body = keyPem.trim().split('\n');
  return [body[3]!, body[body.length - 3]!, b64(keyPem).slice(80, 140)];
}

function expectNothingShown(outputs: Record<string, string>): void {
  for (const [format, text] of Object.entries(outputs)) {
    expect(text.length, format).toBeGreaterThan(50);
    expect(text, format).not.toContain(PLAINTEXT);
    expect(text, format).not.toContain(b64(PLAINTEXT));
    for (const piece of keyPieces()) expect(text, format).not.toContain(piece);
  }
}

const indented = (pem: string, n: number): string =>
  pem
    .trim()
    .split('\n')
    .map((l) => `${' '.repeat(n)}${l}`)
    .join('\n');

/** Where the key is committed: path and content, and whether that commit comes before or after the SealedSecret's. */
const SHAPES: { name: string; path: string; content: () => string; before: boolean }[] = [
  {
    name: "the tls.key of an ordinary TLS Secret without the controller's label",
    path: 'apps/web-tls.yaml',
    content: () =>
      `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: web-tls\n  namespace: shop\ndata:\n  tls.crt: ${b64(readFileSync(join(dir, 'cert.pem'), 'utf8'))}\n  tls.key: ${b64(keyPem)}\n`,
    before: false,
  },
  {
    name: 'a PEM in a file named backup.txt',
    path: 'notes/backup.txt',
    content: () => `key backup, do not lose\n\n${keyPem}`,
    before: true,
  },
  {
    name: 'base64 of the PEM in a chart values file',
    path: 'charts/web/values-prod.yaml',
    content: () => `web:\n  tls:\n    enabled: true\n    keyBase64: ${b64(keyPem)}\n`,
    before: false,
  },
  {
    name: 'a PEM in a ConfigMap',
    path: 'apps/ca.yaml',
    content: () =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ca\ndata:\n  signing.key: |\n${indented(keyPem, 4)}\n`,
    before: true,
  },
  {
    name: 'a key List in a file with no extension',
    path: 'ops/sealed-secrets-backup',
    content: () =>
      `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: sealed-secrets-keyabc12\n  data:\n    tls.key: ${b64(keyPem)}\n`,
    before: false,
  },
];

describe('sweep: a controller key leaked in any shape opens the SealedSecrets sealed to it', () => {
  for (const shape of SHAPES) {
    it(shape.name, async () => {
      const repo = tempRepo();
      const commitKey = (t: number): string => {
        write(repo, { [shape.path]: shape.content() });
        return commitAt(repo, t, 'key');
      };
      const commitSealed = (t: number): string => {
        write(repo, { 'apps/db.sealed.yaml': sealed });
        return commitAt(repo, t, 'sealed');
      };
      const keyCommit = shape.before ? commitKey(T0) : (commitSealed(T0), commitKey(T0 + 10));
      if (shape.before) commitSealed(T0 + 10);
      git(repo, 'rm', '-q', shape.path);
      commitAt(repo, T0 + 20, 'remove the key');

      const state = join(repo, '..', 'state.json');
      const report = await sweep(repo, { statePath: state });
      const opened = rowsOf(report, (r) => r.rule === 'sealed-secret-leaked-key');
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        kind: 'SealedSecret',
        namespace: 'shop',
        name: 'db',
        key: 'password',
        status: 'rotate',
        presentAtHead: true,
      });
      expect(opened[0]!.reason).toBe(
        `sealed to a controller key that leaked at commit ${keyCommit.slice(0, 12)} (${shape.path}): anyone with the repository can open it`,
      );
      // Counted as a leaked controller key once, whether or not a labelled key Secret held it.
      expect(report.stats.leakedSealingKeys).toBe(1);
      expect(render(report).markdown).toContain(
        '**First renew the sealing key**: 1 sealed-secrets controller private key leaked',
      );
      expectNothingShown(render(report));

      // The state holds no key: a second run reads the key's blob again and reports the same.
      const saved = readFileSync(state, 'utf8');
      expect(saved).not.toContain('PRIVATE KEY');
      for (const piece of keyPieces()) expect(saved).not.toContain(piece);
      expect(await sweep(repo, { statePath: state })).toEqual(report);
    });
  }

  it('the built CLI prints neither key nor plaintext in any format', () => {
    const repo = tempRepo();
    write(repo, { 'apps/db.sealed.yaml': sealed, 'notes/backup.txt': keyPem });
    const keyCommit = commitAt(repo, T0);
    const outputs: Record<string, string> = {};
    for (const format of SWEEP_FORMATS) {
      const r = sealcheck(['sweep', repo, '--format', format, '--no-progress', '--workers', '1'], {
        env: cleanEnv(),
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(1);
      outputs[format] = r.stdout;
      for (const piece of [PLAINTEXT, ...keyPieces()]) expect(r.stderr).not.toContain(piece);
    }
    expect(outputs.text).toContain(`leaked at commit ${keyCommit.slice(0, 12)} (notes/backup.txt)`);
    expect(
      JSON.parse(outputs.json!).secrets.filter((r: { rule: string }) => r.rule === 'sealed-secret-leaked-key'),
    ).toHaveLength(1);
    expectNothingShown(outputs);
  }, 300_000);

  it('--sealing-key FILE still opens values, and a given key that history also holds is attributed to its commit', () => {
    const repo = tempRepo();
    write(repo, { 'apps/db.sealed.yaml': sealed });
    commitAt(repo, T0);
    const given = sealcheck(
      ['sweep', repo, '--format', 'json', '--no-progress', '--workers', '1', '--sealing-key', join(dir, 'key.pem')],
      { env: cleanEnv(), timeout: 120_000 },
    );
    const rows = (JSON.parse(given.stdout) as SweepReport).secrets;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule: 'sealed-secret-leaked-key', name: 'db', key: 'password' });
    expect(rows[0]!.reason).toContain('--sealing-key');

    write(repo, { 'certs/web.key': keyPem });
    const keyCommit = commitAt(repo, T0 + 10);
    const both = sealcheck(
      ['sweep', repo, '--format', 'json', '--no-progress', '--workers', '1', '--sealing-key', join(dir, 'key.pem')],
      { env: cleanEnv(), timeout: 120_000 },
    );
    const opened = (JSON.parse(both.stdout) as SweepReport).secrets.filter(
      (r) => r.rule === 'sealed-secret-leaked-key',
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]!.reason).toContain(`leaked at commit ${keyCommit.slice(0, 12)} (certs/web.key)`);
  }, 120_000);

  it('EC, Ed25519, encrypted and corrupt keys are passed over without error; a key further on is still tried', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const lines = keyPem.trim().split('\n');
    const corrupt = [lines[0], ...lines.slice(1, -1).map((l) => l.replace(/[A-M]/g, 'Z')), lines.at(-1)].join('\n');
    const repo = tempRepo();
    write(repo, {
      'apps/db.sealed.yaml': sealed,
      'keys/ec.pem': ec.export({ type: 'sec1', format: 'pem' }).toString(),
      'keys/ec-pkcs8.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ec\ndata:\n  tls.key: ${b64(ec.export({ type: 'pkcs8', format: 'pem' }).toString())}\n`,
      'keys/ed.key': ed.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'keys/corrupt.key': corrupt,
      'keys/truncated.key': lines.slice(0, 5).join('\n'),
      'keys/other.key': otherRsa,
    });
    commitAt(repo, T0);
    const report = await sweep(repo);
    expect(report.errors).toBeUndefined();
    expect(rowsOf(report, (r) => r.rule === 'sealed-secret-leaked-key')).toEqual([]);
    expect(report.notes.filter((n) => !n.includes('replace'))).toEqual([]);

    write(repo, { 'keys/zz-real.key': keyPem });
    const keyCommit = commitAt(repo, T0 + 10);
    const opened = rowsOf(await sweep(repo), (r) => r.rule === 'sealed-secret-leaked-key');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.reason).toContain(`leaked at commit ${keyCommit.slice(0, 12)} (keys/zz-real.key)`);
  });
});
