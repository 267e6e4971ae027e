import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/redact-url.js';
import { sealcheck, tempTree } from '../helpers/cli.js';

describe('credentials in certificate URLs are never shown', () => {
  it('redacts user and password, including an unencoded @ in the password', () => {
    expect(redactUrl('https://ci-bot:FAKETOKEN123@sealed.example.com/v1/cert.pem')).toBe('https://***@sealed.example.com/v1/cert.pem');
    expect(redactUrl('https://ci:FAKE@pa@ss@host.example/x')).not.toContain('FAKE');
    expect(redactUrl('https://sealed.example.com/v1/cert.pem')).toBe('https://sealed.example.com/v1/cert.pem');
    expect(redactUrl('clusters/prod/pub-cert.pem')).toBe('clusters/prod/pub-cert.pem');
  });

  it('keeps a configured URL token out of the suggested commands in every format', () => {
    const dir = tempTree({
      '.sealcheck.yaml': 'cert: https://ci-bot:FAKETOKEN123@sealed.example.com/v1/cert.pem\n',
      'db.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\nstringData: { password: Rk7wQz3v-fake-Lm9pXt2N }\n',
    });
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = sealcheck(['scan', 'db.yaml', '--format', format], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).not.toContain('FAKETOKEN123');
      expect(r.stdout).toContain('***@sealed.example.com');
    }
  });
});
