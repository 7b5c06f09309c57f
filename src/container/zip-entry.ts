/** One entry of a ZIP archive as the reader found it. Sizes and offsets are numbers (exact up to 2^53). */
export interface ZipEntry {
  /** Position in central directory order (0-based). */
  index: number;
  /** The name, decoded as UTF-8 (flag bit 11 set) or CP437 (flag clear, for display). */
  name: string;
  /** Compression method (0 stored, 8 deflate, others recorded as found). */
  method: number;
  /** General-purpose bit flags from the central header. */
  flags: number;
  /** CRC-32 the central directory declares. */
  crc32: number;
  compressedSize: number;
  /** Uncompressed size. */
  size: number;
  localHeaderOffset: number;
  /** Offset of the entry's first data byte (after the local header), or -1 when the local header is unreadable. */
  dataOffset: number;
  /** Name ends with `/`. */
  isDirectory: boolean;
  /** Traditional (bit 0), strong (bit 6) or AES (method 99) encryption. */
  encrypted: boolean;
  /** Name flagged as UTF-8 (bit 11). */
  utf8: boolean;
  /** The central header carried a Zip64 extra field. */
  zip64: boolean;
  /** Sizes and CRC follow the data in a data descriptor (bit 3). */
  dataDescriptor: boolean;
  /**
   * The local header was read and agrees with the central directory enough to locate the
   * data, and `[dataOffset, dataOffset + compressedSize)` lies inside the archive before the
   * central directory. Only readable entries may be read.
   */
  readable: boolean;
  /** Where the entry's central directory header is: its offset in the archive and its length (name, extra and comment included). */
  central?: { offset: number; length: number };
}
