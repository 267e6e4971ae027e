import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/redact-url.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrlsIn } from '../../src/redact-url.js';
import { sealcheck, sealcheckAsync, tempTree } from '../helpers/cli.js';
import { localServer } from '../helpers/http-server.js';

describe('credentials in certificate URLs are never shown', () => {
  it('redacts user and password, including an unencoded @ in the password', () => {
    expect(redactUrl('https://ci-bot:FAKETOKEN123@sealed.example.com/v1/cert.pem')).toBe(
      'https://***@sealed.example.com/v1/cert.pem',
    );
    expect(redactUrl('https://ci:FAKE@pa@ss@host.example/x')).not.toContain('FAKE');
    expect(redactUrl('https://sealed.example.com/v1/cert.pem')).toBe('https://sealed.example.com/v1/cert.pem');
    expect(redactUrl('clusters/prod/pub-cert.pem')).toBe('clusters/prod/pub-cert.pem');
  });

  it('redacts the query and the fragment, which carry tokens as often', () => {
    expect(redactUrl('https://gitlab.example/api/v4/cert?private_token=FAKETOKEN123')).toBe(
      'https://gitlab.example/api/v4/cert?***',
    );
    expect(redactUrl('https://host.example/cert.pem#access_token=FAKETOKEN123')).toBe(
      'https://host.example/cert.pem#***',
    );
    expect(redactUrl('https://u:FAKE1@host.example/x?a=FAKE2#FAKE3')).toBe('https://***@host.example/x?***#***');
    expect(redactUrl('http://[::1/cert?token=FAKETOKEN123')).not.toContain('FAKETOKEN123');
    expect(redactUrlsIn("fatal: unable to access 'https://host.example/r.git?token=FAKETOKEN123/': Failed")).toBe(
      "fatal: unable to access 'https://host.example/r.git?***': Failed",
    );
  });

  it('seal --in-place names the certificate URL without its query', async () => {
    const keys = mkdtempSync(join(tmpdir(), 'sealcheck-keys-'));
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
        join(keys, 'cert.pem'),
        '-days',
        '365',
        '-subj',
        '/CN=q',
      ],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(join(keys, 'cert.pem'));
    rmSync(keys, { recursive: true, force: true });
    const seen: string[] = [];
    const base = await localServer((req, res) => {
      seen.push(req.url ?? '');
      res.end(pem);
    });
    const dir = tempTree({
      'db.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\nstringData: { password: Rk7wQz3v-fake-Lm9pXt2N }\n',
    });
    const r = await sealcheckAsync(
      ['seal', '--in-place', '--cert', `${base}/cert.pem?private_token=FAKETOKEN123`, 'db.yaml'],
      { cwd: dir },
    );
    expect(r.status).toBe(0);
    expect(seen).toEqual(['/cert.pem?private_token=FAKETOKEN123']);
    expect(r.stderr).toContain(`with ${base}/cert.pem?*** (--cert)`);
    expect(r.stdout + r.stderr).not.toContain('FAKETOKEN123');
  });

  it("sweep --repos hides a clone URL's query in its errors", () => {
    const dir = tempTree({ 'repos.txt': 'http://127.0.0.1:1/team/app.git?private_token=FAKETOKEN123\n' });
    const r = sealcheck(['sweep', '--repos', 'repos.txt'], { cwd: dir, env: { GIT_TERMINAL_PROMPT: '0' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot clone http://127.0.0.1:1/team/app.git?***');
    expect(r.stdout + r.stderr).not.toContain('FAKETOKEN123');
  });

  it('keeps a configured URL token out of the suggested commands in every format', () => {
    const dir = tempTree({
      '.sealcheck.yaml': 'cert: https://ci-bot:FAKETOKEN123@sealed.example.com/v1/cert.pem\n',
      'db.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\nstringData: { password: Rk7wQz3v-fake-Lm9pXt2N }\n',
    });
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = sealcheck(['scan', 'db.yaml', '--format', format], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).not.toContain('FAKETOKEN123');
      expect(r.stdout).toContain('***@sealed.example.com');
    }
  });
});
