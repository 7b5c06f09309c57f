/**
 * Null forensics (spec §8.5): why does a null fail? Tests single-stem fixes (offset, polarity,
 * gain, swapped channels, duplicate) and a swapped mix on a bounded window around the worst
 * failing ranges, then mix-bus processing (EQ, dynamics), and falls back to "missing": music in
 * the residual that no stem explains. Emits SP-NULL-102 findings.
 */
import { accumulate, gainFromDb } from '../dsp/sum.js';
import { atFrame, finding, type At, type Finding, type Json, type ParamsOf } from '../model/finding.js';
import { dbForJson, toDb } from '../model/units.js';
import { ltiFit, levelGainFit, type BusSegment } from './bus.js';
import { addPackedCrossSpectrum, fft, nextPow2 } from './fft.js';
import { rangesJson } from './findings.js';
import type { NullResult } from './null-sum.js';

/** One stem as the forensics see it. */
export interface FrameAccessStem {
  id: string;
  name: string;
  role: string;
  /** The mix's channel count or 1. */
  channels: number;
  gainDb: number;
  /** The stem's entry path in the package (findings about the stem use it). */
  path: string;
}

/** Random access to the mix and the stems, as normalised float samples. */
export interface FrameAccess {
  frames: number;
  sampleRate: number;
  channels: number;
  /** The mix's entry path (findings about the mix use it). */
  mixPath: string;
  stems: FrameAccessStem[];
  /** `count` frames from `start`, interleaved (start + count ≤ frames). */
  readMix(start: number, count: number): Promise<Float64Array>;
  /** `count` frames of stem `index` from `start`, interleaved with the stem's channels. */
  readStem(index: number, start: number, count: number): Promise<Float64Array>;
}

/** Options of {@link explainNull}. */
export interface ExplainOptions {
  /** Largest offset searched, seconds. Default 1. */
  maxLagSeconds?: number;
  /** Total audio analysed around the worst failing ranges, seconds. Default 6. */
  analysisSeconds?: number;
  /** A fix must lower the residual energy by at least this much to be reported. Default 12 dB. */
  minImprovementDb?: number;
}

/** Kinds of SP-NULL-102 explanations. */
export type ExplanationKind = 'offset' | 'polarity' | 'gain' | 'swapped' | 'missing' | 'duplicate' | 'bus-processing';

/** Frames of the offset search window (the cross-correlation runs on this much audio). */
const OFFSET_WINDOW = 131072;
/** Failing ranges the analysis window covers at most. */
const MAX_SEGMENTS = 4;
/** Samples the analysis window may hold in memory (float64: 64 MiB). */
const MEMORY_SAMPLES = 8 * 1024 * 1024;
/** Single fixes combined at most. */
const MAX_FIXES = 3;
/** A fix taken into a combination must lower the residual energy by at least 3 dB. */
const PARTIAL_GAIN = Math.pow(10, 3 / 10);

interface Seg {
  start: number;
  len: number;
  mix: Float64Array;
  acc: Float64Array;
  r: Float64Array;
  /** Scaled stem contributions, expanded to the mix's channels. */
  u: Float64Array[];
}

