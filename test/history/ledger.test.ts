import { describe, expect, it } from 'vitest';
import { attribute, type LedgerCommit } from '../../src/history/ledger.js';
import { ProgressBar, progressLine } from '../../src/history/progress.js';

/**
 * The attribution on a hand-made graph (paths 0..2, units 0..2; unit 0 holds identity 0, unit 1
 * identities 0 and 1, unit 2 nothing):
 *
 *   A (adds p0=u0) ─ B (p1=u2) ─ D merge(B, C) (brings p2=u1) ─ E (deletes p0 and p2)
 *    └──────────── C (p2=u1) ─┘
 */
const c = (sha: string, parents: string[], time: number, changes: number[]): LedgerCommit => ({
  sha,
  parents,
  time,
  changes,
});
const commits = [
  c('E', ['D'], 50, [0, -1, 2, -1]),
  c('D', ['B', 'C'], 40, [2, 1]),
  c('C', ['A'], 30, [2, 1]),
  c('B', ['A'], 20, [1, 2]),
  c('A', [], 10, [0, 0]),
];

describe('attribution', () => {
  it('counts the commits that hold each identity exactly, through merges', () => {
    const ledger = attribute({
      commits,
      unitIdentities: [[0], [0, 1], []],
      identityCount: 2,
      refs: [
        { name: 'refs/heads/main', commit: 'E' },
        { name: 'refs/heads/c', commit: 'C' },
      ],
      head: 'E',
    });
    const [e0, e1] = ledger.exposures;
    // Identity 0: A, B, C, D hold it (E deleted both copies).
    expect(e0).toMatchObject({ commits: 4, presentAtHead: false, refs: [0, 1], tips: [1] });
    expect(commits[e0!.introCommit]!.sha).toBe('A');
    expect(commits[e0!.lastCommit]!.sha).toBe('D');
    // Identity 1: C, and D (which got it from C).
    expect(e1).toMatchObject({ commits: 2, introPath: 2, refs: [0, 1] });
    expect(commits[e1!.introCommit]!.sha).toBe('C');
    expect(ledger.unreachable).toBe(0);
  });

  it('a missing parent (shallow, or outside --since) starts from the empty tree', () => {
    const ledger = attribute({
      commits: [c('X', ['missing'], 1, [0, 0])],
      unitIdentities: [[0]],
      identityCount: 1,
      refs: [],
      head: undefined,
    });
    expect(ledger.exposures[0]).toMatchObject({ commits: 1, refs: [], presentAtHead: false });
    expect(ledger.unreachable).toBe(1);
  });
});

describe('progress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const writes: string[] = [];
    const stream = { isTTY: false, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(stream);
    bar.update({ commits: 10, blobsQueued: 5, blobsDone: 1, bytes: 0, walking: true });
    bar.done();
    expect(writes).toEqual([]);
  });

  it('shows commits, blobs, rate and ETA on a terminal', () => {
    const writes: string[] = [];
    const stream = { isTTY: true, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(stream);
    bar.update({ commits: 1000, blobsQueued: 200, blobsDone: 50, bytes: 0, walking: false });
    bar.done();
    expect(writes[0]).toContain('1,000 commits');
    expect(writes.at(-1)).toBe('\r\u001b[K');
    expect(progressLine({ commits: 3, blobsQueued: 100, blobsDone: 50, bytes: 0, walking: false }, 5)).toBe(
      'sweeping [##########..........] 3 commits, 50/100 blobs, 10 blobs/s, ETA 5s',
    );
  });
});
