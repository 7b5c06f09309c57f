/**
 * True-peak measurement: oversampling with a polyphase FIR interpolator, streaming, per channel.
 *
 * Ref: ITU-R BS.1770-4 Annex 2 ("Guidelines for accurate measurement of true-peak level"), which
 * gives a 48-tap 4x filter as an example and allows better interpolators. Float input needs no
 * 12.04 dB pre-attenuation (that step is for fixed-point implementations).
 *
 * The interpolator is the windowed sinc that ffmpeg's `ebur128=peak=true` uses through its
 * resampler's defaults (libswresample: 32 taps per phase, Kaiser window beta 9, cut-off at the
 * input Nyquist frequency when upsampling, each phase normalised to unity DC gain), so the
 * readings agree with ffmpeg's. The Annex 2 example filter (12 taps per phase) rolls off in the top
 * octave and under-reads full-band material by ~0.6 dB, while its short phases over-read a
 * 0 dBFS sweep near Nyquist by ~0.2 dB.
 *
 * Oversampling factor: the smallest integer that takes the rate to 176.4 kHz or more
 * (`ceil(176400 / rate)`, at most {@link MAX_FACTOR}): 4x at 44.1 and 48 kHz, 2x at 88.2 and
 * 96 kHz, 1x (the sample peak) from 176.4 kHz on; 6x at 32 kHz, 12x at 16 kHz. Phase 0 of the
 * oversampled grid is the original sample itself (the sinc is 1 there and 0 at the other
 * samples), phase p of R sits p/R of a sample period after it.
 *
 * Edges: a stream starts from silence (zero history) and the meter runs zeros after its end, so
 * an abrupt start or end at a non-zero level shows the step's band-limited overshoot (0.7 dB for a
 * -6 dBFS sine at fs/8 cut at 67.5°). ffmpeg mirrors the first samples instead and does not flush
 * its resampler at the end, so such edges can read up to ~0.5-0.7 dB apart, either way; faded or
 * silent edges read the same.
 *
 * Speed (4x): for every input sample the three interpolated points of the next interval are first
 * estimated from the 12 central taps, and computed with all 32 only when the estimate plus a proven
 * bound on the 20 outer taps' contribution (their absolute sum times the largest |x| they can
 * touch) could exceed the running peak or 1.0 (an inter-sample over). Every point skipped is thus
 * provably unable to change the peak or the over count, so the result equals the full 32-tap
 * computation exactly, whatever the block splits.
 */

/** Taps per phase of the interpolator. */
export const TAPS = 32;
/** Kaiser window parameter of the interpolator (libswresample's default). */
export const KAISER_BETA = 9;
/** The oversampled rate the factor reaches at least. */
export const TARGET_RATE = 176400;
/** Largest oversampling factor (reached below 5.5125 kHz). */
export const MAX_FACTOR = 32;

/** Half the taps: the interpolated point between x[a] and x[a+1] reads x[a-15] .. x[a+16]. */
const HALF = TAPS / 2;
/** Samples kept between blocks per channel. */
const HIST = TAPS - 1;

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x / 2) * (x / 2);
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/**
 * Taps of the phase at fraction `phi` (0 < phi < 1) of a sample period after x[a], in input order:
 * element i multiplies x[a + i - 15]. Kaiser-windowed sinc over +-16 samples, normalised to sum 1.
 */
function phaseTaps(phi: number): Float64Array {
  const c = new Float64Array(TAPS);
  let norm = 0;
  for (let i = 0; i < TAPS; i++) {
    const u = i - (HALF - 1) - phi; // distance from the interpolated point to the input sample
    const x = Math.PI * u;
    const w = (2 * u) / TAPS;
    c[i] = (Math.sin(x) / x) * besselI0(KAISER_BETA * Math.sqrt(Math.max(1 - w * w, 0)));
    norm += c[i]!;
  }
  for (let i = 0; i < TAPS; i++) c[i]! /= norm;
  return c;
}

