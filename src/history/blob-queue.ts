import type { BlobAnswer, BlobReader } from '../git/blob-reader.js';
import { holdsControllerKey, type BlobResult } from './blob-scan.js';
import type { HistoryIndex } from './history-index.js';
import type { KeyRing } from './leaked-keys.js';
import type { ScanPool } from './scan-pool.js';
import type { SweepProgress } from './sweep-options.js';
import { UNREADABLE } from './unreadable.js';

/**
 * Blobs being read or scanned at once. Enough to keep git and the workers busy; memory is bounded
 * by the bytes held (IN_FLIGHT_BYTES, checked before each new read, so it can be exceeded by at
 * most IN_FLIGHT blobs of at most the read ceiling each: in practice a few megabytes).
 */
const IN_FLIGHT = 128;
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Consumed entries at the front of the queue are dropped once there are this many, and they are half of it. */
const COMPACT_AFTER = 4096;

export interface BlobQueueDeps {
  index: HistoryIndex;
  reader: BlobReader;
  pool: ScanPool;
  ring: KeyRing;
  /** In a partial clone, the blobs present locally; a blob not among them is missing, not fetched. */
  present: ReadonlySet<string> | undefined;
  /** Bytes read of a blob at most (larger: `too-large`). */
  ceiling: number;
  progress: SweepProgress;
  report: () => void;
}

/**
 * Reads and scans units while the walk is still finding them: git's reader and the worker threads
 * run in parallel with `git log`, under the in-flight bounds above. Each result goes into the index
 * (and, for a blob holding private keys, the key ring). The first failure stops new work and is
 * thrown by `drain`.
 */
export class BlobQueue {
  /** Units whose keys this run has read (the others' come from an earlier sweep's state). */
  readonly keysRead = new Set<number>();
  private readonly queue: number[] = [];
  private next = 0;
  private active = 0;
  private heldBytes = 0;
  /** Wakes `drain` when a blob is done. */
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly deps: BlobQueueDeps) {}

  /** Queues a unit to be read and scanned, and starts it when the bounds allow. */
  add(unit: number): void {
    this.queue.push(unit);
    this.deps.progress.blobsQueued += 1;
    this.pump();
  }

  /** Waits until every queued unit is scanned; throws the first failure. */
  async drain(): Promise<void> {
    while (this.failure === undefined && (this.active > 0 || this.next < this.queue.length)) {
      this.pump();
      if (this.active > 0) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private pump(): void {
    while (this.failure === undefined && this.active < IN_FLIGHT && this.heldBytes < IN_FLIGHT_BYTES) {
      const unit = this.queue[this.next];
      if (unit === undefined) break;
      this.next += 1;
      this.active += 1;
      this.scanUnit(unit).then(
        () => {
          this.active -= 1;
          this.pump();
          this.wake?.();
        },
        (err: unknown) => {
          this.active -= 1;
          this.failure ??= err instanceof Error ? err : new Error(String(err));
          this.wake?.();
        },
      );
    }
    // A long sweep queues millions of units: the consumed front is dropped now and then.
    if (this.next > COMPACT_AFTER && this.next * 2 > this.queue.length) {
      this.queue.splice(0, this.next);
      this.next = 0;
    }
  }

  private async scanUnit(u: number): Promise<void> {
    const { index, ring, progress } = this.deps;
    const unit = index.unit(u);
    const result = await this.resultOf(unit.oid, unit.path);
    if (result.keys.length > 0) {
      ring.add(u, result.keys, holdsControllerKey(result.hits));
      this.keysRead.add(u);
    }
    index.setResult(u, {
      hits: result.hits,
      sealed: result.sealed,
      hasKeys: result.keys.length > 0,
      ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
      ...(result.links !== undefined ? { links: result.links } : {}),
    });
    progress.blobsDone += 1;
    this.deps.report();
  }

  /** The scan of a blob, or why it could not be read (`skipped`): missing, too large, unreadable. */
  private async resultOf(oid: string, path: string): Promise<BlobResult> {
    const { reader, present, ceiling, progress, index, pool } = this.deps;
    const answer: BlobAnswer =
      present !== undefined && !present.has(oid) ? { kind: 'missing' } : await reader.request(oid, ceiling);
    if (answer.kind !== 'blob') return { hits: [], sealed: [], keys: [], skipped: skippedWhy(answer, ceiling) };
    const size = answer.bytes.length;
    progress.bytes += size;
    index.bytes += size;
    this.heldBytes += size;
    try {
      return await pool.scan(path, answer.bytes);
    } finally {
      this.heldBytes -= size;
    }
  }
}

function skippedWhy(answer: Exclude<BlobAnswer, { kind: 'blob' }>, ceiling: number): string {
  if (answer.kind === 'too-large') return `larger than ${ceiling} bytes`;
  if (answer.kind === 'unreadable') return `${UNREADABLE}${answer.reason}`;
  return answer.kind;
}
