import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { packagePath } from '../paths.js';
import { buildRuleset, loadRuleFiles, type RuleOverride, type Ruleset } from '../ruleset/load.js';
import { scanBlob, type BlobResult } from './blob-scan.js';

export interface ScanRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
}

export type ScanResponse = { id: number; result: BlobResult } | { id: number; error: string };

/**
 * The bundled worker (scripts/bundle-cli.mjs), committed beside the CLI's bundle so that an install
 * needs no build; the tests, which run from src/, start the same file.
 */
function workerFile(): string {
  return packagePath('dist', 'scan-worker.mjs');
}

export interface PoolOptions {
  /** Worker threads; 0 scans on the calling thread. Default: os.availableParallelism(). */
  workers?: number;
  overrides?: Record<string, RuleOverride>;
  /** Blobs larger than this are checked line by line instead of parsed as YAML. Default: no limit. */
  maxFileSize?: number;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Requests not yet posted: they go in batches, since each message costs more than a small blob's scan. */
  batch: ScanRequest[];
  transfer: ArrayBuffer[];
}

const BATCH = 64;

/**
 * Scans blobs on worker threads, least-loaded first. Without the compiled worker (a source
 * checkout that was never built) or with `workers: 0`, it scans inline: slower, same results.
 */
export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve(r: BlobResult): void; reject(e: Error): void }>();
  private nextId = 0;
  private inline: Ruleset | undefined;
  private readonly maxFileSize: number;
  private failure: Error | undefined;
  private closing = false;

  constructor(opts: PoolOptions = {}) {
    const overrides = opts.overrides ?? {};
    const maxFileSize = opts.maxFileSize ?? Number.POSITIVE_INFINITY;
    this.maxFileSize = maxFileSize;
    const n = opts.workers ?? availableParallelism();
    const file = workerFile();
    if (n <= 0 || !existsSync(file)) {
      this.inline = buildRuleset(loadRuleFiles(), overrides);
      return;
    }
    for (let i = 0; i < n; i++) {
      const worker = new Worker(file, { workerData: { overrides, maxFileSize } });
      worker.on('message', (res: ScanResponse[]) => {
        for (const r of res) this.answer(r, slot);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new InternalError(`a scan worker exited with code ${code}`));
      });
      const slot: Slot = { worker, inFlight: 0, batch: [], transfer: [] };
      this.slots.push(slot);
    }
  }

  get threads(): number {
    return this.slots.length;
  }

  scan(path: string, bytes: Buffer): Promise<BlobResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inline) {
      try {
        return Promise.resolve(scanBlob(path, bytes, this.inline, this.maxFileSize));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    // A copy with its own buffer: small Buffers share node's allocation pool, which must not be transferred.
    const own = new Uint8Array(bytes);
    slot.inFlight += 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.batch.push({ id, path, bytes: own });
      slot.transfer.push(own.buffer);
      if (slot.batch.length >= BATCH) this.flush(slot);
      else if (slot.batch.length === 1) setImmediate(() => this.flush(slot));
    });
  }

  private flush(slot: Slot): void {
    if (slot.batch.length === 0) return;
    const batch = slot.batch;
    const transfer = slot.transfer;
    slot.batch = [];
    slot.transfer = [];
    slot.worker.postMessage(batch, transfer);
  }

  async close(): Promise<void> {
    this.closing = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private answer(res: ScanResponse, slot: Slot): void {
    slot.inFlight -= 1;
    const w = this.waiting.get(res.id);
    if (!w) return;
    this.waiting.delete(res.id);
    if ('error' in res) w.reject(new InternalError(`scanning a blob failed: ${res.error}`));
    else w.resolve(res.result);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}
