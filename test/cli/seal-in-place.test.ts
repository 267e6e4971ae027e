import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';
import { docs } from './manifest-docs.js';

// seal --in-place and fix keep what they do not replace: line ends, and a List around a Secret.

const PASSWORD = 'fake-InPlace-Passw0rd-8Wm';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let keys: string;
beforeAll(() => {
  keys = mkdtempSync(join(tmpdir(), 'sealcheck-keys-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      join(keys, 'key.pem'),
      '-out',
      join(keys, 'pub-cert.pem'),
      '-days',
      '365',
      '-subj',
      '/CN=in-place',
    ],
    { stdio: 'ignore' },
  );
});
afterAll(() => rmSync(keys, { recursive: true, force: true }));

const noValue = (out: string) => {
  expect(out).not.toContain(PASSWORD);
  expect(out).not.toContain(b64(PASSWORD));
};

/** What `kubectl get secrets -o yaml` writes. */
const KUBECTL_LIST = `apiVersion: v1
items:
- apiVersion: v1
  data:
    password: ${b64(PASSWORD)}
  kind: Secret
  metadata:
    name: db
    namespace: shop
  type: Opaque
- apiVersion: v1
  data:
    ca.crt: ${b64('not a credential')}
  kind: ConfigMap
  metadata:
    name: ca
    namespace: shop
kind: List
metadata:
  resourceVersion: ""
`;

describe('seal --in-place keeps the file as it was around the Secret', () => {
  it('a CRLF file stays CRLF, in the replaced document and everywhere else', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const before = crlf('# header\n');
    const after = crlf('---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    const secret = crlf(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: ${PASSWORD}\n`,
    );
    const dir = tempTree({
      'db.yaml': before + secret + after,
      'pub-cert.pem': readFileSync(join(keys, 'pub-cert.pem'), 'utf8'),
    });
    const r = sealcheck(['seal', '-i', '--cert', 'pub-cert.pem', 'db.yaml'], { cwd: dir });
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 'db.yaml'), 'utf8');
    expect(text.startsWith(before)).toBe(true);
    expect(text.endsWith(after)).toBe(true);
    expect(text).toMatch(/kind: SealedSecret\r\n/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(docs(text)[0]!.kind).toBe('SealedSecret');
    noValue(text + r.stdout + r.stderr);
  });

  it("a Secret in a kind: List: scan's suggested command, run as printed, seals it inside the List", () => {
    const dir = tempTree({
      'secrets.yaml': KUBECTL_LIST,
      'pub-cert.pem': readFileSync(join(keys, 'pub-cert.pem'), 'utf8'),
    });
    const scan = sealcheck(['scan', 'secrets.yaml', '--format', 'json'], { cwd: dir });
    expect(scan.status).toBe(1);
    const fixes = (JSON.parse(scan.stdout) as { findings: { fix?: string }[] }).findings.map((f) => f.fix ?? '');
    const suggested = fixes.find((f) => f.startsWith('sealcheck seal'))?.split('\n')[0];
    expect(suggested).toBe('sealcheck seal --in-place --cert pub-cert.pem secrets.yaml');
    const r = sealcheck(suggested!.split(' ').slice(1), { cwd: dir });
    expect(r.stderr).toContain('sealed Secret db');
    expect(r.status).toBe(0);

    const text = readFileSync(join(dir, 'secrets.yaml'), 'utf8');
    const [list] = docs(text);
    expect(list!.kind).toBe('List');
    expect(list!.metadata).toEqual({ resourceVersion: '' });
    expect(list!.items.map((i: { kind: string }) => i.kind)).toEqual(['SealedSecret', 'ConfigMap']);
    expect(list!.items[0]!.metadata).toEqual({ name: 'db', namespace: 'shop' });
    expect(Object.keys(list!.items[0]!.spec.encryptedData)).toEqual(['password']);
    // Everything after the Secret item is the original text.
    expect(text.endsWith(KUBECTL_LIST.slice(KUBECTL_LIST.indexOf('- apiVersion: v1\n  data:\n    ca.crt')))).toBe(true);
    noValue(text + r.stdout + r.stderr);
    const again = sealcheck(['scan', 'secrets.yaml'], { cwd: dir });
    expect(again.status).toBe(0);
  });

  it('a Secret in a flow-style or JSON List is rewritten as JSON in place; fix seals one too', () => {
    const flow = `kind: List\napiVersion: v1\nitems: [ {apiVersion: v1, kind: Secret, metadata: {name: a, namespace: shop}, stringData: {password: ${PASSWORD}}} ]\n`;
    const json = JSON.stringify(
      {
        kind: 'List',
        apiVersion: 'v1',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'b', namespace: 'shop' },
            stringData: { password: PASSWORD },
          },
        ],
      },
      null,
      2,
    );
    const dir = tempTree({
      'flow.yaml': flow,
      'list.json': json,
      'fix.yaml': KUBECTL_LIST,
      'pub-cert.pem': readFileSync(join(keys, 'pub-cert.pem'), 'utf8'),
    });
    for (const file of ['flow.yaml', 'list.json']) {
      const r = sealcheck(['seal', '--in-place', '--cert', 'pub-cert.pem', file], { cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(join(dir, file), 'utf8');
      const [list] = docs(text);
      expect(list!.items[0]!.kind).toBe('SealedSecret');
      noValue(text);
    }
    expect(JSON.parse(readFileSync(join(dir, 'list.json'), 'utf8')).items[0]!.kind).toBe('SealedSecret');

    const fixed = sealcheck(['fix', 'fix.yaml'], { cwd: dir });
    expect(fixed.stdout).toMatch(/^sealed fix\.yaml: shop\/db \(password\)$/m);
    const [list] = docs(readFileSync(join(dir, 'fix.yaml'), 'utf8'));
    expect(list!.items.map((i: { kind: string }) => i.kind)).toEqual(['SealedSecret', 'ConfigMap']);
    expect(readFileSync(join(dir, 'fix.yaml'), 'utf8')).toMatch(/^- # sealcheck:rotate /m);
    noValue(fixed.stdout + fixed.stderr);
  });
});
