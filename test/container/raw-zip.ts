// A hand-rolled ZIP builder for hostile fixtures: every field can be overridden.
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/container/crc32.js';

export interface RawEntry {
  name: string | Uint8Array;
  data?: Uint8Array;
  /** Compress the data with deflate (method 8). */
  deflate?: boolean;
  method?: number;
  flags?: number;
  crc?: number;
  size?: number;
  csize?: number;
  localName?: string;
  localMethod?: number;
  localCrc?: number;
  localExtra?: Uint8Array;
  centralExtra?: Uint8Array;
  /** Point the central record at another entry's local header (by index). */
  lhoOf?: number;
  /** Absolute local header offset override. */
  lho?: number;
  /** Written as a local header and data only: no central record points at it. */
  hidden?: boolean;
  /** Bytes written after the data (and descriptor) that belong to no entry. */
  after?: Uint8Array;
  /**
   * A data descriptor after the data (flag bit 3 set, local CRC and sizes zero): with or without
   * its signature, 4- or 8-byte sizes; `bad` writes a wrong CRC in it.
   */
  descriptor?: { signature: boolean; zip64?: boolean; bad?: boolean };
}

export interface RawOptions {
  eocdEntries?: number;
  cdOffset?: number;
  cdSize?: number;
  /** Write Zip64 EOCD + locator with these values (EOCD fields saturated). */
  zip64?: { entries?: number; cdOffset?: number; cdSize?: number };
  comment?: Uint8Array;
}

const enc = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

class Buf {
  private chunks: Uint8Array[] = [];
  private cur: number[] = [];
  length = 0;
  private flush() { if (this.cur.length) { this.chunks.push(new Uint8Array(this.cur)); this.cur = []; } }
  u16(v: number) { this.cur.push(v & 255, (v >>> 8) & 255); this.length += 2; return this; }
  u32(v: number) { for (let i = 0; i < 4; i++) this.cur.push(Math.floor(v / 2 ** (8 * i)) & 255); this.length += 4; return this; }
  u64(v: number) { this.u32(v % 2 ** 32); this.u32(Math.floor(v / 2 ** 32)); return this; }
  bytes(b: Uint8Array) { this.flush(); this.chunks.push(b); this.length += b.length; return this; }
  concat(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) { out.set(c, o); o += c.length; }
    return out;
  }
}

export function buildZip(entries: RawEntry[], opts: RawOptions = {}): Uint8Array {
  const out = new Buf();
  const lhos: number[] = [];
  const infos = entries.map((e) => {
    const raw = e.data ?? new Uint8Array(0);
    const stored = e.deflate ? new Uint8Array(deflateRawSync(raw)) : raw;
    const method = e.method ?? (e.deflate ? 8 : 0);
    return { e, raw, stored, method, crc: e.crc ?? crc32(raw), size: e.size ?? raw.length, csize: e.csize ?? stored.length };
  });
  for (const { e, stored, method, crc, size, csize } of infos) {
    lhos.push(out.length);
    const name = enc(e.localName ?? e.name);
    const extra = e.localExtra ?? new Uint8Array(0);
    const d = e.descriptor;
    out.u32(0x04034b50).u16(20).u16((e.flags ?? 0) | (d ? 8 : 0)).u16(e.localMethod ?? method).u16(0).u16(0x21)
      .u32(d ? 0 : (e.localCrc ?? crc)).u32(d ? 0 : csize).u32(d ? 0 : size).u16(name.length).u16(extra.length).bytes(name).bytes(extra).bytes(stored);
    if (d) {
      if (d.signature) out.u32(0x08074b50);
      out.u32(d.bad ? (crc ^ 1) >>> 0 : crc);
      if (d.zip64) out.u64(csize).u64(size);
      else out.u32(csize).u32(size);
    }
    if (e.after) out.bytes(e.after);
  }
  const cdStart = out.length;
  const listed = infos.filter(({ e }) => !e.hidden).length;
  infos.forEach(({ e, method, crc, size, csize }, i) => {
    if (e.hidden) return;
    const name = enc(e.name);
    const extra = e.centralExtra ?? new Uint8Array(0);
    const lho = e.lho ?? lhos[e.lhoOf ?? i]!;
    out.u32(0x02014b50).u16(20).u16(20).u16((e.flags ?? 0) | (e.descriptor ? 8 : 0)).u16(method).u16(0).u16(0x21)
      .u32(crc).u32(csize).u32(size).u16(name.length).u16(extra.length).u16(0).u16(0).u16(0).u32(0).u32(lho).bytes(name).bytes(extra);
  });
  const cdSize = out.length - cdStart;
  if (opts.zip64) {
    const recAt = out.length;
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0)
      .u64(opts.zip64.entries ?? listed).u64(opts.zip64.entries ?? listed)
      .u64(opts.zip64.cdSize ?? cdSize).u64(opts.zip64.cdOffset ?? cdStart);
    out.u32(0x07064b50).u32(0).u64(recAt).u32(1);
  }
  const comment = opts.comment ?? new Uint8Array(0);
  const n = opts.zip64 ? 0xffff : (opts.eocdEntries ?? listed);
  out.u32(0x06054b50).u16(0).u16(0).u16(n).u16(n)
    .u32(opts.zip64 ? 0xffffffff : (opts.cdSize ?? cdSize)).u32(opts.zip64 ? 0xffffffff : (opts.cdOffset ?? cdStart))
    .u16(comment.length).bytes(comment);
  return out.concat();
}

export const MIME = { name: 'mimetype', data: new TextEncoder().encode('application/vnd.stempack+zip') };
export const MANIFEST = { name: 'stempack.json', data: new TextEncoder().encode('{}') };
