/**
 * A small, explicit WAV/AIFF encoder for tests: every byte is under the test's control, so a
 * test can build exactly the broken file it needs. Production code writes audio through
 * `src/audio/`; this encoder is deliberately independent of it (a second implementation).
 *
 * Ref: Microsoft RIFF/WAVE (fmt , data, WAVE_FORMAT_EXTENSIBLE); EBU Tech 3285 (bext);
 * Apple AIFF 1.3 / AIFF-C (COMM, SSND).
 */

/** What to encode: interleaved samples plus the format. */
export interface WavSpec {
  sampleRate: number;
  channels: number;
  sampleFormat: 'int' | 'float';
  /** Container bits per sample: 8, 16, 24, 32 (int) or 32, 64 (float). */
  bitDepth: number;
  /** Interleaved samples: integers for `int`, floats in [-1, 1] for `float`. */
  samples: Int32Array | Float64Array;
  /** `wav` (RIFF, default) or `aiff` (big-endian AIFF, int only). */
  container?: 'wav' | 'aiff';
  /** Write WAVE_FORMAT_EXTENSIBLE (default: only when needed, i.e. > 2 channels or > 16 bit int). */
  extensible?: boolean;
  /** Valid bits for EXTENSIBLE (default bitDepth). */
  validBits?: number;
  /** Channel mask for EXTENSIBLE (default 0x3 for stereo, 0x4 mono, 0 else). */
  channelMask?: number;
  /** Add a `bext` chunk with this TimeReference (frames since midnight). */
  bextTimeReference?: number | bigint;
  /** Add an `iXML` chunk with this text. */
  ixml?: string;
  /** Extra chunks after `data` (id of 4 chars, body). */
  trailingChunks?: { id: string; body: Uint8Array }[];
  /** Override the format tag (e.g. 6 = A-law) for lossless tests. */
  formatTag?: number;
}

