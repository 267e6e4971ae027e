import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

/** A fresh ed25519 private key in OpenSSH format: from ssh-keygen when installed, else encoded here from node:crypto's key. */
function ed25519OpenSsh(): string {
  if (spawnSync('ssh-keygen', ['-?']).error === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-key-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', join(dir, 'id')]);
      return readFileSync(join(dir, 'id'), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const str = (b: Buffer | string): Buffer => {
    const v = Buffer.from(b);
    const n = Buffer.alloc(4);
    n.writeUInt32BE(v.length);
    return Buffer.concat([n, v]);
  };
  const u32 = (x: number): Buffer => Buffer.from([x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  const check = randomBytes(4);
  let priv = Buffer.concat([check, check, str('ssh-ed25519'), str(pub), str(Buffer.concat([seed, pub])), str('test')]);
  for (let i = 1; priv.length % 8 !== 0; i++) priv = Buffer.concat([priv, Buffer.from([i])]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    str('none'),
    str('none'),
    str(''),
    u32(1),
    str(pubBlob),
    str(priv),
  ]).toString('base64');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.replace(/(.{70})/g, '$1\n').trim()}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

describe('sweep: private keys are told apart by their whole body', () => {
  it('two different ed25519 keys (same first line) in two files: two rows', async () => {
    const a = ed25519OpenSsh();
    const b = ed25519OpenSsh();
    // The premise: the keys share their BEGIN line and first body line, and differ after it.
    expect(a.split('\n').slice(0, 2)).toEqual(b.split('\n').slice(0, 2));
    expect(a).not.toBe(b);
    const repo = tempRepo();
    write(repo, { 'deploy/id_ed25519': a, 'ci/id_ed25519': b });
    commitAt(repo, T0);
    const report = await sweep(repo);
    const rows = report.secrets.filter((r) => r.rule === 'private-key');
    expect(rows.map((r) => r.introducedIn.path).sort()).toEqual(['ci/id_ed25519', 'deploy/id_ed25519']);
    expect(new Set(rows.map((r) => r.fingerprint)).size).toBe(2);
    const out = JSON.stringify(report);
    for (const key of [a, b]) expect(out).not.toContain(key.split('\n')[2]!);
  });

  it('the same key written again with other line breaks is the same secret', async () => {
    const a = ed25519OpenSsh();
    const lines = a.trim().split('\n');
    const rewrapped = `${lines[0]}\n${lines
      .slice(1, -1)
      .join('')
      .replace(/(.{64})/g, '$1\n')
      .trim()}\n${lines.at(-1)}\n`;
    const repo = tempRepo();
    write(repo, { 'a/key': a, 'b/key': rewrapped.replace(/\n/g, '\r\n') });
    commitAt(repo, T0);
    const rows = (await sweep(repo)).secrets.filter((r) => r.rule === 'private-key');
    expect(rows).toHaveLength(1);
  });
});
