/**
 * The render's integer sum of 24-bit little-endian stems in WebAssembly SIMD: four samples at a
 * time, 16 bytes loaded, their three-byte samples shuffled into the high bytes of four i32 lanes
 * and shifted right (arithmetic) by 8: exactly the integers the byte-wise decode gives, added
 * into an i32 accumulator with the same wrap-free int32 adds.
 *
 * Ref: Microsoft WAVE PCM (24-bit samples are 3-byte little-endian two's complement);
 * WebAssembly SIMD (fixed-width 128-bit: i8x16.shuffle, i32x4.shr_s, i32x4.add), in Node 16.4+.
 * @module
 */
import { buildModule, F64, f64x2Const, I32, op, SWAP_HALVES, UNPACK24, V128 } from '../levels/wasm-emit.js';

/** An instance: its memory, and its loops over four samples per quad (byte offsets into `mem`). */
export interface S24Render {
  readonly mem: WebAssembly.Memory;
  /** i32 acc[0 .. 4 quads) = the samples at `src`; reads 4 bytes past the last quad. */
  set(src: number, acc: number, quads: number): void;
  /** i32 acc[0 .. 4 quads) += the samples at `src`. */
  add(src: number, acc: number, quads: number): void;
  /**
   * f64 acc[0 .. 4 quads) = acc + gain * (sample * 2^-23): the operations of `accumulate` on a
   * `decodeToFloat64` block, in the same order (IEEE-754 double in both, no fused multiply-add).
   */
  fadd(src: number, acc: number, quads: number, gain: number): void;
  /**
   * The i32 acc[0 .. 4 quads) clamped to 24 bits and written as 3-byte little-endian samples
   * at `out` (writes 4 bytes past the last quad); returns 1 if any sample was clamped, else 0.
   */
  clamp24(acc: number, out: number, quads: number): number;
}

const SRC = 0, ACC = 1, QUADS = 2, END = 3, V = 4;
// fadd: the gain parameter, then its locals
const GAIN = 3, FEND = 4, FV = 5, G = 6, SC = 7;

/** The samples at SRC as i32x4 (on the stack). */
const decode = (src: number): number[] => [...op.get(src), ...op.v128Load(), ...op.tee(FV), ...op.get(FV), ...op.shuffle(UNPACK24), ...op.i32(8), ...op.i32x4ShrS];

function faddBody(): number[] {
  // (acc + gain * (x * 2^-23)) for two lanes converted from i32 lanes 0-1 of FV, at ACC + offset
  const half = (offset: number, high: boolean): number[] => [
    ...op.get(ACC),
    ...op.get(ACC), ...op.v128Load(offset),
    ...op.get(FV), ...(high ? [...op.get(FV), ...op.shuffle(SWAP_HALVES)] : []), ...op.f64x2ConvertLowI32x4S,
    ...op.get(SC), ...op.f64x2Mul,
    ...op.get(G), ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.v128Store(offset),
  ];
  return [
    ...op.get(GAIN), ...op.f64x2Splat, ...op.set(G),
    ...f64x2Const(1 / 8388608), ...op.set(SC),
    ...op.get(SRC), ...op.get(QUADS), ...op.i32(12), ...op.i32Mul, ...op.i32Add, ...op.set(FEND),
    ...op.block,
    ...op.loop,
    ...op.get(SRC), ...op.get(FEND), ...op.i32GeU, ...op.brIf(1),
    ...decode(SRC), ...op.set(FV),
    ...half(0, false),
    ...half(16, true),
    ...op.get(SRC), ...op.i32(12), ...op.i32Add, ...op.set(SRC),
    ...op.get(ACC), ...op.i32(32), ...op.i32Add, ...op.set(ACC),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

function body(add: boolean): number[] {
  return [
    // END = SRC + QUADS * 12
    ...op.get(SRC), ...op.get(QUADS), ...op.i32(12), ...op.i32Mul, ...op.i32Add, ...op.set(END),
    ...op.block,
    ...op.loop,
    ...op.get(SRC), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
    ...op.get(ACC),
    ...(add ? [...op.get(ACC), ...op.v128Load()] : []),
    ...op.get(SRC), ...op.v128Load(), ...op.tee(V), ...op.get(V), ...op.shuffle(UNPACK24), ...op.i32(8), ...op.i32x4ShrS,
    ...(add ? op.i32x4Add : []),
    ...op.v128Store(),
    ...op.get(SRC), ...op.i32(12), ...op.i32Add, ...op.set(SRC),
    ...op.get(ACC), ...op.i32(16), ...op.i32Add, ...op.set(ACC),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

// clamp24: parameters ACC, OUT, QUADS; locals
const CACC = 0, COUT = 1, CQUADS = 2, CEND = 3, CV = 4, CC = 5, FLAG = 6, MAXV = 7, MINV = 8;
/** The low three bytes of each i32 lane, packed into bytes 0-11. */
const PACK = [0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0];

function clampBody(): number[] {
  return [
    ...op.i32(2 ** 23 - 1), ...op.i32x4Splat, ...op.set(MAXV),
    ...op.i32(-(2 ** 23)), ...op.i32x4Splat, ...op.set(MINV),
    ...op.get(CACC), ...op.get(CQUADS), ...op.i32(16), ...op.i32Mul, ...op.i32Add, ...op.set(CEND),
    ...op.block,
    ...op.loop,
    ...op.get(CACC), ...op.get(CEND), ...op.i32GeU, ...op.brIf(1),
    ...op.get(CACC), ...op.v128Load(), ...op.tee(CV),
    ...op.get(MAXV), ...op.i32x4MinS, ...op.get(MINV), ...op.i32x4MaxS, ...op.set(CC),
    ...op.get(FLAG), ...op.get(CV), ...op.get(CC), ...op.i32x4Ne, ...op.v128Or, ...op.set(FLAG),
    ...op.get(COUT), ...op.get(CC), ...op.get(CC), ...op.shuffle(PACK), ...op.v128Store(),
    ...op.get(CACC), ...op.i32(16), ...op.i32Add, ...op.set(CACC),
    ...op.get(COUT), ...op.i32(12), ...op.i32Add, ...op.set(COUT),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(FLAG), ...op.v128AnyTrue,
  ];
}

let bytes: Uint8Array<ArrayBuffer> | null = null;
let module: WebAssembly.Module | null | undefined;

/** A new instance with at least `byteLength` bytes of memory, or null where WebAssembly SIMD is not available. */
export function createS24Render(byteLength: number): S24Render | null {
  if (module === undefined) {
    try {
      bytes = buildModule(
        [
          { name: 'set', params: [I32, I32, I32], results: [], locals: [I32, V128], body: body(false) },
          { name: 'add', params: [I32, I32, I32], results: [], locals: [I32, V128], body: body(true) },
          { name: 'fadd', params: [I32, I32, I32, F64], results: [], locals: [I32, V128, V128, V128], body: faddBody() },
          { name: 'clamp24', params: [I32, I32, I32], results: [I32], locals: [I32, V128, V128, V128, V128, V128], body: clampBody() },
        ],
        1,
      );
      module = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      module = null;
    }
  }
  if (!module) return null;
  const inst = new WebAssembly.Instance(module);
  const mem = inst.exports['mem'] as WebAssembly.Memory;
  const have = mem.buffer.byteLength;
  if (have < byteLength) mem.grow(Math.ceil((byteLength - have) / 65536));
  return { mem, set: inst.exports['set'] as S24Render['set'], add: inst.exports['add'] as S24Render['add'], fadd: inst.exports['fadd'] as S24Render['fadd'], clamp24: inst.exports['clamp24'] as S24Render['clamp24'] };
}
