import { describe, expect, it } from 'vitest';
import { isKeystoreWithPrivateKey } from '../src/classify/keystore.js';
import { classifyValue } from '../src/classify/value.js';

/** A JKS file laid out as keytool writes it: magic, version, count, then entries (made-up contents). */
function jks(entries: ('key' | 'cert')[], magic = 0xfeedfeed): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  const utf = (s: string): Buffer => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
  parts.push(u32(magic), u32(2), u32(entries.length));
  entries.forEach((e, i) => {
    if (e === 'cert') parts.push(u32(2), utf(`ca${i}`), Buffer.alloc(8), utf('X.509'), u32(5), Buffer.from('fake!'));
    else parts.push(u32(1), utf(`server${i}`), Buffer.alloc(8), u32(8), Buffer.from('fakekey!'), u32(0));
  });
  return Buffer.concat(parts);
}

describe('Java keystores', () => {
  it('tells a keystore holding a private key from a truststore', () => {
    expect(isKeystoreWithPrivateKey(jks(['key']))).toBe(true);
    expect(isKeystoreWithPrivateKey(jks(['cert', 'cert', 'key']))).toBe(true);
    expect(isKeystoreWithPrivateKey(jks(['key'], 0xcececece))).toBe(true);
    expect(isKeystoreWithPrivateKey(jks(['cert', 'cert']))).toBe(false);
    expect(isKeystoreWithPrivateKey(jks(['cert', 'key']).subarray(0, 30))).toBe(false);
    expect(isKeystoreWithPrivateKey(Buffer.from('not a keystore at all'))).toBe(false);
  });

  it('classifies a base64 keystore (wrapped as in a values block) as a credential', () => {
    const b64 = jks(['cert', 'key'])
      .toString('base64')
      .replace(/(.{20})/g, '$1\n');
    expect(classifyValue(b64, [])?.label).toBe('base64-encoded Java keystore holding a private key');
    expect(classifyValue(jks(['cert']).toString('base64'), [])).toBeUndefined();
  });
});
