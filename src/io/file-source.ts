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
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, a + got);
      if (bytesRead === 0) break; // file shrank under us
      got += bytesRead;
    }
    return got === n ? buf : buf.subarray(0, got);
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
