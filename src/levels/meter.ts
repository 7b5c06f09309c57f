/**
 * The streaming level meter: sample peak, clipping runs, DC, RMS, digital and near silence,
 * dual mono / inverted pairs, correlation, true peak and loudness over interleaved
 * Float64Array blocks. Per-channel state lives in typed arrays and running sums are carried
 * sample by sample, so the result does not depend on how the stream is split into blocks.
 *
 * Float input only: each block is first tested for non-finite samples (NaN, ±Infinity) with one
 * subtraction per sample (`x - x` is 0 for a finite x, NaN otherwise). A block holding some is
 * located channel by channel (count and first frame), and a copy with those samples set to 0 is
 * measured instead, so peak, clipping, DC, RMS, true peak and loudness stay finite. DC and RMS
 * divide by the channel's finite sample count. Integer input never takes this path.
 */
import { toDb } from '../model/units.js';
import { defaultChannelWeights } from './kweighting.js';
import { LoudnessState } from './loudness.js';
import { TruePeakState } from './truepeak.js';
import { s24StereoKernel, STATS_LEN, type S24Sum } from './kernel-s24.js';
import type { ChannelLevels, ClipRun, FrameRange, LevelMeter, LevelOptions, LevelResult } from './types.js';
import { RANGE_LIST_CAP, RUN_LIST_CAP } from './types.js';

/** Frames per sub-block of the true-peak skip (about 5 to 12 ms at 44.1 to 96 kHz). */
const SUB = 512;

/** Clip threshold in frames at a rate: ceil(n * rate / 48000), at least 1. */
export function clipThresholdFrames(sampleRate: number, frames48k = 12): number {
  return Math.max(1, Math.ceil((frames48k * sampleRate) / 48000));
}

/** The value at and above which a sample is full scale (positive side). */
export function fullScaleHigh(format: LevelOptions['format']): number {
  if (format.sampleFormat === 'float') return 1;
  const half = Math.pow(2, format.bitsPerSample - 1);
  return (half - 1) / half;
}

/** Create a streaming level meter. */
export function createLevelMeter(opts: LevelOptions): LevelMeter {
  return new Meter(opts);
}

class Meter implements LevelMeter {
  private readonly C: number;
  private readonly rate: number;
  private readonly hi: number;
  private readonly clipThr: number;
  private readonly quietLin: number;
  private readonly quietDb: number;
  private readonly quietMin: number;
  private frames = 0;
  // per-channel state
  private readonly peak: Float64Array;
  private readonly peakFrame: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly runLen: Float64Array;
  private readonly runSign: Int8Array;
  private readonly runStart: Float64Array;
  private readonly fullScale: Float64Array;
  private readonly clipRuns: Float64Array;
  private readonly clipped: Float64Array;
  private readonly firstClip: Float64Array;
  private readonly runLists: ClipRun[][];
  private readonly firstNz: Float64Array;
  private readonly lastNz: Float64Array;
  // near silence
  private quietStart = 0; // start of the current quiet run (valid when quietRun)
  private quietRun = false;
  private readonly ranges: FrameRange[] = [];
  private rangeCount = 0;
  // pairs
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairEq: Uint8Array;
  private readonly pairInv: Uint8Array;
  private sumAB = 0;
  // optional parts
  private readonly tp: TruePeakState | null;
  private readonly tpThreshold: number | null; // linear, threshold mode only
  private readonly tpThresholdDb: number | null;
  private readonly loud: LoudnessState | null;
  // non-finite samples (float only)
  private readonly isFloat: boolean;
  private readonly nonFinite: Float64Array;
  private readonly firstNonFinite: Float64Array;
  private scratch: Float64Array | null = null;
  /** Per-sub-block peaks of the current block, interleaved by channel (true-peak skip). */
  private subPeak = new Float64Array(0);
  /** Running sums handed to and from the SIMD kernel. */
  private readonly kStats = new Float64Array(STATS_LEN);

