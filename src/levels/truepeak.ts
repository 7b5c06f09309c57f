/**
 * True-peak measurement: oversampling with a polyphase FIR interpolator, streaming, per channel.
 *
 * Ref: ITU-R BS.1770-4 Annex 2 ("Guidelines for accurate measurement of true-peak level"):
 * 4x oversampling with the 48-tap, 4-phase FIR given there as an example. Float input needs
 * no 12.04 dB pre-attenuation (that step is for fixed-point implementations).
 *
 * Oversampling factor by sample rate (the Annex's note: higher input rates need less
 * oversampling to reach the same ~192 kHz interpolated rate):
 * - below 176.4 kHz: 4x, the recommendation's filter (so 88.2/96 kHz are oversampled 4x too);
 * - 176.4 kHz up to (not including) 352.8 kHz: 2x, a 24-tap Hann-windowed-sinc half-band design
 *   (phase 0 passes the sample through, phase 1 interpolates the mid point);
 * - 352.8 kHz and above: 1x, the true peak is the sample peak.
 *
 * The reported true peak of a channel is max(interpolated peak, sample peak), as libebur128
 * reports it (the Annex 2 phases sit at 1/8, 3/8, 5/8, 7/8 of a sample period and never hit
 * the original samples exactly).
 */

/** The BS.1770-4 Annex 2 example coefficients, phase-major: phase k tap j multiplies x[n-j]. */
export const BS1770_4X: readonly number[] = [
  // phase 0
  0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625,
  0.97216796875, -0.102294921875, 0.0476074218750, -0.026611328125, 0.0148925781250, -0.00830078125,
  // phase 1
  -0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625,
  0.77978515625, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
  // phase 2
  -0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625, -0.2003173828125, 0.77978515625,
  0.465087890625, -0.16650390625, 0.089111328125, -0.0517578125, 0.029296875, -0.0291748046875,
  // phase 3
  -0.00830078125, 0.0148925781250, -0.026611328125, 0.0476074218750, -0.102294921875, 0.97216796875,
  0.1373291015625, -0.0594482421875, 0.033203125, -0.0196533203125, 0.010986328125, 0.001708984375,
];

/** Taps per phase of every interpolator here. */
export const TAPS = 12;

/** The 2x interpolator: phase 0 is the sample at delay 6, phase 1 the windowed sinc at delay 5.5. */
function halfBand(): number[] {
  const p0 = new Array<number>(TAPS).fill(0);
  p0[6] = 1;
  const p1: number[] = [];
  for (let j = 0; j < TAPS; j++) {
    const t = j - 5.5; // x[n-j] sits t periods before the interpolated point
    const w = Math.cos((Math.PI * t) / 13) ** 2;
    p1.push((w * Math.sin(Math.PI * t)) / (Math.PI * t));
  }
  const s = p1.reduce((a, b) => a + b, 0);
  return [...p0, ...p1.map((v) => v / s)];
}

/** The oversampling factor used at a sample rate (see the module doc). */
export function oversamplingFactor(sampleRate: number): 1 | 2 | 4 {
  if (sampleRate < 176400) return 4;
  if (sampleRate < 352800) return 2;
  return 1;
}

/** Coefficients (phase-major, {@link TAPS} per phase) for a factor; empty for 1x. */
export function interpolatorCoefficients(factor: 1 | 2 | 4): Float64Array {
  if (factor === 4) return Float64Array.from(BS1770_4X);
  if (factor === 2) return Float64Array.from(halfBand());
  return new Float64Array(0);
}

/**
 * The interpolator's gain bound: the largest sum of |coefficients| over its phases. No
 * interpolated sample can exceed (largest |input| in the filter's span) times this bound.
 */
export function gainBound(coefs: Float64Array): number {
  let best = 1;
  for (let p = 0; p * TAPS < coefs.length; p++) {
    let s = 0;
    for (let j = 0; j < TAPS; j++) s += Math.abs(coefs[p * TAPS + j]!);
    if (s > best) best = s;
  }
  return best;
}

/** Per-channel streaming state of a true-peak interpolator. */
export class TruePeakState {
  readonly factor: 1 | 2 | 4;
  readonly coefs: Float64Array;
  readonly bound: number;
  /** Last TAPS-1 input samples per channel, oldest first (channel-major). */
  readonly history: Float64Array;
  /** Largest |interpolated| per channel. */
  readonly peak: Float64Array;
  /** Interpolated samples above 1.0 (0 dBTP), all channels. */
  overs = 0;
  private buf = new Float64Array(0);

  constructor(readonly sampleRate: number, readonly channels: number) {
    this.factor = oversamplingFactor(sampleRate);
    this.coefs = interpolatorCoefficients(this.factor);
    this.bound = gainBound(this.coefs);
    this.history = new Float64Array(channels * (TAPS - 1));
    this.peak = new Float64Array(channels);
  }

  /** Largest |x| in a channel's history. */
  historyPeak(c: number): number {
    const h = this.history;
    let m = 0;
    for (let j = c * (TAPS - 1), e = j + TAPS - 1; j < e; j++) {
      const a = Math.abs(h[j]!);
      if (a > m) m = a;
    }
    return m;
  }