/** The oversampling factor used at a sample rate (see the module doc). */
export function oversamplingFactor(sampleRate: number): number {
  if (!(sampleRate > 0)) return 1;
  return Math.min(MAX_FACTOR, Math.max(1, Math.ceil(TARGET_RATE / sampleRate)));
}

/**
 * Taps of phase p of a factor-R interpolator in input order (element i multiplies x[a + i - 15],
 * the point sits p/R after x[a]). Phase p and R - p are mirror images, built from one another so
 * they are exactly so.
 */
function phaseRow(R: number, p: number): Float64Array {
  if (p === 0) {
    const c = new Float64Array(TAPS);
    c[HALF - 1] = 1;
    return c;
  }
  if (2 * p > R) return phaseRow(R, R - p).reverse();
  return phaseTaps(p / R);
}

/**
 * Coefficients of a factor's interpolator, phase-major with {@link TAPS} per phase: phase p tap j
 * multiplies x[n - j], where x[n] is the newest input and the point sits p/factor of a period
 * after x[n - 16]. Phase 0 is the identity (tap 16 is 1). Empty for 1x.
 */
export function interpolatorCoefficients(factor: number): Float64Array {
  if (factor <= 1) return new Float64Array(0);
  const out = new Float64Array(factor * TAPS);
  for (let p = 0; p < factor; p++) {
    const row = phaseRow(factor, p);
    for (let j = 0; j < TAPS; j++) out[p * TAPS + j] = row[TAPS - 1 - j]!;
  }
  return out;
}

/**
 * The interpolator's gain bound: the largest sum of |coefficients| over its phases (at least 1).
 * No interpolated sample can exceed (largest |input| in the filter's span) times this bound.
 */
export function gainBound(coefs: Float64Array): number {
  let best = 1;
  for (let p = 0; p * TAPS < coefs.length; p++) {
    let s = 0;
    for (let j = 0; j < TAPS; j++) s += Math.abs(coefs[p * TAPS + j]!);
    if (s > best) best = s;
  }
  // the kernels sum in a different order than this: cover their rounding too
  return best === 1 ? 1 : best * (1 + 1e-12);
}

/**
 * Folded coefficients of a mirror pair of phases (p, R - p) with p < R - p, or of the middle phase
 * (2p = R): with P_k = x[a-k] + x[a+1+k] and Q_k = x[a-k] - x[a+1+k] (k < 16),
 * y_p + y_(R-p) = sum S_k P_k and y_p - y_(R-p) = sum D_k Q_k; the middle phase is sum S_k P_k / 2.
 */
interface Folded {
  S: Float64Array;
  D: Float64Array | null;
}

function folded(R: number, p: number): Folded {
  const c = phaseRow(R, p);
  const S = new Float64Array(HALF);
  const D = new Float64Array(HALF);
  for (let k = 0; k < HALF; k++) {
    const A = c[HALF - 1 - k]!; // x[a-k]
    const B = c[HALF + k]!; // x[a+1+k]
    S[k] = A + B;
    D[k] = A - B;
  }
  return { S, D: 2 * p === R ? null : D };
}

/** Taps of the 4x filter's cheap estimate: the 6 central folded terms (12 taps). */
const CHEAP = 6;

// The 4x filter, folded: phases 1 and 3 as a pair, phase 2 on its own.
const F4_13 = folded(4, 1);
const F4_2 = folded(4, 2);
const S4 = F4_13.S;
const D4 = F4_13.D!;
const H4 = F4_2.S; // y2 = sum H4_k P_k / 2
/**
 * Bound on what the outer taps (k >= CHEAP) add to the estimate of max(|y1|, |y3|) = (|s| + |d|)/2
 * and to |y2| = |h|/2, per unit of max |x| over the span: |P_k|, |Q_k| <= 2 max|x|, so
 * (|s| + |d|)/2 moves by at most sum (|S_k| + |D_k|) max|x| and |h|/2 by sum |H_k| max|x|. The small
 * extra covers floating-point rounding of both computations (~1e-14 relative).
 */
