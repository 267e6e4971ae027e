import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hybridDecrypt, hybridEncrypt, labelHash, openIgnoringLabel, SealedValueError } from '../../src/seal/hybrid.js';
import { decodeStdBase64 } from '../../src/classify/base64.js';
import { makeTestPki, type TestPki } from './pki.js';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

const label = Buffer.from('ns/name');
const plaintext = Buffer.from('vector-hybrid-value');

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SealedValueError);
    expect((err as Error).message).not.toContain(plaintext.toString());
    return (err as SealedValueError).problem;
  }
  throw new Error('expected an error');
}

describe('hybridEncrypt', () => {
  it('has the wire layout: uint16 RSA length, RSA block, GCM ciphertext and tag', () => {
    const pub = createPublicKey(pki.controller.key);
    const value = hybridEncrypt(pub, plaintext, label);
    const raw = Buffer.from(value, 'base64');
    expect(raw.readUInt16BE(0)).toBe(256);
    expect(raw.length).toBe(2 + 256 + plaintext.length + 16);
    expect(value.length).toBe(4 * Math.ceil((2 + 256 + plaintext.length + 16) / 3));
    expect(value).toMatch(/^AQ[A-D]/);
    expect(hybridEncrypt(createPublicKey(pki.byo4096.key), plaintext, label)).toMatch(/^Ag[A-D]/);
  });

  it('uses a fresh session key every time', () => {
    const pub = createPublicKey(pki.controller.key);
    expect(hybridEncrypt(pub, plaintext, label)).not.toBe(hybridEncrypt(pub, plaintext, label));
  });
});

describe('hybridDecrypt', () => {
  it('opens with the right key and label, trying every key', () => {
    const value = hybridEncrypt(createPublicKey(pki.byo4096.key), plaintext, label);
    expect(hybridDecrypt([pki.other.key, pki.controller.key, pki.byo4096.key], value, label)).toEqual(plaintext);
  });

  it('opens an empty plaintext and an empty (cluster-wide) label', () => {
    const value = hybridEncrypt(createPublicKey(pki.controller.key), Buffer.alloc(0), Buffer.alloc(0));
    expect(hybridDecrypt([pki.controller.key], value, Buffer.alloc(0))).toEqual(Buffer.alloc(0));
  });

  it('refuses a wrong label or a wrong key as "no-key"', () => {
    const value = hybridEncrypt(createPublicKey(pki.controller.key), plaintext, label);
    expect(problemOf(() => hybridDecrypt([pki.controller.key], value, Buffer.from('ns/other')))).toBe('no-key');
    expect(problemOf(() => hybridDecrypt([pki.other.key], value, label))).toBe('no-key');
    expect(() => hybridDecrypt([pki.other.key], value, label)).toThrow(
      'no key opens it: wrong key, or wrong name, namespace or scope',
    );
  });

  it('refuses bad base64 and short values', () => {
    expect(problemOf(() => hybridDecrypt([pki.controller.key], 'not base64!', label))).toBe('base64');
    expect(problemOf(() => hybridDecrypt([pki.controller.key], 'AQ-_', label))).toBe('base64');
    expect(problemOf(() => hybridDecrypt([pki.controller.key], 'AQ', label))).toBe('base64');
    expect(problemOf(() => hybridDecrypt([pki.controller.key], 'AA==', label))).toBe('too-short');
    expect(problemOf(() => hybridDecrypt([pki.controller.key], 'AQAA', label))).toBe('too-short');
  });

  it('accepts line breaks inside the base64, as Go does', () => {
    const value = hybridEncrypt(createPublicKey(pki.controller.key), plaintext, label);
    const wrapped = value.replace(/(.{76})/g, '$1\r\n');
    expect(hybridDecrypt([pki.controller.key], wrapped, label)).toEqual(plaintext);
  });

  it('accepts an RSA block shorter than the modulus (Go reads it as an integer)', () => {
    // Find a value whose RSA block starts with a zero byte, strip it and fix the length prefix.
    const pub = createPublicKey(pki.controller.key);
    for (let i = 0; i < 2000; i += 1) {
      const raw = Buffer.from(hybridEncrypt(pub, plaintext, label), 'base64');
      if (raw[2] !== 0) continue;
      const shorter = Buffer.concat([Buffer.from([0x00, 0xff]), raw.subarray(3)]);
      expect(hybridDecrypt([pki.controller.key], shorter.toString('base64'), label)).toEqual(plaintext);
      return;
    }
    throw new Error('no RSA block with a leading zero byte in 2000 tries');
  });
});

describe('openIgnoringLabel', () => {
  it('opens whatever the label and reports the label hash', () => {
    for (const l of ['ns/name', 'ns', '']) {
      const value = hybridEncrypt(createPublicKey(pki.controller.key), plaintext, Buffer.from(l));
      const opened = openIgnoringLabel(pki.controller.key, value);
      expect(opened?.plaintext).toEqual(plaintext);
      expect(opened?.labelHash).toEqual(labelHash(Buffer.from(l)));
    }
  });

  it('works with a 4096-bit key', () => {
    const value = hybridEncrypt(createPublicKey(pki.byo4096.key), plaintext, label);
    expect(openIgnoringLabel(pki.byo4096.key, value)?.labelHash).toEqual(labelHash(label));
  });

  it('returns undefined for a wrong key or a malformed value', () => {
    const value = hybridEncrypt(createPublicKey(pki.controller.key), plaintext, label);
    expect(openIgnoringLabel(pki.other.key, value)).toBeUndefined();
    expect(openIgnoringLabel(pki.byo4096.key, value)).toBeUndefined();
    expect(openIgnoringLabel(pki.controller.key, 'garbage!')).toBeUndefined();
    expect(openIgnoringLabel(pki.controller.key, 'AAA=')).toBeUndefined();
    const raw = Buffer.from(value, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1; // breaks the GCM tag
    expect(openIgnoringLabel(pki.controller.key, raw.toString('base64'))).toBeUndefined();
  });
});

describe('decodeStdBase64', () => {
  it('is as strict as Go StdEncoding (padding required, no URL alphabet)', () => {
    expect(decodeStdBase64('YWJj')?.toString()).toBe('abc');
    expect(decodeStdBase64('YWI=')?.toString()).toBe('ab');
    expect(decodeStdBase64('YW\nJj\r\n')?.toString()).toBe('abc');
    expect(decodeStdBase64('')?.length).toBe(0);
    for (const bad of ['YWI', 'YW=I', 'YW_j', 'YW-j', 'YW J', '====', 'Y==='])
      expect(decodeStdBase64(bad)).toBeUndefined();
  });
});
