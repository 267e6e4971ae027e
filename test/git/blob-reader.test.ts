import { randomBytes } from 'node:crypto';
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
