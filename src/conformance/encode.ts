/**
 * Byte writers for conformance fixtures: WAV/AIFF files and ZIP archives with every byte under
 * the recipe's control. Deliberately small and independent of the production writers (they
 * refuse to write broken files), and free of anything whose output could differ between
 * platforms: no compression library (a "deflated" entry is written as stored deflate blocks,
 * RFC 1951 §3.2.4), only integer and correctly rounded double arithmetic.
 *
 * Ref: Microsoft RIFF/WAVE and WAVE_FORMAT_EXTENSIBLE; EBU Tech 3285 (bext); Apple AIFF 1.3;
 * PKWARE APPNOTE.TXT 6.3.10 §4.3.7, §4.3.12, §4.3.16; RFC 1951.
 */

/** What to encode: interleaved integer samples (int) or floats in [-1, 1] (float). */
export interface EncodeSpec {
  container: 'wav' | 'aiff';
  sampleFormat: 'int' | 'float';
  bitDepth: number;
  sampleRate: number;
  channels: number;
  samples: Float64Array;
  /** WAVE_FORMAT_EXTENSIBLE (default: channels > 2 or integer deeper than 16 bits). */
  extensible?: boolean;
  validBits?: number;
  channelMask?: number;
  /** Format tag written instead of PCM/float (non-extensible only). */
  formatTag?: number;
  /** Adds a `bext` chunk with this TimeReference. */
  bextTimeReference?: number;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Concatenate byte arrays. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), (o += p.length);
  return out;
}

function chunk(id: string, body: Uint8Array, le: boolean): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(ascii(id), 0);
  new DataView(out.buffer).setUint32(4, body.length, le);
  out.set(body, 8);
  return out;
}

/** Encode samples as PCM/float bytes in the given byte order. */
export function encodeSamples(spec: Pick<EncodeSpec, 'sampleFormat' | 'bitDepth' | 'samples'>, le: boolean): Uint8Array {
  const bytes = spec.bitDepth / 8;
  const out = new Uint8Array(spec.samples.length * bytes);
  const v = new DataView(out.buffer);
  for (let i = 0; i < spec.samples.length; i++) {
    const x = spec.samples[i]!;
    const o = i * bytes;
    if (spec.sampleFormat === 'float') {
      if (bytes === 4) v.setFloat32(o, x, le);
      else v.setFloat64(o, x, le);
    } else if (bytes === 1) {
      out[o] = (x + 128) & 0xff;
    } else {
      for (let k = 0; k < bytes; k++) {
        const b = Number((BigInt.asUintN(bytes * 8, BigInt(x)) >> BigInt(8 * k)) & 0xffn);
        out[le ? o + k : o + bytes - 1 - k] = b;
      }
    }
  }
  return out;
}

function bext(timeRef: number): Uint8Array {
  const b = new Uint8Array(602);
  const v = new DataView(b.buffer);
  b.set(ascii('stempack conformance fixture'), 0);
  b.set(ascii('stempack'), 256);
  b.set(ascii('2026-01-01'), 320);
  b.set(ascii('00:00:00'), 330);
  v.setUint32(338, timeRef % 2 ** 32, true);
  v.setUint32(342, Math.floor(timeRef / 2 ** 32), true);
  v.setUint16(346, 1, true);
  return b;
}

/** 80-bit IEEE extended big-endian of a positive integer (AIFF sample rates). */
export function extended80(n: number): Uint8Array {
  const out = new Uint8Array(10);
  if (n <= 0) return out;
  let exp = 0;
  let m = BigInt(n);
  while (m >> BigInt(exp + 1) > 0n) exp++;
  const mant = m << BigInt(63 - exp);
  const e = 16383 + exp;
  out[0] = (e >> 8) & 0x7f;
  out[1] = e & 0xff;
  for (let i = 0; i < 8; i++) out[2 + i] = Number((mant >> BigInt(8 * (7 - i))) & 0xffn);
  return out;
}

