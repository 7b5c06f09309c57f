/**
 * Header builders for the files the writer produces. Each returns the complete header (every
 * byte before the first sample) for given final sizes; the header's length never depends on
 * the sizes, so the writer writes it first with provisional sizes and overwrites it at the end.
 *
 * Ref: Microsoft "Multimedia Programming Interface and Data Specifications 1.0" (RIFF/WAVE,
 * `fmt `, `data`); Microsoft WAVEFORMATEXTENSIBLE (KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs);
 * EBU Tech 3306 (RF64: `ds64`, JUNK reservation); EBU Tech 3285 (`bext`); iXML spec (`iXML`);
 * Apple AIFF 1.3 and AIFF-C draft 1991 (FORM, FVER 0xA2805140, COMM, SSND).
 */
import { encodeExtended80 } from '../extended80.js';
import { encodeBext } from './bext.js';
import type { ResolvedSpec } from './spec.js';

/** Sizes the header states. */
export interface HeaderSizes {
  /** Sample bytes (without the pad byte). */
  dataBytes: number;
  frames: number;
}

/** A header builder for one resolved spec. */
export interface HeaderBuilder {
  /** Header length in bytes: the offset of the first sample. */
  readonly length: number;
  /** Largest data size the container can state, or Infinity (RF64 possible). */
  readonly maxDataBytes: number;
  /** Build the header for these sizes; `rf64` selects the RF64 form (WAV only). */
  build(sizes: HeaderSizes, rf64: boolean): Uint8Array;
  /** Whether the file with these sizes must be (or is configured as) RF64. */
  needsRf64(dataBytes: number): boolean;
}

const U32_MAX = 0xffffffff;
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const utf8 = new TextEncoder();
/** KSDATAFORMAT_SUBTYPE_xxx GUID tail after the 2-byte format code: -0000-0010-8000-00AA00389B71. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Small positional byte writer. */
class Out {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  pos = 0;
  constructor(n: number) {
    this.bytes = new Uint8Array(n);
    this.dv = new DataView(this.bytes.buffer);
  }
  id(s: string): void {
    this.bytes.set(ascii(s), this.pos);
    this.pos += 4;
  }
  u16le(v: number): void {
    this.dv.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32le(v: number): void {
    this.dv.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  u64le(v: number): void {
    this.dv.setBigUint64(this.pos, BigInt(v), true);
    this.pos += 8;
  }
  u16be(v: number): void {
    this.dv.setUint16(this.pos, v, false);
    this.pos += 2;
  }
  u32be(v: number): void {
    this.dv.setUint32(this.pos, v, false);
    this.pos += 4;
  }
  raw(b: ArrayLike<number>): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
  /** Chunk body plus its pad byte to an even size. */
  chunk(id: string, body: Uint8Array): void {
    this.id(id);
    this.u32le(body.length);
    this.raw(body);
    this.pos += body.length & 1;
  }
}

const padded = (n: number): number => n + (n & 1);

/** The `fmt ` chunk body. */
function fmtBody(r: ResolvedSpec): Uint8Array {
  const ext = r.formatTag === 0xfffe;
  const size = ext ? 40 : r.formatTag === 1 ? 16 : 18;
  const o = new Out(size);
  o.u16le(r.formatTag);
  o.u16le(r.channels);
  o.u32le(r.sampleRate);
  o.u32le(r.sampleRate * r.blockAlign);
  o.u16le(r.blockAlign);
  o.u16le(r.bits);
  if (size >= 18) o.u16le(ext ? 22 : 0);
  if (ext) {
    o.u16le(r.bits); // valid bits
    o.u32le(r.channelMask);
    o.u16le(r.encoding.sampleFormat === 'float' ? 3 : 1);
    o.raw(GUID_TAIL);
  }
  return o.bytes;
}

function wavBuilder(r: ResolvedSpec): HeaderBuilder {
  const fmt = fmtBody(r);
  const bext = r.bext ? encodeBext(r.bext) : undefined;
  const ixml = r.ixml !== undefined ? utf8.encode(r.ixml) : undefined;
  const reserve = r.rf64 !== 'never';
  const length =
    12 + (reserve ? 36 : 0) + 8 + padded(fmt.length) + (bext ? 8 + padded(bext.length) : 0) + (ixml ? 8 + padded(ixml.length) : 0) + 8;
  const total = (d: number): number => length + d + (d & 1);
  const maxDataBytes = r.rf64 === 'never' ? U32_MAX + 8 - length - 1 : Number.MAX_SAFE_INTEGER;
  return {
    length,
    maxDataBytes,
    needsRf64: (d) => r.rf64 === 'always' || (r.rf64 === 'auto' && (total(d) > r.rf64Threshold || total(d) - 8 > U32_MAX)),
    build({ dataBytes, frames }, rf64) {
      const o = new Out(length);
      const t = total(dataBytes);
      o.id(rf64 ? 'RF64' : 'RIFF');
      o.u32le(rf64 ? U32_MAX : t - 8);
      o.id('WAVE');
      if (reserve) {
        o.id(rf64 ? 'ds64' : 'JUNK');
        o.u32le(28);
        if (rf64) {
          o.u64le(t - 8); // RIFF size
          o.u64le(dataBytes); // data size
          o.u64le(frames); // sample count
          o.u32le(0); // table length
        } else {
          o.pos += 28;
        }
      }
      o.chunk('fmt ', fmt);
      if (bext) o.chunk('bext', bext);
      if (ixml) o.chunk('iXML', ixml);
      o.id('data');
      o.u32le(rf64 ? U32_MAX : dataBytes);
      return o.bytes;
    },
  };
}

function aiffBuilder(r: ResolvedSpec): HeaderBuilder {
  const aifc = r.container === 'aifc';
  const name = aifc ? utf8.encode(r.compressionName ?? '') : new Uint8Array(0);
  const pstring = aifc ? padded(1 + name.length) : 0;
  const commSize = aifc ? 22 + pstring : 18;
  const length = 12 + (aifc ? 12 : 0) + 8 + commSize + 16;
  const rate = encodeExtended80(r.sampleRate);
  return {
    length,
    maxDataBytes: Math.min(U32_MAX + 8 - length - 1, U32_MAX - 8, U32_MAX * r.blockAlign),
    needsRf64: () => false,
    build({ dataBytes, frames }) {
      const o = new Out(length);
      o.id('FORM');
      o.u32be(length + dataBytes + (dataBytes & 1) - 8);
      o.id(aifc ? 'AIFC' : 'AIFF');
      if (aifc) {
        o.id('FVER');
        o.u32be(4);
        o.u32be(0xa2805140);
      }
      o.id('COMM');
      o.u32be(commSize);
      o.u16be(r.channels);
      o.u32be(frames);
      o.u16be(r.bits);
      o.raw(rate);
      if (aifc) {
        o.id(r.compression ?? 'NONE');
        o.bytes[o.pos] = name.length;
        o.bytes.set(name, o.pos + 1);
        o.pos += pstring;
      }
      o.id('SSND');
      o.u32be(8 + dataBytes);
      o.u32be(0); // offset
      o.u32be(0); // block size
      return o.bytes;
    },
  };
}

/** The header builder for a resolved spec. */
export function headerBuilder(r: ResolvedSpec): HeaderBuilder {
  return r.container === 'wav' ? wavBuilder(r) : aiffBuilder(r);
}
