/**
 * The level meter's fast path for the most common delivery format, 24-bit little-endian stereo
 * PCM: one WebAssembly SIMD loop decodes a block to float64 (exactly `k / 2^23`, as
 * `decodeToFloat64` does) and carries the per-channel running sums, sums of squares, the cross
 * sum and the per-sub-block peaks, with the two channels in the two lanes of a f64x2.
 *
 * Each lane adds its channel's values in frame order, multiply then add, exactly as the scalar
 * stereo pass does, so the results are bit-identical to it (a test compares both).
 *
 * Ref: Microsoft WAVE PCM (24-bit samples are 3-byte little-endian two's complement,
 * interleaved by frame); WebAssembly SIMD (fixed-width 128-bit), as in Node 16.4+ and every
 * current browser.
 * @module
 */
import { buildModule, f64x2Const, I32, op, SWAP_HALVES, UNPACK24, V128 } from './wasm-emit.js';

/** Running state the kernel continues: [sumL, sumR, sqL, sqR, crossL*R, (crossR*L)]. */
export const STATS_LEN = 6;

/** The kernel bound to its memory. */
export interface S24StereoKernel {
  /**
   * Decode `frames` frames of `bytes` and continue `stats` ({@link STATS_LEN} values); write the
   * peak |x| of each sub-block of `sub` frames and each channel to `subPeak` (`[j * 2 + c]`).
   * With `sum`, also add the decoded block into that running sum.
   * Returns the decoded block (interleaved float64, exactly `k / 2^23`) as a view that stays
   * valid until the next call on this kernel.
   */
  run(bytes: Uint8Array, frames: number, sub: number, stats: Float64Array, subPeak: Float64Array, sum?: S24Sum): Float64Array;
}

/**
 * A running sum of decoded stereo blocks kept in the kernel's memory (one per analysis: the
 * null-sum's partial sum of the stems a thread decodes).
 */
export interface S24Sum {
  /** Frames it holds. */
  readonly frames: number;
  /** Add its first `n` values into `into` (with `replace`, copy them over it) and clear it. */
  addInto(into: Float64Array, n: number, replace?: boolean): void;
  /** Give its memory back. */
  release(): void;
}

// parameter and local indices
const SRC = 0, DST = 1, FRAMES = 2, SUB = 3, SUBOUT = 4, STATS = 5, ACC = 6;
const F = 7, SUBEND = 8, T = 9;
const A = 10, X0 = 11, X1 = 12, S = 13, Q = 14, C = 15, M = 16, SCALE = 17, ZERO = 18;


/** Decode the i32 lanes 0..1 of `A` (after the shift) into f64x2, scaled, into local `x`. */
function lowToF64(x: number): number[] {
  return [...op.f64x2ConvertLowI32x4S, ...op.get(SCALE), ...op.f64x2Mul, ...op.set(x)];
}

/** Store x at dst+offset (and add it into acc+offset), fold it into the sums (s, q, c) and the sub-block max m. */
function fold(x: number, offset: number, sum: boolean): number[] {
  return [
    ...op.get(DST), ...op.get(x), ...op.v128Store(offset),
    ...(sum ? [...op.get(ACC), ...op.get(ACC), ...op.v128Load(offset), ...op.get(x), ...op.f64x2Add, ...op.v128Store(offset)] : []),
    ...op.get(S), ...op.get(x), ...op.f64x2Add, ...op.set(S),
    ...op.get(Q), ...op.get(x), ...op.get(x), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(Q),
    ...op.get(C), ...op.get(x), ...op.get(x), ...op.get(x), ...op.shuffle(SWAP_HALVES), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(C),
    ...op.get(M), ...op.get(x), ...op.f64x2Abs, ...op.f64x2Pmax, ...op.set(M),
  ];
}

const inc = (local: number, by: number): number[] => [...op.get(local), ...op.i32(by), ...op.i32Add, ...op.set(local)];

function kernelBody(sum: boolean): number[] {
  return [
    ...f64x2Const(1 / 8388608), ...op.set(SCALE),
    ...op.v128Const(new Array(16).fill(0)), ...op.set(ZERO),
    ...op.get(STATS), ...op.v128Load(0), ...op.set(S),
    ...op.get(STATS), ...op.v128Load(16), ...op.set(Q),
    ...op.get(STATS), ...op.v128Load(32), ...op.set(C),
    ...op.block,
    ...op.loop, // one sub-block per turn
    ...op.get(F), ...op.get(FRAMES), ...op.i32GeU, ...op.brIf(1),
    // subEnd = min(f + sub, frames)
    ...op.get(F), ...op.get(SUB), ...op.i32Add, ...op.tee(T), ...op.get(FRAMES), ...op.get(T), ...op.get(FRAMES), ...op.i32LtU, ...op.select, ...op.set(SUBEND),
    ...op.get(ZERO), ...op.set(M),
    ...op.block,
    ...op.loop, // two frames (12 bytes) per turn
    ...op.get(F), ...op.i32(2), ...op.i32Add, ...op.get(SUBEND), ...op.i32GtU, ...op.brIf(1),
    ...op.get(SRC), ...op.v128Load(0), ...op.get(ZERO), ...op.shuffle(UNPACK24), ...op.i32(8), ...op.i32x4ShrS, ...op.tee(A),
    ...lowToF64(X0),
    ...op.get(A), ...op.get(A), ...op.shuffle(SWAP_HALVES),
    ...lowToF64(X1),
    ...fold(X0, 0, sum),
    ...fold(X1, 16, sum),
    ...inc(SRC, 12), ...inc(DST, 32), ...inc(ACC, 32), ...inc(F, 2),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // an odd frame left in the sub-block (only at the end of a block)
    ...op.get(F), ...op.get(SUBEND), ...op.i32LtU,
    ...op.if,
    ...op.get(SRC), ...op.v128Load64Zero(0), ...op.get(ZERO), ...op.shuffle(UNPACK24), ...op.i32(8), ...op.i32x4ShrS,
    ...lowToF64(X0),
    ...fold(X0, 0, sum),
    ...inc(SRC, 6), ...inc(DST, 16), ...inc(ACC, 16), ...inc(F, 1),
    ...op.end,
    ...op.get(SUBOUT), ...op.get(M), ...op.v128Store(0),
    ...inc(SUBOUT, 16),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(STATS), ...op.get(S), ...op.v128Store(0),
    ...op.get(STATS), ...op.get(Q), ...op.v128Store(16),
    ...op.get(STATS), ...op.get(C), ...op.v128Store(32),
  ];
}

