/**
 * A minimal ZIP writer for tests (no Zip64): stored or deflated entries, with knobs to write
 * deliberately inconsistent archives (wrong CRC, wrong sizes, mismatched local names).
 * Independent of `src/container/` (it is the conformance suite's writer) so tests cross-check the reader.
 *
 * Ref: PKWARE APPNOTE.TXT 4.3.7 (local file header), 4.3.12 (central directory), 4.3.16 (EOCD).
 */
import { writeZipArchive, type ZipEntrySpec } from '../../src/conformance/encode.js';
import { deflateRawSync } from 'node:zlib';
import { crc32 as zcrc } from 'node:zlib';

/** One entry to write: 0 stored (default) or 8 deflated; `crc`, `extra`, `flags` and `localName` override what is written. */
export type { ZipEntrySpec } from '../../src/conformance/encode.js';

/**
 * Write a ZIP archive from entries, in the order given: the conformance suite's writer, with real
 * zlib deflate for method 8 and the UTF-8 flag on every name.
 */
export function writeZip(entries: ZipEntrySpec[]): Uint8Array {
  return writeZipArchive(entries, { deflate: (b) => new Uint8Array(deflateRawSync(b)), utf8Always: true });
}

/** CRC-32 via zlib (a second implementation next to `src/container/crc32.ts`). */
export function crc32(bytes: Uint8Array): number {
  return zcrc(bytes) >>> 0;
}

/** Concatenate byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}
