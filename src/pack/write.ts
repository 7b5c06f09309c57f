/**
 * Writing the package archive atomically: a temp file beside the target, renamed into place
 * only when complete; removed on any failure.
 *
 * Every entry is stored, so the whole archive layout (headers, central directory, end records)
 * is computed up front by {@link layoutStoredPackage}, byte-identical to what the zip.js package
 * writer produces; the offsets depend only on the names and sizes. `pack` writes in its
 * measuring pass ({@link openStreamedPackage}): the audio goes straight to its place as the
 * analysis reads it, into a manifest slot reserved before measuring, and the headers (which
 * hold the CRC-32s) are written once the pass has measured them. {@link writePackage} is the
 * two-pass write it falls back on when the manifest outgrows its slot: entries whose sizes and
 * CRC-32s were measured earlier are copied with large positional reads and writes, several in
 * flight, each CRC-32 recomputed (natively where Node has `zlib.crc32`) and checked, so a file
 * changed after measuring aborts the pack instead of producing a package whose manifest lies.
 * @module
 */
import { writeSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../model/byte-source.js';
import { openAtomicOutput } from '../io/atomic.js';
import { crc32 } from '../container/crc32.js';
import { crc32UpdateNode as crcUpdate } from '../container/crc32-node.js';
import { layoutStoredPackage, MIMETYPE_BYTES, type StoredEntryPlacement, type StoredZipLayout } from '../container/stored-layout.js';
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

/**
 * Bytes per copy step: large enough that per-call costs vanish, small enough that a block read
 * is still in the CPU cache when it is written out (on the 2-core bench machine, 2 MB L2: 1 MiB
 * blocks copy 1.9 GB in about 1.05 s, 2 MiB in 1.15 s, 4 MiB in 2.4 s).
 */
const COPY_BLOCK = 1 << 20;
/** Copy buffers: reads ahead (half of them) and writes in flight together never hold more. */
const COPY_BUFFERS = 8;
/**
 * Start a `datasync` of the output after this many bytes written (unless one still runs): the disk writes then overlap
 * the copy instead of all waiting for the fsync of the commit (the kernel starts writing dirty
 * pages on its own only past a tenth or so of the memory: a whole package on most machines).
 */
const SYNC_EVERY = 128 << 20;

/**
 * Starts a `datasync` of `fh` each time {@link SYNC_EVERY} more bytes were written (one at a
 * time, never awaited by the writer); an error goes to `fail`. `running` is the sync in flight.
 */
function periodicSync(fh: FileHandle, fail: (error: unknown) => void): { wrote(n: number): void; readonly running: Promise<void> | null } {
  let unsynced = 0;
  let running: Promise<void> | null = null;
  return {
    wrote(n) {
      unsynced += n;
      if (unsynced < SYNC_EVERY || running) return;
      unsynced = 0;
      running = fh.datasync().then(
        () => {
          running = null;
        },
        (error: unknown) => {
          running = null;
          fail(error);
        },
      );
    },
    get running() {
      return running;
    },
  };
}


/** Reads into caller buffers from an entry's source. */
interface EntryReader {
  readInto(offset: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

async function fillFrom(fh: FileHandle, offset: number, target: Uint8Array): Promise<number> {
  let got = 0;
  while (got < target.length) {
    const { bytesRead } = await fh.read(target, got, target.length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

async function openReader(e: PackageEntry): Promise<EntryReader> {
  if (e.src) {
    const src = e.src as ByteSource & { readInto?: (offset: number, target: Uint8Array) => Promise<number> };
    if (typeof src.readInto === 'function') {
      return { readInto: (o, t) => src.readInto!(o, t), close: async () => undefined };
    }
    return {
      readInto: async (o, t) => {
        const b = await src.read(o, t.length);
        t.set(b);
        return b.length;
      },
      close: async () => undefined,
    };
  }
  const fh = await open(e.path!, 'r');
  return { readInto: (o, t) => fillFrom(fh, o, t), close: () => fh.close() };
}

async function writeFully(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    done += bytesWritten;
  }
}

function changed(name: string): Error {
  return new Error(`${name}: the input changed after it was measured (size or CRC-32 differs); pack again`);
}

/** The mimetype and manifest entries and the first audio header: the contiguous head of the archive. */
function headBytes(layout: StoredZipLayout, manifest: Uint8Array): Uint8Array {
  const e = layout.entries;
  const end = e.length > 2 ? e[2]!.dataOffset : layout.directoryOffset;
  const head = new Uint8Array(end);
  head.set(e[0]!.header, e[0]!.headerOffset);
  head.set(MIMETYPE_BYTES, e[0]!.dataOffset);
  head.set(e[1]!.header, e[1]!.headerOffset);
  head.set(manifest, e[1]!.dataOffset);
  if (e.length > 2) head.set(e[2]!.header, e[2]!.headerOffset);
  return head;
}

/** A block being copied: read into `buf` from entry offset `off`, `n` of `len` bytes arrived. */
interface Block {
  buf: Uint8Array;
  n: number;
  off: number;
  len: number;
}

/**
 * Copy every entry's data to its place in `out` (`entries[i]` to `places[i]`) with its local
 * header (the first one's only when not `firstHeaderWritten`: the head holds it), checking sizes
 * and CRC-32s. Reads run ahead of the writes, several of each in flight; at most
 * {@link COPY_BUFFERS} blocks are held at any time.
 */
async function copyEntries(out: FileHandle, places: readonly StoredEntryPlacement[], entries: PackageEntry[], onBytes: (n: number) => void, firstHeaderWritten: boolean): Promise<void> {
  const free: Uint8Array[] = Array.from({ length: COPY_BUFFERS }, () => new Uint8Array(COPY_BLOCK));
  const waiting: (() => void)[] = [];
  const writes = new Set<Promise<void>>();
  /** The first write or sync error (writes are not awaited one by one). */
  const failed: { error?: unknown } = {};
  const fail = (error: unknown): void => {
    if (!('error' in failed)) failed.error = error;
  };
  const sync = periodicSync(out, fail);
  const wrote = (n: number): void => {
    onBytes(n);
    sync.wrote(n);
  };

  const takeBuffer = async (): Promise<Uint8Array> => {
    while (free.length === 0) await new Promise<void>((r) => waiting.push(r));
    return free.pop()!;
  };
  const giveBuffer = (b: Uint8Array): void => {
    free.push(b);
    waiting.shift()?.();
  };
  const startWrite = (b: Block, position: number): void => {
    // an error from the write or from the progress callback is recorded, never left unhandled
    const w = writeFully(out, b.buf.subarray(0, b.n), position).then(() => wrote(b.n)).then(undefined, fail);
    const done = w.then(() => {
      writes.delete(done);
      giveBuffer(b.buf);
    });
    writes.add(done);
  };

  for (const [i, e] of entries.entries()) {
    const place = places[i]!;
    if (i > 0 || !firstHeaderWritten) await writeFully(out, place.header, place.headerOffset);
    const reader = await openReader(e);
    // reads are issued and consumed in order (the CRC chains); a block keeps its buffer until written
    const reads: Promise<Block>[] = [];
    let issued = 0;
    const readAhead = async (): Promise<void> => {
      while (issued < e.size && reads.length < COPY_BUFFERS >> 1) {
        const off = issued;
        const len = Math.min(COPY_BLOCK, e.size - off);
        issued += len;
        const buf = await takeBuffer();
        const p = reader.readInto(off, buf.subarray(0, len)).then(
          (n) => ({ buf, n, off, len }),
          (err: unknown) => {
            giveBuffer(buf);
            throw err;
          },
        );
        p.catch(() => undefined);
        reads.push(p);
      }
    };
    try {
      let crc = 0;
      await readAhead();
      while (reads.length > 0) {
        const b = await reads.shift()!;
        if ('error' in failed) {
          giveBuffer(b.buf);
          throw failed.error;
        }
        if (b.n !== b.len) {
          giveBuffer(b.buf);
          throw changed(e.name);
        }
        crc = crcUpdate(crc, b.buf.subarray(0, b.n));
        startWrite(b, place.dataOffset + b.off);
        await readAhead();
      }
      // a file that grew, or whose bytes differ from what was measured
      if ((await reader.readInto(e.size, new Uint8Array(1))) !== 0 || crc >>> 0 !== e.crc32 >>> 0) throw changed(e.name);
    } catch (err) {
      // let every read and write still in flight settle before the handles close
      await Promise.allSettled([...reads, ...writes, sync.running]);
      throw err;
    } finally {
      await reader.close();
    }
  }
  await Promise.all([...writes]);
  await sync.running;
  if ('error' in failed) throw failed.error;
}

/**
 * Write `mimetype`, `stempack.json` and the given entries, in that order, all stored, into
 * `target` through {@link openAtomicOutput}. Same bytes as writing them with the zip.js package
 * writer (`createPackageZipWriter`).
 * @throws OutputExistsError when the target exists without `force`; any I/O error (after removing the temp file).
 */
export async function writePackage(
  target: string,
  opts: { force: boolean },
  manifest: Uint8Array,
  entries: PackageEntry[],
  onBytes: (n: number) => void = () => undefined,
): Promise<void> {
  const layout = layoutStoredPackage([{ name: MANIFEST_NAME, size: manifest.length, crc32: crc32(manifest) }, ...entries.map((e) => ({ name: e.name, size: e.size, crc32: e.crc32 >>> 0 }))]);
  // positional writes go straight to the handle: the sink's buffer stays empty (its sync still fsyncs)
  const out = await openAtomicOutput(target, { force: opts.force, sink: { bufferSize: 1 } });
  try {
    const fh = out.sink.handle;
    await writeFully(fh, headBytes(layout, manifest), 0);
    await copyEntries(fh, layout.entries.slice(2), entries, onBytes, true);
    await writeFully(fh, layout.tail, layout.directoryOffset);
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
}

/** An entry whose bytes `pack` hands over while it measures them: size known, CRC-32 not yet. */
export interface StreamedEntry {
  name: string;
  size: number;
  /** The file the bytes come from, when there is one: it must still have `size` bytes at the end. */
  path?: string;
}

/**
 * A package being written in the same pass that measures its audio (see {@link openStreamedPackage}).
 * Nothing appears under the target name before {@link StreamedPackage.finish} resolves.
 */
export interface StreamedPackage {
  /**
   * Write bytes of streamed entry `i` at `offset` of its data, synchronously (the bytes may be
   * reused once this returns). Each entry's ranges must come in order, without gaps or overlaps.
   */
  data(i: number, offset: number, bytes: Uint8Array): void;
  /**
   * Rejects (the "changed" error) unless every streamed entry got exactly its size and its file
   * still has that size: a source that shrank or grew while it was read.
   */
  checkComplete(): Promise<void>;
  /**
   * Complete the package: `manifest` (exactly the reserved size) and the streamed entries'
   * CRC-32s (indexed like them) go into the head and the local headers, the copied entries
   * (measured before) are copied after the streamed ones, then the central directory; fsync and
   * rename into place. Aborts (removes the temp file) on any error.
   */
  finish(manifest: Uint8Array, crc32s: readonly number[]): Promise<void>;
  /** Remove the temp file; idempotent, and a no-op after a successful finish. */
  abort(): Promise<void>;
}

/**
 * Open a package whose layout is fixed before its audio is measured: `mimetype`, a manifest slot
 * of `manifestSize` bytes, the `streamed` entries (written through {@link StreamedPackage.data}
 * while they are measured), then the `copied` entries (sizes and CRC-32s already known). The
 * offsets depend only on names and sizes, so the data can go to its final place before any
 * CRC-32 is known; {@link StreamedPackage.finish} writes the headers once they are. The bytes are
 * those {@link writePackage} writes for a manifest of that size and the same entries.
 * @throws OutputExistsError when the target exists without `force`.
 */
export async function openStreamedPackage(
  target: string,
  opts: { force: boolean },
  manifestSize: number,
  streamed: readonly StreamedEntry[],
  copied: PackageEntry[],
  onBytes: (n: number) => void = () => undefined,
): Promise<StreamedPackage> {
  const specs = (crcs: readonly number[], manifestCrc: number) => [
    { name: MANIFEST_NAME, size: manifestSize, crc32: manifestCrc },
    ...streamed.map((e, i) => ({ name: e.name, size: e.size, crc32: crcs[i]! >>> 0 })),
    ...copied.map((e) => ({ name: e.name, size: e.size, crc32: e.crc32 >>> 0 })),
  ];
  const planned = layoutStoredPackage(specs(streamed.map(() => 0), 0));
  const out = await openAtomicOutput(target, { force: opts.force, sink: { bufferSize: 1 } });
  const fh = out.sink.handle;
  const fd = fh.fd;
  const written = streamed.map(() => 0);
  const failed: { error?: unknown } = {};
  const sync = periodicSync(fh, (error) => {
    if (!('error' in failed)) failed.error = error;
  });
  let done = false;

  const settle = async (): Promise<void> => {
    await sync.running;
    if ('error' in failed) throw failed.error;
  };
  const abort = async (): Promise<void> => {
    await sync.running;
    await out.abort();
  };
  const checkComplete = async (): Promise<void> => {
    for (const [i, e] of streamed.entries()) {
      if (written[i] !== e.size) throw changed(e.name);
      if (e.path !== undefined && (await stat(e.path)).size !== e.size) throw changed(e.name);
    }
  };

  return {
    data(i, offset, bytes) {
      const e = streamed[i];
      if (!e || done) throw new Error(`streamed package: no open entry ${i}`);
      if (offset !== written[i]) throw new Error(`${e.name}: bytes handed over out of order (offset ${offset}, expected ${written[i]})`);
      if (offset + bytes.length > e.size) throw changed(e.name);
      const at = planned.entries[i + 2]!.dataOffset + offset;
      let n = 0;
      while (n < bytes.length) {
        const w = writeSync(fd, bytes, n, bytes.length - n, at + n);
        if (w <= 0) throw new Error('write made no progress');
        n += w;
      }
      written[i] = offset + bytes.length;
      // start the disk writes early (see SYNC_EVERY); an error is kept for finish
      sync.wrote(bytes.length);
      onBytes(bytes.length);
    },
    checkComplete,
    async finish(manifest, crc32s) {
      try {
        if (done) throw new Error('streamed package: already finished');
        done = true;
        if (manifest.length !== manifestSize) throw new Error(`streamed package: manifest of ${manifest.length} bytes for a slot of ${manifestSize}`);
        await checkComplete();
        await settle();
        const layout = layoutStoredPackage(specs(crc32s, crc32(manifest)));
        if (layout.directoryOffset !== planned.directoryOffset) throw new Error('streamed package: the layout moved');
        await writeFully(fh, headBytes(layout, manifest), 0);
        for (const place of layout.entries.slice(3, 2 + streamed.length)) await writeFully(fh, place.header, place.headerOffset);
        await copyEntries(fh, layout.entries.slice(2 + streamed.length), copied, onBytes, streamed.length === 0);
        await writeFully(fh, layout.tail, layout.directoryOffset);
        await out.commit();
      } catch (err) {
        await abort();
        throw err;
      }
    },
    abort,
  };
}
