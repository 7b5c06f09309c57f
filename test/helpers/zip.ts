/**
 * A minimal ZIP writer for tests (no Zip64): stored or deflated entries, with knobs to write
 * deliberately inconsistent archives (wrong CRC, wrong sizes, mismatched local names).
 * Independent of `src/container/` so tests cross-check it.
 *
 * Ref: PKWARE APPNOTE.TXT 4.3.7 (local file header), 4.3.12 (central directory), 4.3.16 (EOCD).
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 as zcrc } from 'node:zlib';

/** One entry to write. */
export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** 0 stored (default), 8 deflated. */
  method?: 0 | 8;
  /** Override the CRC-32 written in both headers. */
  crc?: number;
  /** Extra field bytes (local and central). */
  extra?: Uint8Array;
  /** General purpose flags (bit 0 = encrypted). */
  flags?: number;
  /** Name written in the local header when it should differ from the central one. */
  localName?: string;
}

/** Write a ZIP archive from entries, in the order given. */
export function writeZip(entries: ZipEntrySpec[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 0;
    const payload = method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = e.crc ?? crc32(e.data);
    const name = enc.encode(e.name);
    const lname = e.localName !== undefined ? enc.encode(e.localName) : name;
    const extra = e.extra ?? new Uint8Array(0);
    const flags = (e.flags ?? 0) | 0x800; // UTF-8 names
    const lh = new Uint8Array(30 + lname.length + extra.length);
    const lv = new DataView(lh.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, lname.length, true);
    lv.setUint16(28, extra.length, true);
    lh.set(lname, 30);
    lh.set(extra, 30 + lname.length);
    const ch = new Uint8Array(46 + name.length + extra.length);
    const cv = new DataView(ch.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 0x031e, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint32(38, 0o100644 << 16, true);
    cv.setUint32(42, offset, true);
    ch.set(name, 46);
    ch.set(extra, 46 + name.length);
    parts.push(lh, payload);
    central.push(ch);
    offset += lh.length + payload.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, eocd]);
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
