/** Findings from level measurements (spec §7): SP-LVL-001..008 and the SP-LVL-101 report. */
import type { Finding } from '../model/finding.js';
import type { LevelReportParams } from '../model/params.js';
import { atFrame, finding } from '../model/finding.js';
import { dbForJson } from '../model/units.js';
import type { LevelResult } from './types.js';

/** dB rounded for JSON (2 decimals), -0 folded to 0; -Infinity → null. */
function jdb(v: number): number | null {
  const r = dbForJson(v);
  return r === null ? null : r + 0;
}

/** Context a level finding needs. */
export interface LevelFindingContext {
  path: string;
  sampleRate: number;
  /** Sample-peak limit; default 0 → any sample at full scale (the integer max code counts). */
  maxPeakDbfs?: number;
  /** True-peak limit, default 0 dBTP. */
  maxTruePeakDbtp?: number;
  isStem: boolean;
  /** Identical channels a conform record made on purpose (`dualMono`, spec §5.5): not reported as dual mono (SP-LVL-005, spec §7.4). */
  dualMonoOnRecord?: boolean;
}

/** DC offset at or above this (dBFS) is reported (SP-LVL-006). */
export const DC_LIMIT_DBFS = -50;

/** Turn a {@link LevelResult} into findings. */
export function levelFindings(r: LevelResult, ctx: LevelFindingContext): Finding[] {
  const out: Finding[] = [];
  const { path, sampleRate: sr } = ctx;
  for (const ch of r.perChannel) {
    if (ch.clipRuns > 0 && ch.firstClipFrame !== null) {
      const first = ch.clipRunList[0]!;
      out.push(
        finding(
          'SP-LVL-001',
          path,
          { runs: ch.clipRuns, clippedSamples: ch.clippedSamples, threshold: r.clipThresholdFrames, firstFrame: ch.firstClipFrame, channel: ch.channel },
          atFrame(first.frame, sr, { endFrame: first.frame + first.length - 1, channel: ch.channel }),
        ),
      );
    }
  }
  const limit = ctx.maxPeakDbfs ?? 0;
  const atFullScale = r.perChannel.some((ch) => ch.fullScaleSamples > 0);
  const overLimit = r.peakChannel >= 0 && (r.peakDbfs >= limit - 1e-9 || (ctx.maxPeakDbfs === undefined && atFullScale));
  if (overLimit) {
    out.push(
      finding(
        'SP-LVL-002',
        path,
        { peakDbfs: jdb(r.peakDbfs)!, limitDbfs: limit },
        atFrame(r.peakFrame, sr, { channel: r.peakChannel }),
      ),
    );
  }
  if (ctx.isStem && r.silent && r.frames > 0) {
    out.push(finding('SP-LVL-004', path, { frames: r.frames }));
  }
  for (const [a, b] of ctx.dualMonoOnRecord ? [] : r.dualMonoPairs) {
    out.push(finding('SP-LVL-005', path, { channelA: a, channelB: b }));
  }
  for (const ch of r.perChannel) {
    if (ch.dcDbfs > DC_LIMIT_DBFS) {
      out.push(
        finding(
          'SP-LVL-006',
          path,
          { channel: ch.channel, dcDbfs: jdb(ch.dcDbfs)! },
          atFrame(0, sr, { channel: ch.channel }),
        ),
      );
    }
  }
  const tpLimit = ctx.maxTruePeakDbtp ?? 0;
  if (r.truePeakDbtp !== null && r.truePeakDbtp > tpLimit) {
    let ch = 0;
    for (const c of r.perChannel) if (c.truePeakDbtp !== null && c.truePeakDbtp === r.truePeakDbtp) { ch = c.channel; break; }
    out.push(
      finding(
        'SP-LVL-007',
        path,
        { truePeakDbtp: jdb(r.truePeakDbtp)!, limitDbtp: tpLimit, channel: ch, interSampleOvers: r.interSampleOvers },
      ),
    );
  }
  for (const [a, b] of r.invertedPairs) {
    out.push(finding('SP-LVL-008', path, { channelA: a, channelB: b }));
  }
  out.push(finding('SP-LVL-101', path, levelReportParams(r)));
  return out;
}

