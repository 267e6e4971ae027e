import { describe, expect, it } from 'vitest';
import { classifyValue } from '../src/classify/value.js';
import { namesCredential } from '../src/classify/credential-name.js';
import { isRandomText } from '../src/classify/entropy.js';
import { endsInPlainKey, isCredentialName } from '../src/classify/names.js';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';

const tokens = buildRuleset(loadRuleFiles()).tokens;
const FERNET = 'q0Xh3v9ZbR2mK7tLp4Wc8Ny1Fs6Jd5Ga0Ue3Ti9Ko2M='; // made up, Fernet-shaped (32 bytes, url-safe base64)

describe('credential names ending in key', () => {
  it('names the key credentials of common charts by name alone', () => {
    for (const name of [
      'fernetKey',
      'AIRFLOW__CORE__FERNET_KEY',
      'gossipKey',
      'masterKey',
      'encryptionKey',
      'signingKey',
      'hmacKey',
      'cookieSecret',
      'API_KEY',
    ])
      expect(isCredentialName(name), name).toBe(true);
  });

  it('leaves a plain `key` name to its value: random text is a credential, a word or identifier is not', () => {
    for (const [name, value] of [
      ['key', FERNET],
      ['app.key', `base64:${FERNET}`],
      ['SOME_KEY', '9f2c4e7a1b3d5f60718293a4b5c6d7e8'],
      ['authKey', 'Zx8Qm2Lr7Vt4Np1Kw9Hc3Jd6Fs0Gb5Ty'],
    ] as const)
      expect(namesCredential(name, value), `${name}: ${value}`).toBe(true);
    for (const [name, value] of [
      ['key', 'app.kubernetes.io/name'],
      ['authKey', 'auth'],
      ['SOME_KEY', 'orders-queue'],
      ['routingKey', FERNET],
      ['publicKey', FERNET],
      ['partitionKey', '9f2c4e7a1b3d5f60718293a4b5c6d7e8'],
      ['existingSecretKey', FERNET],
      ['masterKeyId', FERNET],
      ['keyName', FERNET],
      ['key', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'],
      ['key', '00000000000000000000000000000000'],
    ] as const)
      expect(namesCredential(name, value), `${name}: ${value}`).toBe(false);
  });

  it('tells an identifier qualifier from a credential one', () => {
    expect(endsInPlainKey('tlsKey')).toBe(true);
    expect(endsInPlainKey('caKey')).toBe(true);
    expect(endsInPlainKey('sortKey')).toBe(false);
    expect(endsInPlainKey('keyPrefix')).toBe(false);
  });

  it('finds random text by shape, not words', () => {
    expect(isRandomText(FERNET)).toBe(true);
    expect(isRandomText('38000e15ca07309cc2d0b30faaaadb293c45ea222a117e9e9c6a2a9872bb3bcf')).toBe(true);
    expect(isRandomText('ThisIsMyApplicationKeyForProduction')).toBe(false);
  });
});

describe('JSON key files', () => {
  const wallet = JSON.stringify({
    address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    priv_key: '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
  });

  it('a base64 value decoding to JSON with priv_key or private_key is a credential', () => {
    const encoded = Buffer.from(wallet).toString('base64');
    const found = classifyValue(encoded, tokens);
    expect(found?.verdict).toBe('secret');
    expect(found?.label).toBe('base64-encoded key file with a private key');
    expect(
      classifyValue(JSON.stringify({ node: 'n1', private_key: 'bXlTZWNyZXROb2RlS2V5MDEyMzQ1Njc4OWFiY2RlZg==' }), tokens)
        ?.verdict,
    ).toBe('secret');
  });

  it('a JSON key file with an empty, placeholder or filler private key is not', () => {
    for (const v of ['', '<private-key>', '${PRIVATE_KEY}', 'xxxxxxxxxxxxxxxxxxxxxxxx', 'REPLACE_WITH_PRIVATE_KEY'])
      expect(
        classifyValue(Buffer.from(JSON.stringify({ address: '0x0', priv_key: v })).toString('base64'), tokens),
        v,
      ).toBeUndefined();
    expect(
      classifyValue(
        JSON.stringify({ public_key: '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318' }),
        tokens,
      ),
    ).toBeUndefined();
  });
});
