/**
 * The byte layout of a package whose entries are all stored with their size and CRC-32 known
 * before writing (what `pack` writes): every header, the central directory and the end records
 * as byte arrays at known offsets, computed up front without touching the entry data. The data
 * can then be copied into place with large positional writes (in any order), instead of
 * streaming every byte through zip.js.
 *
 * The bytes are exactly those {@link createPackageZipWriter} (zip.js) writes for the same entries
 * added stored with `size` and `crc32` (tests compare them, Zip64 cases included): `mimetype`
 * first, the DOS epoch as every entry's date, MS-DOS "version made by" (0x14) and zero
 * attributes, no extra fields except Zip64 where a size or offset needs it, the UTF-8 flag only
 * for names that are not printable ASCII, no data descriptors, Zip64 end records when an entry,
 * the central directory or the entry count needs them. Ref: APPNOTE.TXT 4.3, 4.4, 4.5.3.
 *
 * Pure computation (no I/O, no platform APIs beyond TextEncoder): runs in Node and browsers.
 * @module
 */
import { STEMPACK_MIMETYPE } from './package-layout.js';
import { crc32 } from './crc32.js';

/** One stored entry: its name, content size and the CRC-32 of its content. */
export interface StoredEntrySpec {
  name: string;
  size: number;
  crc32: number;
}

/** Where an entry goes in the archive. */
export interface StoredEntryPlacement extends StoredEntrySpec {
  /** Offset of the local header. */
  headerOffset: number;
  /** The local header (signature through extra field). */
  header: Uint8Array;
  /** Offset of the first content byte: `headerOffset + header.length`. */
  dataOffset: number;
}

/** The whole archive: entries in order, then the central directory and end records. */
export interface StoredZipLayout {
  /** `mimetype` first, then the entries in the order given. */
  entries: StoredEntryPlacement[];
  /** Offset of the central directory (= end of the last entry's content). */
  directoryOffset: number;
  /** Central directory, Zip64 end records when needed, end of central directory record. */
  tail: Uint8Array;
  /** Total archive size: `directoryOffset + tail.length`. */
  size: number;
}

/** The `mimetype` content (the layout's first entry; the caller writes it at its `dataOffset`). */
export const MIMETYPE_BYTES: Uint8Array = new TextEncoder().encode(STEMPACK_MIMETYPE);

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const VERSION_STORE = 10;
const VERSION_ZIP64 = 45;
const VERSION_MADE_BY_MSDOS = 0x14;
const FLAG_UTF8 = 0x800;
/** DOS time and date of 1980-01-01 00:00:00 (time 0, date: year 0, month 1, day 1). */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

function printableAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false;
  return true;
}

function checkSpec(e: StoredEntrySpec): void {
  if (typeof e.name !== 'string' || e.name === '' || e.name.endsWith('/')) throw new Error(`stored layout: bad entry name ${JSON.stringify(e.name)}`);
  if (!Number.isSafeInteger(e.size) || e.size < 0) throw new Error(`stored layout: ${e.name}: bad size ${e.size}`);
  if (!Number.isInteger(e.crc32) || e.crc32 < 0 || e.crc32 > MAX32) throw new Error(`stored layout: ${e.name}: bad CRC-32 ${e.crc32}`);
}

interface Planned {
  spec: StoredEntrySpec;
  rawName: Uint8Array;
  flags: number;
  zip64Size: boolean;
  headerOffset: number;
}

/**
 * Lay out a package of stored entries: `mimetype` (added first, as the package writer does),
 * then `entries` in order. Throws on a duplicate or invalid name, an entry named `mimetype`,
 * or a bad size or CRC.
 */
export function layoutStoredPackage(entries: readonly StoredEntrySpec[]): StoredZipLayout {
  const all: StoredEntrySpec[] = [{ name: 'mimetype', size: MIMETYPE_BYTES.length, crc32: crc32(MIMETYPE_BYTES) }];
  const seen = new Set<string>(['mimetype']);
  for (const e of entries) {
    checkSpec(e);
    if (seen.has(e.name)) throw new Error(`stored layout: duplicate entry ${e.name}`);
    seen.add(e.name);
    all.push(e);
  }
  const enc = new TextEncoder();
  const planned: Planned[] = [];
  const placements: StoredEntryPlacement[] = [];
  let offset = 0;
  for (const spec of all) {
    const rawName = enc.encode(spec.name);
    if (rawName.length > MAX16) throw new Error(`stored layout: entry name longer than 65,535 bytes`);
    const zip64Size = spec.size >= MAX32;
    const flags = printableAscii(rawName) ? 0 : FLAG_UTF8;
    const header = localHeader(spec, rawName, flags, zip64Size);
    planned.push({ spec, rawName, flags, zip64Size, headerOffset: offset });
    placements.push({ ...spec, headerOffset: offset, header, dataOffset: offset + header.length });
    offset += header.length + spec.size;
  }
  const directoryOffset = offset;
  const records = planned.map(centralRecord);
  const directoryLength = records.reduce((s, r) => s + r.length, 0);
  const zip64 = directoryOffset >= MAX32 || directoryLength >= MAX32 || planned.length >= MAX16 || planned.some((p) => p.zip64Size);
  const end = endRecords(planned.length, directoryOffset, directoryLength, zip64);
  const tail = new Uint8Array(directoryLength + end.length);
  let at = 0;
  for (const r of records) {
    tail.set(r, at);
    at += r.length;
  }
  tail.set(end, at);
  return { entries: placements, directoryOffset, tail, size: directoryOffset + tail.length };
}

/**
 * The local header of one stored entry (no data descriptor, the DOS epoch as its date, Zip64
 * sizes when `size` needs them), as {@link layoutStoredPackage} writes it: for appending an entry
 * to an existing archive (`append-entries.ts`).
 */
