/**
 * A minimal WebAssembly binary writer: just enough to build the level meter's SIMD kernel at
 * load time from TypeScript (no toolchain, no committed binary, same bytes in Node and the
 * browser).
 *
 * Ref: WebAssembly Core Specification 2.0, §5 Binary Format
 * (https://webassembly.github.io/spec/core/binary/), and the SIMD opcode table
 * (https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md).
 * @module
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Instruction bytes. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
  select: [0x1b],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32LtU: [0x49],
  i32Mul: [0x6c],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  v128Load: (offset = 0) => [0xfd, ...uleb(0x00), 0, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, ...uleb(0x0b), 0, ...uleb(offset)],
  v128Load64Zero: (offset = 0) => [0xfd, ...uleb(0x5d), 0, ...uleb(offset)],
  v128Const: (bytes: readonly number[]) => [0xfd, ...uleb(0x0c), ...bytes],
  shuffle: (lanes: readonly number[]) => [0xfd, ...uleb(0x0d), ...lanes],
  i32x4ShrS: [0xfd, ...uleb(0xac)],
  i32x4Add: [0xfd, ...uleb(0xae)],
  i32x4Splat: [0xfd, ...uleb(0x11)],
  i32x4Ne: [0xfd, ...uleb(0x38)],
  i32x4MinS: [0xfd, ...uleb(0xb6)],
  i32x4MaxS: [0xfd, ...uleb(0xb8)],
  v128Or: [0xfd, ...uleb(0x50)],
  v128AnyTrue: [0xfd, ...uleb(0x53)],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  f64x2Abs: [0xfd, ...uleb(0xec)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  f64x2Pmax: [0xfd, ...uleb(0xf7)],
  f64x2ConvertLowI32x4S: [0xfd, ...uleb(0xfe)],
} as const;

/** `v128.const` of a float64 in both lanes. */
export function f64x2Const(v: number): number[] {
  return op.v128Const([...new Uint8Array(new Float64Array([v, v]).buffer)]);
}

/**
 * `i8x16.shuffle` lanes taking four 3-byte little-endian samples (bytes 0-11) into the high three
 * bytes of four i32 lanes; the low byte (a copy of byte 0) is shifted out by `i32x4.shr_s 8`,
 * which leaves each sample sign-extended.
 */
export const UNPACK24 = [0, 0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9, 10, 11] as const;

/** `i8x16.shuffle` lanes swapping the two 64-bit halves (lanes 2-3 of an i32x4 to 0-1, or an f64x2's lanes). */
export const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7] as const;

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

/** One exported function. */
export interface FuncDef {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals by type, in order (indices follow the params). */
  locals: number[];
  body: number[];
}

/** A module with one memory (exported as `mem`, `pages` initial pages) and the given functions. */
export function buildModule(funcs: readonly FuncDef[], pages: number): Uint8Array<ArrayBuffer> {
  const types = section(1, vec(funcs.map((f) => [0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results.length), ...f.results])));
  const fsec = section(3, vec(funcs.map((_, i) => uleb(i))));
  const mem = section(5, vec([[0x00, ...uleb(pages)]]));
  const exp = section(7, vec([[...name('mem'), 0x02, 0], ...funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])]));
  const code = section(
    10,
    vec(
      funcs.map((f) => {
        const locals = vec(f.locals.map((t) => [1, t]));
        const body = [...locals, ...f.body, 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...fsec, ...mem, ...exp, ...code]);
}
