/**
 * Quantisation of float64 samples to integer PCM (spec §9.4) and the seeded TPDF dither
 * (spec §9.5). Pure functions, deterministic on every platform.
 */

/**
 * mulberry32: the spec's dither PRNG. State is a uint32; each call advances it and returns a
 * uint32. Defined with 32-bit integer operations only, so every implementation agrees.
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Result of quantising a block. */
export interface QuantizeStats {
  /** Samples clamped to the format's range in this block. */
  clamped: number;
  /** Index (interleaved) of the first clamped sample in this block, or -1. */
  firstClamped: number;
}

/**
 * Quantise interleaved float64 samples to signed integers of `bits` bits:
 *   q = floor(x * 2^(bits-1) + d + 0.5), clamped to [-2^(bits-1), 2^(bits-1) - 1]
 * where d = 0 without dither and d = (u1 - u2) with TPDF dither, u = prng() / 2^32, two draws
 * per sample in interleaved order. Returns the number of clamped samples; clamped sample
 * indices are reported through `onClamp` when given.
 */
export function quantize(
  src: Float64Array,
  n: number,
  bits: number,
  out: Int32Array,
  dither?: () => number,
  onClamp?: (index: number) => void,
): number {
  const scale = 2 ** (bits - 1);
  const max = scale - 1;
  const min = -scale;
  let clamped = 0;
  for (let k = 0; k < n; k++) {
    let d = 0;
    if (dither) d = dither() / 4294967296 - dither() / 4294967296;
    let q = Math.floor(src[k]! * scale + d + 0.5);
    if (q > max) {
      q = max;
      clamped++;
      onClamp?.(k);
    } else if (q < min) {
      q = min;
      clamped++;
      onClamp?.(k);
    }
    out[k] = q;
  }
  return clamped;
}