export function storedLocalHeader(spec: StoredEntrySpec): Uint8Array {
  checkSpec(spec);
  const rawName = new TextEncoder().encode(spec.name);
  return localHeader(spec, rawName, printableAscii(rawName) ? 0 : FLAG_UTF8, spec.size >= MAX32);
}

/** The central directory header of one stored entry whose local header is at `headerOffset`. */
export function storedCentralRecord(spec: StoredEntrySpec, headerOffset: number): Uint8Array {
  checkSpec(spec);
  const rawName = new TextEncoder().encode(spec.name);
  return centralRecord({ spec, rawName, flags: printableAscii(rawName) ? 0 : FLAG_UTF8, zip64Size: spec.size >= MAX32, headerOffset });
}

/**
 * The end records: the Zip64 end of central directory record and locator when `zip64` (or when
 * the count, offset or length needs them), then the classic end of central directory record.
 */
export function endOfCentralDirectory(count: number, directoryOffset: number, directoryLength: number, zip64: boolean): Uint8Array {
  return endRecords(count, directoryOffset, directoryLength, zip64 || directoryOffset >= MAX32 || directoryLength >= MAX32 || count >= MAX16);
}

function localHeader(spec: StoredEntrySpec, rawName: Uint8Array, flags: number, zip64Size: boolean): Uint8Array {
  const extra = zip64Size ? 20 : 0;
  const b = new Uint8Array(30 + rawName.length + extra);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, zip64Size ? VERSION_ZIP64 : VERSION_STORE, true);
  v.setUint16(6, flags, true);
  v.setUint16(8, 0, true);
  v.setUint16(10, DOS_TIME, true);
  v.setUint16(12, DOS_DATE, true);
  v.setUint32(14, spec.crc32 >>> 0, true);
  v.setUint32(18, zip64Size ? MAX32 : spec.size, true);
  v.setUint32(22, zip64Size ? MAX32 : spec.size, true);
  v.setUint16(26, rawName.length, true);
  v.setUint16(28, extra, true);
  b.set(rawName, 30);
  if (zip64Size) {
    const x = 30 + rawName.length;
    v.setUint16(x, 0x0001, true);
    v.setUint16(x + 2, 16, true);
    v.setBigUint64(x + 4, BigInt(spec.size), true);
    v.setBigUint64(x + 12, BigInt(spec.size), true);
  }
  return b;
}

function centralRecord(p: Planned): Uint8Array {
  const zip64Offset = p.headerOffset >= MAX32;
  const extra = p.zip64Size || zip64Offset ? 4 + (p.zip64Size ? 16 : 0) + (zip64Offset ? 8 : 0) : 0;
  const b = new Uint8Array(46 + p.rawName.length + extra);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, VERSION_MADE_BY_MSDOS, true);
  v.setUint16(6, p.zip64Size || zip64Offset ? VERSION_ZIP64 : VERSION_STORE, true);
  v.setUint16(8, p.flags, true);
  v.setUint16(10, 0, true);
  v.setUint16(12, DOS_TIME, true);
  v.setUint16(14, DOS_DATE, true);
  v.setUint32(16, p.spec.crc32 >>> 0, true);
  v.setUint32(20, p.zip64Size ? MAX32 : p.spec.size, true);
  v.setUint32(24, p.zip64Size ? MAX32 : p.spec.size, true);
  v.setUint16(28, p.rawName.length, true);
  v.setUint16(30, extra, true);
  // comment length, disk number start, internal and external attributes: all 0
  v.setUint32(42, zip64Offset ? MAX32 : p.headerOffset, true);
  b.set(p.rawName, 46);
  if (extra > 0) {
    let x = 46 + p.rawName.length;
    v.setUint16(x, 0x0001, true);
    v.setUint16(x + 2, extra - 4, true);
    x += 4;
    if (p.zip64Size) {
      v.setBigUint64(x, BigInt(p.spec.size), true);
      v.setBigUint64(x + 8, BigInt(p.spec.size), true);
      x += 16;
    }
    if (zip64Offset) v.setBigUint64(x, BigInt(p.headerOffset), true);
  }
  return b;
}

function endRecords(count: number, directoryOffset: number, directoryLength: number, zip64: boolean): Uint8Array {
  const b = new Uint8Array(zip64 ? 56 + 20 + 22 : 22);
  const v = new DataView(b.buffer);
  let x = 0;
  if (zip64) {
    // Zip64 end of central directory record (disk numbers 0), then its locator (1 disk)
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, VERSION_ZIP64, true);
    v.setUint16(14, VERSION_ZIP64, true);
    v.setBigUint64(24, BigInt(count), true);
    v.setBigUint64(32, BigInt(count), true);
    v.setBigUint64(40, BigInt(directoryLength), true);
    v.setBigUint64(48, BigInt(directoryOffset), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(directoryOffset + directoryLength), true);
    v.setUint32(72, 1, true);
    x = 76;
  }
  v.setUint32(x, 0x06054b50, true);
  // zip.js marks every field of the classic record as "see the Zip64 record" when it writes one
  v.setUint16(x + 4, zip64 ? MAX16 : 0, true);
  v.setUint16(x + 6, zip64 ? MAX16 : 0, true);
  v.setUint16(x + 8, zip64 ? MAX16 : count, true);
  v.setUint16(x + 10, zip64 ? MAX16 : count, true);
  v.setUint32(x + 12, zip64 ? MAX32 : directoryLength, true);
  v.setUint32(x + 16, zip64 ? MAX32 : directoryOffset, true);
  v.setUint16(x + 20, 0, true);
  return b;
}
