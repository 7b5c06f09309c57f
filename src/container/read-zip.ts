/**
 * The stempack ZIP reader: our own central-directory parser.
 *
 * Why not zip.js's reader (zip.js stays our writer): a validator must report every problem of
 * a hostile or broken archive as findings, in bounded time and memory. zip.js's reader throws
 * on the first problem, so one bad entry hides all the others, and it allocates buffers from
 * sizes the archive declares (central directory size, entry counts) before it can check them.
 * This reader checks every offset and size against the source size before reading, reads the
 * central directory in bounded chunks, caps the entry count, and turns each inconsistency into
 * a {@link Finding}. It imports nothing from Node and runs in browsers.
 *
 * Ref: PKWARE APPNOTE.TXT 6.3.10 (sections 4.3 and 4.4); spec §3.
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding, type Finding, type ParamsOf } from '../model/finding.js';
import { ChunkReader } from './chunk-reader.js';
import { decodeCp437 } from './cp437.js';
import { checkEntryName, collisionKey } from './names.js';
import { checkPackageLayout } from './package-layout.js';
import { coverageFindings, eocdCommentFindings } from './coverage.js';
import type { ZipEntry } from './zip-entry.js';
import {
  CENTRAL_FIXED,
  EOCD_SEARCH_SPAN,
  EOCD_SIZE,
  EXTRA_ZIP64,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
  FLAG_UTF8,
  LOCAL_FIXED,
  SIG_CENTRAL,
  SIG_EOCD,
  SIG_LOCAL,
  U16_MAX,
  U32_MAX,
  ZIP64_EOCD_MIN_SIZE,
  ZIP64_LOCATOR_SIZE,
  parseCentralFixed,
  parseEocd,
  parseLocalFixed,
  parseZip64Eocd,
  parseZip64Locator,
  readZip64Extra,
  splitExtra,
  u32,
  u64,
} from './zip-format.js';

export type { ZipEntry } from './zip-entry.js';

/** Options of {@link readZip}. */
export interface ReadZipOptions {
  /** Most central directory entries parsed; more give an SP-ZIP-001 finding. Default 1,000,000. */
  maxEntries?: number;
  /** Also run the stempack layout checks (SP-ZIP-002, -004, -005). Default true. */
  packageLayout?: boolean;
}

/** What {@link readZip} found. */
export interface ReadZipResult {
  /** Entries in central directory order. */
  entries: ZipEntry[];
  findings: Finding[];
  /** The archive uses a Zip64 end of central directory record. */
  zip64: boolean;
  /** The central directory's offset and size, when the end records could be read. */
  directory?: { offset: number; size: number };
}

/**
 * Deflate cannot expand data by more than about 1032:1 (258-byte matches coded in ~2 bits);
 * a declared ratio beyond this is a lie or a bomb.
 */
export const MAX_DEFLATE_RATIO = 1032;

