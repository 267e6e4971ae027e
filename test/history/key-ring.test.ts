import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hybridEncrypt } from '../../src/seal/hybrid.js';
import { publicKeyId } from '../../src/seal/private-keys-in-text.js';
import { KeyRing, KeyTrial, withinBudget, type LeakedKey } from '../../src/history/leaked-keys.js';

const rsa = (bits: number): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
const found = (key: KeyObject): { id: string; key: KeyObject } => ({ id: publicKeyId(key), key });

describe('KeyRing: keys found in history, once per public key', () => {
  const a = rsa(2048);
  const b = rsa(2048);
  const c = rsa(4096);
  const given = rsa(2048);

  it('one entry per key whatever the number of blobs holding it, with every such blob', () => {
    const ring = new KeyRing();
    ring.add(3, [found(a)], false);
    ring.add(7, [found(a), found(b)], false);
    ring.add(3, [found(a)], false);
    expect(ring.size).toBe(2);
    expect(ring.unitsOf(publicKeyId(a))).toEqual([3, 7]);
    expect(ring.unitsOf(publicKeyId(b))).toEqual([7]);
  });

  it('tries given keys, then controller key Secrets, then 4096-bit keys, then by first blob', () => {
    const ring = new KeyRing();
    ring.add(1, [found(a)], false);
    ring.add(2, [found(c)], false);
    ring.add(5, [found(b)], false);
    ring.add(9, [found(b)], true);
    const order = ring
      .candidates([given, a])
      .map((k) => (k.found === undefined ? 'given' : k.key === a ? 'a' : k.key === b ? 'b' : 'c'));
    // `a` was also given, but history holds it: it is listed once, as found in history.
    expect(order).toEqual(['given', 'b', 'c', 'a']);
  });

  it('the budget counts one trial per key and value whose RSA block fits the key, given keys first', () => {
    const keys: LeakedKey[] = [
      { key: given, found: undefined },
      ...[a, b, c].map((key) => ({ key, found: publicKeyId(key) })),
    ];
    const small = Array<number>(10).fill(256);
    expect(withinBudget(keys, small, 30)).toMatchObject({ untried: 1 });
    expect(withinBudget(keys, small, 30).tried.map((k) => k.key)).toEqual([given, a, b]);
    expect(withinBudget(keys, Array<number>(100).fill(256), 30)).toMatchObject({ untried: 3 });
    expect(withinBudget(keys, Array<number>(100).fill(256), 30).tried.map((k) => k.key)).toEqual([given]);
    // Values sealed to 4096-bit keys cost a 2048-bit key nothing: only `c` pays for them.
    const large = [...Array<number>(25).fill(512), undefined];
    expect(withinBudget(keys, large, 30)).toEqual({ tried: keys, untried: 0 });
    expect(withinBudget(keys, [...large, ...large], 30)).toMatchObject({ untried: 1 });
    expect(withinBudget(keys, [], 30)).toMatchObject({ untried: 0 });
  });
});

describe('KeyTrial', () => {
  it('opens a value with the key it was sealed to, whatever the label; other values stay closed', () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys: LeakedKey[] = [
      { key: a.privateKey, found: 'a' },
      { key: b.privateKey, found: 'b' },
    ];
    const trial = new KeyTrial(keys);
    const toB = {
      key: 'k',
      value: hybridEncrypt(b.publicKey, Buffer.from('fake-opened-value-1'), Buffer.from('ns/name/k')),
    };
    const toNone = { key: 'k', value: hybridEncrypt(rsa(2048), Buffer.from('fake-opened-value-2'), Buffer.from('')) };
    expect(trial.open(toB)?.by.found).toBe('b');
    expect(trial.open(toB)?.preview).not.toContain('fake-opened-value-1');
    expect(trial.open(toNone)).toBeUndefined();
    expect(trial.open({ key: 'k', value: 'not base64 !' })).toBeUndefined();
  });
});
