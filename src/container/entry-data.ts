/**
 * Reading entry data: a window source over a stored entry, small entries read whole (stored
 * or deflate, output capped so a bomb cannot exhaust memory), and streaming CRC checks.
 * Uses the standard `DecompressionStream('deflate-raw')` (Node 20, browsers).
 * Ref: APPNOTE.TXT 4.4.5 (methods), RFC 1951 (deflate).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding, type Finding } from '../model/finding.js';
import { SliceSource } from '../io/slice-source.js';
import { crc32Update } from './crc32.js';
import type { ZipEntry } from './zip-entry.js';

const CHUNK = 4 << 20;

/**
 * The data of a stored entry as a {@link ByteSource} (a window of `src`, no copy).
 * Only for entries with `readable` true and method 0; throws otherwise (a caller bug).
 */
export function entrySource(src: ByteSource, entry: ZipEntry): ByteSource {
  if (!entry.readable || entry.method !== 0 || entry.encrypted) {
    throw new Error(`entrySource: ${entry.name} is not a readable stored entry`);
  }
  return new SliceSource(src, entry.dataOffset, entry.compressedSize, entry.name);
}

/** Why {@link readEntryBytes} returned no bytes. */
export type UnreadableReason = 'unreadable' | 'encrypted' | 'too-large' | 'unsupported-method' | 'corrupt';

/** Result of {@link readEntryBytes}. */
export interface EntryBytes {
  /** The entry content, or `null` when it could not be read in full. */
  bytes: Uint8Array | null;
  /** New findings: SP-ZIP-007 (inflate error, size disagrees) or SP-ZIP-013 (CRC). */
  findings: Finding[];
  /** Set when `bytes` is null. Problems {@link readZip} already reported give no new finding. */
  reason?: UnreadableReason;
}

/**
 * Read a small entry (the manifest) into memory: stored or deflate. Never allocates more than
 * `maxBytes` of output however much the data inflates to; checks the size and CRC-32.
 */
export async function readEntryBytes(src: ByteSource, entry: ZipEntry, maxBytes: number): Promise<EntryBytes> {
  if (entry.encrypted) return { bytes: null, findings: [], reason: 'encrypted' };
  if (!entry.readable) return { bytes: null, findings: [], reason: 'unreadable' };
  if (entry.method !== 0 && entry.method !== 8) return { bytes: null, findings: [], reason: 'unsupported-method' };
  if (entry.size > maxBytes) return { bytes: null, findings: [], reason: 'too-large' };
  const out = new Uint8Array(entry.size);
  let len = 0;
  let overflow = false;
  const res = await streamEntry(src, entry, (chunk) => {
    if (len + chunk.length > entry.size) {
      overflow = true;
      return false;
    }
    out.set(chunk, len);
    len += chunk.length;
    return true;
  });
  if (res.error) return { bytes: null, findings: [res.error], reason: 'corrupt' };
  if (overflow || len !== entry.size) {
    return {
      bytes: null,
      findings: [sizeFinding(entry, overflow ? entry.size + 1 : len, overflow)],
      reason: 'corrupt',
    };
  }
  const found = crc32Update(0, out);
  if (found !== entry.crc32) {
    return { bytes: null, findings: [crcFinding(entry, found)], reason: 'corrupt' };
  }
  return { bytes: out, findings: [] };
}

/**
 * Stream an entry (stored, or deflate) and compare its CRC-32 with the central directory.
 * Memory stays at one chunk. Returns `[]` when it matches or the entry cannot be read
 * (already reported by {@link readZip}), else an SP-ZIP-013 (or SP-ZIP-007 for bad deflate
 * data or a size that disagrees) finding.
 */
export async function verifyEntryCrc(src: ByteSource, entry: ZipEntry): Promise<Finding[]> {
  if (!entry.readable || entry.encrypted || (entry.method !== 0 && entry.method !== 8)) return [];
  let crc = 0;
  let len = 0;
  let overflow = false;
  const res = await streamEntry(src, entry, (chunk) => {
    len += chunk.length;
    if (len > entry.size) {
      overflow = true;
      return false;
    }
    crc = crc32Update(crc, chunk);
    return true;
  });
  if (res.error) return [res.error];
  if (overflow || len !== entry.size) return [sizeFinding(entry, len, overflow)];
  return crc === entry.crc32 ? [] : [crcFinding(entry, crc)];
}

function crcFinding(entry: ZipEntry, found: number): Finding {
  return finding('SP-ZIP-013', entry.name, { expected: entry.crc32, found });
}

function sizeFinding(entry: ZipEntry, found: number, atLeast: boolean): Finding {
  return finding('SP-ZIP-007', entry.name, { reason: 'size-mismatch', expected: entry.size, found, atLeast });
}

/**
 * Feed the uncompressed data of a readable stored/deflate entry to `sink` in chunks; `sink`
 * returns false to stop early. Reports undecodable deflate data as an SP-ZIP-007 finding.
 */
async function streamEntry(src: ByteSource, entry: ZipEntry, sink: (chunk: Uint8Array) => boolean): Promise<{ error?: Finding }> {
  const start = entry.dataOffset;
  const end = entry.dataOffset + entry.compressedSize;
  if (entry.method === 0) {
    for (let pos = start; pos < end; ) {
      const chunk = await src.read(pos, Math.min(CHUNK, end - pos));
      if (chunk.length === 0) break;
      if (!sink(chunk)) break;
      pos += chunk.length;
    }
    return {};
  }
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let stop = false;
  const pump = (async () => {
    for (let pos = start; pos < end && !stop; ) {
      const chunk = await src.read(pos, Math.min(1 << 16, end - pos));
      if (chunk.length === 0) break;
      await writer.write(chunk.slice());
      pos += chunk.length;
    }
    if (!stop) await writer.close();
  })();
  pump.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!sink(value)) {
        stop = true;
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        break;
      }
    }
    if (!stop) await pump;
    return {};
  } catch (e) {
    stop = true;
    await writer.abort().catch(() => undefined);
    return {
      error: finding(
        'SP-ZIP-007',
        entry.name,
        { reason: 'inflate-error', detail: e instanceof Error ? e.message : String(e) },
        { frame: 0, seconds: 0, byteOffset: entry.dataOffset },
      ),
    };
  }
}
