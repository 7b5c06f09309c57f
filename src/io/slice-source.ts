import type { ByteSource } from '../model/byte-source.js';
import { clampEnd, clampStart, type ReadIntoSource } from './bytes-source.js';

/**
 * A window `[offset, offset + length)` of another {@link ByteSource}, e.g. the data of a stored
 * zip entry. Offsets are relative to the window; reads never leave it. The window is clipped
 * to the parent's size. Returned arrays are whatever the parent returns (see its docs).
 */
export class SliceSource implements ByteSource {
  readonly size: number;
  readonly offset: number;
  constructor(
    private readonly parent: ByteSource,
    offset: number,
    length: number,
    readonly name: string = parent.name,
  ) {
    this.offset = clampStart(offset, parent.size);
    this.size = clampEnd(offset, length, parent.size) - this.offset;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const a = clampStart(offset, this.size);
    const b = clampEnd(offset, length, this.size);
    if (b <= a) return Promise.resolve(new Uint8Array(0));
    return this.parent.read(this.offset + a, b - a);
  }

  /** Forwarded to the parent's `readInto` when it has one (see {@link ReadIntoSource}). */
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const a = clampStart(offset, this.size);
    const n = clampEnd(offset, target.length, this.size) - a;
    if (n <= 0) return 0;
    const p = this.parent as ByteSource & Partial<ReadIntoSource>;
    if (typeof p.readInto === 'function') return p.readInto(this.offset + a, target.subarray(0, n));
    const bytes = await p.read(this.offset + a, n);
    target.set(bytes);
    return bytes.length;
  }

  /** Forwarded to the parent's `readIntoSync`; null when it has none. */
  readIntoSync(offset: number, target: Uint8Array): number | null {
    const p = this.parent as ByteSource & Partial<ReadIntoSource>;
    if (typeof p.readIntoSync !== 'function') return null;
    const a = clampStart(offset, this.size);
    const n = clampEnd(offset, target.length, this.size) - a;
    if (n <= 0) return 0;
    return p.readIntoSync(this.offset + a, target.subarray(0, n));
  }
}
