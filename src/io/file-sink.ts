import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSink } from '../model/byte-source.js';

/** Options for {@link FileSink}. */
export interface FileSinkOptions {
  /** Write buffer size in bytes (default 1 MiB). Chunks at least this large bypass the buffer. */
  bufferSize?: number;
  /** Close the handle in {@link FileSink.close} (default true). */
  ownsHandle?: boolean;
}

const DEFAULT_BUFFER = 1 << 20;

/**
 * A buffered sequential {@link ByteSink} over a `fs/promises` FileHandle, starting at file
 * offset 0. `write` copies into a buffer and awaits each flush (backpressure: at most one
 * buffer in flight); `writeAt` patches bytes already written (in the file or still in the
 * buffer). Positions are JS numbers, so files beyond 4 GiB work.
 *
 * A chunk passed to `write` may be reused by the caller once the returned promise resolves.
 */
export class FileSink implements ByteSink {
  private readonly buf: Uint8Array;
  /** Bytes of `buf` in use. */
  private used = 0;
  /** Bytes already handed to the file (file offset of `buf[0]`). */
  private flushed = 0;
  private closed = false;
  private readonly ownsHandle: boolean;

  constructor(
    /** The handle written to. */
    readonly handle: FileHandle,
    opts: FileSinkOptions = {},
  ) {
    const size = opts.bufferSize ?? DEFAULT_BUFFER;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FileSink: bad bufferSize ${size}`);
    this.buf = new Uint8Array(size);
    this.ownsHandle = opts.ownsHandle ?? true;
  }

  /** Open (create or truncate, by default) `path` and wrap it. `flags` as for `fs.open` ('w', 'wx'...). */
  static async open(path: string, flags = 'w', opts: FileSinkOptions = {}): Promise<FileSink> {
    const fh = await open(path, flags, 0o666);
    return new FileSink(fh, opts);
  }

  /** Total bytes written (flushed or buffered): the offset the next `write` lands at. */
  get position(): number {
    return this.flushed + this.used;
  }

  private async writeFully(bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, position + done);
      if (bytesWritten <= 0) throw new Error('FileSink: write made no progress');
      done += bytesWritten;
    }
  }

  private check(): void {
    if (this.closed) throw new Error('FileSink: write after close');
  }

  /** Append `chunk`. */
  async write(chunk: Uint8Array): Promise<void> {
    this.check();
    const cap = this.buf.length;
    if (this.used + chunk.length <= cap) {
      this.buf.set(chunk, this.used);
      this.used += chunk.length;
      if (this.used === cap) await this.flush();
      return;
    }
    // Fill the buffer, flush it, then either write the rest straight through or buffer it.
    let off = 0;
    if (this.used > 0) {
      off = cap - this.used;
      this.buf.set(chunk.subarray(0, off), this.used);
      this.used = cap;
      await this.flush();
    }
    const rest = chunk.length - off;
    if (rest >= cap) {
      await this.writeFully(chunk.subarray(off), this.flushed);
      this.flushed += rest;
    } else {
      this.buf.set(chunk.subarray(off), 0);
      this.used = rest;
    }
  }

  /** Write the buffered bytes to the file. */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const n = this.used;
    await this.writeFully(this.buf.subarray(0, n), this.flushed);
    this.flushed += n;
    this.used = 0;
  }

  /** Overwrite bytes already written at `offset` (must lie within what was written). */
  async writeAt(offset: number, chunk: Uint8Array): Promise<void> {
    this.check();
    const end = offset + chunk.length;
    if (!Number.isSafeInteger(offset) || offset < 0 || end > this.position) {
      throw new RangeError(`FileSink.writeAt: [${offset}, ${end}) is outside the ${this.position} bytes written`);
    }
    // Part that already reached the file.
    if (offset < this.flushed) {
      const n = Math.min(end, this.flushed) - offset;
      await this.writeFully(chunk.subarray(0, n), offset);
    }
    // Part still in the buffer.
    if (end > this.flushed) {
      const from = Math.max(offset, this.flushed);
      this.buf.set(chunk.subarray(from - offset), from - this.flushed);
    }
  }

  /** Flush and `fsync` the file to stable storage. */
  async sync(): Promise<void> {
    this.check();
    await this.flush();
    await this.handle.sync();
  }

  /** Flush and close (the handle too, unless `ownsHandle` was false). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      if (this.ownsHandle) await this.handle.close();
    }
  }
}
