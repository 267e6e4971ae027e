import type { SweepProgress } from './sweep-options.js';

/**
 * A one-line progress bar on a terminal: commits walked, blobs scanned of those found so far, rate
 * and ETA. Nothing at all when the stream is not a TTY (CI logs, redirected output).
 */
export class ProgressBar {
  private last = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly label = 'sweeping',
  ) {}

  get active(): boolean {
    // Typed as always there, but a piped or redirected stream has no `isTTY` at all.
    return 'isTTY' in this.stream && this.stream.isTTY;
  }

  update(p: SweepProgress): void {
    if (!this.active) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.stream.write(`\r\u001b[K${progressLine(p, (now - this.started) / 1000, this.label)}`);
    this.shown = true;
  }

  done(): void {
    if (this.active && this.shown) this.stream.write('\r\u001b[K');
    this.shown = false;
  }
}

export function progressLine(p: SweepProgress, seconds: number, label = 'sweeping'): string {
  const rate = seconds > 0 ? p.blobsDone / seconds : 0;
  const left = p.blobsQueued - p.blobsDone;
  const eta = p.walking ? '…' : rate > 0 ? `${Math.ceil(left / rate)}s` : '…';
  const width = 20;
  const filled = p.blobsQueued > 0 ? Math.round((p.blobsDone / p.blobsQueued) * width) : 0;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${label} ${bar} ${p.commits.toLocaleString('en')} commits${p.walking ? ' (walking)' : ''}, ${p.blobsDone.toLocaleString('en')}/${p.blobsQueued.toLocaleString('en')} blobs, ${Math.round(rate).toLocaleString('en')} blobs/s, ETA ${eta}`;
}
