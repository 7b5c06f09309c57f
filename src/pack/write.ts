/**
 * Writing the package archive atomically: a temp file beside the target, renamed into place
 * only when complete; removed on any failure. Entry data is streamed and its CRC-32 checked
 * against the one measured earlier, so a file changed after measuring aborts the pack instead
 * of producing a package whose manifest lies.
 * @module
 */
import { open } from 'node:fs/promises';
import type { ByteSink, ByteSource } from '../model/byte-source.js';
import { openAtomicOutput } from '../io/atomic.js';
import { crc32Update } from '../container/crc32.js';
import { createPackageZipWriter } from '../container/zip-writer.js';
import { MANIFEST_NAME } from '../model/manifest.js';

/** One stored entry after the manifest: from an open source or a file path. */
export interface PackageEntry {
  name: string;
  src?: ByteSource;
  path?: string;
  size: number;
  /** CRC-32 measured before writing. */
  crc32: number;
}

const COPY_BLOCK = 1 << 20;

async function* fromSource(e: PackageEntry, src: ByteSource, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  let crc = 0;
  let off = 0;
  while (off < e.size) {
    const b = await src.read(off, Math.min(COPY_BLOCK, e.size - off));
    if (b.length === 0) break;
    crc = crc32Update(crc, b);
    off += b.length;
    onBytes(b.length);
    yield b;
  }
  if (off !== e.size || crc >>> 0 !== e.crc32 >>> 0) {
    throw new Error(`${e.name}: the input changed after it was measured (size or CRC-32 differs); pack again`);
  }
}

async function* fromFile(e: PackageEntry, path: string, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const src: ByteSource = {
      size: e.size,
      name: path,
      read: async (offset, length) => {
        const buf = new Uint8Array(length);
        const { bytesRead } = await fh.read(buf, 0, length, offset);
        return buf.subarray(0, bytesRead);
      },
    };
    yield* fromSource(e, src, onBytes);
  } finally {
    await fh.close();
  }
}

/**
 * Write `mimetype` (by the container writer), `stempack.json` and the given entries, in that
 * order, all stored, into `target` through {@link openAtomicOutput}.
 * @throws OutputExistsError when the target exists without `force`; any I/O error (after removing the temp file).
 */
export async function writePackage(
  target: string,
  opts: { force: boolean },
  manifest: Uint8Array,
  entries: PackageEntry[],
  onBytes: (n: number) => void = () => undefined,
): Promise<void> {
  const out = await openAtomicOutput(target, { force: opts.force });
  try {
    // The zip writer closes its sink when done; the atomic output must close (and fsync) it itself.
    const sink: ByteSink = { write: (c) => out.sink.write(c), close: async () => undefined };
    const zip = createPackageZipWriter(sink);
    await zip.addEntry(MANIFEST_NAME, manifest, { method: 'stored' });
    for (const e of entries) {
      const data = e.src ? fromSource(e, e.src, onBytes) : fromFile(e, e.path!, onBytes);
      await zip.addEntry(e.name, data, { method: 'stored', size: e.size, crc32: e.crc32 });
    }
    await zip.close();
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
}
