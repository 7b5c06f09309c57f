/**
 * Bytes a streaming reader sees but the central directory does not (spec §3.3, SP-ZIP-015).
 *
 * A reader that walks the local headers from the first byte (Java's ZipInputStream, many
 * "unzip from a pipe" tools) and a reader that starts from the central directory (this validator,
 * unzip, Python's zipfile) must see the same entries. Two tricks make them differ: a local entry
 * (or any bytes) between the entries the central directory lists, which only the streaming reader
 * extracts (a hidden `Song.ptx`, a `../../evil.sh`), and an end of central directory signature
 * inside the archive comment, so that readers that take the last record and readers that take the
 * first read two different central directories. Both are findings here.
 *
 * Ref: PKWARE APPNOTE.TXT 6.3.10 §4.3.6 (overall layout: local header, data, data descriptor, in
 * sequence), §4.3.9 (data descriptor, optional signature 0x08074b50), §4.3.16 (end record, comment).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding, type Finding, type ParamsMap } from '../model/finding.js';
import type { ZipEntry } from './zip-entry.js';
import { EOCD_SIZE, FLAG_DATA_DESCRIPTOR, FLAG_UTF8, LOCAL_FIXED, SIG_DATA_DESCRIPTOR, SIG_EOCD, SIG_LOCAL, parseLocalFixed, u32, u64 } from './zip-format.js';

/** Hidden local entries whose names a finding lists at most. */
const MAX_HIDDEN_NAMES = 10;
/** Characters of a hidden entry's name kept in a finding. */
const MAX_NAME_CHARS = 200;

/** Params of SP-ZIP-015 about bytes no entry covers. */
export type HiddenBytesParams = Extract<ParamsMap['SP-ZIP-015'], { reason: 'hidden-bytes' }>;
/** Params of SP-ZIP-015 about an end record signature in a comment. */
export type EocdInCommentParams = Extract<ParamsMap['SP-ZIP-015'], { reason: 'eocd-in-comment' }>;

/**
 * SP-ZIP-015 findings for end record signatures in the comment: `tail` holds the last bytes of
 * the file from `tailStart`, the record in use is at `at` (in `tail`) with `commentLength`.
 */
export function eocdCommentFindings(tail: Uint8Array, tailStart: number, at: number, commentLength: number): Finding[] {
  const out: Finding[] = [];
  // a signature inside this record's own comment
  const end = Math.min(tail.length, at + EOCD_SIZE + commentLength);
  for (let p = at + EOCD_SIZE; p + 4 <= end; p++) {
    if (tail[p] === 0x50 && u32(tail, p) === SIG_EOCD) {
      const params: EocdInCommentParams = { reason: 'eocd-in-comment', offset: tailStart + p, eocdOffset: tailStart + at };
      out.push(finding('SP-ZIP-015', '', params, { frame: 0, seconds: 0, byteOffset: tailStart + p }));
      break;
    }
  }
  // this record inside the comment of an earlier one that also ends where the file ends
  for (let p = at - 1; p >= 0; p--) {
    if (tail[p] !== 0x50 || p + EOCD_SIZE > tail.length || u32(tail, p) !== SIG_EOCD) continue;
    if (p + EOCD_SIZE + (tail[p + 20]! | (tail[p + 21]! << 8)) === tail.length) {
      const params: EocdInCommentParams = { reason: 'eocd-in-comment', offset: tailStart + at, eocdOffset: tailStart + p };
      out.push(finding('SP-ZIP-015', '', params, { frame: 0, seconds: 0, byteOffset: tailStart + at }));
      break;
    }
  }
  return out;
}

/**
 * SP-ZIP-015 findings for the bytes before the central directory (`cdOffset`) that are no entry's
 * local header, data or data descriptor; SP-ZIP-007 for a data descriptor that does not match its
 * entry. Runs only when every entry's local header was read (`localFlags[i] >= 0`): otherwise the
 * archive is already reported broken (SP-ZIP-007) and where its entries end is not known.
 */
