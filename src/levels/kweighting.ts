/**
 * K-weighting filter coefficients for any sample rate.
 *
 * Ref: ITU-R BS.1770-4 Annex 1 (pre-filter high shelf + RLB high-pass, given there for 48 kHz).
 * The coefficients are re-derived for the actual rate from the analogue prototype parameters
 * (f0, Q, gain) by the bilinear transform, exactly as libebur128 and pyloudnorm do; at 48 kHz
 * they reproduce the recommendation's tables to ~1e-8.
 */

/** One biquad: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Stage 1, the high shelf that models the head (+4 dB above ~1.7 kHz). */
export function kShelf(sampleRate: number): Biquad {
  const f0 = 1681.974450955533;
  const G = 3.999843853973347;
  const Q = 0.7071752369554196;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  const a0 = 1 + K / Q + K * K;
  return {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
}

/** Stage 2, the RLB high-pass (~38 Hz). Numerator 1, -2, 1 as in libebur128. */
export function kHighPass(sampleRate: number): Biquad {
  const f0 = 38.13547087602444;
  const Q = 0.5003270373238773;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const a0 = 1 + K / Q + K * K;
  return { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
}

/**
 * BS.1770 channel weights by channel count, following libebur128's default channel map:
 * 1 ch: [1] (mono counted once); 2: L R; 3: L R C; 4: L R Ls Rs (surrounds 1.41);
 * 5: L R C Ls Rs; 6 (5.1 in WAVE order L R C LFE Ls Rs): LFE 0, Ls/Rs 1.41.
 * Above 6 channels libebur128 ignores channels 7+; we weight them 1.0 instead (so 7.1 side
 * and back channels count rather than vanish); pass explicit weights to override.
 */
export function defaultChannelWeights(channels: number): number[] {
  if (channels === 4) return [1, 1, 1.41, 1.41];
  if (channels === 5) return [1, 1, 1, 1.41, 1.41];
  const w: number[] = [];
  for (let c = 0; c < channels; c++) w.push(c === 3 ? 0 : c === 4 || c === 5 ? 1.41 : 1);
  return w;
}
