/**
 * Waveform overviews for the visual report: one streaming pass over the mix and the stems
 * together, keeping per bin the min/max of every file (all channels folded) and the peak of the
 * null residual (mix minus the unity-gain sum of the stems at their gains, spec §8.1, summed with
 * {@link accumulate} so it is the same arithmetic as the null-sum). Memory is constant in the
 * file length: one block per file plus `bins` numbers per file.
 *
 * This is a separate pass on purpose (a clean signature); it could be folded into the
 * validator's single analysis pass later, feeding the same bins from the blocks it already decodes.
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import { readSampleBlocks, type SampleBlock } from '../audio/read/blocks.js';
import { decodeToFloat64 } from '../audio/decode.js';
import { accumulate, gainFromDb } from '../dsp/sum.js';

/** One audio file to overview. */
export interface OverviewInput {
  /** Entry path (as the report names it). */
  path: string;
  src: ByteSource;
  header: AudioHeader;
  isMix: boolean;
  /** The stem's manifest gain (default 0 dB). */
  gainDb?: number;
  /** Display name (manifest name or id). */
  name?: string;
  role?: string;
}

/** The min/max envelope of one file on the shared timeline. */
export interface FileOverview {
  path: string;
  name: string;
  role: string;
  isMix: boolean;
  channels: number;
  sampleRate: number;
  frames: number;
  /** Per bin, the smallest sample of any channel (linear, full scale ±1); 0 for bins past the end. */
  min: number[];
  /** Per bin, the largest sample of any channel. */
  max: number[];
}

/** The null residual's peak per bin (linear), over the frames every file has. */
export interface ResidualOverview {
  peak: number[];
  /** Frames covered (the shortest file). */
  frames: number;
}

/** Overviews of a package on one timeline. */
export interface Overviews {
  /** Timeline length in frames (the longest file) and its rate (the mix's, else the first file's). */
  frames: number;
  sampleRate: number;
  bins: number;
  /** Frames per bin (≥ 1): bin `b` covers `[b * framesPerBin, (b + 1) * framesPerBin)`. */
  framesPerBin: number;
  files: FileOverview[];
  /** Present when there is a mix and at least one stem that can be summed into it. */
  residual?: ResidualOverview;
}

/** Options of {@link computeOverviews}. */
export interface OverviewOptions {
  /** Bins across the timeline (default 1500). */
  bins?: number;
  /** Frames per read block (default 65536). */
  blockFrames?: number;
  /** Progress: frames done (of the longest file), total. */
  onProgress?(done: number, total: number): void;
}

/** What an overview pass computes: the timeline, the empty envelopes, and which files make the residual. */
export interface OverviewPlan {
  /** Per input: lossless PCM/float with frames to step by (others get empty envelopes). */
  readable: boolean[];
  frames: number;
  sampleRate: number;
  bins: number;
  framesPerBin: number;
  blockFrames: number;
  /** One per input, min and max all 0. */
  files: FileOverview[];
  mixIdx: number;
  /** The stems summed into the residual (inputs that are neither the mix nor unreadable), in input order. */
  stemIdx: number[];
  /** Present (peaks all 0) when there is a mix and every stem can be summed into it. */
  residual: ResidualOverview | undefined;
  /** Frames the residual covers (the shortest file), 0 without one. */
  resFrames: number;
  /** The mix's channels (the residual's). */
  outCh: number;
}

/** Plan the overview pass over `inputs` (shared by {@link computeOverviews} and the page's parallel pass). */
export function planOverviews(inputs: readonly OverviewInput[], opts: OverviewOptions = {}): OverviewPlan {
  const readable = inputs.map((i) => i.header.lossless && i.header.blockAlign > 0 && i.header.channels > 0);
  const frames = Math.max(0, ...inputs.map((i, k) => (readable[k] ? i.header.frames : 0)));
  const mixIdx = inputs.findIndex((i, k) => i.isMix && readable[k]);
  const sampleRate = (mixIdx >= 0 ? inputs[mixIdx]!.header.sampleRate : inputs[0]?.header.sampleRate) ?? 48000;
  const wantBins = Math.max(1, Math.floor(opts.bins ?? 1500));
  const framesPerBin = Math.max(1, Math.ceil(frames / wantBins));
  const bins = Math.max(1, Math.ceil(frames / framesPerBin));
  const blockFrames = Math.max(1, Math.floor(opts.blockFrames ?? 65536));

  const files: FileOverview[] = inputs.map((i) => ({
    path: i.path,
    name: i.name ?? i.path,
    role: i.role ?? (i.isMix ? 'mix' : 'stem'),
    isMix: i.isMix,
    channels: i.header.channels,
    sampleRate: i.header.sampleRate,
    frames: i.header.frames,
    min: new Array<number>(bins).fill(0),
    max: new Array<number>(bins).fill(0),
  }));

  // the residual: the mix and every stem summable into it (same rate; same channels or mono)
  const mix = mixIdx >= 0 ? inputs[mixIdx]! : null;
  const stemIdx = inputs.map((_, k) => k).filter((k) => k !== mixIdx && readable[k] && !inputs[k]!.isMix);
  const summable =
    mix !== null &&
    stemIdx.length > 0 &&
    stemIdx.every((k) => {
      const h = inputs[k]!.header;
      return h.sampleRate === mix.header.sampleRate && (h.channels === mix.header.channels || h.channels === 1);
    });
  const resFrames = summable ? Math.min(mix.header.frames, ...stemIdx.map((k) => inputs[k]!.header.frames)) : 0;
  const residual: ResidualOverview | undefined = summable ? { peak: new Array<number>(bins).fill(0), frames: resFrames } : undefined;
  const outCh = mix?.header.channels ?? 1;
  return { readable, frames, sampleRate, bins, framesPerBin, blockFrames, files, mixIdx, stemIdx, residual, resFrames, outCh };
}

