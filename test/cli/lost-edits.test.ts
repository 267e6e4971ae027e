import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealcheckAsync, tempTree } from '../helpers/cli.js';
import { localServer } from '../helpers/http-server.js';

// An edit saved while seal/fix wait for the certificate must survive: the server below changes the
// file when the certificate request arrives, before it answers, so the race happens every time.

const PASSWORD = 'fake-Race-Passw0rd-4Kd';
const secret = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: shop\nstringData:\n  password: ${PASSWORD}\n`;
const EDIT = '# a comment the user saved while sealcheck was fetching the certificate\n';

let certPem: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-keys-'));
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
      '/CN=race',
    ],
    { stdio: 'ignore' },
  );
  certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
});

/** Serves the certificate, editing `file` first on the first request. */
async function editingServer(file: string): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const url = await localServer((_req, res) => {
    requests += 1;
    if (requests === 1) appendFileSync(file, EDIT);
    res.end(certPem);
  });
  return { url: `${url}/v1/cert.pem`, requests: () => requests };
}

describe('an edit made while sealing is never lost', () => {
  it('seal --in-place refuses (exit 2) and leaves the newer content byte for byte', async () => {
    const dir = tempTree({ 'db.yaml': secret('db') });
    const server = await editingServer(join(dir, 'db.yaml'));
    const r = await sealcheckAsync(['seal', '--in-place', '--cert', server.url, 'db.yaml'], { cwd: dir });
    expect(server.requests()).toBe(1);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/db\.yaml was changed while sealcheck was working on it; it was left as it is/);
    expect(readFileSync(join(dir, 'db.yaml'), 'utf8')).toBe(secret('db') + EDIT);
    expect(readdirSync(dir)).toEqual(['db.yaml']);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('fix reports the edited file as not fixed (non-zero exit) and still fixes the others', async () => {
    const dir = tempTree({ 'a.yaml': secret('a'), 'b.yaml': secret('b') });
    const server = await editingServer(join(dir, 'a.yaml'));
    const r = await sealcheckAsync(['fix', '--cert', server.url, 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(server.requests()).toBe(1);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not fixed a\.yaml: .*a\.yaml was changed while sealcheck was working on it/);
    expect(r.stdout).toMatch(/^sealed b\.yaml: shop\/b \(password\)$/m);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(secret('a') + EDIT);
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toMatch(/kind: SealedSecret/);
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'b.yaml']);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('without an edit, the same run seals', async () => {
    const dir = tempTree({ 'db.yaml': secret('db') });
    const url = await localServer((_req, res) => res.end(certPem));
    const r = await sealcheckAsync(['seal', '--in-place', '--cert', `${url}/v1/cert.pem`, 'db.yaml'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'db.yaml'), 'utf8')).toMatch(/kind: SealedSecret/);
  });
});
