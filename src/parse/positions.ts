import type { Position, Span } from './node.js';

/**
 * Maps UTF-16 offsets of one text to 1-based line/column positions.
 * Built once per file; lookups are a binary search over line starts.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] as number) + 1 };
  }

  span(start: number, end: number): Span {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.startOf(line);
  }

  /** The text of a 1-based line, without its line break. */
  line(line: number): string {
    // Not `this.lineStart`: a ShiftedLineIndex overrides it, and its own `line` shifts already.
    const start = this.startOf(line);
    const next = line < this.starts.length ? (this.starts[line] as number) - 1 : this.text.length;
    return this.text.slice(start, next).replace(/\r$/, '');
  }

  private startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] as number;
  }
}

/**
 * The index of a slice of a page that begins at the start of the page's line `shift + 1` (a
 * documentation page's code block): offsets are the slice's own, lines the page's. Parsing each
 * block with the page's earlier lines left empty instead cost time in the block's position, so a
 * page of a few thousand blocks took minutes.
 */
export class ShiftedLineIndex extends LineIndex {
  constructor(
    text: string,
    private readonly shift: number,
  ) {
    super(text);
  }

  override get lineCount(): number {
    return super.lineCount + this.shift;
  }

  override position(offset: number): Position {
    const p = super.position(offset);
    return { line: p.line + this.shift, column: p.column };
  }

  override lineStart(line: number): number {
    return super.lineStart(line - this.shift);
  }

  override line(line: number): string {
    return line <= this.shift ? '' : super.line(line - this.shift);
  }
}