interface CentralDirectory {
  offset: number;
  size: number;
  entries: number;
  zip64: boolean;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Loose = new TextDecoder('utf-8');

/**
 * Read the central directory of a ZIP archive and every local header, checking structure
 * and names. Never throws on bad input: problems come back as findings
 * (SP-ZIP-001 unreadable, -007 inconsistent, -008 unsafe name, -009 collision, -014 encrypted,
 * -015 bytes no entry covers or an end record signature in the comment, and with `packageLayout`
 * -002, -004, -005).
 */
export async function readZip(src: ByteSource, opts: ReadZipOptions = {}): Promise<ReadZipResult> {
  const findings: Finding[] = [];
  const maxEntries = opts.maxEntries ?? 1_000_000;
  const cd = await locateCentralDirectory(src, findings);
  if (!cd) return { entries: [], findings, zip64: false };
  const { entries, nameBytes, complete } = await readCentralDirectory(src, cd, maxEntries, findings);
  const localFlags = await readLocalHeaders(src, entries, nameBytes, cd.offset, findings);
  checkEntryShapes(entries, findings);
  checkOverlaps(entries, findings);
  // every byte before the central directory is some entry's (SP-ZIP-015); with the directory cut
  // short (SP-ZIP-001) the entries it did not list would all look hidden
  if (complete) for (const f of await coverageFindings(src, entries, localFlags, cd.offset)) findings.push(f);
  checkNames(entries, findings);
  if (opts.packageLayout ?? true) findings.push(...(await checkPackageLayout(src, entries)));
  return { entries, findings, zip64: cd.zip64, directory: { offset: cd.offset, size: cd.size } };
}

function zip001(params: ParamsOf<'SP-ZIP-001'>, byteOffset?: number): Finding {
  return finding('SP-ZIP-001', '', params, byteOffset === undefined ? undefined : { frame: 0, seconds: 0, byteOffset });
}

function zip007(path: string, params: ParamsOf<'SP-ZIP-007'>, byteOffset?: number): Finding {
  return finding('SP-ZIP-007', path, params, byteOffset === undefined ? undefined : { frame: 0, seconds: 0, byteOffset });
}

/** Find the EOCD (and Zip64 records) and return a central directory window checked against the source size. */
async function locateCentralDirectory(src: ByteSource, findings: Finding[]): Promise<CentralDirectory | null> {
  const size = src.size;
  if (size < EOCD_SIZE) {
    findings.push(zip001({ reason: 'too-small', size }));
    return null;
  }
  const tailLen = Math.min(size, EOCD_SEARCH_SPAN);
  const tailStart = size - tailLen;
  const tail = (await src.read(tailStart, tailLen)).slice();
  if (tail.length < tailLen) {
    findings.push(zip001({ reason: 'short-read' }));
    return null;
  }
  let exact = -1;
  let loose = -1;
  for (let p = tailLen - EOCD_SIZE; p >= 0; p--) {
    if (tail[p] !== 0x50 || u32(tail, p) !== SIG_EOCD) continue;
    const end = p + EOCD_SIZE + (tail[p + 20]! | (tail[p + 21]! << 8));
    if (end === tailLen) {
      exact = p;
      break;
    }
    if (end < tailLen && loose < 0) loose = p;
  }
  const at = exact >= 0 ? exact : loose;
  if (at < 0) {
    findings.push(zip001({ reason: 'no-eocd' }));
    return null;
  }
  const eocdOffset = tailStart + at;
  const eocd = parseEocd(tail, at);
  if (exact < 0) {
    const trailing = tailLen - (at + EOCD_SIZE + eocd.commentLength);
    findings.push(zip007('', { reason: 'trailing-bytes', trailing }, eocdOffset));
  }
  for (const f of eocdCommentFindings(tail, tailStart, at, eocd.commentLength)) findings.push(f);

  let cdEnd = eocdOffset;
  let entries = eocd.entries;
  let cdSize = eocd.cdSize;
  let cdOffset = eocd.cdOffset;
  let disk = eocd.disk;
  let cdDisk = eocd.cdDisk;
  let zip64 = false;

  // Zip64 locator sits right before the EOCD.
  const locOffset = eocdOffset - ZIP64_LOCATOR_SIZE;
  let loc = null;
  if (locOffset >= 0) {
    const lb = locOffset >= tailStart ? tail.subarray(locOffset - tailStart) : await src.read(locOffset, ZIP64_LOCATOR_SIZE);
    loc = parseZip64Locator(lb, 0);
  }
  if (loc) {
    if (loc.recordOffset + ZIP64_EOCD_MIN_SIZE > locOffset) {
      findings.push(zip001({ reason: 'zip64-eocd-out-of-range', offset: loc.recordOffset }, locOffset));
      return null;
    }
    const rb = await src.read(loc.recordOffset, ZIP64_EOCD_MIN_SIZE);
    const rec = parseZip64Eocd(rb, 0);
    if (!rec) {
      findings.push(zip001({ reason: 'zip64-eocd-missing', offset: loc.recordOffset }, loc.recordOffset));
      return null;
    }
    zip64 = true;
    cdEnd = loc.recordOffset;
    const check = (field: string, v32: number, sat: number, v64: number) => {
      if (v32 !== sat && v32 !== v64) {
        findings.push(zip007('', { reason: 'zip64-eocd-mismatch', field, classic: v32, zip64: v64 }, eocdOffset));
      }
    };
    check('entries', eocd.entries, U16_MAX, rec.entries);
    check('cdSize', eocd.cdSize, U32_MAX, rec.cdSize);
    check('cdOffset', eocd.cdOffset, U32_MAX, rec.cdOffset);
    entries = rec.entries;
    cdSize = rec.cdSize;
    cdOffset = rec.cdOffset;
    disk = rec.disk;
    cdDisk = rec.cdDisk;
    if (rec.entriesOnDisk !== rec.entries) {
      findings.push(zip007('', { reason: 'entries-on-disk', onDisk: rec.entriesOnDisk, total: rec.entries }, loc.recordOffset));
    }
  } else {
    if (eocd.cdOffset === U32_MAX || eocd.cdSize === U32_MAX) {
      findings.push(zip007('', { reason: 'zip64-missing' }, eocdOffset));
    }
    if (eocd.entriesOnDisk !== eocd.entries) {
      findings.push(zip007('', { reason: 'entries-on-disk', onDisk: eocd.entriesOnDisk, total: eocd.entries }, eocdOffset));
    }
  }
  if (disk !== 0 || cdDisk !== 0) {
    findings.push(zip001({ reason: 'multi-disk', disk, cdDisk }, eocdOffset));
    return null;
  }
  if (cdOffset > cdEnd || cdSize > cdEnd - cdOffset) {
    findings.push(zip001({ reason: 'cd-out-of-range', cdOffset, cdSize, limit: cdEnd }, eocdOffset));
    return null;
  }
  if (cdOffset + cdSize !== cdEnd) {
    findings.push(zip007('', { reason: 'cd-gap', cdOffset, cdSize, endRecord: cdEnd }, cdOffset + cdSize));
  }
  const possible = Math.floor(cdSize / CENTRAL_FIXED);
  if (entries > possible) {
    findings.push(zip001({ reason: 'entry-count', declared: entries, possible }, eocdOffset));
  }
  return { offset: cdOffset, size: cdSize, entries, zip64 };
}

function decodeName(bytes: Uint8Array, utf8: boolean): { name: string; ascii: boolean; valid: boolean } {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) { ascii = false; break; }
  if (ascii) return { name: utf8Loose.decode(bytes), ascii, valid: true };
  if (!utf8) return { name: decodeCp437(bytes), ascii, valid: false };
  try {
    return { name: utf8Strict.decode(bytes), ascii, valid: true };
  } catch {
    return { name: utf8Loose.decode(bytes), ascii, valid: false };
  }
}

