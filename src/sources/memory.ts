import { chartRootsOf, roleByRoots } from './chart-folders.js';
import type { InputFile, SkippedFile, Source } from './source.js';

/** Files held in memory (rule examples, stdin, content fetched through an API). */
export class MemorySource implements Source {
  readonly skipped: SkippedFile[] = [];
  private readonly files_: Map<string, Buffer>;

  /** `scan` lists the files to hand out; every file in `all` can still be read as a reference. */
  constructor(
    all: Record<string, string | Buffer>,
    private readonly scan: readonly string[] = Object.keys(all),
  ) {
    this.files_ = new Map(Object.entries(all).map(([p, c]) => [p, typeof c === 'string' ? Buffer.from(c, 'utf8') : c]));
  }

  async *files(): AsyncIterable<InputFile> {
    // Every file held, scanned or not, tells where the chart folders are.
    const charts = chartRootsOf(this.files_.keys());
    for (const path of this.scan) {
      const bytes = this.files_.get(path);
      if (bytes === undefined) continue;
      const role = await roleByRoots(path, (dir) => charts.has(dir));
      yield role === undefined ? { path, bytes } : { path, bytes, role };
    }
  }

  read(path: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.files_.get(path));
  }
}
