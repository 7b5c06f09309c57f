/**
 * Streaming loudness: K-weighting, 100 ms sub-block energies, gated integrated loudness
 * (ITU-R BS.1770-4 §2 / EBU R 128) and loudness range (EBU Tech 3342).
 *
 * Memory: one float64 per 100 ms of audio (the channel-weighted K-weighted energy of each
 * sub-block): 36,000 numbers (288 kB) per hour, kept so the gates are exact rather than
 * histogram-quantised. Everything else is fixed-size per channel.
 */
import { kHighPass, kShelf } from './kweighting.js';

/** Loudness of a mean-square energy: -0.691 + 10 log10(z). */
function lufs(z: number): number {
  return z > 0 ? -0.691 + 10 * Math.log10(z) : -Infinity;
}

/** Energy threshold of a loudness: inverse of {@link lufs}. */
function energyOf(l: number): number {
  return Math.pow(10, (l + 0.691) / 10);
}

/**
 * 0-based index of the `percent` percentile among n sorted values, as ffmpeg's ebur128 ranks it:
 * 1-based rank trunc(percent * n * 0.01 + 0.5) (the same floating-point expression), at least 1.
 * (For n <= 4, ffmpeg's rank 0 for L10 falls through to the relative gate itself, which makes its
 * LRA of a 3.0-3.4 s file read ~20 LU; here it is the lowest window.)
 */
export function percentileIndex(n: number, percent: number): number {
  const rank = Math.trunc(percent * n * 0.01 + 0.5);
  return Math.min(n, Math.max(1, rank)) - 1;
}

/** Below this a filter state is flushed to 0 at a sub-block end (keeps denormals away). */
const TINY = 1e-30;

/** Streaming K-weighted energy per 100 ms sub-block. */
export class LoudnessState {
  /** Frames per 100 ms sub-block: round(rate / 10). */
  readonly sub: number;
  private readonly w: Float64Array;
  /** Biquad states per channel: s1 s2 of stage 1, t1 t2 of stage 2 (transposed direct form II). */
  private readonly st: Float64Array;
  /** Partial energy of the running sub-block per channel. */
  private readonly acc: Float64Array;
  private pos = 0; // frames into the running sub-block
  private energies = new Float64Array(1024);
  private count = 0;
  private readonly c1: Float64Array;

  constructor(readonly sampleRate: number, readonly channels: number, weights: readonly number[]) {
    this.sub = Math.max(1, Math.round(sampleRate / 10));
    this.w = Float64Array.from(weights);
    this.st = new Float64Array(channels * 4);
    this.acc = new Float64Array(channels);
    const s = kShelf(sampleRate);
    const h = kHighPass(sampleRate);
    this.c1 = Float64Array.from([s.b0, s.b1, s.b2, s.a1, s.a2, h.b0, h.b1, h.b2, h.a1, h.a2]);
  }

  /** Number of complete sub-blocks so far. */
  get subBlocks(): number {
    return this.count;
  }

  /** Feed an interleaved block. */
  push(d: Float64Array, frames: number): void {
    let f = 0;
    while (f < frames) {
      const n = Math.min(frames - f, this.sub - this.pos);
      this.segment(d, f, n);
      f += n;
      this.pos += n;
      if (this.pos === this.sub) this.closeSub();
    }
  }

  private segment(d: Float64Array, f0: number, n: number): void {
    const C = this.channels;
    const k = this.c1;
    const sb0 = k[0]!, sb1 = k[1]!, sb2 = k[2]!, sa1 = k[3]!, sa2 = k[4]!;
    const ha1 = k[8]!, ha2 = k[9]!;
    const st = this.st;
    for (let c = 0; c < C; c++) {
      if (this.w[c] === 0) continue;
      let s1 = st[c * 4]!, s2 = st[c * 4 + 1]!, t1 = st[c * 4 + 2]!, t2 = st[c * 4 + 3]!;
      let e = this.acc[c]!;
      const end = (f0 + n) * C;
      for (let i = f0 * C + c; i < end; i += C) {
        const x = d[i]!;
        const y = sb0 * x + s1;
        s1 = sb1 * x - sa1 * y + s2;
        s2 = sb2 * x - sa2 * y;
        const z = y + t1;
        t1 = -2 * y - ha1 * z + t2;
        t2 = y - ha2 * z;
        e += z * z;
      }
      st[c * 4] = s1;
      st[c * 4 + 1] = s2;
      st[c * 4 + 2] = t1;
      st[c * 4 + 3] = t2;
      this.acc[c] = e;
    }
  }

  private closeSub(): void {
    let e = 0;
    const st = this.st;
    for (let c = 0; c < this.channels; c++) {
      e += this.w[c]! * this.acc[c]!;
      this.acc[c] = 0;
      for (let j = c * 4; j < c * 4 + 4; j++) if (Math.abs(st[j]!) < TINY) st[j] = 0;
    }
    if (this.count === this.energies.length) {
      const next = new Float64Array(this.energies.length * 2);
      next.set(this.energies);
      this.energies = next;
    }
    this.energies[this.count++] = e;
    this.pos = 0;
  }

  /** Mean-square energies of sliding windows of `len` sub-blocks, hop one sub-block. */
  private windows(len: number): Float64Array {
    const n = this.count - len + 1;
    if (n <= 0) return new Float64Array(0);
    const out = new Float64Array(n);
    const E = this.energies;
    const norm = 1 / (len * this.sub);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < len; j++) s += E[i + j]!;
      out[i] = s * norm;
    }
    return out;
  }

  /**
   * Integrated loudness (LUFS): 400 ms blocks, 75 % overlap, absolute gate -70 LUFS, relative
   * gate -10 LU. Null when no block passes the gates (silence, or shorter than 400 ms).
   */
  integrated(): number | null {
    const z = this.windows(4);
    const abs = energyOf(-70);
    let s = 0;
    let n = 0;
    for (const v of z) if (v > abs) { s += v; n++; }
    if (n === 0) return null;
    const rel = energyOf(lufs(s / n) - 10);
    let s2 = 0;
    let n2 = 0;
    for (const v of z) if (v > abs && v > rel) { s2 += v; n2++; }
    return n2 === 0 ? null : lufs(s2 / n2);
  }

  /**
   * Loudness range (LU), EBU Tech 3342: 3 s short-term windows every 100 ms (full windows only,
   * so none before 3 s of audio), absolute gate -70 LUFS, relative gate -20 LU below the gated
   * mean, LRA = L95 - L10. Tech 3342 leaves the percentile estimator open; the one here is
   * ffmpeg's ebur128: of the n gated windows sorted ascending, L_p is the one of 1-based rank
   * trunc(100 p n / 100 + 0.5), at least 1 (libebur128's round((n - 1) p) + 1 sits up to a rank
   * higher for L10 and moves LRA by up to ~1.4 LU on files of a few dozen windows). ffmpeg's
   * histogram rounds loudness to 0.01 LU, which stays within 0.01 LU of these. Null when no
   * window passes the gates (ffmpeg prints 0 there).
   */
  loudnessRange(): number | null {
    const z = this.windows(30);
    const abs = energyOf(-70);
    let s = 0;
    let n = 0;
    for (const v of z) if (v > abs) { s += v; n++; }
    if (n === 0) return null;
    const rel = energyOf(lufs(s / n) - 20);
    const kept: number[] = [];
    for (const v of z) if (v > abs && v > rel) kept.push(lufs(v));
    if (kept.length === 0) return null;
    kept.sort((a, b) => a - b);
    return kept[percentileIndex(kept.length, 95)]! - kept[percentileIndex(kept.length, 10)]!;
  }
}
