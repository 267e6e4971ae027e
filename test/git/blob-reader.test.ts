import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BlobReader } from '../../src/git/blob-reader.js';
import { cleanEnv, commitAll, git, tempRepo, write } from './repo.js';

describe('BlobReader', () => {
  it('answers many pipelined requests in order through one process, across chunk boundaries', async () => {
    const repo = tempRepo();
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 40; i++) files[`f${i}.bin`] = randomBytes(i % 5 === 0 ? 200_000 + i : i); // 0-byte blob included
    write(repo, files);
    commitAll(repo);
    const reader = new BlobReader(repo, cleanEnv());
    try {
      const names = Object.keys(files);
      const answers = await Promise.all(names.flatMap((n) => [reader.read(`HEAD:${n}`), reader.read(`:${n}`)]));
      names.forEach((n, i) => {
        expect(answers[2 * i]!.equals(files[n]!)).toBe(true);
        expect(answers[2 * i + 1]!.equals(files[n]!)).toBe(true);
      });
      const oid = git(repo, 'rev-parse', 'HEAD:f5.bin').trim();
      expect((await reader.read(oid))?.equals(files['f5.bin']!)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('distinguishes missing objects, trees and blobs over the limit, and keeps going', async () => {
    const repo = tempRepo();
    write(repo, { 'dir/big.txt': 'x'.repeat(10_000), 'small.txt': 'small\n' });
    commitAll(repo);
    const reader = new BlobReader(repo, cleanEnv());
    try {
      expect(await reader.request(':nope.txt')).toEqual({ kind: 'missing' });
      expect(await reader.request('HEAD:dir')).toEqual({ kind: 'not-blob', type: 'tree' });
      expect(await reader.request('HEAD:dir/big.txt', 1000)).toEqual({ kind: 'too-large', size: 10_000 });
      expect((await reader.read('HEAD:small.txt'))?.toString()).toBe('small\n');
      expect(await reader.read('HEAD:with space missing')).toBeUndefined();
    } finally {
      await reader.close();
    }
  });

  it('falls back to its own process for a name holding a newline', async () => {
    const repo = tempRepo();
    write(repo, { 'odd\nname.txt': 'content\n' });
    commitAll(repo);
    const reader = new BlobReader(repo, cleanEnv());
    try {
      expect((await reader.read(':odd\nname.txt'))?.toString()).toBe('content\n');
      expect(await reader.read(':odd\nmissing.txt')).toBeUndefined();
    } finally {
      await reader.close();
    }
  });

  it('fails every pending request when git cannot run, instead of hanging', async () => {
    const reader = new BlobReader('/', { PATH: '/nonexistent' });
    await expect(reader.read('HEAD:x')).rejects.toThrow();
    await reader.close();
  });
});

describe('BlobReader on damaged objects', () => {
  it('answers a truncated object (git cat-file dies on it) as unreadable and keeps answering the requests after it', async () => {
    const repo = tempRepo();
    const big = 'y'.repeat(5000);
    write(repo, { 'a.txt': 'first\n', 'b.txt': big, 'c.txt': 'third\n' });
    commitAll(repo);
    const oid = git(repo, 'rev-parse', 'HEAD:b.txt').trim();
    const file = join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    chmodSync(file, 0o644);
    const whole = deflateSync(Buffer.from(`blob ${big.length}\0${big}`));
    writeFileSync(file, whole.subarray(0, whole.length - 4)); // no checksum: the header reads, the body does not
    const reader = new BlobReader(repo, cleanEnv());
    try {
      const [a, b, c] = await Promise.all([
        reader.request('HEAD:a.txt'),
        reader.request(oid),
        reader.request('HEAD:c.txt'),
      ]);
      expect(a.kind === 'blob' && a.bytes.toString()).toBe('first\n');
      expect(b.kind).toBe('unreadable');
      expect(c.kind === 'blob' && c.bytes.toString()).toBe('third\n');
      expect((await reader.read('HEAD:a.txt'))?.toString()).toBe('first\n');
    } finally {
      await reader.close();
    }
  });

  it('refuses bytes that do not hash to the object id', async () => {
    const repo = tempRepo();
    write(repo, { 'a.txt': 'original\n' });
    commitAll(repo);
    const oid = git(repo, 'rev-parse', 'HEAD:a.txt').trim();
    const file = join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, deflateSync(Buffer.from('blob 9\0forgery!\n')));
    const reader = new BlobReader(repo, cleanEnv());
    try {
      expect(await reader.request(oid)).toMatchObject({ kind: 'unreadable' });
    } finally {
      await reader.close();
    }
  });
});
