/**
 * The package writer: a thin, deterministic layer over `@zip.js/zip.js`'s `ZipWriter`.
 *
 * What it guarantees:
 * - `mimetype` is written first, stored, without extra field or data descriptor, so its
 *   content `application/vnd.stempack+zip` sits at byte 38 (spec §3.2);
 * - deterministic bytes: every entry carries the fixed DOS date 1980-01-01 00:00:00 (the DOS
 *   epoch, built from local-time fields so the time zone cannot shift it), MS-DOS
 *   "version made by" and zero attributes, no extended-timestamp or Unix extra fields; entries
 *   are written in call order. Same entries in, same bytes out;
 * - Zip64 only where an entry or offset needs it (zip.js decides; small archives stay classic);
 * - streaming: entry data flows through in chunks, `sink.write` is awaited for every chunk
 *   (backpressure), so memory stays flat for entries of many GiB.
 *
 * Stored entries whose size and CRC-32 are known up front (byte arrays, or streams with
 * `size` and `crc32`) are written with zip.js `passThrough`: sizes and CRC in the local
 * header, no data descriptor. Otherwise zip.js computes the CRC and writes a data descriptor
 * (bit 3), which our reader and every common unzipper accept.
 *
 * `pack` does not stream through this writer: all its entries are stored with size and CRC
 * known, so it lays the archive out with `stored-layout.ts` (the same bytes, tested against
 * this writer) and copies the data into place with positional writes.
 * @module
 */
import * as zip from '@zip.js/zip.js';
import type { ByteSink } from '../model/byte-source.js';
import { crc32Update } from './crc32.js';
import { STEMPACK_MIMETYPE } from './package-layout.js';

zip.configure({ useWebWorkers: false });

/** The timestamp written on every entry: the DOS epoch, 1980-01-01 00:00:00. */
export const FIXED_ENTRY_DATE = (): Date => new Date(1980, 0, 1, 0, 0, 0);

/** Entry data the writer accepts. */
export type EntryData = Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Options of {@link PackageZipWriter.addEntry}. */
export interface AddEntryOptions {
  /** `stored` (method 0, required for audio) or `deflate` (method 8). */
  method: 'stored' | 'deflate';
  /** Uncompressed size when streaming; lets small entries avoid Zip64. Checked while writing. */
  size?: number;
  /** CRC-32 of the content when known (with `size`, a stored stream needs no data descriptor). */
  crc32?: number;
}

/** A writer of one `.stempack` archive. */
export interface PackageZipWriter {
  /** Add an entry; resolves when its data has been written to the sink. Call one at a time. */
  addEntry(name: string, data: EntryData, opts: AddEntryOptions): Promise<void>;
  /** Write the central directory and close the sink. */
  close(): Promise<void>;
}

/** A WritableStream over a {@link ByteSink} whose write() resolves only after the sink's. */
function sinkStream(sink: ByteSink): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>(
    {
      write: (chunk) => sink.write(chunk),
      close: () => sink.close(),
      abort: () => sink.close(),
    },
    { highWaterMark: 1 },
  );
}

/** A pull-driven ReadableStream over entry data that checks the byte count. */
function toStream(data: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, name: string, size?: number): ReadableStream<Uint8Array> {
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in (data as object) ? (data as AsyncIterable<Uint8Array>) : readableIterable(data as ReadableStream<Uint8Array>);
  const it = iterable[Symbol.asyncIterator]();
  let count = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        // an empty chunk enqueues nothing, and a pull that enqueues nothing is not called again:
        // skip empty chunks here, or the stream would stall
        for (;;) {
          const r = await it.next();
          if (r.done) {
            if (size !== undefined && count !== size) c.error(new Error(`${name}: got ${count} bytes, expected ${size}`));
            else c.close();
            return;
          }
          count += r.value.length;
          if (size !== undefined && count > size) {
            c.error(new Error(`${name}: more than the ${size} bytes announced`));
            return;
          }
          if (r.value.length > 0) {
            c.enqueue(r.value);
            return;
          }
        }
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

async function* readableIterable(rs: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = rs.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Start a package archive on `sink`. The `mimetype` entry is written first automatically;
 * adding an entry named `mimetype` throws.
 */
export function createPackageZipWriter(sink: ByteSink): PackageZipWriter {
  const writer = new zip.ZipWriter(sinkStream(sink), {
    level: 0,
    extendedTimestamp: false,
    useWebWorkers: false,
    lastModDate: FIXED_ENTRY_DATE(),
    msDosCompatible: true,
    keepOrder: true,
    bufferedWrite: false,
  });
  let started = false;
  let busy = false;

  async function put(name: string, data: EntryData, opts: AddEntryOptions): Promise<void> {
    const base = { lastModDate: FIXED_ENTRY_DATE(), extendedTimestamp: false, msDosCompatible: true, useWebWorkers: false };
    if (opts.method === 'stored' && data instanceof Uint8Array) {
      const crc = opts.crc32 ?? crc32Update(0, data);
      await writer.add(name, new zip.Uint8ArrayReader(data), { ...base, passThrough: true, compressionMethod: 0, uncompressedSize: data.length, crc32: crc, dataDescriptor: false });
      return;
    }
    if (opts.method === 'stored' && opts.size !== undefined && opts.crc32 !== undefined) {
      // `{ readable, size }` gives zip.js the content size up front: with the CRC that makes a
      // complete local header, so zip.js streams instead of buffering the entry.
      const readable = toStream(data as AsyncIterable<Uint8Array>, name, opts.size);
      await writer.add(name, { readable, size: opts.size } as zip.ReadableReader, { ...base, passThrough: true, compressionMethod: 0, uncompressedSize: opts.size, crc32: opts.crc32, dataDescriptor: false });
      return;
    }
    const level = opts.method === 'deflate' ? 6 : 0;
    if (data instanceof Uint8Array) {
      await writer.add(name, new zip.Uint8ArrayReader(data), { ...base, level, dataDescriptor: true });
      return;
    }
    const readable = toStream(data, name, opts.size);
    const reader = opts.size !== undefined ? ({ readable, size: opts.size } as zip.ReadableReader) : readable;
    await writer.add(name, reader, { ...base, level, dataDescriptor: true, ...(opts.size !== undefined ? { uncompressedSize: opts.size } : {}) });
  }

  async function start(): Promise<void> {
    if (started) return;
    started = true;
    await put('mimetype', new TextEncoder().encode(STEMPACK_MIMETYPE), { method: 'stored' });
  }

  return {
    async addEntry(name, data, opts) {
      if (name === 'mimetype') throw new Error('the mimetype entry is written by the writer itself');
      if (busy) throw new Error('addEntry: previous entry still being written');
      busy = true;
      try {
        await start();
        await put(name, data, opts);
      } finally {
        busy = false;
      }
    },
    async close() {
      await start();
      await writer.close();
    },
  };
}