interface Hypothesis {
  kind: ExplanationKind;
  stem: number; // −1: the mix
  energy: number;
  /** The fix for one segment: the stem's corrected contribution, or for the mix (stem −1) the corrected mix. */
  fix: (s: Seg, si: number) => Promise<Float64Array>;
  params: { [k: string]: Json };
  rank: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

async function readPadded(
  read: (start: number, count: number) => Promise<Float64Array>,
  frames: number,
  ch: number,
  start: number,
  count: number,
  into?: Float64Array,
): Promise<Float64Array> {
  const out = into && into.length === count * ch ? into.fill(0) : new Float64Array(count * ch);
  const a = Math.max(0, start);
  const b = Math.min(frames, start + count);
  if (b > a) {
    const got = await read(a, b - a);
    out.set(got.subarray(0, (b - a) * ch), (a - start) * ch);
    // non-finite samples (bad float files) would poison every sum: analyse them as silence
    for (let k = 0; k < out.length; k++) if (!Number.isFinite(out[k]!)) out[k] = 0;
  }
  return out;
}

/** Scale a stem block by its gain and expand it to `C` channels. */
function contribution(raw: Float64Array, gain: number, frames: number, C: number, sc: number): Float64Array {
  const u = new Float64Array(frames * C);
  accumulate(u, raw, gain, frames, C, sc);
  return u;
}

function sumSq(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return s;
}

function peakAbs(x: Float64Array): number {
  let p = 0;
  for (let k = 0; k < x.length; k++) {
    const a = Math.abs(x[k]!);
    if (a > p) p = a;
  }
  return p;
}

function round(x: number, d = 2): number {
  const m = 10 ** d;
  return Math.round(x * m) / m;
}

/** Pick the analysis segments: windows centred on the worst failing ranges' peaks, merged. */
function pickSegments(result: NullResult, frames: number, sr: number, seconds: number): { start: number; len: number }[] {
  const ranges = result.failingRanges.slice(0, MAX_SEGMENTS);
  if (ranges.length === 0 || frames <= 0) return [];
  const total = Math.max(1, Math.round(seconds * sr));
  const segLen = Math.min(frames, Math.max(1, Math.floor(total / ranges.length)));
  const wins = ranges.map((r) => {
    const start = clamp(r.peakFrame - (segLen >> 1), 0, frames - segLen);
    return { start, end: start + segLen };
  });
  // keep the worst first; merge overlaps into the earlier window
  const out: { start: number; end: number }[] = [];
  for (const w of wins) {
    const o = out.find((x) => w.start < x.end && x.start < w.end);
    if (o) {
      o.start = Math.min(o.start, w.start);
      o.end = Math.max(o.end, w.end);
    } else out.push({ ...w });
  }
  return out.map((w) => ({ start: w.start, len: w.end - w.start }));
}

/**
 * Explain a failing null. Returns SP-NULL-102 findings (none when the null passes).
 *
 * Single fixes are tried first: a stem's offset (FFT cross-correlation within ±`maxLagSeconds`),
 * polarity, gain, swapped channels or being counted twice, and the mix swapped, inverted or at a
 * constant gain. The best fix is applied and the search repeats (up to three fixes), so combined
 * faults get one finding each; they are reported when together they lower the residual energy
 * by `minImprovementDb`. Otherwise the residual is tested for mix-bus processing (a linear filter
 * of the stem sum: EQ; a level-dependent gain: compression) and else reported as `missing`.
 *
 * Params: `kind` (an {@link ExplanationKind}), `stem` (id, when a stem is blamed) or `in: 'mix'`,
 * the evidence (`lagFrames`/`lagMs`, `gainErrorDb` (positive = too loud)/`correctionDb`,
 * `swappedIn`, `duplicateOf`, `relation`/`bandGainsDb`/`maxGainReductionDb`, `residualRmsDbfs`/
 * `ranges`…), `residualBeforeDbfs`, `residualAfterDbfs` (peak left in the analysed window after
 * the fix; null = exact), `improvementDb` and `confidence` in [0, 1]. `path` is the blamed stem's
 * path, or the mix's; `at` is the worst failing range.
 * Reads a bounded window (`analysisSeconds`, default 6 s, less when many stems or channels would hold more than
 * 64 MiB, plus the lag margins for one stem at a
 * time) around the worst failing ranges, whatever the song's length.
 */
export async function explainNull(access: FrameAccess, result: NullResult, opts: ExplainOptions = {}): Promise<Finding[]> {
  if (result.pass || result.failingRanges.length === 0) return [];
  const sr = access.sampleRate;
  const C = access.channels;
  const nStems = access.stems.length;
  const maxLag = Math.max(0, Math.min(Math.round((opts.maxLagSeconds ?? 1) * sr), access.frames - 1));
  const minImprovementDb = opts.minImprovementDb ?? 12;
  const gains = access.stems.map((s) => gainFromDb(s.gainDb));
  const worst = result.failingRanges[0]!;
  const at: At = atFrame(worst.startFrame, sr, { endFrame: worst.endFrame });

  // ---- read the analysis window
  const segs: Seg[] = [];
  // bound what the window holds (mix, sum, residual and every stem's contribution) to MEMORY_SAMPLES
  const maxFrames = Math.max(16384, Math.floor(MEMORY_SAMPLES / (C * (nStems + 4))));
  const seconds = Math.min(opts.analysisSeconds ?? 6, maxFrames / sr);
  for (const w of pickSegments(result, access.frames, sr, seconds)) {
    const mix = await readPadded((a, n) => access.readMix(a, n), access.frames, C, w.start, w.len);
    const acc = new Float64Array(w.len * C);
    const u: Float64Array[] = [];
    for (let i = 0; i < nStems; i++) {
      const st = access.stems[i]!;
      const raw = await readPadded((a, n) => access.readStem(i, a, n), access.frames, st.channels, w.start, w.len);
      accumulate(acc, raw, gains[i]!, w.len, C, st.channels);
      u.push(contribution(raw, gains[i]!, w.len, C, st.channels));
    }
    const r = new Float64Array(w.len * C);
    for (let k = 0; k < r.length; k++) r[k] = mix[k]! - acc[k]!;
    segs.push({ start: w.start, len: w.len, mix, acc, r, u });
  }
  const eBefore = segs.reduce((a, s) => a + sumSq(s.r), 0);
  const peakBefore = segs.reduce((a, s) => Math.max(a, peakAbs(s.r)), 0);
  if (eBefore <= 0) return [];
  const exactish = eBefore * 1e-12;

  const tolLin = Math.pow(10, result.tolerance / 20);
  const orig = segs.map((s) => ({ mix: s.mix, acc: s.acc.slice() }));

  // ---- greedy single fixes: the best hypothesis, applied, then look again (faults can combine)
  const fixed = new Set<number>(); // stems already fixed (−1: the mix)
  const fixes: { h: Hypothesis; eFrom: number; eTo: number; peakAfter: number; twin: number }[] = [];
  let eCur = eBefore;
  let bestSingle: Hypothesis | undefined;
  for (let iter = 0; iter < MAX_FIXES; iter++) {
    const hyps = singleHypotheses(access, segs, fixed);
    if (maxLag > 0 && segs.length > 0) {
      const off = await offsetHypothesis(access, segs, gains, maxLag, fixed);
      if (off) hyps.push(off);
    }
    const floor = eCur * 1e-12;
    hyps.sort((a, b) => {
      const ea = Math.max(a.energy, floor);
      const eb = Math.max(b.energy, floor);
      return ea - eb || a.rank - b.rank || b.stem - a.stem;
    });
    const best = hyps[0];
    if (iter === 0) bestSingle = best;
    if (!best || best.energy * PARTIAL_GAIN > eCur) break;
    const twin = best.kind === 'duplicate' ? twinOf(segs, best.stem) : -1;
    let peakAfter = 0;
    let eTo = 0;
    for (let si = 0; si < segs.length; si++) {
      const sg = segs[si]!;
      const v = await best.fix(sg, si);
      if (best.stem < 0) sg.mix = v;
      else {
        const u = sg.u[best.stem]!;
        for (let k = 0; k < v.length; k++) sg.acc[k] = sg.acc[k]! + (v[k]! - u[k]!);
        sg.u[best.stem] = v;
      }
      for (let k = 0; k < sg.r.length; k++) sg.r[k] = sg.mix[k]! - sg.acc[k]!;
      peakAfter = Math.max(peakAfter, peakAbs(sg.r));
      eTo += sumSq(sg.r);
    }
    fixed.add(best.stem);
    fixes.push({ h: best, eFrom: eCur, eTo, peakAfter, twin });
    eCur = eTo;
    if (peakAfter <= tolLin || eCur <= exactish) break;
  }
  const findings: Finding[] = [];
  const totalDb = 10 * Math.log10(eBefore / Math.max(eCur, exactish));
  if (fixes.length > 0 && totalDb >= minImprovementDb) {
    for (const [step, fx] of fixes.entries()) {
      const h = fx.h;
      const improvementDb = 10 * Math.log10(fx.eFrom / Math.max(fx.eTo, exactish));
      const params: { [k: string]: Json } = { kind: h.kind };
      if (h.stem >= 0) params['stem'] = access.stems[h.stem]!.id;
      Object.assign(params, h.params);
      if (fx.twin >= 0) {
        params['duplicateOf'] = access.stems[fx.twin]!.id;
        params['duplicateOfPath'] = access.stems[fx.twin]!.path;
      }
      params['residualBeforeDbfs'] = dbForJson(toDb(peakBefore));
      params['residualAfterDbfs'] = dbForJson(toDb(fx.peakAfter));
      params['improvementDb'] = round(Math.min(improvementDb, 120), 1);
      params['confidence'] = round(clamp(totalDb / 40, 0, 1) * clamp(improvementDb / 12, 0.25, 1));
      params['step'] = step + 1;
      params['steps'] = fixes.length;
      if (fixes.length > 1) params['residualAfterAllDbfs'] = dbForJson(toDb(fixes[fixes.length - 1]!.peakAfter));
      const path = h.stem >= 0 ? access.stems[h.stem]!.path : access.mixPath;
      findings.push(finding('SP-NULL-102', path, params as ParamsOf<'SP-NULL-102'>, at));
    }
    return findings;
  }
  for (let si = 0; si < segs.length; si++) {
    segs[si]!.mix = orig[si]!.mix;
    segs[si]!.acc = orig[si]!.acc;
  }

  // ---- mix-bus processing, else missing
  const bus: BusSegment[] = segs.map((s) => ({ mix: s.mix, acc: s.acc, len: s.len, start: s.start }));
  const lti = ltiFit(bus, C, sr);
  const dyn = levelGainFit(bus, C, sr);
  const bestSingleDb = bestSingle ? 10 * Math.log10(eBefore / Math.max(bestSingle.energy, exactish)) : 0;
  const residualRms = Math.sqrt(eBefore / segs.reduce((a, s) => a + s.r.length, 0));
  if (lti.explainedDb >= 10 || (dyn.explainedDb >= 6 && dyn.correlation <= -0.5)) {
    const eq = lti.explainedDb >= 10 && !(dyn.correlation <= -0.5 && dyn.explainedDb > lti.explainedDb);
    const params: ParamsOf<'SP-NULL-102'> = {
      kind: 'bus-processing',
      relation: eq ? 'spectral' : 'level-dependent',
      likely: eq ? 'eq' : 'compression',
      ltiExplainedDb: round(lti.explainedDb, 1),
      levelGainExplainedDb: round(dyn.explainedDb, 1),
      levelGainCorrelation: round(dyn.correlation),
      maxGainReductionDb: round(dyn.maxGainReductionDb),
      maxGainReductionFrame: dyn.maxGainReductionFrame,
      maxGainReductionSeconds: dyn.maxGainReductionFrame === null ? null : round(dyn.maxGainReductionFrame / sr, 3),
      thresholdDbfs: dyn.thresholdDbfs === null ? null : round(dyn.thresholdDbfs, 1),
      bandGainsDb: lti.bands.map((b) => ({ fromHz: b.fromHz, toHz: b.toHz, gainDb: round(b.gainDb) })),
      residualBeforeDbfs: dbForJson(toDb(peakBefore)),
      residualAfterDbfs: eq
        ? dbForJson(toDb(peakBefore) - lti.explainedDb)
        : dbForJson(toDb(dyn.peakAfter)),
      residualAfterEstimated: eq,
      confidence: round(clamp((eq ? lti.explainedDb : dyn.explainedDb) / 30, 0, 1)),
    };
    findings.push(finding('SP-NULL-102', access.mixPath, params, at));
    return findings;
  }
  findings.push(
    finding('SP-NULL-102', access.mixPath, {
      kind: 'missing',
      residualRmsDbfs: dbForJson(toDb(residualRms)),
      residualPeakDbfs: dbForJson(result.residualPeakDbfs),
      bestSingleStemImprovementDb: round(bestSingleDb, 1),
      ltiExplainedDb: round(lti.explainedDb, 1),
      residualFlatness: round(lti.residualFlatness, 3),
      noiseLike: lti.residualFlatness >= 0.5,
      ranges: rangesJson(result.failingRanges, sr, 10),
      residualAfterDbfs: dbForJson(toDb(peakBefore) - bestSingleDb),
      confidence: round(clamp(1 - bestSingleDb / 12, 0.3, 0.9)),
    }, at),
  );
  return findings;
}

/** Hypotheses that change one stem in place (polarity, gain, counted twice, swapped) or swap the mix. */
function singleHypotheses(access: FrameAccess, segs: readonly Seg[], skip: ReadonlySet<number>): Hypothesis[] {
  const hyps: Hypothesis[] = [];
  const C = access.channels;
  const stereo = C === 2;
  for (let i = 0; i < access.stems.length; i++) {
    if (skip.has(i)) continue;
    let tt = 0;
    let tu = 0;
    let uu = 0;
    let eNeg = 0;
    let eSwap = 0;
    for (const s of segs) {
      const u = s.u[i]!;
      const r = s.r;
      for (let k = 0; k < r.length; k++) {
        const uk = u[k]!;
        const t = r[k]! + uk;
        tt += t * t;
        tu += t * uk;
        uu += uk * uk;
        eNeg += (t + uk) * (t + uk);
        if (stereo) {
          const d = t - u[k ^ 1]!;
          eSwap += d * d;
        }
      }
    }
    if (uu <= 0) continue;
    const g = tu / uu;
    const eGain = Math.max(0, tt - (tu * tu) / uu);
    const mapU = (f: (u: Float64Array, k: number) => number) => async (s: Seg) => {
      const u = s.u[i]!;
      const out = new Float64Array(u.length);
      for (let k = 0; k < out.length; k++) out[k] = f(u, k);
      return out;
    };
    const gDb = g !== 0 ? 20 * Math.log10(Math.abs(g)) : -Infinity;
    if (g < 0 && Math.abs(gDb) < 1) {
      hyps.push({
        kind: 'polarity', stem: i, energy: eNeg, rank: 0,
        fix: mapU((u, k) => -u[k]!),
        params: { inverted: true, measuredGainDb: round(-gDb, 3) },
      });
    } else if (Math.abs(g) < 0.1) {
      hyps.push({
        kind: 'duplicate', stem: i, energy: tt, rank: 1,
        fix: async (s) => new Float64Array(s.u[i]!.length),
        params: { countedTwice: true, measuredGainDb: gDb < -120 ? null : dbForJson(gDb) },
      });
    } else if (g > 0) {
      hyps.push({
        kind: 'gain', stem: i, energy: eGain, rank: 2,
        fix: mapU((u, k) => g * u[k]!),
        params: { gainErrorDb: round(-gDb, 3), correctionDb: round(gDb, 3) },
      });
    }
    if (stereo && access.stems[i]!.channels === 2) {
      hyps.push({
        kind: 'swapped', stem: i, energy: eSwap, rank: 3,
        fix: mapU((u, k) => u[k ^ 1]!),
        params: { swappedIn: 'stem' },
      });
    }
  }
  if (!skip.has(-1)) {
    // the whole mix at a constant gain or inverted (master fader, polarity on export): only
    // proposed when nearly exact, so level-dependent bus processing is never called a gain error
    let mm = 0;
    let ma = 0;
    let eCur = 0;
    let eInv = 0;
    for (const s of segs) {
      for (let k = 0; k < s.r.length; k++) {
        const m = s.mix[k]!;
        const a = s.acc[k]!;
        mm += m * m;
        ma += m * a;
        eCur += (m - a) * (m - a);
        eInv += (m + a) * (m + a);
      }
    }
    if (mm > 0 && eCur > 0) {
      const g = ma / mm;
      let eG = 0;
      for (const s of segs) {
        for (let k = 0; k < s.r.length; k++) {
          const d = g * s.mix[k]! - s.acc[k]!;
          eG += d * d;
        }
      }
      const gDb = g !== 0 ? 20 * Math.log10(Math.abs(g)) : -Infinity;
      const scaleMix = (x: number) => async (s: Seg) => s.mix.map((v) => x * v);
      if (eInv * 1000 <= eCur) {
        hyps.push({ kind: 'polarity', stem: -1, energy: eInv, rank: 0, fix: scaleMix(-1), params: { in: 'mix', inverted: true } });
      } else if (g > 0 && eG * 1000 <= eCur) {
        hyps.push({
          kind: 'gain', stem: -1, energy: eG, rank: 2, fix: scaleMix(g),
          params: { in: 'mix', gainErrorDb: round(-gDb, 3), correctionDb: round(gDb, 3) },
        });
      }
    }
  }
  if (stereo && !skip.has(-1)) {
    let e = 0;
    for (const s of segs) {
      for (let k = 0; k < s.r.length; k++) {
        const d = s.mix[k ^ 1]! - s.acc[k]!;
        e += d * d;
      }
    }
    hyps.push({
      kind: 'swapped', stem: -1, energy: e, rank: 3,
      fix: async (s) => {
        const out = new Float64Array(s.mix.length);
        for (let k = 0; k < out.length; k++) out[k] = s.mix[k ^ 1]!;
        return out;
      },
      params: { in: 'mix', swappedIn: 'mix' },
    });
  }
  return hyps;
}

/** The other stem most like stem `i` (normalised correlation ≥ 0.98), or −1. */
function twinOf(segs: readonly Seg[], i: number): number {
  let best = -1;
  let bestRho = 0.98;
  const n = segs[0]?.u.length ?? 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (const s of segs) {
      const a = s.u[i]!;
      const b = s.u[j]!;
      for (let k = 0; k < a.length; k++) {
        ab += a[k]! * b[k]!;
        aa += a[k]! * a[k]!;
        bb += b[k]! * b[k]!;
      }
    }
    const rho = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    if (rho >= bestRho) {
      bestRho = rho;
      best = j;
    }
  }
  return best;
}

