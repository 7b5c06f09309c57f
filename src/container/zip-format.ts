/**
 * Pure decoders for the ZIP records the reader needs. Each takes bytes already read and
 * returns plain numbers; none does I/O or trusts a size (callers check against the source).
 *
 * Ref: PKWARE APPNOTE.TXT 6.3.10: 4.3.7 local file header, 4.3.12 central directory header,
 * 4.3.14 Zip64 end of central directory record, 4.3.15 Zip64 locator, 4.3.16 end of central
 * directory record, 4.5.3 Zip64 extended information extra field (0x0001).
 * @module
 */

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_DATA_DESCRIPTOR = 0x08074b50;

export const EOCD_SIZE = 22;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EOCD_MIN_SIZE = 56;
export const CENTRAL_FIXED = 46;
export const LOCAL_FIXED = 30;
/** EOCD (22 bytes) plus the largest comment (65,535 bytes). */
export const EOCD_SEARCH_SPAN = EOCD_SIZE + 0xffff;

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;

/** General-purpose flag bits (APPNOTE 4.4.4). */
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_STRONG_ENCRYPTION = 0x0040;
export const FLAG_UTF8 = 0x0800;

/** Little-endian unsigned 16-bit at `o`. */
export function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
/** Little-endian unsigned 32-bit at `o`. */
export function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
/** Little-endian unsigned 64-bit at `o` as a number (exact below 2^53, larger values stay larger than any real size). */
export function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x1_0000_0000;
}

/** End of central directory record (APPNOTE 4.3.16). */
export interface Eocd {
  disk: number;
  cdDisk: number;
  entriesOnDisk: number;
  entries: number;
  cdSize: number;
  cdOffset: number;
  commentLength: number;
}

/** Decode an EOCD at `o` (caller checked the signature and that 22 bytes are present). */
export function parseEocd(b: Uint8Array, o: number): Eocd {
  return {
    disk: u16(b, o + 4),
    cdDisk: u16(b, o + 6),
    entriesOnDisk: u16(b, o + 8),
    entries: u16(b, o + 10),
    cdSize: u32(b, o + 12),
    cdOffset: u32(b, o + 16),
    commentLength: u16(b, o + 20),
  };
}

/** Zip64 EOCD locator (APPNOTE 4.3.15): where the Zip64 EOCD record lies. */
export interface Zip64Locator {
  disk: number;
  recordOffset: number;
  totalDisks: number;
}

/** Decode a Zip64 locator at `o`, or `null` when the signature is absent. */
export function parseZip64Locator(b: Uint8Array, o: number): Zip64Locator | null {
  if (o < 0 || o + ZIP64_LOCATOR_SIZE > b.length || u32(b, o) !== SIG_ZIP64_LOCATOR) return null;
  return { disk: u32(b, o + 4), recordOffset: u64(b, o + 8), totalDisks: u32(b, o + 16) };
}

/** Zip64 EOCD record (APPNOTE 4.3.14), fixed part. */
export interface Zip64Eocd {
  recordSize: number;
  disk: number;
  cdDisk: number;
  entriesOnDisk: number;
  entries: number;
  cdSize: number;
  cdOffset: number;
}

/** Decode a Zip64 EOCD record at `o`, or `null` when the signature is absent or it is short. */
export function parseZip64Eocd(b: Uint8Array, o: number): Zip64Eocd | null {
  if (o < 0 || o + ZIP64_EOCD_MIN_SIZE > b.length || u32(b, o) !== SIG_ZIP64_EOCD) return null;
  return {
    recordSize: u64(b, o + 4),
    disk: u32(b, o + 16),
    cdDisk: u32(b, o + 20),
    entriesOnDisk: u64(b, o + 24),
    entries: u64(b, o + 32),
    cdSize: u64(b, o + 40),
    cdOffset: u64(b, o + 48),
  };
}

