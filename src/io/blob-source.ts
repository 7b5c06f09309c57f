import type { ByteSource } from '../model/byte-source.js';
import { clampEnd, clampStart } from './bytes-source.js';

/**
 * A {@link ByteSource} over a `Blob` or `File` (browser or Node), read with
 * `blob.slice(a, b).arrayBuffer()`: only the requested range is loaded. Every read returns a
 * fresh array owned by the caller. Imports no Node module.
 */
export class BlobSource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly blob: Blob,
    readonly name: string = 'blob',
  ) {
    this.size = blob.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const a = clampStart(offset, this.size);
    const b = clampEnd(offset, length, this.size);
    if (b <= a) return new Uint8Array(0);
    return new Uint8Array(await this.blob.slice(a, b).arrayBuffer());
  }
}