const E4 = (() => {
  let a = 0;
  let b = 0;
  for (let k = CHEAP; k < HALF; k++) {
    a += Math.abs(S4[k]!) + Math.abs(D4[k]!);
    b += Math.abs(H4[k]!);
  }
  return Math.max(a, b) * (1 + 1e-9) + 1e-12;
})();

/** Per-channel streaming state of a true-peak interpolator. */
export class TruePeakState {
  readonly factor: number;
  /** Phase-major coefficients ({@link interpolatorCoefficients}). */
  readonly coefs: Float64Array;
  /** Gain bound of the interpolator ({@link gainBound}); 1 at 1x. */
  readonly bound: number;
  /** Last TAPS-1 input samples per channel, oldest first (channel-major). */
  readonly history: Float64Array;
  /**
   * Largest |value| per channel on the oversampled grid computed so far (the interpolated points,
   * and possibly original samples, which are the grid's phase 0).
   */
  readonly peak: Float64Array;
  /** Interpolated samples (phases other than 0) above 1.0 (0 dBTP), all channels. */
  overs = 0;
  private buf = new Float64Array(0);
  private chunkMax = new Float64Array(0);
  /** Folded phases of a generic factor (not 1, 2 or 4). */
  private readonly generic: Folded[];

  constructor(readonly sampleRate: number, readonly channels: number) {
    this.factor = oversamplingFactor(sampleRate);
    this.coefs = interpolatorCoefficients(this.factor);
    this.bound = gainBound(this.coefs);
    this.history = new Float64Array(channels * HIST);
    this.peak = new Float64Array(channels);
    this.generic = [];
    if (this.factor !== 1 && this.factor !== 2 && this.factor !== 4) {
      for (let p = 1; 2 * p <= this.factor; p++) this.generic.push(folded(this.factor, p));
    }
  }

  /** Largest |x| in a channel's history. */
  historyPeak(c: number): number {
    const h = this.history;
    let m = 0;
    for (let j = c * HIST, e = j + HIST; j < e; j++) {
      const a = Math.abs(h[j]!);
      if (a > m) m = a;
    }
    return m;
  }

  /** Keep the last TAPS-1 samples of channel c without filtering (a skipped block). */
  skip(d: Float64Array, frames: number, c: number): void {
    const C = this.channels;
    const H = HIST;
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
    const H = HIST;
    const need = H + frames;
    if (this.buf.length < need) this.buf = new Float64Array(Math.max(need, this.buf.length * 2));
    const b = this.buf;
    const h = this.history;
    const o = c * H;
    for (let j = 0; j < H; j++) b[j] = h[o + j]!;
    for (let f = 0, i = c; f < frames; f++, i += C) b[H + f] = d[i]!;
    let r: RunResult;
    if (this.factor === 4) {
      const nc = (need + 31) >> 5;
      if (this.chunkMax.length < nc) this.chunkMax = new Float64Array(Math.max(nc, this.chunkMax.length * 2));
      r = run4(b, need, this.peak[c]!, this.chunkMax);
    } else if (this.factor === 2) r = run2(b, need, this.peak[c]!);
    else r = runGeneric(b, need, this.peak[c]!, this.generic);
    this.peak[c] = r.peak;
    this.overs += r.overs;
    for (let j = 0; j < H; j++) h[o + j] = b[need - H + j]!;
  }

  /**
   * The peaks and over count once the stream has ended: the state run on a copy through TAPS-1
   * zeros, so the interpolated points around the last samples are seen. Channels whose history
   * stays below `threshold` (linear) by the gain bound are not run. Does not change this state.
   */
  flushed(threshold: number | null = null): { peak: Float64Array; overs: number } {
    const copy = new TruePeakState(this.sampleRate, this.channels);
    copy.history.set(this.history);
    copy.peak.set(this.peak);
    copy.overs = this.overs;
    const zeros = new Float64Array(HIST * this.channels);
    for (let c = 0; c < this.channels; c++) {
      if (threshold === null || copy.historyPeak(c) * copy.bound >= threshold) copy.process(zeros, HIST, c);
    }
    return { peak: copy.peak, overs: copy.overs };
  }
}

interface RunResult {
  peak: number;
  overs: number;
}