/** The fixed part of a central directory header (APPNOTE 4.3.12). */
export interface CentralFixed {
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc32: number;
  compressedSize: number;
  size: number;
  nameLength: number;
  extraLength: number;
  commentLength: number;
  diskStart: number;
  internalAttributes: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

/** Decode the 46 fixed bytes of a central header at `o` (caller checked signature and length). */
export function parseCentralFixed(b: Uint8Array, o: number): CentralFixed {
  return {
    versionMadeBy: u16(b, o + 4),
    versionNeeded: u16(b, o + 6),
    flags: u16(b, o + 8),
    method: u16(b, o + 10),
    dosTime: u16(b, o + 12),
    dosDate: u16(b, o + 14),
    crc32: u32(b, o + 16),
    compressedSize: u32(b, o + 20),
    size: u32(b, o + 24),
    nameLength: u16(b, o + 28),
    extraLength: u16(b, o + 30),
    commentLength: u16(b, o + 32),
    diskStart: u16(b, o + 34),
    internalAttributes: u16(b, o + 36),
    externalAttributes: u32(b, o + 38),
    localHeaderOffset: u32(b, o + 42),
  };
}

/** The fixed part of a local file header (APPNOTE 4.3.7). */
export interface LocalFixed {
  versionNeeded: number;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  nameLength: number;
  extraLength: number;
}

/** Decode the 30 fixed bytes of a local header at `o` (caller checked signature and length). */
export function parseLocalFixed(b: Uint8Array, o: number): LocalFixed {
  return {
    versionNeeded: u16(b, o + 4),
    flags: u16(b, o + 6),
    method: u16(b, o + 8),
    crc32: u32(b, o + 14),
    compressedSize: u32(b, o + 18),
    size: u32(b, o + 22),
    nameLength: u16(b, o + 26),
    extraLength: u16(b, o + 28),
  };
}

/** One extra field block: header id and its data range inside the extra bytes. */
export interface ExtraBlock {
  id: number;
  start: number;
  length: number;
}

/**
 * Split an extra field into blocks (APPNOTE 4.5.1: id u16, size u16, data).
 * `malformed` is true when a block runs past the end of the field.
 */
export function splitExtra(extra: Uint8Array): { blocks: ExtraBlock[]; malformed: boolean } {
  const blocks: ExtraBlock[] = [];
  let o = 0;
  while (o + 4 <= extra.length) {
    const id = u16(extra, o);
    const length = u16(extra, o + 2);
    if (o + 4 + length > extra.length) return { blocks, malformed: true };
    blocks.push({ id, start: o + 4, length });
    o += 4 + length;
  }
  return { blocks, malformed: o !== extra.length };
}

/** The fields a Zip64 extra block (0x0001) supplies. */
export interface Zip64Values {
  size?: number;
  compressedSize?: number;
  localHeaderOffset?: number;
  diskStart?: number;
  /** True when the block was shorter than the fields it had to hold. */
  short: boolean;
}

/**
 * Read a Zip64 extended information block (APPNOTE 4.5.3): it holds, in this order, only
 * those of uncompressed size, compressed size, local header offset (8 bytes each) and disk
 * start (4 bytes) whose 32/16-bit field is saturated (0xFFFFFFFF / 0xFFFF).
 */
export function readZip64Extra(
  extra: Uint8Array,
  block: ExtraBlock,
  need: { size: boolean; compressedSize: boolean; localHeaderOffset: boolean; diskStart: boolean },
): Zip64Values {
  const out: Zip64Values = { short: false };
  let o = block.start;
  const end = block.start + block.length;
  const take8 = (): number | undefined => {
    if (o + 8 > end) {
      out.short = true;
      return undefined;
    }
    const v = u64(extra, o);
    o += 8;
    return v;
  };
  if (need.size) out.size = take8();
  if (need.compressedSize) out.compressedSize = take8();
  if (need.localHeaderOffset) out.localHeaderOffset = take8();
  if (need.diskStart) {
    if (o + 4 > end) out.short = true;
    else out.diskStart = u32(extra, o);
  }
  return out;
}

/** Zip64 extended information extra field header id. */
export const EXTRA_ZIP64 = 0x0001;