/** Encode interleaved samples as a WAV (or AIFF) file. */
export function encodeWav(spec: WavSpec): Uint8Array {
  if (spec.container === 'aiff') return encodeAiff(spec);
  const bytesPer = spec.bitDepth / 8;
  const blockAlign = spec.channels * bytesPer;
  const data = encodeSamples(spec, 'le');
  const ext = spec.extensible ?? (spec.channels > 2 || (spec.sampleFormat === 'int' && spec.bitDepth > 16));
  const chunks: Uint8Array[] = [];

  const fmtLen = ext ? 40 : 16;
  const fmt = new Uint8Array(fmtLen);
  const fv = new DataView(fmt.buffer);
  const baseTag = spec.formatTag ?? (spec.sampleFormat === 'float' ? 3 : 1);
  fv.setUint16(0, ext ? 0xfffe : baseTag, true);
  fv.setUint16(2, spec.channels, true);
  fv.setUint32(4, spec.sampleRate, true);
  fv.setUint32(8, spec.sampleRate * blockAlign, true);
  fv.setUint16(12, blockAlign, true);
  fv.setUint16(14, spec.bitDepth, true);
  if (ext) {
    fv.setUint16(16, 22, true);
    fv.setUint16(18, spec.validBits ?? spec.bitDepth, true);
    const mask = spec.channelMask ?? (spec.channels === 2 ? 3 : spec.channels === 1 ? 4 : 0);
    fv.setUint32(20, mask, true);
    // KSDATAFORMAT_SUBTYPE GUID: tag, then 00000000-0010-8000-00AA00389B71
    fv.setUint16(24, baseTag, true);
    fmt.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  chunks.push(chunk('fmt ', fmt));
  if (spec.bextTimeReference !== undefined) chunks.push(chunk('bext', bext(spec.bextTimeReference)));
  if (spec.ixml !== undefined) chunks.push(chunk('iXML', new TextEncoder().encode(spec.ixml)));
  chunks.push(chunk('data', data));
  for (const c of spec.trailingChunks ?? []) chunks.push(chunk(c.id, c.body));
  const bodyLen = 4 + chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(8 + bodyLen);
  const ov = new DataView(out.buffer);
  out.set(ascii('RIFF'), 0);
  ov.setUint32(4, bodyLen, true);
  out.set(ascii('WAVE'), 8);
  let p = 12;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function encodeAiff(spec: WavSpec): Uint8Array {
  if (spec.sampleFormat !== 'int') throw new Error('test AIFF encoder: int only');
  const frames = spec.samples.length / spec.channels;
  const comm = new Uint8Array(18);
  const cv = new DataView(comm.buffer);
  cv.setInt16(0, spec.channels);
  cv.setUint32(2, frames);
  cv.setInt16(6, spec.bitDepth);
  comm.set(extended80(spec.sampleRate), 8);
  const data = encodeSamples(spec, 'be');
  const ssnd = new Uint8Array(8 + data.length);
  ssnd.set(data, 8);
  const chunks = [chunk('COMM', comm, false), chunk('SSND', ssnd, false)];
  const bodyLen = 4 + chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(8 + bodyLen);
  const ov = new DataView(out.buffer);
  out.set(ascii('FORM'), 0);
  ov.setUint32(4, bodyLen);
  out.set(ascii('AIFF'), 8);
  let p = 12;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Encode samples to PCM bytes in the given byte order. */
export function encodeSamples(spec: Pick<WavSpec, 'sampleFormat' | 'bitDepth' | 'samples'>, order: 'le' | 'be'): Uint8Array {
  const bytesPer = spec.bitDepth / 8;
  const n = spec.samples.length;
  const out = new Uint8Array(n * bytesPer);
  const v = new DataView(out.buffer);
  const le = order === 'le';
  for (let i = 0; i < n; i++) {
    const s = spec.samples[i]!;
    const o = i * bytesPer;
    if (spec.sampleFormat === 'float') {
      if (bytesPer === 4) v.setFloat32(o, s, le);
      else v.setFloat64(o, s, le);
      continue;
    }
    switch (bytesPer) {
      case 1:
        v.setUint8(o, (s + 128) & 0xff);
        break;
      case 2:
        v.setInt16(o, s, le);
        break;
      case 3:
        if (le) {
          out[o] = s & 0xff;
          out[o + 1] = (s >> 8) & 0xff;
          out[o + 2] = (s >> 16) & 0xff;
        } else {
          out[o + 2] = s & 0xff;
          out[o + 1] = (s >> 8) & 0xff;
          out[o] = (s >> 16) & 0xff;
        }
        break;
      case 4:
        v.setInt32(o, s, le);
        break;
      default:
        throw new Error(`bit depth ${spec.bitDepth}`);
    }
  }
  return out;
}

/** A RIFF/IFF chunk with its pad byte. */
export function chunk(id: string, body: Uint8Array, le = true): Uint8Array {
  const pad = body.length & 1;
  const out = new Uint8Array(8 + body.length + pad);
  out.set(ascii(id), 0);
  new DataView(out.buffer).setUint32(4, body.length, le);
  out.set(body, 8);
  return out;
}

function bext(timeRef: number | bigint): Uint8Array {
  const b = new Uint8Array(602);
  const v = new DataView(b.buffer);
  b.set(ascii('stempack test'), 0);
  v.setBigUint64(338, BigInt(timeRef), true);
  v.setUint16(346, 1, true);
  return b;
}

/** 80-bit IEEE extended big-endian, for AIFF COMM sample rates (integers only). */
function extended80(x: number): Uint8Array {
  const out = new Uint8Array(10);
  if (x === 0) return out;
  const e = Math.floor(Math.log2(x));
  const v = new DataView(out.buffer);
  v.setUint16(0, 16383 + e);
  const mant = BigInt(x) << BigInt(63 - e);
  v.setBigUint64(2, mant);
  return out;
}

/** ASCII bytes of a string. */
export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
