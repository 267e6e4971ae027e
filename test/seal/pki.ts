/**
 * Test keys and certificates made with the openssl CLI in a temporary folder: a controller-like
 * certificate (empty subject, KU critical encipherOnly, BC critical CA:TRUE), a bring-your-own
 * RSA-4096 one (CN/O=sealed-secret), a second unrelated key, an EC certificate, an expired one
 * (`openssl ca -startdate/-enddate`) and one expiring in 10 days.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  controller: { certPem: string; keyPem: string; key: KeyObject; keyPkcs1Pem: string };
  byo4096: { certPem: string; keyPem: string; key: KeyObject };
  other: { keyPem: string; key: KeyObject };
  ecCertPem: string;
  expiredCertPem: string;
  soonCertPem: string;
  publicKeyPem: string;
  cleanup(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function selfSigned(
  dir: string,
  name: string,
  keyArgs: string[],
  subject: string,
  days: string,
  extensions: string[] = [],
): void {
  openssl(dir, [
    'req',
    '-x509',
    '-nodes',
    ...keyArgs,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    days,
    '-subj',
    subject,
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-seal-'));
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  selfSigned(dir, 'controller', ['-newkey', 'rsa:2048'], '/', '3650', [
    'keyUsage=critical,encipherOnly',
    'basicConstraints=critical,CA:TRUE',
  ]);
  openssl(dir, ['rsa', '-in', 'controller.key', '-traditional', '-out', 'controller-pkcs1.key']);
  selfSigned(dir, 'byo', ['-newkey', 'rsa:4096'], '/CN=sealed-secret/O=sealed-secret', '365');
  openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key']);
  selfSigned(dir, 'ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/CN=ec', '365');
  selfSigned(dir, 'soon', ['-newkey', 'rsa:2048'], '/CN=soon', '10');
  openssl(dir, ['x509', '-in', 'controller.crt', '-pubkey', '-noout', '-out', 'controller.pub']);

  // Expired: openssl 3.0 has no -not_after, but `openssl ca` takes explicit start and end dates.
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca = my\n[my]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = pol\n[pol]\ncommonName = supplied\n',
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'expired.key',
    '-out',
    'expired.csr',
    '-subj',
    '/CN=expired',
  ]);
  openssl(dir, [
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-selfsign',
    '-keyfile',
    'expired.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.crt',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
    '-notext',
  ]);

  const controllerKeyPem = read('controller.key');
  return {
    dir,
    controller: {
      certPem: read('controller.crt'),
      keyPem: controllerKeyPem,
      key: createPrivateKey(controllerKeyPem),
      keyPkcs1Pem: read('controller-pkcs1.key'),
    },
    byo4096: { certPem: read('byo.crt'), keyPem: read('byo.key'), key: createPrivateKey(read('byo.key')) },
    other: { keyPem: read('other.key'), key: createPrivateKey(read('other.key')) },
    ecCertPem: read('ec.crt'),
    expiredCertPem: read('expired.crt'),
    soonCertPem: read('soon.crt'),
    publicKeyPem: read('controller.pub'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Test keys for one test file: made before its tests and removed after them; `use` receives them
 * with the controller's public key, which is what most tests seal with.
 */
export function useTestPki(use: (made: { pki: TestPki; publicKey: KeyObject }) => void): void {
  let made: TestPki | undefined;
  beforeAll(() => {
    made = makeTestPki();
    use({ pki: made, publicKey: createPublicKey(made.controller.key) });
  });
  afterAll(() => made?.cleanup());
}
