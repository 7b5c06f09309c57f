import type { ByteSink } from '../model/byte-source.js';

/**
 * A {@link ByteSink} into a growable in-memory byte array, with `writeAt` for patching.
 * For tests and the browser (small outputs); everything else writes to a {@link FileSink}.
 */
export class MemorySink implements ByteSink {
  private buf: Uint8Array;
  private len = 0;
  private closed = false;

  /** @param initialCapacity bytes to reserve up front (grows by doubling). */
  constructor(initialCapacity = 64 * 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  private ensure(end: number): void {
    if (end <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < end) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Append `chunk` (copied). */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('MemorySink: write after close');
    this.ensure(this.len + chunk.length);
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /**
   * Overwrite bytes at `offset` (copied). Writing past the current end extends the content,
   * zero-filling any gap.
   */
  async writeAt(offset: number, chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('MemorySink: write after close');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`MemorySink: bad offset ${offset}`);
    const end = offset + chunk.length;
    this.ensure(end);
    this.buf.set(chunk, offset);
    if (end > this.len) this.len = end;
  }

  /** Mark closed; later writes throw. The content stays readable through {@link bytes}. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** The content written so far: a view, valid until the next write. Copy it to keep it across writes. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
