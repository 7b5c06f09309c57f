import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../model/byte-source.js';
import { clampEnd, clampStart } from './bytes-source.js';

/**
 * A {@link ByteSource} over a file, read with positioned `FileHandle.read` calls (64-bit
 * positions: works for files above 4 GiB). Every read returns a fresh array owned by the
 * caller (never a view of a shared buffer), so concurrent reads and kept results are safe.
 * Call {@link FileSource.close} when done.
 */
export class FileSource implements ByteSource {
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    readonly name: string,
  ) {}

  /** Open `path` for reading; `name` defaults to the path. */
  static async open(path: string, name: string = path): Promise<FileSource> {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      return new FileSource(fh, st.size, name);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const a = clampStart(offset, this.size);
    const n = clampEnd(offset, length, this.size) - a;
    // Not zero-filled: every byte returned is overwritten by the read (short reads are cut off).
    const buf = new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n);
    const got = await this.fill(a, buf, n);
    return got === n ? buf : buf.subarray(0, got);
  }

  /**
   * Read up to `target.length` bytes at `offset` into `target` (a buffer the caller reuses);
   * returns the number of bytes read (fewer only at the end of the file).
   */
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const a = clampStart(offset, this.size);
    const n = clampEnd(offset, target.length, this.size) - a;
    return this.fill(a, target, n);
  }

  /** {@link readInto}, synchronously (see {@link ReadIntoSource.readIntoSync}). */
  readIntoSync(offset: number, target: Uint8Array): number {
    const a = clampStart(offset, this.size);
    const n = clampEnd(offset, target.length, this.size) - a;
    let got = 0;
    while (got < n) {
      const r = readSync(this.fh.fd, target, got, n - got, a + got);
      if (r === 0) break; // file shrank under us
      got += r;
    }
    return got;
  }

  private async fill(pos: number, buf: Uint8Array, n: number): Promise<number> {
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, pos + got);
      if (bytesRead === 0) break; // file shrank under us
      got += bytesRead;
    }
    return got;
  }

  /** Close the file handle. */
  close(): Promise<void> {
    return this.fh.close();
  }
}

/** Open a file as a {@link ByteSource}. */
export function openFileSource(path: string, name?: string): Promise<FileSource> {
  return FileSource.open(path, name);
}