/** Encode a WAV (RIFF) or AIFF file. */
export function encodeAudio(spec: EncodeSpec): Uint8Array {
  const bytesPer = spec.bitDepth / 8;
  if (spec.container === 'aiff') {
    const frames = spec.samples.length / spec.channels;
    const comm = new Uint8Array(18);
    const cv = new DataView(comm.buffer);
    cv.setInt16(0, spec.channels);
    cv.setUint32(2, frames);
    cv.setInt16(6, spec.bitDepth);
    comm.set(extended80(spec.sampleRate), 8);
    const data = encodeSamples(spec, false);
    const ssnd = concatBytes([new Uint8Array(8), data]);
    const body = concatBytes([ascii('AIFF'), chunk('COMM', comm, false), chunk('SSND', ssnd, false)]);
    const head = new Uint8Array(8);
    head.set(ascii('FORM'));
    new DataView(head.buffer).setUint32(4, body.length);
    return concatBytes([head, body]);
  }
  const blockAlign = spec.channels * bytesPer;
  const ext = spec.extensible ?? (spec.channels > 2 || (spec.sampleFormat === 'int' && spec.bitDepth > 16));
  const baseTag = spec.formatTag ?? (spec.sampleFormat === 'float' ? 3 : 1);
  const fmt = new Uint8Array(ext ? 40 : 16);
  const fv = new DataView(fmt.buffer);
  fv.setUint16(0, ext ? 0xfffe : baseTag, true);
  fv.setUint16(2, spec.channels, true);
  fv.setUint32(4, spec.sampleRate, true);
  fv.setUint32(8, spec.sampleRate * blockAlign, true);
  fv.setUint16(12, blockAlign, true);
  fv.setUint16(14, spec.bitDepth, true);
  if (ext) {
    fv.setUint16(16, 22, true);
    fv.setUint16(18, spec.validBits ?? spec.bitDepth, true);
    fv.setUint32(20, spec.channelMask ?? (spec.channels === 2 ? 3 : spec.channels === 1 ? 4 : 0), true);
    fv.setUint16(24, baseTag, true);
    fmt.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  const parts = [ascii('WAVE'), chunk('fmt ', fmt, true)];
  if (spec.bextTimeReference !== undefined) parts.push(chunk('bext', bext(spec.bextTimeReference), true));
  parts.push(chunk('data', encodeSamples(spec, true), true));
  const body = concatBytes(parts);
  const head = new Uint8Array(8);
  head.set(ascii('RIFF'));
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concatBytes([head, body]);
}

/** Offset of the sample data in a file this module wrote (WAV `data` body, AIFF SSND body + 8), and its length. */
export function sampleDataRange(file: Uint8Array): { offset: number; length: number } | null {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const le = file[0] === 0x52;
  let p = 12;
  while (p + 8 <= file.length) {
    const id = String.fromCharCode(file[p]!, file[p + 1]!, file[p + 2]!, file[p + 3]!);
    const size = v.getUint32(p + 4, le);
    if (id === 'data') return { offset: p + 8, length: Math.min(size, file.length - p - 8) };
    if (id === 'SSND') return { offset: p + 16, length: Math.min(size - 8, file.length - p - 16) };
    p += 8 + size + (size & 1);
  }
  return null;
}

/** Offset of a chunk header in a WAV/AIFF file this module wrote, or -1. */
export function chunkAt(file: Uint8Array, id: string): number {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const le = file[0] === 0x52;
  let p = 12;
  while (p + 8 <= file.length) {
    const cid = String.fromCharCode(file[p]!, file[p + 1]!, file[p + 2]!, file[p + 3]!);
    if (cid === id) return p;
    const size = v.getUint32(p + 4, le);
    p += 8 + size + (size & 1);
  }
  return -1;
}

// ------------------------------------------------------------------ zip

let CRC_TABLE: Uint32Array | null = null;
/** CRC-32 (ISO 3309). */
export function crc32(b: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A deflate stream of stored blocks (RFC 1951 §3.2.4): valid, deterministic, uncompressed. */
export function storedDeflate(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let o = 0;
  do {
    const n = Math.min(65535, data.length - o);
    const h = new Uint8Array(5);
    h[0] = o + n >= data.length ? 1 : 0;
    h[1] = n & 0xff;
    h[2] = n >> 8;
    h[3] = ~n & 0xff;
    h[4] = (~n >> 8) & 0xff;
    parts.push(h, data.subarray(o, o + n));
    o += n;
  } while (o < data.length);
  return concatBytes(parts);
}

/** One archive entry. */
export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** 0 stored (default), 8 deflate (written as stored deflate blocks). */
  method?: number;
  crc?: number;
  flags?: number;
  /** Name in the local header when it differs from the central one. */
  localName?: string;
  /** Extra field bytes (local and central). */
  extra?: Uint8Array;
  /** Written as a local header and data only: no central directory record points at it. */
  hidden?: boolean;
}

/** Options of {@link writeZipArchive}. */
export interface ZipArchiveOptions {
  /** How method-8 entries are compressed (default: stored deflate blocks, byte-identical everywhere). */
  deflate?: (data: Uint8Array) => Uint8Array;
  /** Set the UTF-8 name flag (bit 11) on every entry, not only on non-ASCII names. */
  utf8Always?: boolean;
  /** The archive comment after the end of central directory record. */
  comment?: Uint8Array;
}

/** Write a ZIP archive (no Zip64), entries in the given order, fixed DOS time 1980-01-01. */
export function writeZipArchive(entries: ZipEntrySpec[], opts: ZipArchiveOptions = {}): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 0;
    const payload = method === 8 ? (opts.deflate ?? storedDeflate)(e.data) : e.data;
    const crc = e.crc ?? crc32(e.data);
    const name = enc.encode(e.name);
    const lname = e.localName !== undefined ? enc.encode(e.localName) : name;
    const extra = e.extra ?? new Uint8Array(0);
    const flags = (e.flags ?? 0) | (opts.utf8Always || /[^\x00-\x7f]/.test(e.name) ? 0x800 : 0);
    const local = new Uint8Array(30 + lname.length + extra.length);
    const lv = new DataView(local.buffer);
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
    local.set(lname, 30);
    local.set(extra, 30 + lname.length);
    const cen = new Uint8Array(46 + name.length + extra.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
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
    cv.setUint32(42, offset, true);
    cen.set(name, 46);
    cen.set(extra, 46 + name.length);
    parts.push(local, payload);
    if (!e.hidden) central.push(cen);
    offset += local.length + payload.length;
  }
  const cd = concatBytes(central);
  const comment = opts.comment ?? new Uint8Array(0);
  const eocd = new Uint8Array(22 + comment.length);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, comment.length, true);
  eocd.set(comment, 22);
  return concatBytes([...parts, cd, eocd]);
}
