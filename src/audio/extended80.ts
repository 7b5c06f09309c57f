/**
 * IEEE 754 80-bit extended precision, as AIFF `COMM` stores the sample rate.
 * Ref: Apple, "Audio Interchange File Format: AIFF" 1.3 (1989), §"Common Chunk", `extended`;
 * Apple Numerics Manual (SANE) 80-bit format: sign(1) exponent(15, bias 16383) mantissa(64, explicit integer bit).
 * Pure functions, no imports: both the reader and the writer use them.
 */

/**
 * Decode 10 big-endian bytes to a number. Exact for every value a double can hold
 * (mantissa bits beyond 53 are rounded to nearest, ties to even, by the arithmetic below).
 * Infinity/NaN encodings give `Infinity`/`NaN`; denormals decode to their (tiny) value.
 */
export function decodeExtended80(bytes: Uint8Array, offset = 0): number {
  const b = bytes;
  const o = offset;
  const sign = b[o]! & 0x80 ? -1 : 1;
  const exp = ((b[o]! & 0x7f) << 8) | b[o + 1]!;
  const hi = ((b[o + 2]! << 24) | (b[o + 3]! << 16) | (b[o + 4]! << 8) | b[o + 5]!) >>> 0;
  const lo = ((b[o + 6]! << 24) | (b[o + 7]! << 16) | (b[o + 8]! << 8) | b[o + 9]!) >>> 0;
  if (exp === 0x7fff) return (hi & 0x7fffffff) === 0 && lo === 0 ? sign * Infinity : NaN;
  if (hi === 0 && lo === 0) return sign * 0;
  // value = mantissa * 2^(exp - 16383 - 63); do it with BigInt to keep all 64 bits, then round once.
  const mant = (BigInt(hi) << 32n) | BigInt(lo);
  const e = exp - 16383 - 63;
  return sign * bigTimesPow2(mant, e);
}

/** m * 2^e rounded to the nearest double (ties to even). */
function bigTimesPow2(m: bigint, e: number): number {
  // Normalise m to at most 53 significant bits with correct rounding.
  const bits = m.toString(2).length;
  if (bits > 53) {
    const shift = bits - 53;
    const q = m >> BigInt(shift);
    const rem = m & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    let r = q;
    if (rem > half || (rem === half && (q & 1n) === 1n)) r = q + 1n;
    return ldexp(Number(r), e + shift);
  }
  return ldexp(Number(m), e);
}

/** x * 2^e without intermediate overflow/underflow for the exponent ranges used here. */
function ldexp(x: number, e: number): number {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}

/**
 * Encode a finite number as 10 big-endian bytes of 80-bit extended (normalised, explicit
 * integer bit). Exact: every double is representable. `NaN`/`Infinity` throw (a writer bug).
 */
export function encodeExtended80(value: number): Uint8Array {
  const out = new Uint8Array(10);
  if (!Number.isFinite(value)) throw new RangeError(`encodeExtended80: not finite: ${value}`);
  if (value === 0) {
    if (Object.is(value, -0)) out[0] = 0x80;
    return out;
  }
  const sign = value < 0 ? 0x8000 : 0;
  let v = Math.abs(value);
  // Find e with 2^e <= v < 2^(e+1).
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e -= 1;
  if (2 ** (e + 1) <= v) e += 1;
  // Mantissa: v / 2^e in [1, 2) scaled by 2^63, exact since v has at most 53 significant bits.
  const mant = exactScale(v, 63 - e);
  const exp = e + 16383;
  out[0] = ((sign | exp) >> 8) & 0xff;
  out[1] = exp & 0xff;
  for (let i = 0; i < 8; i++) out[2 + i] = Number((mant >> BigInt(8 * (7 - i))) & 0xffn);
  return out;
}

/** BigInt of v * 2^k, exact (v a double, result an integer < 2^64). */
function exactScale(v: number, k: number): bigint {
  // Split v into an integer significand and exponent exactly.
  let s = v;
  let p = 0;
  while (!Number.isInteger(s)) { s *= 2; p -= 1; }
  while (s >= 2 ** 53) { s /= 2; p += 1; }
  const sh = k + p;
  const big = BigInt(s);
  return sh >= 0 ? big << BigInt(sh) : big >> BigInt(-sh);
}
