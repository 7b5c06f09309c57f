/**
 * Checking repairs against the mix (spec §5.5): the null of the conformed set, and for every stem
 * a TimeReference moves, the null with the move and without it, in one streaming pass.
 *
 * Only a move can change the null: a pad adds silence after (or before) the frames the stem
 * had, a trim drops digital zero, widening and container changes keep every value, a join
 * interleaves the same samples, and a mono stem feeds both channels of the mix at unity as
 * dual mono does (§9.3). For those the null with and without the repair is the same by
 * construction; the package's own null (or {@link nullOfPlan}) checks them.
 * @module
 */
import { decodeToFloat64 } from '../audio/decode.js';
import { createNullSum, type NullResult, type NullSum } from '../nullsum/null-sum.js';
import type { AudioEncoding } from '../model/audio.js';
import { FrameMap, type FrameInput } from './frames.js';
import { verifyPlacements, type Draft, type Geometry } from './plan.js';
import type { ConformPlan, StartVerdict } from './types.js';

/** Frames per block of the null pass. */
const BLOCK = 16384;

/** The frames of one file as they will sound: its original encoding, its placement, its channel operation. */
function mapOf(inputs: FrameInput[], op: FrameMapSpecOp, channels: number, geo: Geometry['files'][number]): FrameMap {
  const enc = inputs[0]!.header.encoding;
  return new FrameMap({ inputs, channelOp: op, channels, from: enc, to: enc, trimStart: geo.trimStart, kept: geo.kept, padStart: geo.padStart, padEnd: geo.padEnd });
}
type FrameMapSpecOp = 'none' | 'join' | 'dualMono';

/**
 * One pass over `maps` (the mix at `mixIndex`, stems at their gains): the null of the set, and
 * for each entry of `alternatives` the null with that stem's map replaced.
 */
export async function nullPass(
  maps: readonly FrameMap[],
  mixIndex: number,
  gainsDb: readonly number[],
  sampleRate: number,
  tolerance: number,
  alternatives: ReadonlyMap<number, FrameMap> = new Map(),
): Promise<{ base: NullResult; alternatives: Map<number, NullResult> }> {
  const mix = maps[mixIndex]!;
  const C = mix.spec.channels;
  const stems = maps.map((_, i) => i).filter((i) => i !== mixIndex);
  const make = (): NullSum =>
    createNullSum({ channels: C, sampleRate, stemChannels: stems.map((i) => maps[i]!.spec.channels), gainsDb: stems.map((i) => gainsDb[i] ?? 0), tolerance });
  const base = make();
  const alts = new Map([...alternatives.keys()].map((k) => [k, make()]));
  const length = mix.frames;
  const decode = (m: FrameMap, bytes: Uint8Array, out: Float64Array, frames: number): void => {
    const e = m.spec.to;
    const enc: AudioEncoding = { ...e, validBits: e.bitsPerSample };
    decodeToFloat64(bytes, enc, m.spec.channels, frames, out);
  };
  const bufs = maps.map((m) => ({ bytes: new Uint8Array(BLOCK * m.frameBytes), x: new Float64Array(BLOCK * m.spec.channels) }));
  const altBufs = new Map([...alternatives].map(([k, m]) => [k, { bytes: new Uint8Array(BLOCK * m.frameBytes), x: new Float64Array(BLOCK * m.spec.channels) }]));
  for (let f = 0; f < length; f += BLOCK) {
    const n = Math.min(BLOCK, length - f);
    for (const [i, m] of maps.entries()) {
      const b = bufs[i]!;
      await m.read(f, n, b.bytes);
      decode(m, b.bytes, b.x, n);
    }
    const stemX = stems.map((i) => bufs[i]!.x);
    base.push(bufs[mixIndex]!.x, stemX, n);
    for (const [k, m] of alternatives) {
      const b = altBufs.get(k)!;
      await m.read(f, n, b.bytes);
      decode(m, b.bytes, b.x, n);
      alts.get(k)!.push(bufs[mixIndex]!.x, stems.map((i) => (i === k ? b.x : bufs[i]!.x)), n);
    }
  }
  return { base: base.result(), alternatives: new Map([...alts].map(([k, s]) => [k, s.result()])) };
}

/** True when a null is worse than another: a higher residual peak, or the same peak and a higher RMS. */
export function worse(a: NullResult, b: NullResult): boolean {
  if (a.residualPeakDbfs !== b.residualPeakDbfs) return a.residualPeakDbfs > b.residualPeakDbfs;
  return a.residualRmsDbfs > b.residualRmsDbfs;
}

/**
 * The start checks of a draft: for every stem a TimeReference moves, the null with the move and
 * with the stem aligned with the mix. The move is kept unless the null without it is better
 * (then the TimeReference is wrong metadata: the samples stay where they are). Null when a
 * stem's channels do not fit the mix (nothing to compare: every move is kept).
 */
export async function verifyStarts(d: Draft, inputs: readonly FrameInput[][], tolerance = -80): Promise<StartVerdict[]> {
  const mixCh = inputs[d.mixIndex]![0]!.header.channels;
  const channels = d.items.map((it, i) => (d.channelOps[i] === 'none' ? it.sources[0]!.header.channels : 2));
  if (channels.some((c, i) => i !== d.mixIndex && c !== mixCh && c !== 1)) return [];
  const p = verifyPlacements(d);
  const maps = d.items.map((_, i) => mapOf(inputs[i]!, d.channelOps[i]!, channels[i]!, p.moved.files[i]!));
  const alts = new Map([...p.kept].map(([k, geo]) => [k, mapOf(inputs[k]!, d.channelOps[k]!, channels[k]!, geo)]));
  const r = await nullPass(maps, d.mixIndex, d.items.map((it) => it.gainDb ?? 0), d.sampleRate, tolerance, alts);
  return d.moved.map((k) => {
    const alt = r.alternatives.get(k)!;
    return {
      item: k,
      offsetFrames: d.offsets[k]!,
      moved: { peakDbfs: r.base.residualPeakDbfs, rmsDbfs: r.base.residualRmsDbfs },
      kept: { peakDbfs: alt.residualPeakDbfs, rmsDbfs: alt.residualRmsDbfs },
      samplesKept: worse(r.base, alt),
    };
  });
}

/** The null of a finished plan, as its conformed files will sum (null when channels do not fit). */
export async function nullOfPlan(plan: ConformPlan, inputs: readonly FrameInput[][], tolerance = -80): Promise<NullResult | null> {
  const mixIndex = plan.files.findIndex((f) => f.item.isMix);
  const C = plan.files[mixIndex]!.channels;
  if (plan.files.some((f, i) => i !== mixIndex && f.channels !== C && f.channels !== 1)) return null;
  const maps = plan.files.map((f, i) => mapOf(inputs[i]!, f.channelOp, f.channels, f));
  const r = await nullPass(maps, mixIndex, plan.files.map((f) => f.item.gainDb ?? 0), plan.sampleRate, tolerance);
  return r.base;
}
