/**
 * The render of one block of frames, from the stems' sample bytes to the output's sample bytes,
 * for every target of a render pass. A block depends on nothing but its bytes and its position
 * on the timeline (the dither generator is started at the block's first draw), so blocks can be
 * rendered in any order, or on several threads, and give the same bytes as one sequential pass.
 *
 * Two paths per target, with the same result:
 * - the reference arithmetic of spec §9 (`dsp`): decode to float64, sum with the gains,
 *   quantise (with the seeded TPDF dither when asked) or write float;
 * - an exact integer path when every unmuted stem is integer PCM at unity gain, the output is
 *   integer PCM and there is no dither: the stems' integers summed straight from the bytes.
 *   The float sum of such stems is exact (every partial sum is an integer multiple of the
 *   smallest step, far below 2^53), so it equals the integer sum; quantising it is a power-of-two
 *   scaling (exact), the same `floor(x + 0.5)` when the output has fewer bits, and the same clamp
 *   with the same bounds, counts and positions.
 *
 * Pure: no I/O, no Node-only module (runs in a worker thread or on the main thread).
 * @module
 */
import type { AudioEncoding } from '../model/audio.js';
import { accumulate } from '../dsp/sum.js';
import { mulberry32, type quantize } from '../dsp/quantize.js';
import { decodeToFloat64, decodeToInt32 } from '../audio/decode.js';
import { encodeFromFloat64, encodeFromInt32, type EncodeEncoding } from '../audio/encode.js';
import { createS24Render, type S24Render } from './wasm-s24.js';

/** One input file (a stem, or the mix for a residual), as the kernel reads its bytes. */
export interface KernelFile {
  encoding: AudioEncoding;
  channels: number;
}

/** One output: linear gain per stem in manifest order (null = muted), or the residual `mix - sum`. */
export interface KernelTarget {
  gains: (number | null)[];
  residual: boolean;
}

/** Everything a block render needs besides the bytes (structured-cloneable, for worker threads). */
export interface KernelSpec {
  stems: KernelFile[];
  /** The mix: needed when a target is a residual (its bytes follow the stems' in the inputs). */
  mix: KernelFile | null;
  /** Output channels (the mix's). */
  channels: number;
  out: { sampleFormat: 'int' | 'float'; bitDepth: number; encoding: EncodeEncoding };
  targets: KernelTarget[];
  /** Seed of the TPDF dither (integer output only), or null. */
  ditherSeed: number | null;
  /** Largest block, in frames. */
  blockFrames: number;
  /** Clamp positions kept per target and block (the first ones). */
  maxPositions: number;
}

/** What one block gave, per target. */
export interface BlockOut {
  /** Encoded output samples, `frames * channels * bytesPerSample` bytes each. */
  bytes: Uint8Array[];
  clamped: number[];
  /** Interleaved indices (within the block) of the first clamped samples. */
  positions: number[][];
  /** Float output: samples beyond ±1.0. */
  overs: number[];
}

const MULBERRY_STEP = 0x6d2b79f5;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/**
 * 2^i. The hot loops take their powers of two from here or as arguments: a `2 ** x` TurboFan
 * inlines into a loop may be evaluated (a call to pow) on every iteration.
 */
const POW2: readonly number[] = Array.from({ length: 65 }, (_, i) => 2 ** i);

/**
 * The spec's mulberry32 generator as it stands after `draws` calls of `mulberry32(seed)`: its
 * state only advances by a constant, so any position can be reached at once.
 */
export function mulberry32At(seed: number, draws: number): () => number {
  return mulberry32(mulberry32State(seed, draws));
}

/** The state of `mulberry32(seed)` after `draws` calls (Math.imul reduces both factors modulo 2^32, exact below 2^53). */
function mulberry32State(seed: number, draws: number): number {
  return ((seed >>> 0) + Math.imul(draws, MULBERRY_STEP)) >>> 0;
}

/**
 * {@link quantize} without dither (its `+ d` with d = 0 changes no result: `x + 0` differs from
 * `x` only for x = -0, and both then add up to 0.5).
 * Here rather than a call to it so that its `2 ** (bits - 1)` is never inlined into the loop.
 */
function quantizePlain(src: Float64Array, n: number, bits: number, out: Int32Array, positions: number[], maxPositions: number): number {
  const scale = POW2[bits - 1]!;
  const max = scale - 1;
  const min = -scale;
  let clamped = 0;
  for (let k = 0; k < n; k++) {
    let q = Math.floor(src[k]! * scale + 0.5);
    if (q > max) {
      q = max;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    } else if (q < min) {
      q = min;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    }
    out[k] = q;
  }
  return clamped;
}

