// line-splitter.ts cuts a stream of decoded text into lines in linear time:
// each chunk is searched for newlines once, and a partial line waits as a
// list of pieces (never re-joined and re-split as more arrives). A line
// longer than the cap keeps its head and its tail and reports how much of
// the middle it dropped: a benchmark that prints 100 MB without a newline
// before its result line still ends with the result, and costs the cap, not
// the 100 MB.

/** DEFAULT_MAX_LINE_CHARS keeps 64 Ki UTF-16 units of a line (32 Ki each end). */
export const DEFAULT_MAX_LINE_CHARS = 64 * 1024;

/** LineSink receives each line without its "\n" (and without a trailing "\r"); elided counts dropped middle chars. */
export type LineSink = (line: string, elided: number) => void;

/** ELISION stands for the dropped middle of an over-long line; it has no spaces, so it cannot split fields. */
export const ELISION = '…';

/** LineSplitter: push() text as it arrives, end() once at the end. */
export class LineSplitter {
  private head: string[] = [];
  private headLen = 0;
  private tail: string[] = [];
  private tailLen = 0;
  private elided = 0;
  private pending = false;
  private readonly half: number;

  constructor(
    private readonly sink: LineSink,
    maxLineChars = DEFAULT_MAX_LINE_CHARS,
  ) {
    this.half = Math.max(1, Math.floor(maxLineChars / 2));
  }

  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) {
        if (start < chunk.length) this.add(start === 0 ? chunk : chunk.slice(start));
        return;
      }
      if (nl > start) this.add(chunk.slice(start, nl));
      this.pending = true;
      this.flush();
      start = nl + 1;
    }
  }

  /** end emits a last line that had no newline, if any. */
  end(): void {
    if (this.headLen > 0 || this.tailLen > 0 || this.elided > 0) {
      this.pending = true;
      this.flush();
    }
  }

  private add(piece: string): void {
    if (this.headLen < this.half) {
      const take = piece.length <= this.half - this.headLen ? piece : piece.slice(0, this.half - this.headLen);
      this.head.push(take);
      this.headLen += take.length;
      if (take.length === piece.length) return;
      piece = piece.slice(take.length);
    }
    this.tail.push(piece);
    this.tailLen += piece.length;
    // Keep at most `half` chars of tail; compact only when twice that has
    // piled up, so each char is copied O(1) times on average.
    if (this.tailLen > 2 * this.half) {
      const joined = this.tail.join('');
      const kept = joined.slice(joined.length - this.half);
      this.elided += joined.length - kept.length;
      this.tail = [kept];
      this.tailLen = kept.length;
    }
  }

  private flush(): void {
    if (!this.pending) return;
    let tail = this.tail.length === 1 ? this.tail[0]! : this.tail.join('');
    let elided = this.elided;
    if (tail.length > this.half) {
      elided += tail.length - this.half;
      tail = tail.slice(tail.length - this.half);
    }
    let line = (this.head.length === 1 ? this.head[0]! : this.head.join('')) + (elided > 0 ? ELISION : '') + tail;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.head = [];
    this.headLen = 0;
    this.tail = [];
    this.tailLen = 0;
    this.elided = 0;
    this.pending = false;
    this.sink(line, elided);
  }
}