/**
 * The offset hypothesis: for each stem, the lag d in [−maxLag, maxLag] minimising
 * Σ (t[n] − u[n+d])² with t = r + u, by FFT cross-correlation on a window of the worst segment;
 * then the best stem is re-scored on every segment with the stem re-read at the lag.
 */
async function offsetHypothesis(
  access: FrameAccess,
  segs: readonly Seg[],
  gains: readonly number[],
  L: number,
  skip: ReadonlySet<number>,
): Promise<Hypothesis | null> {
  const C = access.channels;
  const s0 = segs[0]!;
  const W = Math.min(s0.len, OFFSET_WINDOW);
  const w0 = (s0.len - W) >> 1; // offset of the window inside segment 0
  const N = nextPow2(W + 2 * L);
  const tRe = new Float64Array(N);
  const tIm = new Float64Array(N);
  const sRe = new Float64Array(N);
  const sIm = new Float64Array(N);
  const xRe = new Float64Array(N);
  const xIm = new Float64Array(N);
  let bestStem = -1;
  let bestLag = 0;
  let bestRatio = Infinity;
  // buffers reused from stem to stem (peak memory stays that of one stem)
  const M = W + 2 * L;
  const pre = new Float64Array(M + 1);
  const rawBufs = new Map<number, Float64Array>();
  for (let i = 0; i < access.stems.length; i++) {
    if (skip.has(i)) continue;
    const st = access.stems[i]!;
    const sc = st.channels;
    if (!rawBufs.has(sc)) rawBufs.set(sc, new Float64Array(M * sc));
    const raw = await readPadded((a, n) => access.readStem(i, a, n), access.frames, sc, s0.start + w0 - L, M, rawBufs.get(sc));
    const g = gains[i]!;
    const u = s0.u[i]!;
    // prefix sums of Σ_c u² over the margin window (contribution scale, expanded channels)
    for (let f = 0; f < M; f++) {
      let e = 0;
      for (let c = 0; c < sc; c++) {
        const v = g * raw[f * sc + c]!;
        e += v * v;
      }
      pre[f + 1] = pre[f]! + (sc === 1 ? C * e : e);
    }
    xRe.fill(0);
    xIm.fill(0);
    let T2 = 0;
    const pairs = sc === 1 ? 1 : Math.ceil(C / 2);
    for (let p = 0; p < pairs; p++) {
      tRe.fill(0);
      tIm.fill(0);
      sRe.fill(0);
      sIm.fill(0);
      for (let n = 0; n < W; n++) {
        const base = (w0 + n) * C;
        if (sc === 1) {
          let sum = 0;
          for (let c = 0; c < C; c++) {
            const t = s0.r[base + c]! + u[base + c]!;
            sum += t;
            T2 += t * t;
          }
          tRe[n] = sum;
        } else {
          const ca = 2 * p;
          const cb = 2 * p + 1;
          const ta = s0.r[base + ca]! + u[base + ca]!;
          tRe[n] = ta;
          T2 += ta * ta;
          if (cb < C) {
            const tb = s0.r[base + cb]! + u[base + cb]!;
            tIm[n] = tb;
            T2 += tb * tb;
          }
        }
      }
      for (let m = 0; m < M; m++) {
        if (sc === 1) sRe[m] = g * raw[m]!;
        else {
          sRe[m] = g * raw[m * sc + 2 * p]!;
          if (2 * p + 1 < C) sIm[m] = g * raw[m * sc + 2 * p + 1]!;
        }
      }
      fft(tRe, tIm);
      fft(sRe, sIm);
      addPackedCrossSpectrum(tRe, tIm, sRe, sIm, xRe, xIm);
    }
    fft(xRe, xIm, true);
    // c(d) = xRe[L + d]; E(d) = T2 − 2c(d) + Σ_{n<W} e[n + L + d]
    const e0 = T2 - 2 * xRe[L]! + (pre[L + W]! - pre[L]!);
    let bd = 0;
    let be = Infinity;
    for (let d = -L; d <= L; d++) {
      if (d === 0) continue;
      const j = L + d;
      const e = T2 - 2 * xRe[j]! + (pre[j + W]! - pre[j]!);
      if (e < be) {
        be = e;
        bd = d;
      }
    }
    const ratio = e0 > 0 ? Math.max(be, 0) / e0 : Infinity;
    if (ratio < bestRatio) {
      bestRatio = ratio;
      bestStem = i;
      bestLag = bd;
    }
  }
  if (bestStem < 0 || !(bestRatio < 0.5)) return null;
  const i = bestStem;
  const d = bestLag;
  const st = access.stems[i]!;
  const shifted: Float64Array[] = [];
  let energy = 0;
  for (const s of segs) {
    const raw = await readPadded((a, n) => access.readStem(i, a, n), access.frames, st.channels, s.start + d, s.len);
    const us = contribution(raw, gains[i]!, s.len, C, st.channels);
    const u = s.u[i]!;
    for (let k = 0; k < us.length; k++) {
      const v = s.r[k]! + u[k]! - us[k]!;
      energy += v * v;
    }
    // frames the shift would read from outside the file cannot be judged: they are not counted
    const lo = clamp(-d - s.start, 0, s.len);
    const hi = clamp(access.frames - d - s.start, 0, s.len);
    for (let f = 0; f < s.len; f++) {
      if (f >= lo && f < hi) continue;
      for (let c = 0; c < C; c++) {
        const k = f * C + c;
        const v = s.r[k]! + u[k]! - us[k]!;
        energy -= v * v;
        us[k] = s.r[k]! + u[k]!;
      }
    }
    shifted.push(us);
  }
  return {
    kind: 'offset',
    stem: i,
    energy,
    rank: 4,
    fix: async (_s, si) => shifted[si]!,
    params: { lagFrames: d, lagMs: round((d / access.sampleRate) * 1000, 3) },
  };
}
