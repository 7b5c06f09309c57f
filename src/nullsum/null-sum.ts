/**
 * The streaming null-sum of spec §8: residual r = mix − Σ gᵢ·stemᵢ, measured block by block in
 * constant memory (running sums and a bounded list of failing ranges).
 *
 * The stem sum uses {@link accumulate} and {@link gainFromDb} from `src/dsp/sum.ts`, so it is
 * bit-identical with the reference render.
 */
import { accumulate, gainFromDb } from '../dsp/sum.js';
import { toDb } from '../model/units.js';

/** Options of {@link createNullSum}. */
export interface NullSumOptions {
  /** Channels of the mix (the output channel count). */
  channels: number;
  /** Sample rate in Hz (used for range merging). */
  sampleRate: number;
  /** Channel count of each stem, in manifest order: the mix's count or 1. */
  stemChannels: number[];
  /** Gain of each stem in dB, in manifest order. */
  gainsDb: number[];
  /** Null tolerance in dBFS (default in the spec: −80). */
  tolerance: number;
  /** Set when the mix and all stems are integer PCM of this bit depth: enables {@link NullSum.pushInt}. */
  intBits?: number;
  /** Most failing ranges kept (worst first). Default 50. */
  maxRanges?: number;
  /** Failing frames closer than this merge into one range. Default 50 ms. */
  mergeGapSeconds?: number;
}

/** A run of frames whose residual exceeds the tolerance. */
export interface FailingRange {
  /** First failing frame (inclusive). */
  startFrame: number;
  /** Last failing frame (inclusive). */
  endFrame: number;
  /** Residual peak in the range, dBFS. */
  peakDbfs: number;
  /** Frame of that peak. */
  peakFrame: number;
}

/** Per-channel residual figures. */
export interface ChannelNull {
  peakDbfs: number;
  peakFrame: number;
  rmsDbfs: number;
}

/** The measurements of one null-sum. dB figures are −Infinity for silence, depth +Infinity for an exact null. */
export interface NullResult {
  /** True when the residual is exactly zero everywhere. */
  exact: boolean;
  /** Frames measured. */
  frames: number;
  residualPeakDbfs: number;
  /** Frame of the residual peak (first occurrence), −1 when the residual is zero. */
  residualPeakFrame: number;
  /** Channel of the residual peak, −1 when the residual is zero. */
  residualPeakChannel: number;
  residualRmsDbfs: number;
  mixRmsDbfs: number;
  /** Mix RMS dB − residual RMS dB. */
  depthDb: number;
  perChannel: ChannelNull[];
  /** Tolerance in force, dBFS. */
  tolerance: number;
  /** Residual peak ≤ tolerance. */
  pass: boolean;
  /** Failing ranges, worst first, at most `maxRanges`. */
  failingRanges: FailingRange[];
  /** Frames in which some channel's residual exceeds the tolerance. */
  failingFrames: number;
}

/** A running null-sum. Feed blocks of equal frame count for the mix and every stem. */
export interface NullSum {
  /** Add one block: interleaved float samples in [-1, 1). */
  push(mix: Float64Array, stems: readonly (Float64Array | Float32Array)[], frames: number): void;
  /**
   * Add one block of integer PCM (exact path; all gains must be 0 dB and `intBits` set).
   * Results are identical to {@link NullSum.push} on the same samples normalised.
   */
  pushInt(mix: Int32Array, stems: readonly Int32Array[], frames: number): void;
  /**
   * Add one block whose stems were already summed, as partial sums (e.g. one per thread).
   * Only for the exact case, integer PCM stems at 0 dB with the mix's channel count, where
   * every sum is exact and so the grouping and order of additions cannot change a bit:
   * the result is then identical to {@link push} with the stems themselves.
   */
  pushSums(mix: Float64Array, partials: readonly Float64Array[], frames: number): void;
  /** The measurements so far (does not end the run). */
  result(): NullResult;
}

