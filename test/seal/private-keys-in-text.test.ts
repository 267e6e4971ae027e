import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeysInText } from '../../src/seal/private-keys-in-text.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const pkcs1 = (k: KeyObject): string => k.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = (k: KeyObject): string => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const idOf = (k: KeyObject): string =>
  createHash('sha256')
    .update(createPublicKey(k).export({ type: 'spki', format: 'der' }))
    .digest('hex');
const ids = (text: string): string[] => privateKeysInText(text).map((k) => k.id);

describe('privateKeysInText: every RSA private key a text holds', () => {
  const pem = pkcs1(rsa);
  const cases: Record<string, string> = {
    'a PKCS#1 PEM file': pem,
    'a PKCS#8 PEM file': pkcs8(rsa),
    'a PEM in a YAML block, indented': `stringData:\n  tls.key: |\n${pem
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`,
    'a PEM with \\n escapes in a JSON string': JSON.stringify({ key: pkcs8(rsa) }),
    'a PEM in JSON inside a JSON string (escaped twice)': JSON.stringify({
      config: JSON.stringify({ key: pkcs1(rsa) }),
    }),
    'a PEM folded onto one line': `key: ${pem.replace(/\n/g, ' ')}`,
    'a PEM after openssl Bag Attributes': `Bag Attributes\n    localKeyID: 01 00 00 00\n${pem}`,
    'base64 of a PEM (Secret data)': `data:\n  tls.key: ${b64(pem)}\n`,
    'base64 of a PEM that starts one byte in': `x: ${b64(`\n${pem}`)}`,
    'base64 of a PEM that starts two bytes in': `x: "${b64(`\n\n${pkcs8(rsa)}`)}"`,
    'base64 wrapped over lines of a | block': `key: |\n${b64(pem).replace(/(.{76})/g, '  $1\n')}\nother: 1\n`,
    'base64 of a key Secret List': `backup: ${b64(`apiVersion: v1\nkind: List\nitems:\n- kind: Secret\n  data:\n    tls.key: ${b64(pem)}\n`)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      expect(ids(text)).toEqual([idOf(rsa)]);
    });
  }

  it('one entry per key, however often and in whichever form it is written; two keys, two entries', () => {
    expect(ids([pkcs1(rsa), pkcs8(rsa), b64(pkcs1(rsa)), pkcs1(other)].join('\n'))).toEqual([idOf(rsa), idOf(other)]);
  });

  it('passes over keys that cannot be RSA sealing keys, corrupt bodies and placeholders, without throwing', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    const texts = [
      ec.export({ type: 'sec1', format: 'pem' }).toString(),
      pkcs8(ec),
      b64(pkcs8(ec)),
      pkcs8(ed),
      pkcs1(rsa).replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n'),
      pkcs1(rsa).replace(/M/g, 'Q'),
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----\n{{ .Values.key }}\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE',
      b64(pkcs1(rsa)).slice(0, 200),
    ];
    for (const t of texts) expect(ids(t)).toEqual([]);
    // A key after the skipped ones is still found.
    expect(ids([...texts, pkcs1(other)].join('\n'))).toEqual([idOf(other)]);
  });

  it('stays linear in a text of many unterminated BEGIN lines and base64 armour fragments', () => {
    const fragment = b64(pkcs1(rsa)).slice(0, 30);
    const junk = `${'-----BEGIN RSA PRIVATE KEY-----\n'.repeat(20000)}${`${fragment} `.repeat(20000)}${`${fragment}, `.repeat(20000)}\n`;
    // Bounded by input size: a quadratic search would not finish within the test's timeout.
    expect(ids(junk)).toEqual([]);
  });
});