/** Walk central headers in bounded chunks. */
async function readCentralDirectory(
  src: ByteSource,
  cd: CentralDirectory,
  maxEntries: number,
  findings: Finding[],
): Promise<{ entries: ZipEntry[]; nameBytes: Uint8Array[]; complete: boolean }> {
  const entries: ZipEntry[] = [];
  const nameBytes: Uint8Array[] = [];
  const end = cd.offset + cd.size;
  const reader = new ChunkReader(src, cd.offset, end);
  let pos = cd.offset;
  let stopped = false;
  while (entries.length < cd.entries && pos < end) {
    if (entries.length >= maxEntries) {
      findings.push(zip001({ reason: 'too-many-entries', max: maxEntries, declared: cd.entries }, pos));
      stopped = true;
      break;
    }
    const fixedBytes = await reader.get(pos, CENTRAL_FIXED);
    if (!fixedBytes) {
      findings.push(zip001({ reason: 'cd-truncated', index: entries.length }, pos));
      stopped = true;
      break;
    }
    if (u32(fixedBytes, 0) !== SIG_CENTRAL) {
      findings.push(zip001({ reason: 'cd-signature', index: entries.length }, pos));
      stopped = true;
      break;
    }
    const h = parseCentralFixed(fixedBytes, 0);
    const varLen = h.nameLength + h.extraLength + h.commentLength;
    const v = await reader.get(pos + CENTRAL_FIXED, varLen);
    if (!v) {
      findings.push(zip001({ reason: 'cd-truncated', index: entries.length }, pos));
      stopped = true;
      break;
    }
    const nb = v.slice(0, h.nameLength);
    const extra = v.subarray(h.nameLength, h.nameLength + h.extraLength);
    const utf8 = (h.flags & FLAG_UTF8) !== 0;
    const dn = decodeName(nb, utf8);
    const name = dn.name;
    let size = h.size;
    let compressedSize = h.compressedSize;
    let localHeaderOffset = h.localHeaderOffset;
    let diskStart = h.diskStart;
    const { blocks, malformed } = splitExtra(extra);
    if (malformed) findings.push(zip007(name, { reason: 'extra-malformed', length: h.extraLength, header: 'central' }, pos));
    const z64 = blocks.find((b) => b.id === EXTRA_ZIP64);
    const need = {
      size: h.size === U32_MAX,
      compressedSize: h.compressedSize === U32_MAX,
      localHeaderOffset: h.localHeaderOffset === U32_MAX,
      diskStart: h.diskStart === U16_MAX,
    };
    const needAny = need.size || need.compressedSize || need.localHeaderOffset || need.diskStart;
    if (z64) {
      const z = readZip64Extra(extra, z64, need);
      if (z.short) findings.push(zip007(name, { reason: 'zip64-extra-short' }, pos));
      if (z.size !== undefined) size = z.size;
      if (z.compressedSize !== undefined) compressedSize = z.compressedSize;
      if (z.localHeaderOffset !== undefined) localHeaderOffset = z.localHeaderOffset;
      if (z.diskStart !== undefined) diskStart = z.diskStart;
    } else if (needAny) {
      findings.push(zip007(name, { reason: 'zip64-extra-missing' }, pos));
    }
    if (diskStart !== 0) findings.push(zip007(name, { reason: 'disk-start', diskStart }, pos));
    const encrypted = (h.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0 || h.method === 99;
    entries.push({
      index: entries.length,
      name,
      method: h.method,
      flags: h.flags,
      crc32: h.crc32,
      compressedSize,
      size,
      localHeaderOffset,
      dataOffset: -1,
      isDirectory: name.endsWith('/'),
      encrypted,
      utf8,
      zip64: z64 !== undefined,
      dataDescriptor: (h.flags & FLAG_DATA_DESCRIPTOR) !== 0,
      readable: false,
      central: { offset: pos, length: CENTRAL_FIXED + varLen },
    });
    nameBytes.push(nb);
    if (!dn.valid) {
      findings.push(
        finding('SP-ZIP-008', name, { reason: utf8 ? 'invalid-utf8' : 'not-utf8', index: entries.length - 1 }),
      );
    }
    pos += CENTRAL_FIXED + varLen;
  }
  if (!stopped) {
    if (entries.length !== cd.entries) {
      findings.push(zip001({ reason: 'entry-count-mismatch', declared: cd.entries, found: entries.length }, pos));
    } else if (pos !== end) {
      findings.push(zip007('', { reason: 'cd-size-mismatch', declared: cd.size, used: pos - cd.offset }, pos));
    }
  }
  return { entries, nameBytes, complete: !stopped && entries.length === cd.entries };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const LOCAL_READ_CHUNK = 64 << 10;

/**
 * Read every local header (in offset order, buffered) and check it against the central header.
 * Returns the general purpose flags of each entry's local header (-1 where none was read).
 */
async function readLocalHeaders(
  src: ByteSource,
  entries: ZipEntry[],
  nameBytes: Uint8Array[],
  cdOffset: number,
  findings: Finding[],
): Promise<number[]> {
  const localFlags = entries.map(() => -1);
  const order = entries.map((e) => e.index).sort((a, b) => entries[a]!.localHeaderOffset - entries[b]!.localHeaderOffset || a - b);
  const reader = new ChunkReader(src, 0, cdOffset, LOCAL_READ_CHUNK);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const e = entries[i]!;
    const lho = e.localHeaderOffset;
    // Read ahead only up to the next local header (plus room for this one's name and extra):
    // scattered headers in a huge file then cost about 1 KiB each, not a whole chunk.
    const next = k + 1 < order.length ? entries[order[k + 1]!]!.localHeaderOffset : Infinity;
    const gap = next - lho;
    const ahead = (gap >= 0 && gap <= LOCAL_READ_CHUNK ? gap : 0) + LOCAL_FIXED + 1024;
    const fixed = await reader.get(lho, LOCAL_FIXED, ahead);
    if (!fixed) {
      findings.push(zip007(e.name, { reason: 'local-header-out-of-range', offset: lho, limit: cdOffset }, lho));
      continue;
    }
    if (u32(fixed, 0) !== SIG_LOCAL) {
      findings.push(zip007(e.name, { reason: 'local-signature', offset: lho }, lho));
      continue;
    }
    const l = parseLocalFixed(fixed, 0);
    localFlags[i] = l.flags;
    const v = await reader.get(lho + LOCAL_FIXED, l.nameLength + l.extraLength, ahead);
    if (!v) {
      findings.push(zip007(e.name, { reason: 'local-header-out-of-range', offset: lho, limit: cdOffset }, lho));
      continue;
    }
    if (!sameBytes(v.subarray(0, l.nameLength), nameBytes[i]!)) {
      findings.push(zip007(e.name, { reason: 'local-name-mismatch' }, lho));
    }
    if (l.method !== e.method) {
      findings.push(zip007(e.name, { reason: 'local-method-mismatch', central: e.method, local: l.method }, lho));
    }
    if ((l.flags & FLAG_ENCRYPTED) !== (e.flags & FLAG_ENCRYPTED)) {
      findings.push(zip007(e.name, { reason: 'local-flags-mismatch', central: e.flags, local: l.flags }, lho));
      e.encrypted = true;
    }
    let lSize = l.size;
    let lComp = l.compressedSize;
    const extra = v.subarray(l.nameLength);
    const { blocks, malformed } = splitExtra(extra);
    if (malformed) findings.push(zip007(e.name, { reason: 'extra-malformed', length: l.extraLength, header: 'local' }, lho));
    const z64 = blocks.find((b) => b.id === EXTRA_ZIP64);
    if (z64 && (l.size === U32_MAX || l.compressedSize === U32_MAX)) {
      // APPNOTE 4.5.3: in a local header the Zip64 field holds both sizes.
      if (z64.length >= 16) {
        lSize = u64(extra, z64.start);
        lComp = u64(extra, z64.start + 8);
      } else {
        const z = readZip64Extra(extra, z64, { size: l.size === U32_MAX, compressedSize: l.compressedSize === U32_MAX, localHeaderOffset: false, diskStart: false });
        if (z.size !== undefined) lSize = z.size;
        if (z.compressedSize !== undefined) lComp = z.compressedSize;
      }
    }
    const dd = (l.flags & FLAG_DATA_DESCRIPTOR) !== 0;
    const agree = (field: 'crc32' | 'compressedSize' | 'size', central: number, local: number) => {
      // With a data descriptor the local fields may be zero (or saturated for Zip64).
      if (central === local) return;
      if (dd && (local === 0 || (local === U32_MAX && field !== 'crc32'))) return;
      findings.push(zip007(e.name, { reason: `local-${field}-mismatch`, field, central, local } as ParamsOf<'SP-ZIP-007'>, lho));
    };
    agree('crc32', e.crc32, l.crc32);
    agree('compressedSize', e.compressedSize, lComp);
    agree('size', e.size, lSize);
    e.dataOffset = lho + LOCAL_FIXED + l.nameLength + l.extraLength;
    const dataEnd = e.dataOffset + e.compressedSize;
    if (dataEnd > cdOffset) {
      findings.push(zip007(e.name, { reason: 'data-out-of-range', dataOffset: e.dataOffset, compressedSize: e.compressedSize, limit: cdOffset }, e.dataOffset));
      continue;
    }
    e.readable = true;
  }
  return localFlags;
}

/** Per-entry sanity: stored sizes, impossible ratios, encryption. */
function checkEntryShapes(entries: ZipEntry[], findings: Finding[]): void {
  for (const e of entries) {
    if (e.encrypted) findings.push(finding('SP-ZIP-014', e.name, { method: e.method, flags: e.flags }));
    if (e.method === 0 && !e.encrypted && e.size !== e.compressedSize) {
      findings.push(zip007(e.name, { reason: 'stored-size-mismatch', size: e.size, compressedSize: e.compressedSize }));
    }
    if (e.method === 8 && e.size > Math.max(e.compressedSize, 1) * MAX_DEFLATE_RATIO) {
      findings.push(zip007(e.name, { reason: 'compression-ratio', size: e.size, compressedSize: e.compressedSize, maxRatio: MAX_DEFLATE_RATIO }));
      e.readable = false;
    }
  }
}

/** Entries must not share bytes: sort by offset and compare with the furthest end so far. */
function checkOverlaps(entries: ZipEntry[], findings: Finding[]): void {
  const located = entries.filter((e) => e.dataOffset >= 0).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset || a.index - b.index);
  let maxEnd = -1;
  let owner: ZipEntry | null = null;
  for (const e of located) {
    if (owner && e.localHeaderOffset < maxEnd) {
      findings.push(zip007(e.name, { reason: 'overlap', other: owner.name, offset: e.localHeaderOffset, otherEnd: maxEnd }, e.localHeaderOffset));
    }
    const end = e.dataOffset + e.compressedSize;
    if (end > maxEnd) {
      maxEnd = end;
      owner = e;
    }
  }
}

/** Unsafe names, exact duplicates and NFC + case-fold collisions. */
function checkNames(entries: ZipEntry[], findings: Finding[]): void {
  const exact = new Map<string, ZipEntry>();
  const folded = new Map<string, ZipEntry>();
  for (const e of entries) {
    const p = checkEntryName(e.name);
    if (p) findings.push(finding('SP-ZIP-008', e.name, { reason: p.kind, index: p.index }));
    const first = exact.get(e.name);
    if (first) {
      findings.push(finding('SP-ZIP-009', e.name, { kind: 'duplicate', other: first.name, index: e.index, otherIndex: first.index }));
      continue;
    }
    exact.set(e.name, e);
    const key = collisionKey(e.name);
    const prior = folded.get(key);
    if (prior) {
      findings.push(finding('SP-ZIP-009', e.name, { kind: 'collision', other: prior.name, index: e.index, otherIndex: prior.index }));
    } else folded.set(key, e);
  }
}