/** The module's bytes (built once; also used by the test that checks the encoder). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  const fn = (name: string, sum: boolean) => ({
    name,
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128],
    body: kernelBody(sum),
  });
  return buildModule([fn('s24stereo', false), fn('s24stereoSum', true)], 1);
}

type KernelFn = (src: number, dst: number, frames: number, sub: number, subOut: number, stats: number, acc: number) => void;

let cached: Kernel | null | undefined;

/** The kernel of this thread, or null where WebAssembly SIMD is not available. */
export function s24StereoKernel(): S24StereoKernel | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const bytes = kernelModuleBytes();
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    cached = new Kernel(inst.exports.mem as WebAssembly.Memory, inst.exports.s24stereo as KernelFn, inst.exports.s24stereoSum as KernelFn);
  } catch {
    cached = null;
  }
  return cached;
}

/** A running sum of `frames` stereo frames in this thread's kernel memory, or null without the kernel. */
export function createS24Sum(frames: number): S24Sum | null {
  const k = s24StereoKernel() as Kernel | null;
  return k ? k.createSum(frames) : null;
}

interface Region {
  at: number;
  bytes: number;
  used: boolean;
}

/**
 * Memory layout: stats (64 bytes) | running sums | sub-block peaks | decoded f64 | bytes (+16
 * for the 16-byte loads). The running sums keep their places; everything after them is
 * rewritten by every call.
 */
class Kernel implements S24StereoKernel {
  private readonly regions: Region[] = [];
  private scratchAt = 64;

  constructor(
    private readonly mem: WebAssembly.Memory,
    private readonly plain: KernelFn,
    private readonly summing: KernelFn,
  ) {}

  private ensure(need: number): ArrayBuffer {
    const have = this.mem.buffer.byteLength;
    if (have < need) this.mem.grow(Math.ceil((need - have) / 65536));
    return this.mem.buffer;
  }

  createSum(frames: number): S24Sum {
    const bytes = align16(Math.max(1, frames) * 16);
    let r = this.regions.find((x) => !x.used && x.bytes === bytes);
    if (!r) {
      r = { at: this.scratchAt, bytes, used: false };
      this.regions.push(r);
      this.scratchAt += bytes;
    }
    r.used = true;
    new Uint8Array(this.ensure(r.at + bytes), r.at, bytes).fill(0);
    const region = r;
    const mem = this.mem;
    const handle: S24Sum = {
      frames,
      addInto(into, n, replace = false) {
        const acc = new Float64Array(mem.buffer, region.at, Math.min(frames * 2, n));
        if (replace) into.set(acc);
        else for (let i = 0; i < acc.length; i++) into[i] = into[i]! + acc[i]!;
        new Float64Array(mem.buffer, region.at, frames * 2).fill(0);
      },
      release() {
        region.used = false;
      },
    };
    sumAt.set(handle, region.at);
    return handle;
  }

  run(bytes: Uint8Array, frames: number, sub: number, stats: Float64Array, subPeak: Float64Array, sum?: S24Sum): Float64Array {
    if (sum && frames > sum.frames) throw new RangeError(`running sum of ${sum.frames} frames, block of ${frames}`);
    const subs = Math.ceil(frames / sub);
    const subAt = this.scratchAt;
    const dstAt = subAt + align16(subs * 16);
    const srcAt = dstAt + frames * 16;
    const buf = this.ensure(srcAt + frames * 6 + 16);
    new Uint8Array(buf, srcAt, frames * 6).set(bytes.subarray(0, frames * 6));
    const st = new Float64Array(buf, 0, STATS_LEN);
    st.set(stats);
    (sum ? this.summing : this.plain)(srcAt, dstAt, frames, sub, subAt, 0, sum ? sumAt.get(sum)! : 0);
    stats.set(st);
    subPeak.set(new Float64Array(buf, subAt, subs * 2));
    return new Float64Array(buf, dstAt, frames * 2);
  }
}

/** Where each running sum lives in its kernel's memory. */
const sumAt = new WeakMap<S24Sum, number>();

function align16(n: number): number {
  return (n + 15) & ~15;
}