/**
 * {@link quantize} with the TPDF dither of a mulberry32 generator in state `state`, the
 * generator inlined (the same 32-bit operations, the same draws in the same order).
 */
function quantizeDithered(src: Float64Array, n: number, bits: number, out: Int32Array, state: number, positions: number[], maxPositions: number): number {
  const scale = POW2[bits - 1]!;
  const max = scale - 1;
  const min = -scale;
  let s = state;
  let clamped = 0;
  for (let k = 0; k < n; k++) {
    s = (s + MULBERRY_STEP) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u1 = (t ^ (t >>> 14)) >>> 0;
    s = (s + MULBERRY_STEP) >>> 0;
    t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u2 = (t ^ (t >>> 14)) >>> 0;
    const d = u1 / 4294967296 - u2 / 4294967296;
    let q = Math.floor(src[k]! * scale + d + 0.5);
    if (q > max) {
      q = max;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    } else if (q < min) {
      q = min;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    }
    out[k] = q;
  }
  return clamped;
}

/** Whether target `t` of `spec` takes the exact integer path; the scale (bits) it sums at, or 0. */
export function integerScale(spec: KernelSpec, t: KernelTarget): number {
  const out = spec.out;
  if (out.sampleFormat !== 'int' || spec.ditherSeed !== null) return 0;
  let bits = 0;
  let count = 0;
  const take = (f: KernelFile): boolean => {
    const e = f.encoding;
    if (e.sampleFormat !== 'int' || e.bitsPerSample < 8 || e.bitsPerSample > 32 || e.bitsPerSample % 8 !== 0) return false;
    bits = Math.max(bits, e.bitsPerSample);
    count++;
    return true;
  };
  for (let i = 0; i < spec.stems.length; i++) {
    const g = t.gains[i];
    if (g === null || g === undefined) continue;
    if (g !== 1 || !take(spec.stems[i]!)) return 0;
    if (spec.stems[i]!.channels !== spec.channels && spec.stems[i]!.channels !== 1) return 0;
  }
  if (t.residual && (!spec.mix || spec.mix.channels !== spec.channels || !take(spec.mix))) return 0;
  if (bits === 0) bits = out.bitDepth; // nothing summed: silence (or the mix alone)
  // the integer sum must fit an int32: count * 2^(bits-1) below 2^31
  if (count * 2 ** (bits - 1) > 2 ** 31 - 1) return 0;
  return bits;
}

/** A block renderer with its scratch buffers (reused from block to block). */
export interface BlockKernel {
  /**
   * Render frames `[start, start + frames)`: `inputs` holds each stem's bytes for those frames
   * (and the mix's last when {@link KernelSpec.mix} is set); `outs`, when given, receives the
   * encoded bytes per target (else the kernel's own buffers do, valid until the next call).
   */
  run(inputs: readonly Uint8Array[], start: number, frames: number, outs?: (Uint8Array | undefined)[]): BlockOut;
}