/** The overviews of a finished pass. */
export function overviewsOf(plan: OverviewPlan): Overviews {
  const out: Overviews = { frames: plan.frames, sampleRate: plan.sampleRate, bins: plan.bins, framesPerBin: plan.framesPerBin, files: plan.files };
  if (plan.residual) out.residual = plan.residual;
  return out;
}

/**
 * Compute the overviews in one pass, reading every file in lockstep (block `k` of each file
 * covers the same frames). Files that are not lossless PCM/float are listed with empty envelopes.
 */
export async function computeOverviews(inputs: OverviewInput[], opts: OverviewOptions = {}): Promise<Overviews> {
  const plan = planOverviews(inputs, opts);
  const { readable, frames, framesPerBin, blockFrames, files, mixIdx, stemIdx, residual, resFrames, outCh } = plan;
  const mix = residual ? inputs[mixIdx]! : null;
  const acc = residual ? new Float64Array(blockFrames * outCh) : null;

  const gens = inputs.map((i, k) => (readable[k] ? readSampleBlocks(i.src, i.header, { blockFrames }) : null));
  const bufs = inputs.map((i, k) => (readable[k] ? new Float64Array(blockFrames * i.header.channels) : new Float64Array(0)));
  const done = inputs.map((_, k) => !readable[k]);
  const got = new Array<number>(inputs.length).fill(0);

  try {
    for (let start = 0; start < frames; start += blockFrames) {
      const blocks = await Promise.all(gens.map((g, k) => (g && !done[k] ? g.next() : Promise.resolve({ done: true as const, value: undefined }))));
      for (let k = 0; k < inputs.length; k++) {
        const r = blocks[k]!;
        if (r.done || !r.value) {
          done[k] = true;
          got[k] = 0;
          continue;
        }
        const blk: SampleBlock = r.value;
        const h = inputs[k]!.header;
        decodeToFloat64(blk.bytes, h.encoding, h.channels, blk.frames, bufs[k]!);
        got[k] = blk.frames;
        envelope(files[k]!, bufs[k]!, h.channels, blk.frame, blk.frames, framesPerBin);
      }
      if (residual && acc && mix) {
        const n = Math.min(blockFrames, resFrames - start);
        if (n > 0 && got[mixIdx]! >= n && stemIdx.every((k) => got[k]! >= n)) {
          acc.fill(0, 0, n * outCh);
          for (const k of stemIdx) accumulate(acc, bufs[k]!, gainFromDb(inputs[k]!.gainDb ?? 0), n, outCh, inputs[k]!.header.channels);
          residualPeaks(residual.peak, bufs[mixIdx]!, acc, outCh, start, n, framesPerBin);
        }
      }
      opts.onProgress?.(Math.min(frames, start + blockFrames), frames);
      if (done.every((d) => d)) break;
    }
  } finally {
    for (const g of gens) await g?.return(undefined);
  }
  return overviewsOf(plan);
}

/** Fold a decoded block into a file's min/max bins. */
export function envelope(o: Pick<FileOverview, 'min' | 'max'>, x: Float64Array, ch: number, first: number, n: number, fpb: number): void {
  let k = 0;
  for (let f = 0; f < n; ) {
    const bin = Math.floor((first + f) / fpb);
    const end = Math.min(n, (bin + 1) * fpb - first);
    let lo = o.min[bin]!;
    let hi = o.max[bin]!;
    for (; f < end; f++) {
      for (let c = 0; c < ch; c++, k++) {
        const v = x[k]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    o.min[bin] = lo;
    o.max[bin] = hi;
  }
}

/** Fold |mix − sum| of a block into the residual's peak bins. */
export function residualPeaks(peak: number[], mix: Float64Array, sum: Float64Array, ch: number, first: number, n: number, fpb: number): void {
  let k = 0;
  for (let f = 0; f < n; ) {
    const bin = Math.floor((first + f) / fpb);
    const end = Math.min(n, (bin + 1) * fpb - first);
    let p = peak[bin]!;
    for (; f < end; f++) {
      for (let c = 0; c < ch; c++, k++) {
        const d = Math.abs(mix[k]! - sum[k]!);
        if (d > p) p = d;
      }
    }
    peak[bin] = p;
  }
}
