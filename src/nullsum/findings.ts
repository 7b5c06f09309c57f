/** Findings of a null-sum (spec §8.3, §8.4): SP-NULL-001 when failing, always one SP-NULL-101. */
import { atFrame, finding, type Finding } from '../model/finding.js';
import type { NullReportParams, RangeParams } from '../model/params.js';
import { dbForJson } from '../model/units.js';
import type { FailingRange, NullResult } from './null-sum.js';

/** Context of {@link nullFindings}. */
export interface NullFindingsContext {
  /** The mix entry's path in the package. */
  path: string;
  sampleRate: number;
  /** The manifest declares mix-bus processing: a failing null is info, not an error. */
  mixBusProcessing: boolean;
  /** Tolerance in force, dBFS. */
  tolerance: number;
  /** Set when the files' lengths differ: the null covered frames 0 to this − 1 only (spec §8.1). */
  commonSpanFrames?: number;
  /** The files summed (paths as findings name them), carried in the SP-NULL-101 params. */
  stems?: string[];
}

/** Failing ranges given in params (the first few, worst first). */
export const RANGES_IN_PARAMS = 5;

/** JSON form of failing ranges, with seconds. */
export function rangesJson(ranges: readonly FailingRange[], sampleRate: number, max = RANGES_IN_PARAMS): RangeParams[] {
  return ranges.slice(0, max).map((r) => ({
    startFrame: r.startFrame,
    endFrame: r.endFrame,
    startSeconds: round6(r.startFrame / sampleRate),
    endSeconds: round6((r.endFrame + 1) / sampleRate),
    peakDbfs: dbForJson(r.peakDbfs),
    peakFrame: r.peakFrame,
  }));
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The `at` of a failing range. */
export function rangeAt(r: FailingRange, sampleRate: number) {
  return atFrame(r.startFrame, sampleRate, { endFrame: r.endFrame });
}

/**
 * Findings for a null-sum result: SP-NULL-001 (error) when the residual peak exceeds the
 * tolerance and no mix-bus processing is declared, and always one SP-NULL-101 (info) with the
 * measurements (params `busProcessing: true` when declared). dB figures in params are rounded
 * to 2 decimals; an exact null gives `residualPeakDbfs: null`, `depthDb: null`, `exact: true`.
 */
export function nullFindings(result: NullResult, ctx: NullFindingsContext): Finding[] {
  const sr = ctx.sampleRate;
  const pass = result.residualPeakDbfs <= ctx.tolerance;
  const out: Finding[] = [];
  const worst = result.failingRanges[0];
  if (!pass && !ctx.mixBusProcessing) {
    out.push(
      finding(
        'SP-NULL-001',
        ctx.path,
        {
          residualPeakDbfs: dbForJson(result.residualPeakDbfs),
          tolerance: ctx.tolerance,
          residualRmsDbfs: dbForJson(result.residualRmsDbfs),
          depthDb: dbForJson(result.depthDb),
          failingFrames: result.failingFrames,
          failingRanges: rangesJson(result.failingRanges, sr),
          ...(ctx.commonSpanFrames !== undefined ? { commonSpanFrames: ctx.commonSpanFrames } : {}),
        },
        worst ? rangeAt(worst, sr) : undefined,
      ),
    );
  }
  const perChannel = result.perChannel.map((c) => ({
    peakDbfs: dbForJson(c.peakDbfs),
    peakFrame: c.peakFrame,
    rmsDbfs: dbForJson(c.rmsDbfs),
  }));
  const params: NullReportParams = {
    exact: result.exact,
    residualPeakDbfs: dbForJson(result.residualPeakDbfs),
    residualPeakFrame: result.residualPeakFrame,
    residualPeakChannel: result.residualPeakChannel,
    residualRmsDbfs: dbForJson(result.residualRmsDbfs),
    mixRmsDbfs: dbForJson(result.mixRmsDbfs),
    depthDb: dbForJson(result.depthDb),
    tolerance: ctx.tolerance,
    pass,
    failingFrames: result.failingFrames,
    perChannel,
  };
  if (ctx.mixBusProcessing) params.busProcessing = true;
  if (ctx.commonSpanFrames !== undefined) params.commonSpanFrames = ctx.commonSpanFrames;
  if (!pass) params.failingRanges = rangesJson(result.failingRanges, sr);
  if (ctx.stems) {
    params.mix = ctx.path;
    params.stems = ctx.stems;
  }
  const at = result.residualPeakFrame >= 0
    ? atFrame(result.residualPeakFrame, sr, { channel: result.residualPeakChannel })
    : undefined;
  out.push(finding('SP-NULL-101', ctx.path, params, at));
  return out;
}