/**
 * The 4x filter. b[0..30] is history; for each newest input b[i] (i = 31 .. n-1) the points at
 * 1/4, 2/4, 3/4 between a = b[i-16] and b[i-15] are due. With P_k = b[i-16-k] + b[i-15+k] and
 * Q_k = b[i-16-k] - b[i-15+k]: max(|y1|, |y3|) = (|s| + |d|)/2 with s = sum S4_k P_k,
 * d = sum D4_k Q_k, and |y2| = |h|/2 with h = sum H4_k P_k.
 *
 * The estimate uses k < 6; the points are computed in full (exact4) only where the estimate could
 * reach min(peak, 1) once the outer taps' bound E4 * M is added, M being the largest |x| of the two
 * 32-sample chunks of b that hold the span. Original samples enter the peak chunk by chunk (they
 * are the grid's phase 0), which keeps the comparison level high from the start.
 */
function run4(b: Float64Array, n: number, peak: number, cm: Float64Array): RunResult {
  const s0 = S4[0]!, s1 = S4[1]!, s2 = S4[2]!, s3 = S4[3]!, s4 = S4[4]!, s5 = S4[5]!;
  const d0 = D4[0]!, d1 = D4[1]!, d2 = D4[2]!, d3 = D4[3]!, d4 = D4[4]!, d5 = D4[5]!;
  const h0 = H4[0]!, h1 = H4[1]!, h2 = H4[2]!, h3 = H4[3]!, h4 = H4[4]!, h5 = H4[5]!;
  const e4 = E4;
  const nc = (n + 31) >> 5;
  for (let k = 0; k < nc; k++) {
    let m = 0;
    for (let i = k << 5, e = Math.min(n, i + 32); i < e; i++) {
      const x = b[i]!;
      const a = x < 0 ? -x : x;
      if (a > m) m = a;
    }
    cm[k] = m;
  }
  let overs = 0;
  let two = 2 * peak; // compare doubled values: (|s| + |d|) and |h| are twice the points
  for (let k = 0; k < nc; k++) {
    const lo = k === 0 ? 31 : k << 5;
    const hi = Math.min(n, (k + 1) << 5);
    if (lo >= hi) continue;
    const cur = cm[k]!;
    const M = k === 0 ? cur : Math.max(cm[k - 1]!, cur);
    if (2 * cur > two) two = 2 * cur;
    const em2 = 2 * e4 * M;
    let t = (two < 2 ? two : 2) - em2;
    for (let i = lo; i < hi; i++) {
      const a0 = b[i - 16]!, a1 = b[i - 17]!, a2 = b[i - 18]!, a3 = b[i - 19]!, a4 = b[i - 20]!, a5 = b[i - 21]!;
      const c0 = b[i - 15]!, c1 = b[i - 14]!, c2 = b[i - 13]!, c3 = b[i - 12]!, c4 = b[i - 11]!, c5 = b[i - 10]!;
      const p0 = a0 + c0, p1 = a1 + c1, p2 = a2 + c2, p3 = a3 + c3, p4 = a4 + c4, p5 = a5 + c5;
      const q0 = a0 - c0, q1 = a1 - c1, q2 = a2 - c2, q3 = a3 - c3, q4 = a4 - c4, q5 = a5 - c5;
      const s = s0 * p0 + s1 * p1 + s2 * p2 + s3 * p3 + s4 * p4 + s5 * p5;
      const d = d0 * q0 + d1 * q1 + d2 * q2 + d3 * q3 + d4 * q4 + d5 * q5;
      const h = h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3 + h4 * p4 + h5 * p5;
      const m13 = (s < 0 ? -s : s) + (d < 0 ? -d : d);
      const m2 = h < 0 ? -h : h;
      if (m13 > t || m2 > t) {
        const r = exact4(b, i);
        if (r.two > two) two = r.two;
        overs += r.overs;
        t = (two < 2 ? two : 2) - em2;
      }
    }
  }
  return { peak: two / 2, overs };
}

