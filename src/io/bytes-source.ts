import type { ByteSource } from '../model/byte-source.js';

/**
 * A {@link ByteSource} over bytes already in memory. Reads return views (subarrays) of the
 * given array, without copying: do not modify the array while the source is in use.
 */
export class BytesSource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name: string = 'bytes',
  ) {
    this.size = bytes.length;
  }

  /** Returns a view of the underlying array, clipped to its end. */
  read(offset: number, length: number): Promise<Uint8Array> {
    return Promise.resolve(this.bytes.subarray(clampStart(offset, this.size), clampEnd(offset, length, this.size)));
  }
}

/** Clip a read start to `[0, size]`. */
export function clampStart(offset: number, size: number): number {
  return Math.min(Math.max(0, offset), size);
}

/** Clip a read end (`offset + length`) to `[start, size]`. */
export function clampEnd(offset: number, length: number, size: number): number {
  const start = clampStart(offset, size);
  return Math.max(start, Math.min(size, offset + Math.max(0, length)));
}

/**
 * A source that can also read into a caller's buffer, so streaming loops reuse one buffer
 * instead of allocating per block ({@link FileSource}, and {@link SliceSource} over one).
 * Returns the number of bytes read (fewer only at the end of the source).
 */
export interface ReadIntoSource extends ByteSource {
  readInto(offset: number, target: Uint8Array): Promise<number>;
  /**
   * The same read, done synchronously, where the source can (a local file: a page-cache copy
   * costs less CPU than handing the read to libuv's thread pool and back, which matters when
   * every core is busy hashing). Absent, or returning null, where it cannot.
   */
  readIntoSync?(offset: number, target: Uint8Array): number | null;
}