/** Start a null-sum. */
export function createNullSum(opts: NullSumOptions): NullSum {
  const C = opts.channels;
  const nStems = opts.stemChannels.length;
  if (opts.gainsDb.length !== nStems) throw new RangeError('gainsDb and stemChannels differ in length');
  for (const sc of opts.stemChannels) {
    if (sc !== C && sc !== 1) throw new RangeError(`cannot sum a ${sc}-channel stem into ${C} channels`);
  }
  const gains = opts.gainsDb.map(gainFromDb);
  const tolLin = Math.pow(10, opts.tolerance / 20);
  const maxRanges = Math.max(1, opts.maxRanges ?? 50);
  const mergeGap = Math.max(1, Math.round((opts.mergeGapSeconds ?? 0.05) * opts.sampleRate));

  const peak = new Float64Array(C);
  const peakFrame = new Float64Array(C).fill(-1);
  const sumSq = new Float64Array(C);
  const mixSq = new Float64Array(C);
  let frameBase = 0;
  let exact = true;
  let failingFrames = 0;
  let cur: FailingRange | null = null; // peakDbfs holds the linear peak while open
  const ranges: FailingRange[] = []; // linear peaks, sorted worst first

  let acc = new Float64Array(0);

  function scratch(n: number): void {
    if (acc.length < n) acc = new Float64Array(n);
  }

  function checkBlock(mixLen: number, stemLens: readonly number[], frames: number): void {
    if (stemLens.length !== nStems) throw new RangeError(`expected ${nStems} stems, got ${stemLens.length}`);
    if (!Number.isInteger(frames) || frames < 0 || mixLen < frames * C) throw new RangeError('mix block shorter than frames');
    for (let i = 0; i < nStems; i++) {
      if (stemLens[i]! < frames * opts.stemChannels[i]!) throw new RangeError(`stem ${i} block shorter than frames`);
    }
  }

  function keep(r: FailingRange): void {
    if (ranges.length >= maxRanges && r.peakDbfs <= ranges[ranges.length - 1]!.peakDbfs) return;
    let i = ranges.length;
    while (i > 0 && ranges[i - 1]!.peakDbfs < r.peakDbfs) i--;
    ranges.splice(i, 0, r);
    if (ranges.length > maxRanges) ranges.pop();
  }

  /**
   * Measure the residual `(mix - acc) * scale` against `mix * scale` (scale 1 on the float path,
   * a power of two on the integer path: exact either way).
   */
  function observe(mix: Float64Array | Int32Array, acc: Float64Array, frames: number, scale: number): void {
    if (C === 2) return observe2(mix, acc, frames, scale);
    for (let f = 0, k = 0; f < frames; f++) {
      let framePeak = 0;
      for (let c = 0; c < C; c++, k++) {
        const m = mix[k]! * scale;
        const r = (mix[k]! - acc[k]!) * scale;
        mixSq[c] = mixSq[c]! + m * m;
        if (r === 0) continue;
        exact = false;
        const a = residualSample(c, r, frameBase + f);
        if (a > framePeak) framePeak = a;
      }
      if (framePeak > tolLin) failing(frameBase + f, framePeak);
    }
    frameBase += frames;
  }

  /** Account one non-zero residual sample of channel c; returns its magnitude. */
  function residualSample(c: number, r: number, frame: number): number {
    let a = r < 0 ? -r : r;
    if (a !== a) a = Infinity; // a NaN sample cannot null: count it as an infinite residual
    sumSq[c] = sumSq[c]! + a * a;
    if (a > peak[c]!) {
      peak[c] = a;
      peakFrame[c] = frame;
    }
    return a;
  }

  /** {@link observe} for stereo: the mix energy in locals, the rare non-zero residual out of line. */
  function observe2(mix: Float64Array | Int32Array, acc: Float64Array, frames: number, scale: number): void {
    let m0 = mixSq[0]!;
    let m1 = mixSq[1]!;
    for (let f = 0, k = 0; f < frames; f++, k += 2) {
      const x0 = mix[k]!;
      const x1 = mix[k + 1]!;
      const a0 = x0 * scale;
      const a1 = x1 * scale;
      m0 += a0 * a0;
      m1 += a1 * a1;
      const r0 = (x0 - acc[k]!) * scale;
      const r1 = (x1 - acc[k + 1]!) * scale;
      if (r0 === 0 && r1 === 0) continue;
      exact = false;
      const p0 = r0 === 0 ? 0 : residualSample(0, r0, frameBase + f);
      const p1 = r1 === 0 ? 0 : residualSample(1, r1, frameBase + f);
      const framePeak = p0 > p1 ? p0 : p1;
      if (framePeak > tolLin) failing(frameBase + f, framePeak);
    }
    mixSq[0] = m0;
    mixSq[1] = m1;
    frameBase += frames;
  }

  /** A frame whose residual exceeds the tolerance: extend or open a failing range. */
  function failing(fr: number, framePeak: number): void {
    failingFrames++;
    if (cur !== null && fr - cur.endFrame <= mergeGap) {
      cur.endFrame = fr;
      if (framePeak > cur.peakDbfs) {
        cur.peakDbfs = framePeak;
        cur.peakFrame = fr;
      }
    } else {
      if (cur !== null) keep(cur);
      cur = { startFrame: fr, endFrame: fr, peakDbfs: framePeak, peakFrame: fr };
    }
  }

  /**
   * acc = the sum of the stems in manifest order (acc + s1 + s2 + ..., from 0), stems with the
   * mix's channel count taken four at a time: the same additions in the same order as one
   * stem per pass, with fewer loads and stores of acc.
   */
  function sumStems(stems: readonly ArrayLike<number>[], frames: number, scaleStem: readonly number[]): void {
    const n = frames * C;
    acc.fill(0, 0, n);
    let i = 0;
    while (i < nStems) {
      const full = opts.stemChannels[i] === C && scaleStem[i] === 1;
      if (full && i + 3 < nStems && opts.stemChannels[i + 1] === C && opts.stemChannels[i + 2] === C && opts.stemChannels[i + 3] === C && scaleStem[i + 1] === 1 && scaleStem[i + 2] === 1 && scaleStem[i + 3] === 1) {
        add4(acc, stems[i] as Float64Array, stems[i + 1] as Float64Array, stems[i + 2] as Float64Array, stems[i + 3] as Float64Array, n);
        i += 4;
      } else {
        accumulate(acc, stems[i] as Float64Array, scaleStem[i]!, frames, C, opts.stemChannels[i]!);
        i++;
      }
    }
  }

  return {
    push(mix, stems, frames) {
      checkBlock(mix.length, stems.map((x) => x.length), frames);
      scratch(frames * C);
      sumStems(stems, frames, gains);
      observe(mix, acc, frames, 1);
    },
    pushSums(mix, partials, frames) {
      const n = frames * C;
      if (!Number.isInteger(frames) || frames < 0 || mix.length < n) throw new RangeError('mix block shorter than frames');
      if (partials.some((p) => p.length < n)) throw new RangeError('partial sum shorter than frames');
      if (partials.length === 1) return observe(mix, partials[0]!, frames, 1);
      scratch(n);
      if (partials.length === 0) acc.fill(0, 0, n);
      else {
        const p0 = partials[0]!;
        const p1 = partials[1]!;
        for (let k = 0; k < n; k++) acc[k] = p0[k]! + p1[k]!;
        for (let j = 2; j < partials.length; j++) {
          const p = partials[j]!;
          for (let k = 0; k < n; k++) acc[k] = acc[k]! + p[k]!;
        }
      }
      observe(mix, acc, frames, 1);
    },
    pushInt(mix, stems, frames) {
      const bits = opts.intBits;
      if (bits === undefined) throw new Error('pushInt needs intBits');
      if (gains.some((g) => g !== 1)) throw new Error('pushInt needs every gain at 0 dB');
      checkBlock(mix.length, stems.map((x) => x.length), frames);
      scratch(frames * C);
      // integers: every sum below is exact (|sum| < 2^53), so the order of additions is free
      sumStems(stems, frames, gains);
      observe(mix, acc, frames, 1 / 2 ** (bits - 1)); // a power of two: scaling is exact
    },
    result() {
      let pk = 0;
      let pkFrame = -1;
      let pkCh = -1;
      let ss = 0;
      let ms = 0;
      const perChannel: ChannelNull[] = [];
      for (let c = 0; c < C; c++) {
        ss += sumSq[c]!;
        ms += mixSq[c]!;
        const p = peak[c]!;
        if (p > pk || (p === pk && p > 0 && peakFrame[c]! < pkFrame)) {
          pk = p;
          pkFrame = peakFrame[c]!;
          pkCh = c;
        }
        perChannel.push({
          peakDbfs: toDb(p),
          peakFrame: p > 0 ? peakFrame[c]! : -1,
          rmsDbfs: frameBase > 0 ? toDb(Math.sqrt(sumSq[c]! / frameBase)) : -Infinity,
        });
      }
      const n = frameBase * C;
      const residualRmsDbfs = n > 0 ? toDb(Math.sqrt(ss / n)) : -Infinity;
      const mixRmsDbfs = n > 0 ? toDb(Math.sqrt(ms / n)) : -Infinity;
      const all = [...ranges];
      const open = cur as FailingRange | null;
      if (open !== null) {
        const copy = { ...open };
        let i = all.length;
        while (i > 0 && all[i - 1]!.peakDbfs < copy.peakDbfs) i--;
        all.splice(i, 0, copy);
        if (all.length > maxRanges) all.pop();
      }
      return {
        exact,
        frames: frameBase,
        residualPeakDbfs: toDb(pk),
        residualPeakFrame: pkFrame,
        residualPeakChannel: pkCh,
        residualRmsDbfs,
        mixRmsDbfs,
        depthDb: exact ? Infinity : mixRmsDbfs - residualRmsDbfs,
        perChannel,
        tolerance: opts.tolerance,
        pass: pk <= tolLin,
        failingRanges: all.map((r) => ({ ...r, peakDbfs: toDb(r.peakDbfs) })),
        failingFrames,
      };
    },
  };
}

/** acc[k] = (((acc[k] + a[k]) + b[k]) + c[k]) + d[k]: four stems in one pass, in order. */
function add4(acc: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, d: ArrayLike<number>, n: number): void {
  for (let k = 0; k < n; k++) acc[k] = acc[k]! + a[k]! + b[k]! + c[k]! + d[k]!;
}