/** The three 4x points of newest input i with all 32 taps: doubled max |y| and the overs among them. */
function exact4(b: Float64Array, i: number): { two: number; overs: number } {
  let s = 0;
  let d = 0;
  let h = 0;
  for (let k = 0; k < HALF; k++) {
    const a = b[i - 16 - k]!;
    const c = b[i - 15 + k]!;
    const p = a + c;
    s += S4[k]! * p;
    d += D4[k]! * (a - c);
    h += H4[k]! * p;
  }
  const as = s < 0 ? -s : s, ad = d < 0 ? -d : d, ah = h < 0 ? -h : h;
  const m13 = as + ad;
  const two = m13 > ah ? m13 : ah;
  let overs = 0;
  if (two > 2) {
    // y1 = (s + d)/2, y3 = (s - d)/2, y2 = h/2
    if (Math.abs(s + d) > 2) overs++;
    if (Math.abs(s - d) > 2) overs++;
    if (ah > 2) overs++;
  }
  return { two, overs };
}

/** The 2x filter: the mid point y = h/2 with h = sum H_k P_k, all 32 taps (16 multiplications). */
function run2(b: Float64Array, n: number, peak: number): RunResult {
  const H = F2;
  const k0 = H[0]!, k1 = H[1]!, k2 = H[2]!, k3 = H[3]!, k4 = H[4]!, k5 = H[5]!, k6 = H[6]!, k7 = H[7]!;
  const k8 = H[8]!, k9 = H[9]!, k10 = H[10]!, k11 = H[11]!, k12 = H[12]!, k13 = H[13]!, k14 = H[14]!, k15 = H[15]!;
  let overs = 0;
  let two = 2 * peak;
  for (let i = HIST; i < n; i++) {
    const h =
      k0 * (b[i - 16]! + b[i - 15]!) + k1 * (b[i - 17]! + b[i - 14]!) + k2 * (b[i - 18]! + b[i - 13]!) + k3 * (b[i - 19]! + b[i - 12]!) +
      k4 * (b[i - 20]! + b[i - 11]!) + k5 * (b[i - 21]! + b[i - 10]!) + k6 * (b[i - 22]! + b[i - 9]!) + k7 * (b[i - 23]! + b[i - 8]!) +
      k8 * (b[i - 24]! + b[i - 7]!) + k9 * (b[i - 25]! + b[i - 6]!) + k10 * (b[i - 26]! + b[i - 5]!) + k11 * (b[i - 27]! + b[i - 4]!) +
      k12 * (b[i - 28]! + b[i - 3]!) + k13 * (b[i - 29]! + b[i - 2]!) + k14 * (b[i - 30]! + b[i - 1]!) + k15 * (b[i - 31]! + b[i]!);
    const a = h < 0 ? -h : h;
    if (a > two) two = a;
    if (a > 2) overs++;
  }
  return { peak: two / 2, overs };
}
const F2 = folded(2, 1).S;

/** Any other factor: every phase in full, mirror pairs folded. */
function runGeneric(b: Float64Array, n: number, peak: number, phases: Folded[]): RunResult {
  let overs = 0;
  let two = 2 * peak;
  const P = new Float64Array(HALF);
  const Q = new Float64Array(HALF);
  for (let i = HIST; i < n; i++) {
    for (let k = 0; k < HALF; k++) {
      const a = b[i - 16 - k]!;
      const c = b[i - 15 + k]!;
      P[k] = a + c;
      Q[k] = a - c;
    }
    for (const { S, D } of phases) {
      let s = 0;
      for (let k = 0; k < HALF; k++) s += S[k]! * P[k]!;
      if (D === null) {
        const a = s < 0 ? -s : s;
        if (a > two) two = a;
        if (a > 2) overs++;
        continue;
      }
      let d = 0;
      for (let k = 0; k < HALF; k++) d += D[k]! * Q[k]!;
      const m = (s < 0 ? -s : s) + (d < 0 ? -d : d);
      if (m > two) two = m;
      if (m > 2) {
        if (Math.abs(s + d) > 2) overs++;
        if (Math.abs(s - d) > 2) overs++;
      }
    }
  }
  return { peak: two / 2, overs };
}
