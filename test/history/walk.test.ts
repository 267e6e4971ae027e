import { describe, expect, it } from 'vitest';
import { RawLogParser, walkHistory, type WalkedCommit } from '../../src/history/walk.js';
import { cleanEnv, git, tempRepo, write } from '../git/repo.js';
import { commitAt, T0 } from './helpers.js';

const OID_A = 'a'.repeat(40);
const OID_B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

function sample(): Buffer {
  const header = (sha: string, parents: string, date: string) =>
    `\u0001${sha} ${parents}\u0000Ann Author\u0000${date}\u0000${T0}\u0000`;
  return Buffer.from(
    [
      header('1'.repeat(40), '2'.repeat(40), '2024-01-02T03:04:05+01:00'),
      `\n:100644 100644 ${OID_B} ${OID_A} M\u0000dir/with space/é.yaml\u0000`,
      `:100644 000000 ${OID_B} ${ZERO} D\u0000gone.yaml\u0000`,
      `:000000 120000 ${ZERO} ${OID_B} A\u0000link\u0000`,
      header('2'.repeat(40), '', '2024-01-01T00:00:00+00:00'),
      `\n:000000 100755 ${ZERO} ${OID_B} A\u0000run.sh\u0000`,
      header('3'.repeat(40), '1'.repeat(40) + ' 2'.repeat(1) + '2'.repeat(39), '2024-01-03T00:00:00+00:00'),
    ].join(''),
  );
}

describe('git log --raw parsing', () => {
  it('gives the same commits whatever the chunk boundaries', () => {
    const bytes = sample();
    const whole: WalkedCommit[] = [];
    const p = new RawLogParser((c) => whole.push(c));
    p.push(bytes);
    p.end();
    expect(whole).toHaveLength(3);
    expect(whole[0]).toEqual({
      sha: '1'.repeat(40),
      parents: ['2'.repeat(40)],
      author: 'Ann Author',
      date: '2024-01-02T03:04:05+01:00',
      time: T0,
      changes: [
        { path: 'dir/with space/é.yaml', oid: OID_A },
        { path: 'gone.yaml', oid: undefined },
        { path: 'link', oid: undefined },
      ],
    });
    expect(whole[1]!.parents).toEqual([]);
    expect(whole[1]!.changes).toEqual([{ path: 'run.sh', oid: OID_B }]);
    expect(whole[2]!.parents).toHaveLength(2);
    expect(whole[2]!.changes).toEqual([]);
    for (const size of [1, 2, 3, 7, 64]) {
      const got: WalkedCommit[] = [];
      const q = new RawLogParser((c) => got.push(c));
      for (let i = 0; i < bytes.length; i += size) q.push(bytes.subarray(i, i + size));
      q.end();
      expect(got, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('walks a real repository: root commits as additions, merges against the first parent, no renames', async () => {
    const repo = tempRepo();
    write(repo, { 'a.txt': 'a\n' });
    const root = commitAt(repo, T0);
    git(repo, 'checkout', '-q', '-b', 'side');
    git(repo, 'mv', 'a.txt', 'b.txt');
    commitAt(repo, T0 + 1);
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'c.txt': 'c\n' });
    commitAt(repo, T0 + 2);
    git(repo, 'merge', '-q', '--no-edit', 'side');
    const commits: WalkedCommit[] = [];
    await walkHistory(repo, { pseudo: ['--all'], revisions: [], env: cleanEnv() }, (c) => commits.push(c));
    expect(commits).toHaveLength(4);
    const first = commits.find((c) => c.sha === root)!;
    expect(first.changes.map((c) => c.path)).toEqual(['a.txt']);
    const merge = commits.find((c) => c.parents.length === 2)!;
    expect(merge.changes.map((c) => `${c.path}:${c.oid === undefined ? 'D' : 'A'}`).sort()).toEqual([
      'a.txt:D',
      'b.txt:A',
    ]);
  });
});
