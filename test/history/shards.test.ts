import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCommand, sweepCommand } from '../../src/cli/commands/sweep.js';
import { parseShard, shardOf, displayName, isRemote } from '../../src/history/repos.js';
import { secret, tempRepo, write, git } from '../git/repo.js';
import { commitAt, T0 } from './helpers.js';
import { UsageError } from '../../src/errors.js';

/** The commands write through process.stdout/-o and read git through process.env: run without inherited GIT_* variables. */
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('GIT_')) continue;
    saved[k] = v;
    Reflect.deleteProperty(process.env, k);
  }
  process.env.GIT_CONFIG_NOSYSTEM = '1';
});
afterAll(() => {
  delete process.env.GIT_CONFIG_NOSYSTEM;
  Object.assign(process.env, saved);
});

describe('sealcheck sweep --repos --shard, and merge', () => {
  it('splits a list round-robin into 1-based shards', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('0/3')).toThrow(/1 <= I <= N/);
    expect(() => parseShard('4/3')).toThrow();
    expect(shardOf(['a', 'b', 'c', 'd', 'e'], { index: 2, count: 2 })).toEqual(['b', 'd']);
    expect(isRemote('https://example.invalid/a.git')).toBe(true);
    expect(isRemote('git@example.invalid:org/a.git')).toBe(true);
    expect(isRemote('./local')).toBe(false);
    expect(displayName('https://user:fake-token@example.invalid/a.git')).toBe('https://***@example.invalid/a.git');
  });

  it('merging N shard reports gives exactly the report of one run over the whole list', async () => {
    const repos: string[] = [];
    for (let i = 0; i < 5; i++) {
      const repo = tempRepo();
      write(repo, { [`s${i}.yaml`]: secret(`s${i}`, { password: `fake-shard-value-${i}-x` }) });
      commitAt(repo, T0 + i);
      if (i % 2 === 0) {
        write(repo, { [`s${i}.yaml`]: secret(`s${i}`, { password: `fake-shard-rotated-${i}-x` }) });
        commitAt(repo, T0 + 100 + i);
      }
      if (i === 3) git(repo, 'tag', 'v3');
      repos.push(repo);
    }
    const empty = tempRepo();
    repos.push(empty);
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-shards-'));
    try {
      const list = join(dir, 'repos.txt');
      writeFileSync(list, `# repositories to sweep\n${repos.join('\n')}\n\n`);
      const single = join(dir, 'single.json');
      expect(await sweepCommand(undefined, { repos: list, format: 'json', output: single, workers: '1' })).toBe(1);
      const shards: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const out = join(dir, `shard-${i}.json`);
        await sweepCommand(undefined, { repos: list, shard: `${i}/3`, format: 'json', output: out, workers: '1' });
        shards.push(out);
      }
      const merged = join(dir, 'merged.json');
      expect(await mergeCommand(shards, { output: merged, format: 'json' })).toBe(1);
      const a = readFileSync(single, 'utf8');
      expect(readFileSync(merged, 'utf8')).toBe(a);
      const doc = JSON.parse(a) as {
        secrets: { repo: string; status: string }[];
        stats: { repositories: number; secrets: number };
      };
      expect(doc.stats.repositories).toBe(6);
      expect(doc.secrets).toHaveLength(8);
      expect(new Set(doc.secrets.map((s) => s.repo)).size).toBe(5);
      // Any format from the merged reports.
      const csv = join(dir, 'merged.csv');
      await mergeCommand(shards, { output: csv, format: 'csv' });
      // A header, the 8 secrets, then the notes (the empty repository says it has no commits).
      const lines = readFileSync(csv, 'utf8')
        .split('\r\n')
        .filter((l) => l !== '');
      expect(lines.filter((l) => l.includes(',note,'))).toHaveLength(
        (JSON.parse(a) as { notes: string[] }).notes.length,
      );
      expect(lines.filter((l) => !l.includes(',note,'))).toHaveLength(9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // 24 sweeps in one test: a generous bound that only catches a hang on a loaded machine

  it('exit codes: 1 when something must be rotated, 0 when not, a usage error (exit 2) outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-exit-'));
    try {
      const leaky = tempRepo();
      write(leaky, { 'db.yaml': secret('db', { password: 'fake-exit-code-value-1' }) });
      commitAt(leaky, T0);
      const clean = tempRepo();
      write(clean, { 'README.md': '# nothing\n' });
      commitAt(clean, T0);
      const out = join(dir, 'r.txt');
      expect(await sweepCommand(leaky, { output: out, format: 'text', workers: '0' })).toBe(1);
      expect(readFileSync(out, 'utf8')).toContain('ROTATE');
      expect(await sweepCommand(clean, { output: out, format: 'markdown', workers: '0' })).toBe(0);
      const err = await sweepCommand(dir, { output: out, format: 'text' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a shard without a list, and a report that is not a sweep report', async () => {
    await expect(sweepCommand(undefined, { shard: '1/2', format: 'text' })).rejects.toThrow(/--shard needs --repos/);
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-shards-'));
    try {
      writeFileSync(join(dir, 'x.json'), '{"findings":[]}');
      await expect(mergeCommand([join(dir, 'x.json')], { format: 'json' })).rejects.toThrow(/not a sweep report/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
