/**
 * Sample transforms of conform (spec §5.5): moving sample values from one encoding to another
 * without changing a single value, and channel joins. Pure functions over byte blocks, no I/O.
 *
 * A value is the spec's sample value `x` (§1): `v / 2^(b-1)` for integers (8-bit WAV
 * `(u - 128) / 128`), as stored for floats. A conversion is exact when every value of the
 * source is a value of the target encoding; each function here counts the samples that are
 * not, so the same code widens (always exact) and undoes a widening (exact only when the bits
 * the widening added are zero).
 * @module
 */
import type { AudioEncoding } from '../model/audio.js';
import { decodeToFloat64, decodeToInt32 } from '../audio/decode.js';
import { encodeFromFloat64, encodeFromInt32 } from '../audio/encode.js';

/** The part of an {@link AudioEncoding} a conversion looks at. */
export type SampleEncoding = Pick<AudioEncoding, 'sampleFormat' | 'bitsPerSample' | 'byteOrder' | 'unsigned8'>;

/** Samples that a conversion could not carry over exactly (count, and the first one's index). */
export interface Inexact {
  count: number;
  /** Index (in samples) of the first inexact sample, -1 when none. */
  first: number;
}

const EXACT: Inexact = Object.freeze({ count: 0, first: -1 }) as Inexact;

/** True when two encodings store samples with the same bytes. */
export function sameEncoding(a: SampleEncoding, b: SampleEncoding): boolean {
  return (
    a.sampleFormat === b.sampleFormat &&
    a.bitsPerSample === b.bitsPerSample &&
    (a.bitsPerSample === 8 ? a.unsigned8 === b.unsigned8 : a.byteOrder === b.byteOrder)
  );
}

/** The bytes of one sample of value 0 (`0x80` for unsigned 8-bit, all zero otherwise; +0.0 for float). */
export function zeroSample(enc: SampleEncoding): Uint8Array {
  const z = new Uint8Array(enc.bitsPerSample >> 3);
  if (enc.sampleFormat === 'int' && enc.bitsPerSample === 8 && enc.unsigned8) z[0] = 0x80;
  return z;
}

/** Fill `out` with samples of value 0 in `enc` (whole samples). */
export function fillZero(out: Uint8Array, enc: SampleEncoding): void {
  if (enc.sampleFormat === 'int' && enc.bitsPerSample === 8 && enc.unsigned8) out.fill(0x80);
  else out.fill(0);
}

/**
 * Number of whole frames at the start of `bytes` whose every sample is the encoding of 0
 * (`frameBytes` bytes per frame, `zero` one sample's bytes). A float -0.0 is not 0 here: a
 * trimmed span must come back byte for byte when the trim is undone.
 */
export function leadingZeroFrames(bytes: Uint8Array, frameBytes: number, zero: Uint8Array): number {
  const n = Math.floor(bytes.length / frameBytes);
  const z = zero.length;
  const plain = zero.every((b) => b === 0);
  for (let f = 0; f < n; f++) {
    const o = f * frameBytes;
    for (let k = 0; k < frameBytes; k++) if (bytes[o + k] !== (plain ? 0 : zero[k % z])) return f;
  }
  return n;
}

/** Number of whole frames at the end of `bytes` that are all zero samples (see {@link leadingZeroFrames}). */
export function trailingZeroFrames(bytes: Uint8Array, frameBytes: number, zero: Uint8Array): number {
  const n = Math.floor(bytes.length / frameBytes);
  const z = zero.length;
  const plain = zero.every((b) => b === 0);
  for (let f = n - 1; f >= 0; f--) {
    const o = f * frameBytes;
    for (let k = 0; k < frameBytes; k++) if (bytes[o + k] !== (plain ? 0 : zero[k % z])) return n - 1 - f;
  }
  return n;
}

