import type { ByteSource } from '../model/byte-source.js';

/**
 * Buffered random access over a window `[start, end)` of a {@link ByteSource}: reads in chunks
 * of at least `chunkSize` bytes, never past `end`, so that walking many small records (central
 * headers, local headers) costs few reads and one bounded buffer, however large the sizes the
 * archive claims.
 */
export class ChunkReader {
  private buf = new Uint8Array(0);
  private bufStart = 0;

  constructor(
    private readonly src: ByteSource,
    readonly start: number,
    readonly end: number,
    private readonly chunkSize = 1 << 20,
  ) {}

  /**
   * The bytes `[pos, pos + length)` as a view valid until the next call, or `null` when that
   * range is not entirely inside the window (or the source returned fewer bytes).
   * `readAhead` caps how much a miss reads (default `chunkSize`): callers that know where the
   * next record is pass the distance, so scattered records do not cost a full chunk each.
   */
  async get(pos: number, length: number, readAhead = this.chunkSize): Promise<Uint8Array | null> {
    if (pos < this.start || length < 0 || pos + length > this.end) return null;
    if (pos >= this.bufStart && pos + length <= this.bufStart + this.buf.length) {
      return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + length);
    }
    const want = Math.min(Math.max(length, Math.min(readAhead, this.chunkSize)), this.end - pos);
    const got = await this.src.read(pos, want);
    if (got.length < length) return null;
    // Copy: a source may hand out a shared buffer valid only until its next read.
    this.buf = got.slice();
    this.bufStart = pos;
    return this.buf.subarray(0, length);
  }
}
