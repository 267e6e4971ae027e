import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealcheckError } from '../../src/errors.js';
import { checkExpiry, loadCertificate, parseCertificate } from '../../src/seal/certificate.js';
import { localServer } from '../helpers/http-server.js';
import { makeTestPki, type TestPki } from './pki.js';

let pki: TestPki;
let server: Server;
let base: string;

beforeAll(async () => {
  pki = makeTestPki();
  server = createServer((req, res) => {
    if (req.url === '/v1/cert.pem') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(pki.controller.certPem);
    } else if (req.url === '/slow') {
      setTimeout(() => res.end(pki.controller.certPem), 2_000);
    } else {
      res.writeHead(404, 'Not Found');
      res.end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  pki.cleanup();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function errorOf(fn: () => unknown): SealcheckError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SealcheckError);
    return err as SealcheckError;
  }
  throw new Error('expected an error');
}

describe('parseCertificate', () => {
  it('reads a controller-like certificate (empty subject, KU encipherOnly, CA:TRUE) without validating them', () => {
    const cert = parseCertificate(pki.controller.certPem);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.modulusBits).toBe(2048);
    expect(cert.warnings).toEqual([]);
    expect(cert.notAfter.getTime()).toBeGreaterThan(Date.now() + 3000 * 86_400_000);
  });

  it('reads a bring-your-own RSA-4096 certificate, from bytes too', () => {
    const cert = parseCertificate(Buffer.from(pki.byo4096.certPem));
    expect(cert.modulusBits).toBe(4096);
  });

  it('uses the first CERTIFICATE block of a bundle, after other blocks', () => {
    const cert = parseCertificate(`# comment\n${pki.publicKeyPem}${pki.byo4096.certPem}${pki.controller.certPem}`);
    expect(cert.modulusBits).toBe(4096);
  });

  it('refuses a certificate that is not RSA', () => {
    expect(errorOf(() => parseCertificate(pki.ecCertPem, { source: 'ec.pem' })).message).toBe(
      'ec.pem: the certificate holds a ec key, not RSA; sealed-secrets seals with RSA keys only',
    );
  });

  it('refuses an expired certificate like kubeseal', () => {
    expect(errorOf(() => parseCertificate(pki.expiredCertPem, { source: 'old.pem' })).message).toBe(
      "old.pem: the certificate expired on 2020-02-01 00:00:00 UTC; fetch the controller's current one (kubeseal --fetch-cert)",
    );
  });

  it('warns when fewer than 30 days are left', () => {
    const cert = parseCertificate(pki.soonCertPem, { source: 'soon.pem' });
    expect(cert.warnings).toHaveLength(1);
    expect(cert.warnings[0]).toMatch(
      /^soon\.pem: the certificate expires on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (9|10) days\)/,
    );
  });

  it('says when a bare public key is given instead', () => {
    expect(errorOf(() => parseCertificate(pki.publicKeyPem, { source: 'pub.pem' })).message).toMatch(
      /^pub\.pem holds a bare public key \(PUBLIC KEY\), not a certificate: kubeseal does not accept one either/,
    );
  });

  it('says when a private key is given instead, in PKCS#8 and PKCS#1 form, without echoing it', () => {
    for (const pem of [pki.controller.keyPem, pki.controller.keyPkcs1Pem]) {
      const message = errorOf(() => parseCertificate(pem, { source: 'key.pem' })).message;
      expect(message).toMatch(/^key\.pem holds a private key \((RSA )?PRIVATE KEY\), not a certificate/);
      expect(message).not.toContain(pem.split('\n')[1]);
    }
  });

  it('says when there is no PEM at all', () => {
    expect(errorOf(() => parseCertificate('hello', { source: 'x.txt' })).message).toMatch(
      /^x\.txt has no PEM certificate/,
    );
    expect(
      errorOf(() => parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).message,
    ).toMatch(/the first CERTIFICATE block cannot be read as X\.509/);
  });
});

describe('checkExpiry', () => {
  const notAfter = new Date('2030-06-01T00:00:00Z');
  it('accepts, warns and refuses by the clock it is given', () => {
    expect(checkExpiry(notAfter, new Date('2030-01-01T00:00:00Z'))).toBeUndefined();
    expect(checkExpiry(notAfter, new Date('2030-05-30T00:00:00Z'))).toMatch(
      /expires on 2030-06-01 00:00:00 UTC \(in 2 days\)/,
    );
    expect(checkExpiry(notAfter, new Date('2030-05-31T12:00:00Z'))).toMatch(/\(in 0 days\)/);
    expect(() => checkExpiry(notAfter, new Date('2030-06-01T00:00:01Z'))).toThrow(
      /the certificate expired on 2030-06-01 00:00:00 UTC/,
    );
  });
});