export async function coverageFindings(src: ByteSource, entries: readonly ZipEntry[], localFlags: readonly number[], cdOffset: number): Promise<Finding[]> {
  const out: Finding[] = [];
  if (entries.some((e) => e.dataOffset < 0 || (localFlags[e.index] ?? -1) < 0)) return out;
  const order = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset || a.index - b.index);
  let cursor = 0;
  // bytes after a data descriptor that matched no layout: up to a descriptor's length of them are its
  let unsure = 0;
  const gap = async (from: number, to: number): Promise<void> => {
    if (to - from <= unsure) return;
    const params: HiddenBytesParams = { reason: 'hidden-bytes', offset: from, length: to - from };
    const names = await hiddenNames(src, from, to);
    if (names.length > 0) params.localNames = names;
    out.push(finding('SP-ZIP-015', '', params, { frame: 0, seconds: 0, byteOffset: from }));
  };
  for (const e of order) {
    if (e.localHeaderOffset > cursor) await gap(cursor, e.localHeaderOffset);
    unsure = 0;
    let end = e.dataOffset + e.compressedSize;
    if (((localFlags[e.index]! | e.flags) & FLAG_DATA_DESCRIPTOR) !== 0 && end < cdOffset) {
      const n = await descriptorLength(src, e, end, cdOffset);
      if (n < 0) {
        out.push(
          finding('SP-ZIP-007', e.name, { reason: 'data-descriptor', offset: end }, { frame: 0, seconds: 0, byteOffset: end }),
        );
        unsure = 24;
      } else end += n;
    }
    cursor = Math.max(cursor, end);
  }
  if (cursor < cdOffset) await gap(cursor, cdOffset);
  return out;
}

/**
 * Length of the data descriptor at `at` (APPNOTE 4.3.9: an optional signature, the CRC-32, then
 * both sizes in 4 or, for Zip64, 8 bytes each): the first layout whose fields are the entry's,
 * or -1 when none is.
 */
async function descriptorLength(src: ByteSource, e: ZipEntry, at: number, limit: number): Promise<number> {
  const b = await src.read(at, Math.min(24, limit - at));
  const sig = b.length >= 4 && u32(b, 0) === SIG_DATA_DESCRIPTOR ? 4 : 0;
  for (const [s, w] of [[sig, 8], [sig, 4], [0, 8], [0, 4]] as const) {
    const len = s + 4 + 2 * w;
    if (len > b.length) continue;
    const size = (o: number) => (w === 8 ? u64(b, o) : u32(b, o));
    if (u32(b, s) === e.crc32 >>> 0 && size(s + 4) === e.compressedSize && size(s + 4 + w) === e.size) return len;
  }
  return -1;
}

/** Names of the local entries written in `[from, to)`, walking their headers from `from`. */
async function hiddenNames(src: ByteSource, from: number, to: number): Promise<string[]> {
  const names: string[] = [];
  let p = from;
  while (names.length < MAX_HIDDEN_NAMES && p + LOCAL_FIXED <= to) {
    const h = await src.read(p, LOCAL_FIXED);
    if (h.length < LOCAL_FIXED || u32(h, 0) !== SIG_LOCAL) break;
    const l = parseLocalFixed(h.slice(), 0);
    const nameEnd = p + LOCAL_FIXED + l.nameLength;
    if (nameEnd > to) break;
    const nb = await src.read(p + LOCAL_FIXED, l.nameLength);
    const name = new TextDecoder((l.flags & FLAG_UTF8) !== 0 ? 'utf-8' : 'latin1').decode(nb);
    names.push(name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS)}…` : name);
    // the next hidden header follows this one's data (unknown with a data descriptor and no size)
    if ((l.flags & FLAG_DATA_DESCRIPTOR) !== 0 && l.compressedSize === 0) break;
    p = nameEnd + l.extraLength + l.compressedSize;
  }
  return names;
}
