import { createHash } from 'node:crypto';
import { redactUrlsIn } from '../redact-url.js';
import { git, GitFailed, spawnGit, type GitProcess } from './run.js';

/** What git answered for one object name. */
export type BlobAnswer =
  | { kind: 'blob'; bytes: Buffer }
  /** Larger than the caller's limit: the bytes were drained from the pipe, never kept. */
  | { kind: 'too-large'; size: number }
  /** A tree, commit or tag: not file content. */
  | { kind: 'not-blob'; type: string }
  | { kind: 'missing' }
  /** Git has the object but cannot give its content (a corrupt object, a failed promisor fetch), or the bytes do not hash to its id. */
  | { kind: 'unreadable'; reason: string };

interface Pending {
  spec: string;
  limit: number;
  resolve(answer: BlobAnswer): void;
  reject(err: Error): void;
}

/** Consecutive `git cat-file --batch` processes that may end without answering before the reader gives up. */
const MAX_SILENT_DEATHS = 16;

/** The body being received for the request at the head of the queue. */
interface Body {
  oid: string;
  type: string;
  size: number;
  /** Undefined when the body is drained rather than kept (not a blob, or over the limit). */
  into: Buffer | undefined;
  got: number;
}

/**
 * Reads objects through one long-lived `git cat-file --batch`, so a scan of N files costs one
 * process, not N (process start-up dominates a pre-commit hook). Requests are answered in the
 * order they were written, which is what makes a plain FIFO of pending promises enough.
 */