export function createBlockKernel(spec: KernelSpec): BlockKernel {
  const ch = spec.channels;
  const cap = spec.blockFrames * ch;
  const outBytes = spec.out.bitDepth >> 3;
  const scales = spec.targets.map((t) => integerScale(spec, t));
  const anyFloat = scales.some((s) => s === 0);
  // float path: which stems (and the mix) some float target reads
  // (24-bit little-endian stems of the output's channel count are summed straight from their bytes)
  const fused = spec.stems.map((s) => s.channels === ch && s.encoding.sampleFormat === 'int' && s.encoding.bitsPerSample === 24 && s.encoding.byteOrder === 'le');
  const needF = spec.stems.map((_, i) => anyFloat && !fused[i] && spec.targets.some((t, k) => scales[k] === 0 && t.gains[i] !== null && t.gains[i] !== undefined));
  const needMixF = spec.targets.some((t, k) => scales[k] === 0 && t.residual);
  const decoded = spec.stems.map((s, i) => (needF[i] ? new Float64Array(spec.blockFrames * s.channels) : new Float64Array(0)));
  const mixDecoded = new Float64Array(needMixF ? cap : 0);
  // the sums of 24-bit little-endian stems in WebAssembly SIMD where available: the
  // accumulators and a copy of each such stem's block live in its memory
  const anyInt = scales.some((s) => s > 0);
  const simd = s24Simd(spec, scales, cap);
  const accF = simd && simd.accF > 0 ? new Float64Array(simd.sum.mem.buffer, simd.accF, cap) : new Float64Array(anyFloat ? cap : 0);
  const accI = simd ? new Int32Array(simd.sum.mem.buffer, 0, cap) : new Int32Array(anyInt ? cap : 0);
  const tmpI = new Int32Array(scales.some((s) => s > 0) ? spec.blockFrames * Math.max(ch, 1) : 0);
  const ints = new Int32Array(spec.out.sampleFormat === 'int' ? cap : 0);
  // targets whose clamp and 24-bit encode run in SIMD write into its memory
  const own = spec.targets.map((_, t) => (simd && simd.outs[t]! >= 0 ? simd.bytes.subarray(simd.outs[t]!, simd.outs[t]! + cap * 3) : new Uint8Array(cap * outBytes)));

  return {
    run(inputs, start, frames, outs) {
      if (frames > spec.blockFrames) throw new RangeError(`block of ${frames} frames, kernel made for ${spec.blockFrames}`);
      const n = frames * ch;
      const res: BlockOut = { bytes: [], clamped: [], positions: [], overs: [] };
      simd?.copied.fill(false);
      if (anyFloat) {
        for (let i = 0; i < spec.stems.length; i++) if (needF[i]) decodeToFloat64(inputs[i]!, spec.stems[i]!.encoding, spec.stems[i]!.channels, frames, decoded[i]!);
        if (needMixF) decodeToFloat64(inputs[spec.stems.length]!, spec.mix!.encoding, ch, frames, mixDecoded);
      }
      for (let t = 0; t < spec.targets.length; t++) {
        const target = spec.targets[t]!;
        let out = (outs?.[t] ?? own[t]!).subarray(0, n * outBytes);
        if (out.length < n * outBytes) throw new RangeError('output buffer too small');
        const positions: number[] = [];
        let clamped = 0;
        let overs = 0;
        const bits = scales[t]!;
        if (bits > 0) {
          sumIntegers(spec, target, inputs, frames, bits, accI, tmpI, simd);
          const at = simd ? simd.outs[t]! : -1;
          if (at >= 0 && clamp24(simd!, accI, n, at) === 0) {
            // nothing clamped: the bytes are in place
            if (outs?.[t]) outs[t]!.set(own[t]!.subarray(0, n * 3));
            else out = own[t]!.subarray(0, n * 3);
          } else {
            clamped = clampInts(accI, n, POW2[spec.out.bitDepth]! / POW2[bits]!, spec.out.bitDepth, ints, positions, spec.maxPositions);
            encodeInts(ints, n, spec.out.encoding, out);
          }
        } else {
          const a = accF;
          a.fill(0, 0, n);
          for (let i = 0; i < spec.stems.length; i++) {
            const g = target.gains[i];
            if (g === null || g === undefined) continue;
            if (fused[i] && simd && simd.regions[i]! >= 0) {
              const b = simdLoad(simd, i, inputs[i]!, n);
              const quads = n >> 2;
              simd.sum.fadd(simd.regions[i]!, simd.accF, quads, g);
              for (let k = quads * 4, p = k * 3; k < n; k++, p += 3) a[k] = a[k]! + g * ((((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8) * S24);
            } else if (fused[i]) addS24leFloat(a, inputs[i]!, g, n);
            else accumulate(a, decoded[i]!, g, frames, ch, spec.stems[i]!.channels);
          }
          if (target.residual) for (let k = 0; k < n; k++) a[k] = mixDecoded[k]! - a[k]!;
          if (spec.out.sampleFormat === 'int') {
            if (spec.ditherSeed === null) {
              clamped = quantizePlain(a, n, spec.out.bitDepth, ints, positions, spec.maxPositions);
            } else {
              // two draws per sample in interleaved order since the start of the render
              clamped = quantizeDithered(a, n, spec.out.bitDepth, ints, mulberry32State(spec.ditherSeed, 2 * start * ch), positions, spec.maxPositions);
            }
            encodeFromInt32(ints, n, spec.out.encoding, out);
          } else {
            for (let k = 0; k < n; k++) if (a[k]! > 1 || a[k]! < -1) overs++;
            encodeFromFloat64(a.subarray(0, n), n, spec.out.encoding, out);
          }
        }
        res.bytes.push(out);
        res.clamped.push(clamped);
        res.positions.push(positions);
        res.overs.push(overs);
      }
      return res;
    },
  };
}

/** acc = the sum of the target's stems (or mix - sum) as integers at `bits` bits. */
function sumIntegers(spec: KernelSpec, target: KernelTarget, inputs: readonly Uint8Array[], frames: number, bits: number, acc: Int32Array, tmp: Int32Array, simd: SimdSum | null): void {
  const ch = spec.channels;
  const n = frames * ch;
  let first = true;
  for (let i = 0; i < spec.stems.length; i++) {
    const g = target.gains[i];
    if (g === null || g === undefined) continue;
    const region = simd && bits === 24 ? simd.regions[i]! : -1;
    if (region >= 0) {
      const b = simdLoad(simd!, i, inputs[i]!, n);
      const quads = n >> 2;
      if (first) simd!.sum.set(region, 0, quads);
      else simd!.sum.add(region, 0, quads);
      for (let k = quads * 4, p = k * 3; k < n; k++, p += 3) {
        const v = ((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8;
        acc[k] = first ? v : acc[k]! + v;
      }
    } else addInts(acc, inputs[i]!, spec.stems[i]!, frames, ch, bits, first, tmp);
    first = false;
  }
  if (first) acc.fill(0, 0, n);
  if (target.residual) {
    // acc = mix - acc: negate, then add the mix
    for (let k = 0; k < n; k++) acc[k] = -acc[k]!;
    addInts(acc, inputs[spec.stems.length]!, spec.mix!, frames, ch, bits, false, tmp);
  }
}

/**
 * The SIMD loops of a kernel and their memory: the integer accumulator at offset 0, the float
 * one at `accF` (0: none), then a region per 24-bit stem (-1: none) its block is copied into.
 */
interface SimdSum {
  sum: S24Render;
  bytes: Uint8Array;
  accF: number;
  regions: number[];
  /** Per target: where its 24-bit output is encoded (-1: not in SIMD). */
  outs: number[];
  /** Whether stem i's block is already in its region (reset per block). */
  copied: boolean[];
}

function s24Simd(spec: KernelSpec, scales: number[], cap: number): SimdSum | null {
  const ch = spec.channels;
  const used = spec.stems.map(
    (s, i) =>
      s.channels === ch &&
      s.encoding.sampleFormat === 'int' &&
      s.encoding.bitsPerSample === 24 &&
      s.encoding.byteOrder === 'le' &&
      spec.targets.some((t, k) => (scales[k] === 24 || scales[k] === 0) && t.gains[i] !== null && t.gains[i] !== undefined),
  );
  if (!used.some(Boolean)) return null;
  // 16 bytes of slack after every region: the loads read 4 bytes past a region's last quad
  const align = (x: number): number => Math.ceil(x / 16) * 16;
  let at = align(cap * 4 + 16);
  let accF = 0;
  if (scales.some((x) => x === 0)) {
    accF = at;
    at = align(at + cap * 8 + 16);
  }
  const regions = used.map((u) => {
    if (!u) return -1;
    const r = at;
    at = align(at + spec.blockFrames * ch * 3 + 16);
    return r;
  });
  // 24-bit little-endian output summed at 24 bits: clamp and encode in SIMD too
  const e = spec.out.encoding;
  const outs = scales.map((x) => {
    if (!(x === 24 && spec.out.sampleFormat === 'int' && spec.out.bitDepth === 24 && e.bitsPerSample === 24 && e.byteOrder === 'le')) return -1;
    const r = at;
    at = align(at + cap * 3 + 16);
    return r;
  });
  const sum = createS24Render(at);
  if (!sum) return null;
  return { sum, bytes: new Uint8Array(sum.mem.buffer), accF, regions, outs, copied: used.map(() => false) };
}

/**
 * acc (n samples at offset 0 of the SIMD memory) clamped and encoded as 24-bit little-endian at
 * `at`; returns 0, or 1 when some sample was clamped (the caller then counts and locates them).
 */
function clamp24(simd: SimdSum, acc: Int32Array, n: number, at: number): number {
  const quads = n >> 2;
  if (simd.sum.clamp24(0, at, quads) !== 0) return 1;
  const b = simd.bytes;
  for (let k = quads * 4, p = at + k * 3; k < n; k++, p += 3) {
    const v = acc[k]!;
    if (v > 8388607 || v < -8388608) return 1;
    b[p] = v;
    b[p + 1] = v >> 8;
    b[p + 2] = v >> 16;
  }
  return 0;
}

/** Stem i's block `b` (n samples) copied into its SIMD region, once per block; returns `b`. */
function simdLoad(simd: SimdSum, i: number, b: Uint8Array, n: number): Uint8Array {
  if (b.length < n * 3) throw new RangeError(`render: ${b.length} bytes, need ${n * 3}`);
  if (!simd.copied[i]) {
    simd.bytes.set(b.subarray(0, n * 3), simd.regions[i]!);
    simd.copied[i] = true;
  }
  return b;
}

/** acc (+)= the file's samples as integers at `bits` bits (a mono file feeds every channel). */
function addInts(acc: Int32Array, b: Uint8Array, f: KernelFile, frames: number, ch: number, bits: number, first: boolean, tmp: Int32Array): void {
  const e = f.encoding;
  const shift = bits - e.bitsPerSample;
  const n = frames * f.channels;
  if (f.channels === ch && shift === 0 && e.bitsPerSample === 24 && e.byteOrder === 'le') {
    if (b.length < n * 3) throw new RangeError(`render: ${b.length} bytes, need ${n * 3}`);
    addS24le(acc, b, n, first);
    return;
  }
  if (f.channels === ch && shift === 0 && e.bitsPerSample === 16 && e.byteOrder === 'le') {
    if (b.length < n * 2) throw new RangeError(`render: ${b.length} bytes, need ${n * 2}`);
    if (LITTLE_ENDIAN_HOST && (b.byteOffset & 1) === 0) {
      const v = new Int16Array(b.buffer, b.byteOffset, n);
      if (first) for (let k = 0; k < n; k++) acc[k] = v[k]!;
      else for (let k = 0; k < n; k++) acc[k] = acc[k]! + v[k]!;
    } else if (first) for (let k = 0, p = 0; k < n; k++, p += 2) acc[k] = ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
    else for (let k = 0, p = 0; k < n; k++, p += 2) acc[k] = acc[k]! + (((b[p]! | (b[p + 1]! << 8)) << 16) >> 16);
    return;
  }
  decodeToInt32(b, e, n, tmp);
  if (f.channels === ch) {
    if (first) for (let k = 0; k < n; k++) acc[k] = tmp[k]! << shift;
    else for (let k = 0; k < n; k++) acc[k] = acc[k]! + (tmp[k]! << shift);
    return;
  }
  // a mono file into every output channel
  for (let fr = 0, k = 0; fr < frames; fr++) {
    const v = tmp[fr]! << shift;
    if (first) for (let c = 0; c < ch; c++, k++) acc[k] = v;
    else for (let c = 0; c < ch; c++, k++) acc[k] = acc[k]! + v;
  }
}

/**
 * acc (+)= `n` 24-bit little-endian samples: on a little-endian host with the bytes 4-aligned,
 * four samples at a time from three 32-bit words (the same integers as the byte-wise decode).
 */
function addS24le(acc: Int32Array, b: Uint8Array, n: number, first: boolean): void {
  let k = 0;
  if (LITTLE_ENDIAN_HOST && (b.byteOffset & 3) === 0) {
    const quads = n >> 2;
    const w = new Int32Array(b.buffer, b.byteOffset, quads * 3);
    if (first) {
      for (let q = 0, j = 0; q < quads; q++, j += 3, k += 4) {
        const w0 = w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        acc[k] = (w0 << 8) >> 8;
        acc[k + 1] = (((w0 >>> 24) | (w1 << 8)) << 8) >> 8;
        acc[k + 2] = (((w1 >>> 16) | (w2 << 16)) << 8) >> 8;
        acc[k + 3] = w2 >> 8;
      }
    } else {
      for (let q = 0, j = 0; q < quads; q++, j += 3, k += 4) {
        const w0 = w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        acc[k] = acc[k]! + ((w0 << 8) >> 8);
        acc[k + 1] = acc[k + 1]! + ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8);
        acc[k + 2] = acc[k + 2]! + ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8);
        acc[k + 3] = acc[k + 3]! + (w2 >> 8);
      }
    }
  }
  if (first) for (let p = k * 3; k < n; k++, p += 3) acc[k] = ((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8;
  else for (let p = k * 3; k < n; k++, p += 3) acc[k] = acc[k]! + (((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8);
}

const S24 = 1 / 8388608;

/**
 * {@link accumulate} of `n` 24-bit little-endian samples decoded on the fly: the same
 * operations in the same order (`acc + gain * (int * 2^-23)`), without the float64 block.
 */
function addS24leFloat(acc: Float64Array, b: Uint8Array, gain: number, n: number): void {
  if (b.length < n * 3) throw new RangeError(`render: ${b.length} bytes, need ${n * 3}`);
  let k = 0;
  if (LITTLE_ENDIAN_HOST && (b.byteOffset & 3) === 0) {
    const quads = n >> 2;
    const w = new Int32Array(b.buffer, b.byteOffset, quads * 3);
    if (gain === 1) {
      for (let j = 0; k < quads * 4; k += 4, j += 3) {
        const w0 = w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        acc[k] = acc[k]! + ((w0 << 8) >> 8) * S24;
        acc[k + 1] = acc[k + 1]! + ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24;
        acc[k + 2] = acc[k + 2]! + ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24;
        acc[k + 3] = acc[k + 3]! + (w2 >> 8) * S24;
      }
    } else {
      for (let j = 0; k < quads * 4; k += 4, j += 3) {
        const w0 = w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        acc[k] = acc[k]! + gain * (((w0 << 8) >> 8) * S24);
        acc[k + 1] = acc[k + 1]! + gain * (((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24);
        acc[k + 2] = acc[k + 2]! + gain * (((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24);
        acc[k + 3] = acc[k + 3]! + gain * ((w2 >> 8) * S24);
      }
    }
  }
  for (let p = k * 3; k < n; k++, p += 3) acc[k] = acc[k]! + gain * ((((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8) * S24);
}

/**
 * ints = acc * factor clamped to the signed range of `outBits` (spec §9.4, the bounds and counts
 * of {@link quantize}); returns the number clamped, the first indices in `positions`.
 */
function clampInts(acc: Int32Array, n: number, factor: number, outBits: number, ints: Int32Array, positions: number[], maxPositions: number): number {
  const max = POW2[outBits - 1]! - 1;
  const min = -POW2[outBits - 1]!;
  let clamped = 0;
  if (factor === 1) {
    for (let k = 0; k < n; k++) {
      const q = acc[k]!;
      if (q > max || q < min) {
        clamped++;
        if (positions.length < maxPositions) positions.push(k);
        ints[k] = q > max ? max : min;
      } else ints[k] = q;
    }
    return clamped;
  }
  if (factor < 1) {
    // fewer output bits than summed: round half up exactly as quantize() does, floor(x * 2^(bits-1) + 0 + 0.5)
    for (let k = 0; k < n; k++) {
      let q = Math.floor(acc[k]! * factor + 0.5);
      if (q > max) {
        q = max;
        clamped++;
        if (positions.length < maxPositions) positions.push(k);
      } else if (q < min) {
        q = min;
        clamped++;
        if (positions.length < maxPositions) positions.push(k);
      }
      ints[k] = q;
    }
    return clamped;
  }
  for (let k = 0; k < n; k++) {
    let q = acc[k]! * factor;
    if (q > max) {
      q = max;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    } else if (q < min) {
      q = min;
      clamped++;
      if (positions.length < maxPositions) positions.push(k);
    }
    ints[k] = q;
  }
  return clamped;
}

/**
 * {@link encodeFromInt32}, with 24-bit little-endian on a little-endian host into 4-aligned
 * bytes packed four samples to three 32-bit words (the same bytes).
 */
function encodeInts(ints: Int32Array, n: number, enc: EncodeEncoding, out: Uint8Array): void {
  if (!(enc.bitsPerSample === 24 && enc.byteOrder === 'le' && LITTLE_ENDIAN_HOST && (out.byteOffset & 3) === 0)) {
    encodeFromInt32(ints, n, enc, out);
    return;
  }
  if (out.length < 3 * n) throw new RangeError(`encode: output holds ${out.length} bytes, ${3 * n} needed`);
  const quads = n >> 2;
  const w = new Int32Array(out.buffer, out.byteOffset, quads * 3);
  let k = 0;
  for (let j = 0; k < quads * 4; k += 4, j += 3) {
    const q0 = ints[k]!;
    const q1 = ints[k + 1]!;
    const q2 = ints[k + 2]!;
    const q3 = ints[k + 3]!;
    w[j] = (q0 & 0xffffff) | (q1 << 24);
    w[j + 1] = ((q1 >> 8) & 0xffff) | (q2 << 16);
    w[j + 2] = ((q2 >> 16) & 0xff) | (q3 << 8);
  }
  if (k < n) encodeFromInt32(ints.subarray(k, n), n - k, enc, out.subarray(k * 3));
}
