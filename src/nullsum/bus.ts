/**
 * Tests for mix-bus processing (spec §8.5): does the residual follow the stem sum through a
 * linear time-invariant filter (EQ), or through a level-dependent gain (compression, limiting)?
 */
import { fft } from './fft.js';

/** One analysis segment: the mix and the stem sum, interleaved with `channels` channels. */
export interface BusSegment {
  mix: Float64Array;
  acc: Float64Array;
  len: number;
  /** Frame of the segment's start in the file (for positions in the results; default 0). */
  start?: number;
}

/** Result of {@link ltiFit}. */
export interface LtiFit {
  /** Residual energy removed by the best linear filter of the stem sum, in dB (≥ 0). */
  explainedDb: number;
  /** Gain of mix over stem sum per octave band. */
  bands: { fromHz: number; toHz: number; gainDb: number }[];
  /** Largest |band gain| among bands carrying energy. */
  maxBandDeviationDb: number;
  /** Spectral flatness of the residual (geometric / arithmetic mean of its power spectrum): near 1 for white noise. */
  residualFlatness: number;
}

/**
 * Fit mix ≈ H·acc per frequency (Welch averaging, Hann window, 50 % overlap) and report how much
 * of the residual energy that filter explains, and its shape per octave band.
 */
export function ltiFit(segs: readonly BusSegment[], channels: number, sampleRate: number): LtiFit {
  const size = Math.max(256, 2 ** Math.round(Math.log2(sampleRate * 0.04)));
  const hop = size >>> 1;
  const half = size >>> 1;
  const win = new Float64Array(size);
  for (let i = 0; i < size; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  const saa = new Float64Array(half + 1);
  const smm = new Float64Array(half + 1);
  const samRe = new Float64Array(half + 1);
  const samIm = new Float64Array(half + 1);
  const srr = new Float64Array(half + 1);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (const s of segs) {
    for (let start = 0; start + size <= s.len; start += hop) {
      for (let c = 0; c < channels; c++) {
        for (let i = 0, k = (start * channels) + c; i < size; i++, k += channels) {
          re[i] = s.acc[k]! * win[i]!;
          im[i] = s.mix[k]! * win[i]!;
        }
        fft(re, im);
        for (let k = 0; k <= half; k++) {
          const m = k === 0 ? 0 : size - k;
          // unpack A = (Z[k] + conj Z[m]) / 2, M = (Z[k] − conj Z[m]) / 2i
          const ar = 0.5 * (re[k]! + re[m]!);
          const ai = 0.5 * (im[k]! - im[m]!);
          const mr = 0.5 * (im[k]! + im[m]!);
          const mi = -0.5 * (re[k]! - re[m]!);
          saa[k] = saa[k]! + ar * ar + ai * ai;
          smm[k] = smm[k]! + mr * mr + mi * mi;
          samRe[k] = samRe[k]! + ar * mr + ai * mi;
          samIm[k] = samIm[k]! + ar * mi - ai * mr;
          const rr = mr - ar;
          const ri = mi - ai;
          srr[k] = srr[k]! + rr * rr + ri * ri;
        }
      }
    }
  }
  let eR = 0;
  let eLti = 0;
  let total = 0;
  for (let k = 0; k <= half; k++) {
    eR += srr[k]!;
    total += saa[k]!;
    const cross = samRe[k]! * samRe[k]! + samIm[k]! * samIm[k]!;
    eLti += saa[k]! > 0 ? Math.max(0, smm[k]! - cross / saa[k]!) : smm[k]!;
  }
  const explainedDb = eR > 0 ? 10 * Math.log10(eR / Math.max(eLti, eR * 1e-12)) : 0;
  const bands: LtiFit['bands'] = [];
  let maxDev = 0;
  const binHz = sampleRate / size;
  for (let lo = 31.25; lo < sampleRate / 2; lo *= 2) {
    const hi = Math.min(lo * 2, sampleRate / 2);
    let num = 0;
    let den = 0;
    for (let k = Math.max(1, Math.ceil(lo / binHz)); k <= half && k * binHz < hi; k++) {
      num += Math.sqrt(samRe[k]! * samRe[k]! + samIm[k]! * samIm[k]!);
      den += saa[k]!;
    }
    if (den <= 0) continue;
    const gainDb = 20 * Math.log10(Math.max(num / den, 1e-12));
    bands.push({ fromHz: lo, toHz: hi, gainDb });
    if (den > total * 1e-4 && Math.abs(gainDb) > maxDev) maxDev = Math.abs(gainDb);
  }
  let logSum = 0;
  let linSum = 0;
  for (let k = 1; k <= half; k++) {
    logSum += Math.log(srr[k]! + 1e-300);
    linSum += srr[k]!;
  }
  const residualFlatness = linSum > 0 ? Math.exp(logSum / half) / (linSum / half) : 0;
  return { explainedDb, bands, maxBandDeviationDb: maxDev, residualFlatness };
}

/** Result of {@link levelGainFit}. */
export interface LevelGainFit {
  /** Residual energy removed by a per-block gain (20 ms blocks), in dB (≥ 0). */
  explainedDb: number;
  /** Pearson correlation of block level (dB) and block gain (dB): strongly negative for compression. */
  correlation: number;
  /** Largest gain reduction seen, dB (positive = mix quieter than the stems). */
  maxGainReductionDb: number;
  /** Stem-sum RMS level (dBFS) above which the mix runs ≥ 0.5 dB below the stems; null when never. */
  thresholdDbfs: number | null;
  /** Peak of the residual left after the per-block gain, linear. */
  peakAfter: number;
  /** First frame of the 20 ms block with the largest gain reduction (segments' `start` added); null when none. */
  maxGainReductionFrame: number | null;
}

/** Fit mix ≈ k_b·acc per 20 ms block and relate k_b to the block's level. */
export function levelGainFit(segs: readonly BusSegment[], channels: number, sampleRate: number): LevelGainFit {
  const block = Math.max(16, Math.round(sampleRate * 0.02));
  const levels: number[] = [];
  const gains: number[] = [];
  const frames: number[] = [];
  let eR = 0;
  let eTv = 0;
  let peakAfter = 0;
  for (const s of segs) {
    for (let b = 0; b + block <= s.len; b += block) {
      let aa = 0;
      let am = 0;
      let mm = 0;
      const k0 = b * channels;
      const k1 = (b + block) * channels;
      for (let k = k0; k < k1; k++) {
        const a = s.acc[k]!;
        const m = s.mix[k]!;
        aa += a * a;
        am += a * m;
        mm += m * m;
        eR += (m - a) * (m - a);
      }
      const g = aa > 0 ? am / aa : 1;
      eTv += Math.max(0, mm - (aa > 0 ? (am * am) / aa : 0));
      for (let k = k0; k < k1; k++) {
        const d = Math.abs(s.mix[k]! - g * s.acc[k]!);
        if (d > peakAfter) peakAfter = d;
      }
      if (aa > 0 && g > 0) {
        levels.push(10 * Math.log10(aa / (k1 - k0)));
        gains.push(20 * Math.log10(g));
        frames.push((s.start ?? 0) + b);
      }
    }
  }
  const top = levels.reduce((a, b) => Math.max(a, b), -Infinity);
  const idx = levels.map((_, i) => i).filter((i) => levels[i]! > top - 40);
  let correlation = 0;
  let maxRed = 0;
  let maxRedFrame: number | null = null;
  let threshold: number | null = null;
  if (idx.length >= 3) {
    const mx = idx.reduce((a, i) => a + levels[i]!, 0) / idx.length;
    const my = idx.reduce((a, i) => a + gains[i]!, 0) / idx.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const i of idx) {
      const dx = levels[i]! - mx;
      const dy = gains[i]! - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    correlation = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    for (const i of idx) {
      if (-gains[i]! > maxRed) {
        maxRed = -gains[i]!;
        maxRedFrame = frames[i]!;
      }
      if (gains[i]! <= -0.5 && (threshold === null || levels[i]! < threshold)) threshold = levels[i]!;
    }
  }
  const explainedDb = eR > 0 ? 10 * Math.log10(eR / Math.max(eTv, eR * 1e-12)) : 0;
  return { explainedDb, correlation, maxGainReductionDb: maxRed, thresholdDbfs: threshold, peakAfter, maxGainReductionFrame: maxRedFrame };
}