export class BlobReader {
  private child: GitProcess | undefined;
  private readonly queue: Pending[] = [];
  /** Bytes received but not yet consumed: a header line may arrive split across chunks. */
  private pending: Buffer = Buffer.alloc(0);
  private body: Body | undefined;
  /** Waiting for the separator `\n` git writes after each body. */
  private needNewline = false;
  private failure: Error | undefined;
  private stderr = '';
  /** Answers received from the current process: a process that dies before any is not retried again. */
  private answered = 0;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly cwd: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    // The content of the object asked for, never what a replace ref substitutes for it.
    this.env = { ...env, GIT_NO_REPLACE_OBJECTS: '1' };
  }

  /** Content of a blob (`<oid>`, `:path` for the index, `<rev>:path`), or undefined when there is none. */
  async read(spec: string): Promise<Buffer | undefined> {
    const answer = await this.request(spec);
    return answer.kind === 'blob' ? answer.bytes : undefined;
  }

  /** The full answer; bodies larger than `limit` are drained, not buffered. */
  request(spec: string, limit = Number.POSITIVE_INFINITY): Promise<BlobAnswer> {
    // --batch reads one name per line: a name holding a newline cannot be sent, so it goes
    // through its own process. Callers normally ask by oid, so this is rare.
    if (spec.includes('\n') || spec.includes('\r')) return this.readAlone(spec, limit);
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise<BlobAnswer>((resolve, reject) => {
      this.queue.push({ spec, limit, resolve, reject });
      // write() buffers inside the stream when the pipe is full; requests are a few dozen bytes,
      // and answers are consumed as they stream in, so git never stalls on a full stdout. The
      // requests of one tick go out in one write (a sweep asks for tens of thousands of blobs).
      if (child.stdin.writableCorked === 0) {
        child.stdin.cork();
        process.nextTick(() => child.stdin.uncork());
      }
      child.stdin.write(`${spec}\n`);
    });
  }

  /** Ends the git process; pending requests are still answered first. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.closing = true;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  /** Starts git now rather than at the first request, so its start-up overlaps the caller's. */
  start(): GitProcess {
    if (this.child) return this.child;
    const child = spawnGit(this.cwd, ['cat-file', '--batch'], this.env);
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (this.stderr += s));
    child.stdin.on('error', (err) => this.fail(err));
    child.on('error', (err) => this.fail(err));
    child.on('close', (code, signal) => this.ended(child, code, signal));
    this.child = child;
    this.answered = 0;
    this.stderr = '';
    return this.child;
  }

  /**
   * git ends `--batch` with a fatal error on an object it cannot stream (a corrupt object, a blob a
   * partial clone cannot fetch): requests are answered in order, so that object is the oldest
   * unanswered one. It is answered as unreadable and the rest are asked again of a new process.
   * Processes that keep dying before answering anything (MAX_SILENT_DEATHS running) mean a broken
   * repository or git: everything pending then fails.
   */
  private ended(child: GitProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    if (this.queue.length === 0 || this.failure) return;
    // git's last words name the object; credentials in a remote's URL are cut out.
    const last =
      this.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-1)[0] ?? `exit ${code ?? signal}`;
    const why = redactUrlsIn(last);
    this.silentDeaths = this.answered === 0 ? this.silentDeaths + 1 : 0;
    if (code !== 128 || this.silentDeaths > MAX_SILENT_DEATHS) {
      this.fail(
        new Error(
          `git cat-file --batch ended (${signal ?? `exit ${code}`}) with ${this.queue.length} requests unanswered: ${this.stderr.trim()}`,
        ),
      );
      return;
    }
    this.body = undefined;
    this.needNewline = false;
    this.pending = Buffer.alloc(0);
    // The queue is not empty (checked on entry): its head is the request git died on.
    this.queue.shift()?.resolve({ kind: 'unreadable', reason: why });
    const rest = this.queue.splice(0);
    if (rest.length === 0) return;
    const next = this.start();
    for (const p of rest) this.queue.push(p);
    next.stdin.write(rest.map((p) => `${p.spec}\n`).join(''));
    // Closing already: the new process answers what is left, then ends.
    if (this.closing) {
      this.child = undefined;
      next.stdin.end();
    }
  }

  private silentDeaths = 0;
  private closing = false;

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.queue.splice(0)) p.reject(this.failure);
  }

  private receive(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.body) {
        const body = this.body;
        const take = Math.min(body.size - body.got, data.length);
        if (body.into) data.copy(body.into, body.got, 0, take);
        body.got += take;
        data = data.subarray(take);
        if (body.got === body.size) {
          this.body = undefined;
          this.needNewline = true;
          this.settle(body);
        }
        continue;
      }
      if (this.needNewline) {
        this.needNewline = false;
        data = data.subarray(1);
        continue;
      }
      const eol = data.indexOf(0x0a);
      if (eol < 0) {
        this.pending = Buffer.from(data);
        return;
      }
      this.header(data.subarray(0, eol).toString('utf8'));
      data = data.subarray(eol + 1);
    }
  }

  /** `<oid> <type> <size>`, or `<spec> missing` / `<spec> ambiguous` (no body follows those). */
  private header(line: string): void {
    const head = this.queue[0];
    if (!head) {
      this.fail(new Error(`git cat-file --batch answered without a request: ${line}`));
      return;
    }
    if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
      this.answered += 1;
      this.queue.shift();
      head.resolve({ kind: 'missing' });
      return;
    }
    const m = /^([0-9a-f]+) (\S+) (\d+)$/.exec(line);
    const [, oid, type, sizeText] = m ?? [];
    if (oid === undefined || type === undefined || sizeText === undefined) {
      this.fail(new Error(`unexpected git cat-file --batch header: ${line}`));
      return;
    }
    const size = Number(sizeText);
    const keep = type === 'blob' && size <= head.limit;
    this.body = { oid, type, size, into: keep ? Buffer.allocUnsafe(size) : undefined, got: 0 };
    if (size === 0) {
      const body = this.body;
      this.body = undefined;
      this.needNewline = true;
      this.settle(body);
    }
  }

  private settle(body: Body): void {
    this.answered += 1;
    const head = this.queue.shift();
    // A body is only read for the request at the head of the queue (header() checks it).
    if (!head) throw new Error('git cat-file --batch: a body arrived with no request waiting');
    if (body.type !== 'blob') head.resolve({ kind: 'not-blob', type: body.type });
    else if (body.into && !hashesTo(body.oid, body.into))
      head.resolve({
        kind: 'unreadable',
        reason: `the content of ${body.oid} does not hash to its id (a corrupt object)`,
      });
    else if (body.into) head.resolve({ kind: 'blob', bytes: body.into });
    else head.resolve({ kind: 'too-large', size: body.size });
  }

  /** One `git cat-file blob <name>` for a name --batch cannot carry. */
  private async readAlone(spec: string, limit: number): Promise<BlobAnswer> {
    const maxBuffer = Number.isFinite(limit) ? limit + 1 : undefined;
    try {
      return { kind: 'blob', bytes: await git(this.cwd, ['cat-file', 'blob', spec], this.env, { maxBuffer }) };
    } catch (err) {
      if (!(err instanceof GitFailed)) throw err;
      return err.failure.reason === 'output-limit' ? { kind: 'too-large', size: limit + 1 } : { kind: 'missing' };
    }
  }
}

/** Whether `bytes` are the blob `oid` names (SHA-1, or SHA-256 in a repository of that object format). git does not check on read. */
function hashesTo(oid: string, bytes: Buffer): boolean {
  const algorithm = oid.length === 64 ? 'sha256' : oid.length === 40 ? 'sha1' : undefined;
  if (algorithm === undefined) return true;
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex') === oid;
}