/** Reusable scratch arrays (grown as needed, never shrunk). */
export class Scratch {
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);
  floats(n: number): Float64Array {
    if (this.f64.length < n) this.f64 = new Float64Array(n);
    return this.f64;
  }
  ints(n: number): Int32Array {
    if (this.i32.length < n) this.i32 = new Int32Array(n);
    return this.i32;
  }
}

const shared = new Scratch();

function note(r: Inexact, i: number): Inexact {
  return r.count === 0 ? { count: 1, first: i } : { count: r.count + 1, first: r.first };
}

/**
 * Convert `n` samples from `from` to `to`, keeping every value: the same bytes, a byte swap,
 * an integer widened or narrowed by whole bytes, integer to float and back, float32 to float64
 * and back. Samples the target cannot hold exactly are counted (and written rounded toward
 * what the target can hold): a caller that must be lossless checks `count === 0`.
 */
export function convertSamples(src: Uint8Array, from: SampleEncoding, dst: Uint8Array, to: SampleEncoding, n: number, scratch: Scratch = shared): Inexact {
  const fb = from.bitsPerSample >> 3;
  const tb = to.bitsPerSample >> 3;
  if (src.length < n * fb || dst.length < n * tb) throw new RangeError(`convertSamples: ${n} samples need ${n * fb} and ${n * tb} bytes`);
  if (sameEncoding(from, to)) {
    dst.set(src.subarray(0, n * fb));
    return EXACT;
  }
  if (from.sampleFormat === 'int' && to.sampleFormat === 'int') return intToInt(src, from, dst, to, n);
  // through the sample values, in double precision (exact for every integer of up to 32 bits
  // and every float32)
  const x = scratch.floats(n);
  decodeToFloat64(src, encodingOf(from), 1, n, x);
  let r = EXACT;
  if (to.sampleFormat === 'float') {
    if (to.bitsPerSample === 32) {
      for (let i = 0; i < n; i++) if (Math.fround(x[i]!) !== x[i] && !Number.isNaN(x[i]!)) r = note(r, i);
    }
    encodeFromFloat64(x, n, to, dst);
    return r;
  }
  // float to integer: v = x * 2^(b-1) must be an integer of the target's range
  const scale = 2 ** (to.bitsPerSample - 1);
  const v = scratch.ints(n);
  for (let i = 0; i < n; i++) {
    const y = x[i]! * scale;
    if (Number.isInteger(y) && y >= -scale && y < scale) v[i] = y;
    else {
      r = note(r, i);
      v[i] = Number.isNaN(y) ? 0 : Math.max(-scale, Math.min(scale - 1, Math.round(y)));
    }
  }
  encodeFromInt32(v, n, to, dst);
  return r;
}

function encodingOf(e: SampleEncoding): AudioEncoding {
  return { sampleFormat: e.sampleFormat, bitsPerSample: e.bitsPerSample, validBits: e.bitsPerSample, byteOrder: e.byteOrder, unsigned8: e.unsigned8 };
}

/**
 * Integer to integer by whole bytes: widening appends zero bytes below the sample (exact),
 * narrowing drops them (exact when they are zero). Byte order and 8-bit signedness change on
 * the way. Works on bytes: 16 to 24 bits little-endian is `0, lo, hi`.
 */
