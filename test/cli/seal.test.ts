import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sealcheck, tempTree } from '../helpers/cli.js';
import { docs, type Manifest } from './manifest-docs.js';

// The seal, unseal and fix commands end to end, through the built CLI, with certificates made by
// openssl. Values are fake and distinctive so a leak into any output would be seen.

const PASSWORD = 'fake-Seal-Passw0rd-7Qz';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n  labels: { app: db }\ntype: Opaque\ndata:\n  password: ${b64(PASSWORD)}\nstringData:\n  username: admin-fake\n`;

let keys: string;
const cert = (n: 1 | 2) => join(keys, `cert${n}.pem`);
const key = (n: 1 | 2) => join(keys, `key${n}.pem`);

beforeAll(() => {
  keys = mkdtempSync(join(tmpdir(), 'sealcheck-keys-'));
  for (const n of [1, 2]) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-nodes',
        '-newkey',
        'rsa:2048',
        '-keyout',
        key(n as 1 | 2),
        '-out',
        cert(n as 1 | 2),
        '-days',
        '365',
        '-subj',
        `/CN=sealed-secret-${n}`,
      ],
      { stdio: 'ignore' },
    );
  }
});
afterAll(() => rmSync(keys, { recursive: true, force: true }));

describe('sealcheck seal', () => {
  it('writes a SealedSecret that unseal opens with the key, and never prints the value', () => {
    const dir = tempTree({ 'db.yaml': SECRET });
    const sealed = sealcheck(['seal', 'db.yaml', '--cert', cert(1)], { cwd: dir });
    expect(sealed.status).toBe(0);
    expect(sealed.stdout.startsWith('---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n')).toBe(true);
    const [doc] = docs(sealed.stdout);
    expect(doc!.metadata).toEqual({ name: 'db', namespace: 'shop' });
    expect(doc!.spec.template.metadata.labels).toEqual({ app: 'db' });
    expect(Object.keys(doc!.spec.encryptedData).sort()).toEqual(['password', 'username']);
    expect(sealed.stderr).toContain('rotate them');
    for (const out of [sealed.stdout, sealed.stderr]) {
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain(b64(PASSWORD));
    }

    writeFileSync(join(dir, 'db.sealed.yaml'), sealed.stdout);
    const opened = sealcheck(['unseal', 'db.sealed.yaml', '--key', key(1)], { cwd: dir });
    expect(opened.status).toBe(0);
    expect(opened.stdout).toContain('opens (strict scope) as Secret shop/db');
    expect(opened.stdout).toMatch(/"password": fa…\(22 chars\) sha256:[0-9a-f]{16}/);
    expect(opened.stdout).not.toContain(PASSWORD);
    const shown = sealcheck(['unseal', 'db.sealed.yaml', '--key', key(1), '--show-values'], { cwd: dir });
    expect(shown.status).toBe(0);
    expect(docs(shown.stdout)[0]!.data.password).toBe(b64(PASSWORD));
    expect(shown.stderr).toContain('holds the plaintext values');

    const wrong = sealcheck(['unseal', 'db.sealed.yaml', '--key', key(2)], { cwd: dir });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(
      /do not open: not with the given key: wrong key, or the SealedSecret was renamed\/moved/,
    );
  });

  it('reads stdin and writes JSON for JSON input, like kubeseal', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api', namespace: 'ns' },
      stringData: { token: 'fake-token-123' },
    });
    const r = sealcheck(['seal', '--cert', cert(1), '--scope', 'cluster-wide'], { cwd: keys, input: json });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Manifest;
    expect(Object.keys(out)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(out.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
  });

  it('--in-place rewrites only the Secret documents, keeping the rest of the file byte for byte', () => {
    const head =
      '# team: shop\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings } # keep me\ndata: { LOG_LEVEL: info }\n';
    const tail = '---\n# the deployment\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n';
    const dir = tempTree({ 'all.yaml': `${head}---\n# the secret\n${SECRET}${tail}` });
    const r = sealcheck(['seal', '--in-place', '--cert', cert(1), 'all.yaml'], { cwd: dir });
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 'all.yaml'), 'utf8');
    expect(text.startsWith(`${head}---\n# the secret\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n`)).toBe(
      true,
    );
    expect(text.endsWith(tail)).toBe(true);
    expect(docs(text).map((d) => d.kind)).toEqual(['ConfigMap', 'SealedSecret', 'Deployment']);
    expect(text).not.toContain(b64(PASSWORD));
    expect(sealcheck(['unseal', 'all.yaml', '--key', key(1)], { cwd: dir }).status).toBe(2); // not only SealedSecrets
  });

  it('--merge-into adds a key to an existing SealedSecret, which then opens with both', () => {
    const dir = tempTree({
      'db.yaml': SECRET,
      'extra.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: other }\nstringData: { api-key: fake-extra-key-99 }\n',
    });
    const sealed = sealcheck(['seal', 'db.yaml', '--cert', cert(1), '-o', 'db.sealed.yaml'], { cwd: dir });
    expect(sealed.status).toBe(0);
    const merged = sealcheck(['seal', 'extra.yaml', '--cert', cert(1), '--merge-into', 'db.sealed.yaml'], { cwd: dir });
    expect(merged.status).toBe(0);
    const doc = docs(readFileSync(join(dir, 'db.sealed.yaml'), 'utf8'))[0]!;
    expect(Object.keys(doc.spec.encryptedData).sort()).toEqual(['api-key', 'password', 'username']);
    const shown = sealcheck(['unseal', 'db.sealed.yaml', '--key', key(1), '--show-values', '-f', 'json'], { cwd: dir });
    expect(shown.status).toBe(0);
    const secret = JSON.parse(shown.stdout) as { metadata: { name: string }; data: Record<string, string> };
    expect(secret.metadata.name).toBe('db');
    expect(Buffer.from(secret.data['api-key']!, 'base64').toString()).toBe('fake-extra-key-99');
  });

  it('refuses bad input with a clear message, writing nothing', () => {
    const dir = tempTree({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { a: b }\n',
      'nons.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: x }\nstringData: { pw: ${PASSWORD} }\n`,
      'badb64.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: y }\ndata: { pw: "not base64!" }\n',
      'empty.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: y }\n',
      'alias.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: y }\nstringData:\n  pw: *${PASSWORD}\n`,
      'tag.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: y }\nstringData:\n  pw: !${PASSWORD}\n`,
      'flow.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: y }\nstringData: {pw:${PASSWORD}}\n`,
    });
    const cases: [string[], RegExp][] = [
      [['seal', 'cm.yaml', '--cert', cert(1)], /is a ConfigMap, not a Secret/],
      [['seal', '--in-place', 'cm.yaml', '--cert', cert(1)], /no kind: Secret document to seal; nothing was changed/],
      [
        ['seal', 'nons.yaml', '--cert', cert(1)],
        /strict scope needs a namespace: add metadata.namespace or pass --namespace/,
      ],
      [['seal', 'badb64.yaml', '--cert', cert(1)], /pw/],
      [['seal', 'empty.yaml', '--cert', cert(1)], /no data and no stringData/],
      [
        ['seal', 'nons.yaml', '--cert', 'missing.pem'],
        /missing.pem: certificate file not found \(fetch it with kubeseal --fetch-cert/,
      ],
      [['seal', 'nons.yaml', '--cert', key(1), '-n', 'y'], /certificate/i],
      [['seal', 'nons.yaml'], /no sealing certificate \(pub-cert.pem does not exist\)/],
      [['seal', 'alias.yaml', '--cert', cert(1)], /a value starting with \* is read by YAML as an alias/],
      [['seal', '--in-place', 'alias.yaml', '--cert', cert(1)], /a value starting with \* is read by YAML as an alias/],
      [['seal', 'tag.yaml', '--cert', cert(1)], /line 5: a value starting with ! is read by YAML as a tag/],
      [
        ['seal', 'flow.yaml', '--cert', cert(1)],
        /a stringData key is not a valid Secret key .* a missing space after ':'/,
      ],
    ];
    const before = readFileSync(join(dir, 'cm.yaml'), 'utf8');
    for (const [args, message] of cases) {
      const r = sealcheck(args, { cwd: dir });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toContain(PASSWORD);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(join(dir, 'cm.yaml'), 'utf8')).toBe(before);
    expect(sealcheck(['seal', 'nons.yaml', '--cert', cert(1), '-n', 'y'], { cwd: dir }).status).toBe(0);
  });

  it('picks the certificate per path from certs: in .sealcheck.yaml', () => {
    const dir = tempTree({
      '.sealcheck.yaml': `certs:\n  - files: clusters/prod/**\n    cert: ${cert(2)}\ncert: ${cert(1)}\n`,
      'clusters/prod/db.yaml': SECRET,
      'clusters/dev/db.yaml': SECRET,
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    for (const env of ['prod', 'dev']) {
      const r = sealcheck(['seal', '--in-place', `clusters/${env}/db.yaml`], { cwd: dir });
      expect(r.status).toBe(0);
    }
    expect(sealcheck(['unseal', 'clusters/prod/db.yaml', '--key', key(2)], { cwd: dir }).status).toBe(0);
    expect(sealcheck(['unseal', 'clusters/prod/db.yaml', '--key', key(1)], { cwd: dir }).status).toBe(2);
    expect(sealcheck(['unseal', 'clusters/dev/db.yaml', '--key', key(1)], { cwd: dir }).status).toBe(0);
  });
});

describe('sealcheck fix', () => {
  it('seals every raw Secret of examples/; a second scan finds none of them, and reminds to rotate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-fix-'));
    try {
      cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
      const secretRules = new Set([
        'secret-data',
        'secret-string-data',
        'last-applied-configuration',
        'base64-credential',
      ]);
      const scanJson = () =>
        JSON.parse(sealcheck(['scan', 'examples', '--format', 'json'], { cwd: dir }).stdout) as {
          findings: { ruleId: string; location: { path: string } }[];
        };
      const before = scanJson().findings.filter((f) => secretRules.has(f.ruleId));
      const sealable = new Set(before.map((f) => f.location.path).filter((p) => !p.includes('/templates/')));
      expect(sealable.size).toBeGreaterThanOrEqual(3);

      const fixed = sealcheck(['fix', 'examples', '--cert', cert(1)], { cwd: dir });
      expect(fixed.status).toBe(1); // env literals and the like are left to the user, and listed
      for (const p of sealable) expect(fixed.stdout).toContain(`sealed ${p}:`);
      expect(fixed.stdout).toContain('by hand examples/leaks/deployment.yaml');
      expect(fixed.stdout).toContain('Rotate the values that were sealed');

      const after = scanJson().findings;
      const leaksLeft = after.filter((f) => secretRules.has(f.ruleId) && sealable.has(f.location.path));
      expect(leaksLeft).toEqual([]);
      const reminders = new Set(after.filter((f) => f.ruleId === 'rotation-pending').map((f) => f.location.path));
      expect(reminders).toEqual(sealable);
      for (const p of sealable) {
        const text = readFileSync(join(dir, p), 'utf8');
        expect(sealcheck(['unseal', p, '--key', key(1)], { cwd: dir }).status, p).toBe(
          text.includes('kind: Secret\n') ? 2 : 0,
        );
      }
      const again = sealcheck(['fix', 'examples', '--cert', cert(1)], { cwd: dir });
      expect(again.stdout).not.toMatch(/^sealed /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses stdin (it rewrites files), and follows a symbolic link to the file it seals', () => {
    const dir = tempTree({ 'real/db.yaml': SECRET, 'stdin.yaml': SECRET });
    const piped = sealcheck(['fix', '-', '--cert', cert(1)], { cwd: dir, input: SECRET });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain('cannot take stdin');
    expect(readFileSync(join(dir, 'stdin.yaml'), 'utf8')).toBe(SECRET);

    symlinkSync('real/db.yaml', join(dir, 'link.yaml'));
    const r = sealcheck(['seal', '--in-place', '--cert', cert(1), 'link.yaml'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(docs(readFileSync(join(dir, 'real/db.yaml'), 'utf8'))[0]!.kind).toBe('SealedSecret');
  });

  it('--dry-run changes nothing', () => {
    const dir = tempTree({ 'db.yaml': SECRET });
    const r = sealcheck(['fix', '--dry-run', '--cert', cert(1)], { cwd: dir });
    expect(r.stdout).toContain('would seal db.yaml: shop/db (password, username)');
    expect(readFileSync(join(dir, 'db.yaml'), 'utf8')).toBe(SECRET);
  });
});
