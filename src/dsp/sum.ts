/**
 * The summation arithmetic of spec §8.1 and §9.3, shared by the null-sum and the reference
 * render so both are bit-identical by construction.
 *
 * For every frame f and output channel c:
 *   acc = 0.0
 *   for each unmuted stem i, in manifest order:
 *     acc = acc + g_i * x_i[f][c_i]     (IEEE-754 double, multiply then add, no fused multiply-add)
 * where c_i = c when the stem has the output's channel count and c_i = 0 when the stem is mono.
 */

/**
 * Add `gain * stem` into `acc` (both interleaved float64, `frames` frames).
 * `stemChannels` is either `outChannels` or 1 (a mono stem feeds every output channel).
 */
export function accumulate(
  acc: Float64Array,
  stem: Float64Array | Float32Array,
  gain: number,
  frames: number,
  outChannels: number,
  stemChannels: number,
): void {
  const n = frames * outChannels;
  if (stemChannels === outChannels) {
    if (gain === 1) {
      for (let k = 0; k < n; k++) acc[k] = acc[k]! + stem[k]!;
    } else {
      for (let k = 0; k < n; k++) acc[k] = acc[k]! + gain * stem[k]!;
    }
    return;
  }
  if (stemChannels !== 1) {
    throw new RangeError(`cannot sum a ${stemChannels}-channel stem into ${outChannels} channels`);
  }
  for (let f = 0, k = 0; f < frames; f++) {
    const v = gain * stem[f]!;
    for (let c = 0; c < outChannels; c++, k++) acc[k] = acc[k]! + v;
  }
}

/** The spec's gain law: `10^(dB/20)`, with 0 dB exactly 1. */
export function gainFromDb(db: number): number {
  return db === 0 ? 1 : Math.pow(10, db / 20);
}