  /** Keep the last TAPS-1 samples of channel c without filtering (a skipped block). */
  skip(d: Float64Array, frames: number, c: number): void {
    const C = this.channels;
    const H = TAPS - 1;
    const h = this.history;
    const o = c * H;
    if (frames >= H) {
      for (let j = 0; j < H; j++) h[o + j] = d[(frames - H + j) * C + c]!;
    } else {
      for (let j = 0; j < H - frames; j++) h[o + j] = h[o + j + frames]!;
      for (let j = 0; j < frames; j++) h[o + H - frames + j] = d[j * C + c]!;
    }
  }

  /** Filter channel c of an interleaved block, updating peak, overs and history. */
  process(d: Float64Array, frames: number, c: number): void {
    if (this.factor === 1 || frames === 0) {
      this.skip(d, frames, c);
      return;
    }
    const C = this.channels;
    const H = TAPS - 1;
    const need = H + frames;
    if (this.buf.length < need) this.buf = new Float64Array(Math.max(need, this.buf.length * 2));
    const b = this.buf;
    const h = this.history;
    const o = c * H;
    for (let j = 0; j < H; j++) b[j] = h[o + j]!;
    for (let f = 0, i = c; f < frames; f++, i += C) b[H + f] = d[i]!;
    const r =
      this.factor === 4 ? run4(b, need, this.peak[c]!) : runGeneric(b, need, this.peak[c]!, this.coefs, this.factor);
    this.peak[c] = r.peak;
    this.overs += r.overs;
    for (let j = 0; j < H; j++) h[o + j] = b[need - H + j]!;
  }
}

interface RunResult {
  peak: number;
  overs: number;
}

/**
 * The 4x BS.1770 filter, unrolled with the coefficients inlined. Phases 3 and 2 are phases 0
 * and 1 reversed, so with p_j = x_j + x_(11-j) and q_j = x_j - x_(11-j):
 * y0 + y3 = sum (h0[j] + h0[11-j]) p_j and y0 - y3 = sum (h0[j] - h0[11-j]) q_j over j < 6
 * (half the multiplications), and max(|y0|, |y3|) = (|y0 + y3| + |y0 - y3|) / 2.
 * b[0..10] is history; outputs for input positions 11..n-1.
 */
function run4(b: Float64Array, n: number, peak: number): RunResult {
  let overs = 0;
  let m2 = 2 * peak; // compare doubled maxima, halve at the end
  for (let i = 11; i < n; i++) {
    const x0 = b[i]!, x1 = b[i - 1]!, x2 = b[i - 2]!, x3 = b[i - 3]!, x4 = b[i - 4]!, x5 = b[i - 5]!;
    const x6 = b[i - 6]!, x7 = b[i - 7]!, x8 = b[i - 8]!, x9 = b[i - 9]!, x10 = b[i - 10]!, x11 = b[i - 11]!;
    const p0 = x0 + x11, p1 = x1 + x10, p2 = x2 + x9, p3 = x3 + x8, p4 = x4 + x7, p5 = x5 + x6;
    const q0 = x0 - x11, q1 = x1 - x10, q2 = x2 - x9, q3 = x3 - x8, q4 = x4 - x7, q5 = x5 - x6;
    // phase 0 (+/-) phase 3, phase 1 (+/-) phase 2 (exact dyadic sums of the Annex 2 taps)
    const s03 = -0.006591796875 * p0 + 0.02587890625 * p1 - 0.0462646484375 * p2 + 0.080810546875 * p3 - 0.1617431640625 * p4 + 1.1094970703125 * p5;
    const d03 = 0.010009765625 * q0 - 0.00390625 * q1 + 0.0069580078125 * q2 - 0.014404296875 * q3 + 0.0428466796875 * q4 - 0.8348388671875 * q5;
    const s12 = -0.048095703125 * p0 + 0.0623779296875 * p1 - 0.1099853515625 * p2 + 0.190673828125 * p3 - 0.3668212890625 * p4 + 1.244873046875 * p5;
    const d12 = -0.01025390625 * q0 - 0.0037841796875 * q1 + 0.0064697265625 * q2 - 0.012451171875 * q3 + 0.0338134765625 * q4 - 0.314697265625 * q5;
    const a = (s03 < 0 ? -s03 : s03) + (d03 < 0 ? -d03 : d03);
    const c = (s12 < 0 ? -s12 : s12) + (d12 < 0 ? -d12 : d12);
    const m = a > c ? a : c;
    if (m > m2) m2 = m;
    if (m > 2) overs += countOvers(s03, d03, s12, d12);
  }
  return { peak: m2 / 2, overs };
}

/** Interpolated samples above 1.0 among the four phases (rare path). */
function countOvers(s03: number, d03: number, s12: number, d12: number): number {
  const y0 = (s03 + d03) / 2, y3 = (s03 - d03) / 2, y1 = (s12 + d12) / 2, y2 = (s12 - d12) / 2;
  return (Math.abs(y0) > 1 ? 1 : 0) + (Math.abs(y1) > 1 ? 1 : 0) + (Math.abs(y2) > 1 ? 1 : 0) + (Math.abs(y3) > 1 ? 1 : 0);
}

function runGeneric(b: Float64Array, n: number, peak: number, coefs: Float64Array, factor: number): RunResult {
  let overs = 0;
  for (let i = TAPS - 1; i < n; i++) {
    for (let p = 0; p < factor; p++) {
      let y = 0;
      const o = p * TAPS;
      for (let j = 0; j < TAPS; j++) y += coefs[o + j]! * b[i - j]!;
      const a = y < 0 ? -y : y;
      if (a > peak) peak = a;
      if (a > 1) overs++;
    }
  }
  return { peak, overs };
}