  constructor(private readonly o: LevelOptions) {
    const C = o.channels;
    if (!(Number.isInteger(C) && C >= 1)) throw new RangeError(`channels must be a positive integer, got ${C}`);
    if (!(o.sampleRate > 0)) throw new RangeError(`sampleRate must be positive, got ${o.sampleRate}`);
    this.C = C;
    this.rate = o.sampleRate;
    this.hi = fullScaleHigh(o.format);
    this.clipThr = clipThresholdFrames(o.sampleRate, o.clipRunFrames48k ?? 12);
    this.quietDb = o.nearSilenceDbfs ?? -60;
    this.quietLin = Math.pow(10, this.quietDb / 20);
    this.quietMin = Math.ceil(2 * o.sampleRate);
    const f64 = (): Float64Array => new Float64Array(C);
    this.peak = f64();
    this.peakFrame = f64().fill(-1);
    this.sum = f64();
    this.sumSq = f64();
    this.runLen = f64();
    this.runSign = new Int8Array(C);
    this.runStart = f64();
    this.fullScale = f64();
    this.clipRuns = f64();
    this.clipped = f64();
    this.firstClip = f64().fill(-1);
    this.runLists = Array.from({ length: C }, () => []);
    this.firstNz = f64().fill(-1);
    this.lastNz = f64().fill(-1);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < C; i++) for (let j = i + 1; j < C; j++) { a.push(i); b.push(j); }
    this.pairA = Int32Array.from(a);
    this.pairB = Int32Array.from(b);
    this.pairEq = new Uint8Array(a.length).fill(1);
    this.pairInv = new Uint8Array(a.length).fill(1);
    const tpOpt = o.truePeak ?? true;
    this.tp = tpOpt === false ? null : new TruePeakState(o.sampleRate, C);
    this.tpThresholdDb = typeof tpOpt === 'number' ? tpOpt : null;
    this.tpThreshold = typeof tpOpt === 'number' ? Math.pow(10, tpOpt / 20) : null;
    const loudOn = o.loudness ?? true;
    this.loud = loudOn ? new LoudnessState(o.sampleRate, C, o.channelWeights ?? defaultChannelWeights(C)) : null;
    this.isFloat = o.format.sampleFormat === 'float';
    this.nonFinite = f64();
    this.firstNonFinite = f64().fill(-1);
  }

  push(d: Float64Array, frames: number): void {
    const C = this.C;
    if (!(Number.isInteger(frames) && frames >= 0) || d.length < frames * C) {
      throw new RangeError(`block holds ${d.length} samples, ${frames} frames of ${C} channels requested`);
    }
    if (frames === 0) return;
    if (this.isFloat && hasNonFinite(d, frames * C)) d = this.finiteCopy(d, frames);
    const subs = Math.ceil(frames / SUB);
    if (this.subPeak.length < subs * C) this.subPeak = new Float64Array(subs * C);
    if (C === 2) this.stereoPass(d, frames);
    else {
      for (let c = 0; c < C; c++) this.channelPass(d, frames, c);
      if (C >= 2) this.crossPass(d, frames);
      if (this.tpThreshold !== null) for (let c = 0; c < C; c++) this.subPeaks(d, frames, c);
    }
    this.afterStats(d, frames);
  }

  /** The passes after the per-channel statistics (both entry points). */
  private afterStats(d: Float64Array, frames: number): void {
    this.silencePass(d, frames);
    this.nonZeroPass(d, frames);
    this.pairPass(d, frames);
    if (this.tp) this.truePeakPass(d, frames);
    if (this.loud) this.loud.push(d, frames);
    this.frames += frames;
  }

  pushS24Stereo(bytes: Uint8Array, frames: number, out?: Float64Array, sum?: S24Sum): boolean {
    if (this.C !== 2 || this.isFloat || this.o.format.bitsPerSample !== 24) return false;
    const k = s24StereoKernel();
    if (!k || !(Number.isInteger(frames) && frames > 0) || bytes.length < frames * 6 || (out && out.length < frames * 2) || (sum && sum.frames < frames)) return false;
    const subs = Math.ceil(frames / SUB);
    if (this.subPeak.length < subs * 2) this.subPeak = new Float64Array(subs * 2);
    const st = this.kStats;
    st[0] = this.sum[0]!;
    st[1] = this.sum[1]!;
    st[2] = this.sumSq[0]!;
    st[3] = this.sumSq[1]!;
    st[4] = st[5] = this.sumAB;
    const d = k.run(bytes, frames, SUB, st, this.subPeak, sum);
    if (out) out.set(d);
    this.sum[0] = st[0]!;
    this.sum[1] = st[1]!;
    this.sumSq[0] = st[2]!;
    this.sumSq[1] = st[3]!;
    this.sumAB = st[4]!;
    // peaks, their frames and clip runs from the sub-block peaks: only sub-blocks that hold a
    // new peak, a full-scale sample or the end of an open run are looked at sample by sample
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < subs; j++) {
        const m = this.subPeak[2 * j + c]!;
        const a = j * SUB;
        const e = Math.min(frames, a + SUB);
        if (m > this.peak[c]!) {
          let f = a;
          while (Math.abs(d[2 * f + c]!) !== m) f++;
          this.peak[c] = m;
          this.peakFrame[c] = this.frames + f;
        }
        if (m >= this.hi) {
          for (let f = a; f < e; f++) {
            const x = d[2 * f + c]!;
            this.clipStep(c, x, Math.abs(x), this.frames + f);
          }
        } else if (this.runLen[c]! > 0) {
          const x = d[2 * a + c]!;
          this.clipStep(c, x, Math.abs(x), this.frames + a);
        }
      }
    }
    this.afterStats(d, frames);
    return true;
  }

  /**
   * Count and locate the block's non-finite samples per channel; return a copy (a reused
   * scratch buffer) where they are 0.
   */
  private finiteCopy(d: Float64Array, frames: number): Float64Array {
    const C = this.C;
    const n = frames * C;
    if (!this.scratch || this.scratch.length < n) this.scratch = new Float64Array(n);
    const out = this.scratch;
    out.set(d.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const x = out[i]!;
      if (x - x === 0) continue;
      const c = i % C;
      if (this.firstNonFinite[c]! < 0) this.firstNonFinite[c] = this.frames + (i - c) / C;
      this.nonFinite[c]!++;
      out[i] = 0;
    }
    return out;
  }

  /** Peak, sums, full-scale runs of one channel. */
  private channelPass(d: Float64Array, frames: number, c: number): void {
    const C = this.C;
    const hi = this.hi;
    let peak = this.peak[c]!;
    let pf = this.peakFrame[c]!;
    let s = this.sum[c]!;
    let sq = this.sumSq[c]!;
    const end = frames * C;
    for (let i = c, f = this.frames; i < end; i += C, f++) {
      const x = d[i]!;
      s += x;
      sq += x * x;
      const ax = x < 0 ? -x : x;
      if (ax > peak) {
        peak = ax;
        pf = f;
      }
      // full-scale samples and open runs are rare: handled out of line (|x| >= hi is the cheap
      // pre-test: hi <= 1, so every full-scale sample passes it)
      if (ax >= hi || this.runLen[c]! > 0) this.clipStep(c, x, ax, f);
    }
    this.peak[c] = peak;
    this.peakFrame[c] = pf;
    this.sum[c] = s;
    this.sumSq[c] = sq;
  }

  /**
   * Both channels of a stereo block in one loop: what {@link channelPass} does per channel, the
   * cross sum of {@link crossPass} and the sub-block peaks the true-peak skip needs. Sums are
   * carried in the same order as the per-channel passes, so results are bit-identical to them.
   */
  private stereoPass(d: Float64Array, frames: number): void {
    const hi = this.hi;
    const sp = this.subPeak;
    let p0 = this.peak[0]!, p1 = this.peak[1]!;
    let f0 = this.peakFrame[0]!, f1 = this.peakFrame[1]!;
    let s0 = this.sum[0]!, s1 = this.sum[1]!;
    let q0 = this.sumSq[0]!, q1 = this.sumSq[1]!;
    let x01 = this.sumAB;
    let r0 = this.runLen[0]!, r1 = this.runLen[1]!;
    const base = this.frames;
    for (let j = 0, f = 0; f < frames; j++) {
      const e = Math.min(frames, f + SUB);
      let b0 = 0, b1 = 0;
      for (let i = 2 * f; f < e; f++, i += 2) {
        const a = d[i]!;
        const b = d[i + 1]!;
        s0 += a;
        q0 += a * a;
        s1 += b;
        q1 += b * b;
        x01 += a * b;
        const aa = a < 0 ? -a : a;
        const ab = b < 0 ? -b : b;
        if (aa > b0) b0 = aa;
        if (ab > b1) b1 = ab;
        if (aa > p0) {
          p0 = aa;
          f0 = base + f;
        }
        if (ab > p1) {
          p1 = ab;
          f1 = base + f;
        }
        // full-scale samples and open runs are rare: handled out of line, state in fields
        if (aa >= hi || r0 > 0) {
          this.runLen[0] = r0;
          this.clipStep(0, a, aa, base + f);
          r0 = this.runLen[0]!;
        }
        if (ab >= hi || r1 > 0) {
          this.runLen[1] = r1;
          this.clipStep(1, b, ab, base + f);
          r1 = this.runLen[1]!;
        }
      }
      sp[2 * j] = b0;
      sp[2 * j + 1] = b1;
    }
    this.peak[0] = p0;
    this.peak[1] = p1;
    this.peakFrame[0] = f0;
    this.peakFrame[1] = f1;
    this.sum[0] = s0;
    this.sum[1] = s1;
    this.sumSq[0] = q0;
    this.sumSq[1] = q1;
    this.sumAB = x01;
    this.runLen[0] = r0;
    this.runLen[1] = r1;
  }

  /** One sample of channel c for the clip-run state (as in {@link channelPass}). */
  private clipStep(c: number, x: number, ax: number, frame: number): void {
    const hi = this.hi;
    const run = this.runLen[c]!;
    if (ax >= hi && (x >= hi || x <= -1)) {
      this.fullScale[c]!++;
      const sg = x > 0 ? 1 : -1;
      if (run > 0 && sg === this.runSign[c]) this.runLen[c] = run + 1;
      else {
        if (run > 0) this.endRun(c, this.runStart[c]!, run);
        this.runLen[c] = 1;
        this.runSign[c] = sg;
        this.runStart[c] = frame;
      }
    } else if (run > 0) {
      this.endRun(c, this.runStart[c]!, run);
      this.runLen[c] = 0;
    }
  }

  /** Peaks of channel c over the block's sub-blocks of {@link SUB} frames (into `subPeak`). */
  private subPeaks(d: Float64Array, frames: number, c: number): void {
    const C = this.C;
    for (let j = 0, f = 0; f < frames; j++) {
      const e = Math.min(frames, f + SUB);
      let m = 0;
      for (let i = f * C + c; f < e; f++, i += C) {
        const x = d[i]!;
        const a = x < 0 ? -x : x;
        if (a > m) m = a;
      }
      this.subPeak[j * C + c] = m;
    }
  }

  private endRun(c: number, start: number, len: number): void {
    if (len < this.clipThr) return;
    this.clipRuns[c]!++;
    this.clipped[c]! += len;
    if (this.firstClip[c]! < 0) this.firstClip[c] = start;
    const list = this.runLists[c]!;
    if (list.length < RUN_LIST_CAP) list.push({ frame: start, length: len });
  }

  /**
   * Ranges where every channel stays below the near-silence threshold for at least 2 s.
   * Only runs of >= L frames matter, so inside a block it probes every L-th frame (any such run
   * holds a probe) and widens around quiet probes; the run open at the block's end is found by
   * scanning back from the end, and one open from the previous block by scanning forward.
   */
  private silencePass(d: Float64Array, frames: number): void {
    const L = this.quietMin;
    const base = this.frames;
    let pos = 0;
    if (this.quietRun) {
      while (pos < frames && this.isQuiet(d, pos)) pos++;
      if (pos === frames) return; // still quiet
      this.closeQuiet(this.quietStart, base + pos);
      this.quietRun = false;
      pos++;
    }
    // the quiet run touching the block's end, if any
    let tail = frames;
    while (tail > pos && this.isQuiet(d, tail - 1)) tail--;
    // complete runs inside [pos, tail), each bounded by loud frames
    let s = pos;
    for (let p = s + L - 1; p < tail; p = s + L - 1) {
      if (!this.isQuiet(d, p)) {
        s = p + 1;
        continue;
      }
      let a = p;
      while (a > s && this.isQuiet(d, a - 1)) a--;
      let e = p + 1;
      while (e < tail && this.isQuiet(d, e)) e++;
      this.closeQuiet(base + a, base + e);
      s = e + 1;
    }
    if (tail < frames) {
      this.quietRun = true;
      this.quietStart = base + tail;
    }
  }

  /** Every channel of frame f below the near-silence threshold. */
  private isQuiet(d: Float64Array, f: number): boolean {
    const C = this.C;
    const t = this.quietLin;
    for (let i = f * C, e = i + C; i < e; i++) {
      const x = d[i]!;
      if (x >= t || x <= -t) return false;
    }
    return true;
  }

  private closeQuiet(start: number, end: number): void {
    if (end - start < this.quietMin) return;
    this.rangeCount++;
    if (this.ranges.length < RANGE_LIST_CAP) this.ranges.push({ startFrame: start, endFrame: end, frames: end - start });
  }

  /** First and last non-zero frame per channel (scans stop at the first hit). */
  private nonZeroPass(d: Float64Array, frames: number): void {
    const C = this.C;
    for (let c = 0; c < C; c++) {
      let last = -1;
      for (let f = frames - 1, i = f * C + c; f >= 0; f--, i -= C) {
        if (d[i] !== 0) {
          last = f;
          break;
        }
      }
      if (last < 0) continue;
      this.lastNz[c] = this.frames + last;
      if (this.firstNz[c]! < 0) {
        for (let f = 0, i = c; f <= last; f++, i += C) {
          if (d[i] !== 0) {
            this.firstNz[c] = this.frames + f;
            break;
          }
        }
      }
    }
  }

  /** Bit-identical and exactly inverted channel pairs (each check stops at its first miss). */
  private pairPass(d: Float64Array, frames: number): void {
    const C = this.C;
    const end = frames * C;
    for (let p = 0; p < this.pairA.length; p++) {
      const a = this.pairA[p]!;
      const b = this.pairB[p]!;
      if (this.pairEq[p]) {
        for (let i = 0; i < end; i += C) {
          if (d[i + a] !== d[i + b]) {
            this.pairEq[p] = 0;
            break;
          }
        }
      }
      if (this.pairInv[p]) {
        for (let i = 0; i < end; i += C) {
          if (d[i + a] !== -d[i + b]!) {
            this.pairInv[p] = 0;
            break;
          }
        }
      }
    }
  }

  /** Sum of ch0 * ch1 for the correlation. */
  private crossPass(d: Float64Array, frames: number): void {
    const C = this.C;
    const end = frames * C;
    let s = this.sumAB;
    for (let i = 0; i < end; i += C) s += d[i]! * d[i + 1]!;
    this.sumAB = s;
  }

  /**
   * True peak of the block, channel by channel. In threshold mode the block is cut into
   * sub-blocks of {@link SUB} frames, and a sub-block is filtered only when the largest |x| its
   * outputs depend on (its own samples and the filter history before it, which the previous
   * sub-block covers) times the filter's gain bound reaches the threshold; the others only
   * carry the history on. Whatever is skipped provably stays below the threshold.
   */
  private truePeakPass(d: Float64Array, frames: number): void {
    const tp = this.tp!;
    const thr = this.tpThreshold;
    const C = this.C;
    for (let c = 0; c < C; c++) {
      if (thr === null) {
        tp.process(d, frames, c);
        continue;
      }
      const sp = this.subPeak;
      let prev = tp.historyPeak(c);
      let runStart = 0;
      let runOn = false;
      const subs = Math.ceil(frames / SUB);
      for (let j = 0; j < subs; j++) {
        const m = sp[j * C + c]!;
        const on = (m > prev ? m : prev) * tp.bound >= thr;
        prev = m;
        if (j === 0) runOn = on;
        else if (on !== runOn) {
          this.tpRun(d, runStart, j * SUB, c, runOn);
          runStart = j * SUB;
          runOn = on;
        }
      }
      this.tpRun(d, runStart, frames, c, runOn);
    }
  }

  /** Filter (or only carry the history over) frames [a, b) of channel c. */
  private tpRun(d: Float64Array, a: number, b: number, c: number, filter: boolean): void {
    const C = this.C;
    const view = a === 0 && b * C === d.length ? d : d.subarray(a * C, b * C);
    if (filter) this.tp!.process(view, b - a, c);
    else this.tp!.skip(view, b - a, c);
  }

  result(): LevelResult {
    const C = this.C;
    const N = this.frames;
    // Close pending runs on copies so result() does not disturb the stream.
    const pendingRuns = this.runLists.map((l) => [...l]);
    const clipRuns = Float64Array.from(this.clipRuns);
    const clipped = Float64Array.from(this.clipped);
    const firstClip = Float64Array.from(this.firstClip);
    for (let c = 0; c < C; c++) {
      const len = this.runLen[c]!;
      if (len >= this.clipThr) {
        clipRuns[c]!++;
        clipped[c]! += len;
        if (firstClip[c]! < 0) firstClip[c] = this.runStart[c]!;
        if (pendingRuns[c]!.length < RUN_LIST_CAP) pendingRuns[c]!.push({ frame: this.runStart[c]!, length: len });
      }
    }
    const ranges = [...this.ranges];
    let rangeCount = this.rangeCount;
    if (this.quietRun && N - this.quietStart >= this.quietMin) {
      rangeCount++;
      if (ranges.length < RANGE_LIST_CAP) ranges.push({ startFrame: this.quietStart, endFrame: N, frames: N - this.quietStart });
    }
    // True peak: flush the interpolator with zeros (a copy) so the last samples are seen.
    let tpPeaks: Float64Array | null = null;
    let overs: number | null = null;
    if (this.tp) {
      const flush = new TruePeakState(this.rate, C);
      flush.history.set(this.tp.history);
      flush.peak.set(this.tp.peak);
      flush.overs = this.tp.overs;
      const zeros = new Float64Array(11 * C);
      for (let c = 0; c < C; c++) {
        if (this.tpThreshold === null || flush.historyPeak(c) * flush.bound >= this.tpThreshold) flush.process(zeros, 11, c);
      }
      tpPeaks = flush.peak;
      overs = flush.overs;
    }
    const perChannel: ChannelLevels[] = [];
    for (let c = 0; c < C; c++) {
      const silent = this.firstNz[c]! < 0;
      const finite = N - this.nonFinite[c]!;
      const dc = finite > 0 ? this.sum[c]! / finite : 0;
      let tpDb: number | null = null;
      if (tpPeaks) {
        const v = toDb(Math.max(tpPeaks[c]!, this.peak[c]!));
        tpDb = this.tpThresholdDb === null || v >= this.tpThresholdDb ? v : null;
      }
      perChannel.push({
        channel: c,
        peak: this.peak[c]!,
        peakDbfs: toDb(this.peak[c]!),
        peakFrame: this.peakFrame[c]!,
        truePeakDbtp: tpDb,
        rmsDbfs: finite > 0 ? toDb(Math.sqrt(this.sumSq[c]! / finite)) : -Infinity,
        dcOffset: dc,
        dcDbfs: toDb(Math.abs(dc)),
        clipRuns: clipRuns[c]!,
        clippedSamples: clipped[c]!,
        fullScaleSamples: this.fullScale[c]!,
        firstClipFrame: firstClip[c]! < 0 ? null : firstClip[c]!,
        clipRunList: pendingRuns[c]!,
        leadingSilenceFrames: silent ? N : this.firstNz[c]!,
        trailingSilenceFrames: silent ? N : N - 1 - this.lastNz[c]!,
        silent,
        nonFiniteSamples: this.nonFinite[c]!,
        firstNonFiniteFrame: this.firstNonFinite[c]! < 0 ? null : this.firstNonFinite[c]!,
      });
    }
    let pc = -1;
    for (let c = 0; c < C; c++) {
      const ch = perChannel[c]!;
      if (ch.peak === 0) continue;
      if (pc < 0) pc = c;
      const best = perChannel[pc]!;
      if (ch.peak > best.peak || (ch.peak === best.peak && ch.peakFrame < best.peakFrame)) pc = c;
    }
    const dualMonoPairs: [number, number][] = [];
    const invertedPairs: [number, number][] = [];
    for (let p = 0; p < this.pairA.length; p++) {
      const a = this.pairA[p]!;
      const b = this.pairB[p]!;
      if (N === 0 || (perChannel[a]!.silent && perChannel[b]!.silent)) continue;
      if (this.pairEq[p]) dualMonoPairs.push([a, b]);
      if (this.pairInv[p]) invertedPairs.push([a, b]);
    }
    let correlation: number | null = null;
    if (C >= 2 && N > 0) {
      const sa = this.sum[0]!, sb = this.sum[1]!;
      const va = N * this.sumSq[0]! - sa * sa;
      const vb = N * this.sumSq[1]! - sb * sb;
      if (va > 0 && vb > 0) correlation = Math.max(-1, Math.min(1, (N * this.sumAB - sa * sb) / Math.sqrt(va * vb)));
    }
    let tpFile: number | null = null;
    let tpBelow: number | null = null;
    if (tpPeaks) {
      for (const ch of perChannel) if (ch.truePeakDbtp !== null && (tpFile === null || ch.truePeakDbtp > tpFile)) tpFile = ch.truePeakDbtp;
      if (tpFile === null && this.tpThresholdDb !== null) tpBelow = this.tpThresholdDb;
    }
    const peak = pc < 0 ? 0 : perChannel[pc]!.peak;
    return {
      sampleRate: this.rate,
      channels: C,
      frames: N,
      perChannel,
      peak,
      peakDbfs: toDb(peak),
      peakFrame: pc < 0 ? -1 : perChannel[pc]!.peakFrame,
      peakChannel: pc,
      truePeakDbtp: tpFile,
      truePeakBelowDbtp: tpBelow,
      truePeakOversampling: this.tp ? this.tp.factor : 1,
      integratedLufs: this.loud ? this.loud.integrated() : null,
      loudnessRangeLu: this.loud ? this.loud.loudnessRange() : null,
      silent: perChannel.every((ch) => ch.silent),
      nearSilenceDbfs: this.quietDb,
      nearSilentRanges: ranges,
      nearSilentRangeCount: rangeCount,
      dualMono: dualMonoPairs.length > 0,
      dualMonoPairs,
      invertedPairs,
      correlation,
      interSampleOvers: overs,
      clipThresholdFrames: this.clipThr,
      measured: {
        loudness: this.loud !== null,
        truePeak: this.tp === null ? 'none' : this.tpThreshold === null ? 'all' : 'threshold',
      },
      nonFiniteSamples: this.nonFinite.reduce((a, b) => a + b, 0),
    };
  }
}

/** True when one of the first `n` samples is NaN or ±Infinity (`x - x` is NaN exactly then). */
function hasNonFinite(d: Float64Array, n: number): boolean {
  let z = 0;
  for (let i = 0; i < n; i++) z += d[i]! - d[i]!;
  return z !== 0;
}