function intToInt(src: Uint8Array, from: SampleEncoding, dst: Uint8Array, to: SampleEncoding, n: number): Inexact {
  const fb = from.bitsPerSample >> 3;
  const tb = to.bitsPerSample >> 3;
  const fle = from.byteOrder === 'le' || fb === 1;
  const tle = to.byteOrder === 'le' || tb === 1;
  const fx = fb === 1 && from.unsigned8 ? 0x80 : 0;
  const tx = tb === 1 && to.unsigned8 ? 0x80 : 0;
  let r = EXACT;
  if (tb >= fb && fle && tle && fx === 0 && tx === 0) {
    // the common widening (16 to 24 or 32 bits, 24 to 32, little-endian): zero low bytes, then the sample
    const z = tb - fb;
    for (let i = 0, s = 0, d = 0; i < n; i++, s += fb, d += tb) {
      for (let k = 0; k < z; k++) dst[d + k] = 0;
      for (let k = 0; k < fb; k++) dst[d + z + k] = src[s + k]!;
    }
    return r;
  }
  // general case: the sample as little-endian bytes (most significant byte sign-corrected),
  // aligned at the top of the wider of the two
  const w = Math.max(fb, tb);
  const tmp = new Uint8Array(w);
  for (let i = 0, s = 0, d = 0; i < n; i++, s += fb, d += tb) {
    tmp.fill(0);
    for (let k = 0; k < fb; k++) tmp[w - fb + k] = src[s + (fle ? k : fb - 1 - k)]!;
    tmp[w - 1] = tmp[w - 1]! ^ fx;
    // narrowing: the bytes below the target's must be zero
    let lost = false;
    for (let k = 0; k < w - tb; k++) if (tmp[k] !== 0) lost = true;
    if (lost) r = note(r, i);
    tmp[w - 1] = tmp[w - 1]! ^ tx;
    for (let k = 0; k < tb; k++) dst[d + (tle ? k : tb - 1 - k)] = tmp[w - tb + k]!;
  }
  return r;
}

/**
 * Interleave the samples of `inputs` (each `channelsIn[i]` channels, `frames` frames, `bytes`
 * bytes per sample) into `out`, frame by frame: a split-mono pair (two mono inputs) becomes one
 * stereo block. Bytes are copied unchanged.
 */
export function interleave(inputs: readonly Uint8Array[], bytes: number, frames: number, out: Uint8Array): void {
  const k = inputs.length;
  if (k === 2 && bytes === 3) {
    const [a, b] = inputs as [Uint8Array, Uint8Array];
    for (let f = 0, i = 0, o = 0; f < frames; f++, i += 3, o += 6) {
      out[o] = a[i]!;
      out[o + 1] = a[i + 1]!;
      out[o + 2] = a[i + 2]!;
      out[o + 3] = b[i]!;
      out[o + 4] = b[i + 1]!;
      out[o + 5] = b[i + 2]!;
    }
    return;
  }
  for (let f = 0, o = 0; f < frames; f++) {
    for (let c = 0; c < k; c++, o += bytes) {
      const s = inputs[c]!;
      for (let j = 0; j < bytes; j++) out[o + j] = s[f * bytes + j]!;
    }
  }
}

/** Duplicate each mono sample of `src` into `channels` channels of `out` (dual mono for 2). */
export function duplicate(src: Uint8Array, bytes: number, frames: number, channels: number, out: Uint8Array): void {
  for (let f = 0, o = 0, i = 0; f < frames; f++, i += bytes) {
    for (let c = 0; c < channels; c++, o += bytes) for (let j = 0; j < bytes; j++) out[o + j] = src[i + j]!;
  }
}

/**
 * The reverse of {@link interleave} for one channel: copy channel `c` of `channels` out of an
 * interleaved block.
 */
export function takeChannel(src: Uint8Array, bytes: number, frames: number, channels: number, c: number, out: Uint8Array): void {
  for (let f = 0, o = 0; f < frames; f++, o += bytes) {
    const i = (f * channels + c) * bytes;
    for (let j = 0; j < bytes; j++) out[o + j] = src[i + j]!;
  }
}

/** Index of the first frame of an interleaved block whose channels are not all equal, -1 when every frame is dual mono. */
export function firstUnequalFrame(src: Uint8Array, bytes: number, frames: number, channels: number): number {
  const fb = bytes * channels;
  for (let f = 0; f < frames; f++) {
    const o = f * fb;
    for (let c = 1; c < channels; c++) for (let j = 0; j < bytes; j++) if (src[o + c * bytes + j] !== src[o + j]) return f;
  }
  return -1;
}
