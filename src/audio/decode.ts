/**
 * Sample decoding: raw interleaved sample bytes to numbers. Pure functions, no I/O.
 *
 * Normalisation (the same as sox): an integer of container bits `b` decodes to `v / 2^(b-1)`
 * (8-bit unsigned WAV: `(u - 128) / 128`); float samples decode as stored. Samples of fewer
 * valid bits sit left-justified in their container, so they need no extra scaling.
 * Ref: Microsoft WAVEFORMATEXTENSIBLE (valid bits left-justified); Apple AIFF 1.3 §Sound Data Chunk.
 */
import type { AudioEncoding } from '../model/audio.js';

type FloatOut = Float32Array | Float64Array;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decode `frames * channels` interleaved samples from `bytes` into `out` (interleaved) as
 * Float64. `bytes` must hold at least `frames * channels * bitsPerSample / 8` bytes.
 */
export function decodeToFloat64(bytes: Uint8Array, enc: AudioEncoding, channels: number, frames: number, out: Float64Array): void {
  decodeFloat(bytes, enc, frames * channels, out);
}

/** As {@link decodeToFloat64}, into a Float32Array (float64 sources are rounded to float32). */
export function decodeToFloat32(bytes: Uint8Array, enc: AudioEncoding, channels: number, frames: number, out: Float32Array): void {
  decodeFloat(bytes, enc, frames * channels, out);
}

function checkSize(bytes: Uint8Array, enc: AudioEncoding, n: number, out: { length: number }): void {
  const need = n * (enc.bitsPerSample >> 3);
  if (bytes.length < need) throw new RangeError(`decode: ${bytes.length} bytes, need ${need}`);
  if (out.length < n) throw new RangeError(`decode: output holds ${out.length} samples, need ${n}`);
}

function decodeFloat(b: Uint8Array, enc: AudioEncoding, n: number, out: FloatOut): void {
  checkSize(b, enc, n, out);
  const le = enc.byteOrder === 'le';
  if (enc.sampleFormat === 'float') {
    if (enc.bitsPerSample === 32) return float32(b, n, le, out);
    if (enc.bitsPerSample === 64) return float64(b, n, le, out);
    throw new RangeError(`decode: float of ${enc.bitsPerSample} bits`);
  }
  switch (enc.bitsPerSample) {
    case 8:
      return enc.unsigned8 ? u8(b, n, out) : s8(b, n, out);
    case 16:
      return le ? s16le(b, n, out) : s16be(b, n, out);
    case 24:
      return le ? s24le(b, n, out) : s24be(b, n, out);
    case 32:
      return le ? s32le(b, n, out) : s32be(b, n, out);
    default:
      throw new RangeError(`decode: integer of ${enc.bitsPerSample} bits`);
  }
}

function u8(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0; i < n; i++) out[i] = (b[i]! - 128) * 0.0078125;
}
function s8(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0; i < n; i++) out[i] = ((b[i]! << 24) >> 24) * 0.0078125;
}
const S16 = 1 / 32768;
function s16le(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 2) out[i] = (((b[p]! | (b[p + 1]! << 8)) << 16) >> 16) * S16;
}
function s16be(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 2) out[i] = ((((b[p]! << 8) | b[p + 1]!) << 16) >> 16) * S16;
}
const S24 = 1 / 8388608;
function s24le(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 3) out[i] = (((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8) * S24;
}
function s24be(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 3) out[i] = (((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8)) >> 8) * S24;
}
const S32 = 1 / 2147483648;
function s32le(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) * S32;
}
function s32be(b: Uint8Array, n: number, out: FloatOut): void {
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) * S32;
}
function float32(b: Uint8Array, n: number, le: boolean, out: FloatOut): void {
  if (le === LITTLE_ENDIAN_HOST && (b.byteOffset & 3) === 0) {
    const src = new Float32Array(b.buffer, b.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = src[i]!;
    return;
  }
  const dv = new DataView(b.buffer, b.byteOffset, n * 4);
  for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, le);
}
function float64(b: Uint8Array, n: number, le: boolean, out: FloatOut): void {
  if (le === LITTLE_ENDIAN_HOST && (b.byteOffset & 7) === 0) {
    const src = new Float64Array(b.buffer, b.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = src[i]!;
    return;
  }
  const dv = new DataView(b.buffer, b.byteOffset, n * 8);
  for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, le);
}

/**
 * Decode `samples` integer samples to their raw integer codes, sign-extended (8-bit unsigned
 * WAV: `u - 128`). Integer encodings only; throws a RangeError for float (a caller bug).
 */
export function decodeToInt32(bytes: Uint8Array, enc: AudioEncoding, samples: number, out: Int32Array): void {
  if (enc.sampleFormat !== 'int') throw new RangeError('decodeToInt32: float encoding');
  checkSize(bytes, enc, samples, out);
  const b = bytes;
  const n = samples;
  const le = enc.byteOrder === 'le';
  switch (enc.bitsPerSample) {
    case 8:
      if (enc.unsigned8) for (let i = 0; i < n; i++) out[i] = b[i]! - 128;
      else for (let i = 0; i < n; i++) out[i] = (b[i]! << 24) >> 24;
      return;
    case 16:
      if (le) for (let i = 0, p = 0; i < n; i++, p += 2) out[i] = ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
      else for (let i = 0, p = 0; i < n; i++, p += 2) out[i] = (((b[p]! << 8) | b[p + 1]!) << 16) >> 16;
      return;
    case 24:
      if (le) for (let i = 0, p = 0; i < n; i++, p += 3) out[i] = ((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8;
      else for (let i = 0, p = 0; i < n; i++, p += 3) out[i] = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8)) >> 8;
      return;
    case 32:
      if (le) for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
      else for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
      return;
    default:
      throw new RangeError(`decodeToInt32: integer of ${enc.bitsPerSample} bits`);
  }
}

/** Split `frames` interleaved frames of `channels` samples into one array per channel. */
export function deinterleave(interleaved: ArrayLike<number>, channels: number, frames: number, planar: (Float64Array | Float32Array)[]): void {
  if (planar.length < channels) throw new RangeError(`deinterleave: ${planar.length} outputs for ${channels} channels`);
  if (channels === 2) {
    const l = planar[0]!;
    const r = planar[1]!;
    for (let f = 0, p = 0; f < frames; f++, p += 2) {
      l[f] = interleaved[p]!;
      r[f] = interleaved[p + 1]!;
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const o = planar[c]!;
    for (let f = 0, p = c; f < frames; f++, p += channels) o[f] = interleaved[p]!;
  }
}