describe('loadCertificate', () => {
  it('loads a path relative to cwd and a file:// URL', async () => {
    writeFileSync(join(pki.dir, 'pub-cert.pem'), pki.controller.certPem);
    expect((await loadCertificate('pub-cert.pem', pki.dir)).modulusBits).toBe(2048);
    expect((await loadCertificate(pathToFileURL(join(pki.dir, 'pub-cert.pem')).href, '/')).modulusBits).toBe(2048);
  });

  it('refuses a file URL with a host', async () => {
    await expect(loadCertificate('file://example.com/cert.pem', '/')).rejects.toThrow(
      /^cannot use certificate URL file:\/\/example\.com\/cert\.pem: /,
    );
  });

  it('names a missing file', async () => {
    await expect(loadCertificate('nope.pem', pki.dir)).rejects.toThrow(
      'nope.pem: certificate file not found (fetch it with kubeseal --fetch-cert > nope.pem)',
    );
  });

  it('fetches an http URL', async () => {
    expect((await loadCertificate(`${base}/v1/cert.pem`, '/')).modulusBits).toBe(2048);
  });

  it('names the URL and the status on an HTTP error, hiding user info', async () => {
    await expect(loadCertificate(`${base}/missing`, '/')).rejects.toThrow(
      `cannot fetch the certificate from ${base}/missing: HTTP 404 Not Found`,
    );
    const withUser = base.replace('http://', 'http://admin:hunter2@');
    const err = await rejection(loadCertificate(`${withUser}/missing`, '/'));
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('***@127.0.0.1');
  });

  it('gives up after the timeout', async () => {
    await expect(loadCertificate(`${base}/slow`, '/', { timeoutMs: 200 })).rejects.toThrow(
      `cannot fetch the certificate from ${base}/slow: no answer within 200 ms`,
    );
  });

  it('names a connection failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(loadCertificate(`http://127.0.0.1:${port}/cert.pem`, '/')).rejects.toThrow(
      `cannot fetch the certificate from http://127.0.0.1:${port}/cert.pem: ECONNREFUSED`,
    );
  });

  it('cuts a download off past 1 MiB, whether the size is declared or the answer never ends', async () => {
    let sentByEndless = 0;
    const big = await localServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
        res.end(Buffer.alloc(2 * 1024 * 1024, 0x41));
        return;
      }
      // No length, and no end: only the client hanging up stops it.
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!res.destroyed && sentByEndless < 64 * 1024 * 1024) {
          sentByEndless += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.writeHead(200);
      pump();
    });
    for (const path of ['/declared', '/endless']) {
      await expect(loadCertificate(`${big}${path}`, '/')).rejects.toThrow(
        `cannot use the certificate from ${big}${path}: the answer is larger than 1 MiB, so it is not a certificate`,
      );
    }
    // Bounded by what the socket buffers past the cap, far below the 64 MiB the server would send.
    expect(sentByEndless).toBeLessThan(32 * 1024 * 1024);
  });

  it('never shows a URL query or fragment, which may hold a token', async () => {
    const err = await rejection(
      loadCertificate(`${base}/missing?private_token=FAKETOKEN42#access_token=FAKETOKEN43`, '/'),
    );
    expect(err.message).toBe(`cannot fetch the certificate from ${base}/missing?***#***: HTTP 404 Not Found`);
    const refused = await rejection(loadCertificate(`http://127.0.0.1:1/cert.pem?private_token=FAKETOKEN42`, '/'));
    expect(refused.message).not.toContain('FAKETOKEN42');
  });

  it('sends URL user info as basic auth', async () => {
    const seen: Array<string | undefined> = [];
    const authServer = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end(pki.controller.certPem);
    });
    await new Promise<void>((resolve) => authServer.listen(0, '127.0.0.1', resolve));
    const port = (authServer.address() as AddressInfo).port;
    try {
      expect((await loadCertificate(`http://u:p%40ss@127.0.0.1:${port}/cert.pem`, '/')).modulusBits).toBe(2048);
      expect(seen).toEqual([`Basic ${Buffer.from('u:p@ss').toString('base64')}`]);
    } finally {
      await new Promise<void>((resolve) => authServer.close(() => resolve()));
    }
  });
});

/** The Error a promise rejects with; a test failure when it resolves or rejects with something else. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}