/**
 * SP-AUD-012 (spec §6.1): the file holds NaN or ±Infinity samples. One finding per file, with
 * the count and first frame of each channel holding some, and `at` the first such frame (its
 * lowest channel). Null when every sample is finite.
 */
export function nonFiniteFinding(r: LevelResult, path: string, sampleRate: number): Finding | null {
  if (!(r.nonFiniteSamples > 0)) return null;
  const channels = r.perChannel
    .filter((ch) => ch.nonFiniteSamples > 0 && ch.firstNonFiniteFrame !== null)
    .map((ch) => ({ channel: ch.channel, count: ch.nonFiniteSamples, firstFrame: ch.firstNonFiniteFrame! }));
  let first = channels[0]!;
  for (const c of channels) if (c.firstFrame < first.firstFrame) first = c;
  return finding(
    'SP-AUD-012',
    path,
    { channels, total: r.nonFiniteSamples },
    atFrame(first.firstFrame, sampleRate, { channel: first.channel }),
  );
}

/** The measured figures as JSON params (dB rounded to 2 decimals, -Infinity → null). */
export function levelReportParams(r: LevelResult): LevelReportParams {
  const db = (v: number | null): number | null => (v === null ? null : jdb(v));
  return {
    frames: r.frames,
    peakDbfs: db(r.peakDbfs),
    peakFrame: r.peakFrame,
    peakChannel: r.peakChannel,
    truePeakDbtp: db(r.truePeakDbtp),
    truePeakBelowDbtp: r.truePeakBelowDbtp,
    integratedLufs: db(r.integratedLufs),
    loudnessRangeLu: db(r.loudnessRangeLu),
    silent: r.silent,
    correlation: r.correlation === null ? null : Math.round(r.correlation * 1000) / 1000,
    interSampleOvers: r.interSampleOvers,
    nearSilentRanges: r.nearSilentRanges.map((x) => ({ startFrame: x.startFrame, endFrame: x.endFrame })),
    nearSilentRangeCount: r.nearSilentRangeCount,
    dualMonoPairs: r.dualMonoPairs,
    invertedPairs: r.invertedPairs,
    channels: r.perChannel.map((ch) => ({
      channel: ch.channel,
      peakDbfs: db(ch.peakDbfs),
      truePeakDbtp: db(ch.truePeakDbtp),
      rmsDbfs: db(ch.rmsDbfs),
      dcDbfs: db(ch.dcDbfs),
      clipRuns: ch.clipRuns,
      leadingSilenceFrames: ch.leadingSilenceFrames,
      trailingSilenceFrames: ch.trailingSilenceFrames,
      silent: ch.silent,
    })),
    measured: { loudness: r.measured.loudness, truePeak: r.measured.truePeak },
    sampleRate: r.sampleRate,
  };
}

/** Round values that normalisers commonly hit (dBFS). */
export const ROUND_PEAKS_DBFS = [-0.1, -0.3, -0.5, -1.0] as const;
/** Tolerance for "exactly at" a value (dB). */
export const NORMALISED_TOLERANCE_DB = 0.005;

/**
 * SP-LVL-003: a file whose peak is 0.00 dBFS (within 0.005 dB), or two or more files sitting
 * at the same round value (-0.1, -0.3, -0.5, -1.0 dBFS within 0.005 dB). One finding per file.
 */
export function normalisationFindings(files: { path: string; peakDbfs: number }[]): Finding[] {
  const out: Finding[] = [];
  const near = (v: number, t: number): boolean => Number.isFinite(v) && Math.abs(v - t) <= NORMALISED_TOLERANCE_DB;
  for (const f of files) {
    if (near(f.peakDbfs, 0)) {
      out.push(finding('SP-LVL-003', f.path, { peakDbfs: jdb(f.peakDbfs)!, roundValueDbfs: 0, files: 1 }));
    }
  }
  for (const v of ROUND_PEAKS_DBFS) {
    const hits = files.filter((f) => near(f.peakDbfs, v));
    if (hits.length < 2) continue;
    for (const f of hits) {
      out.push(
        finding('SP-LVL-003', f.path, { peakDbfs: jdb(f.peakDbfs)!, roundValueDbfs: v, files: hits.length }),
      );
    }
  }
  return out;
}
