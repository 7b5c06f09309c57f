/** Options and results of the level meter. Types only. */
import type { S24Sum } from './kernel-s24.js';

/** How a level meter is set up. */
export interface LevelOptions {
  sampleRate: number;
  channels: number;
  /**
   * Integer formats: bits, so full scale is detected exactly at the format's max
   * (2^(b-1)-1)/2^(b-1) and min -1; float: |x| >= 1.
   */
  format: { sampleFormat: 'int' | 'float'; bitsPerSample: number };
  /** Integrated loudness and loudness range (default true). */
  loudness?: boolean;
  /**
   * true (default): always; a number: only where a block's sample peak times the
   * interpolator's gain bound reaches this dBTP threshold; false: never.
   */
  truePeak?: boolean | number;
  /** Clip run threshold at 48 kHz (default 12), scaled: ceil(n * rate / 48000). */
  clipRunFrames48k?: number;
  /** Near-silence threshold in dBFS (default -60); ranges must last at least 2 s. */
  nearSilenceDbfs?: number;
  /** BS.1770 channel weights (default: libebur128's map, see `defaultChannelWeights`). */
  channelWeights?: number[];
}

/** A streaming level meter. */
export interface LevelMeter {
  /** Feed `frames` interleaved frames from the start of `block`. */
  push(block: Float64Array, frames: number): void;
  /**
   * Decode and feed `frames` frames of 24-bit little-endian stereo PCM in one pass, writing the
   * decoded block to `out` when given (as `decodeToFloat64` would). With `sum` (from
   * `createS24Sum`), the decoded block is also added into that running sum. Returns false,
   * having done nothing, when this meter or this runtime has no such path (the caller then
   * decodes and calls {@link push}); the measurements are the same either way.
   */
  pushS24Stereo?(bytes: Uint8Array, frames: number, out?: Float64Array, sum?: S24Sum): boolean;
  /** The measurements so far (does not end the stream; cheap to call once at the end). */
  result(): LevelResult;
}

/** A run of consecutive full-scale samples of one polarity. */
export interface ClipRun {
  /** First frame of the run. */
  frame: number;
  /** Length in frames. */
  length: number;
}

/** A range of frames where every channel stays below the near-silence threshold. */
export interface FrameRange {
  startFrame: number;
  /** Exclusive end. */
  endFrame: number;
  frames: number;
}

/** Per-channel measurements. dB figures may be -Infinity in memory (use dbForJson). */
export interface ChannelLevels {
  channel: number;
  /** Largest |sample| (linear, 1.0 = full scale). */
  peak: number;
  peakDbfs: number;
  /** First frame holding the peak; -1 when the channel is all zero. */
  peakFrame: number;
  /** Null when not computed (or, in threshold mode, when it stayed below the threshold). */
  truePeakDbtp: number | null;
  rmsDbfs: number;
  /** Mean sample value. */
  dcOffset: number;
  /** 20 log10 |dcOffset|. */
  dcDbfs: number;
  /** Runs of full-scale samples at least the clip threshold long. */
  clipRuns: number;
  /** Samples inside those runs. */
  clippedSamples: number;
  /** Every sample at full scale, in runs of any length. */
  fullScaleSamples: number;
  firstClipFrame: number | null;
  /** The first {@link RUN_LIST_CAP} clip runs. */
  clipRunList: ClipRun[];
  /** Frames of exact zeros at the start (all frames when silent). */
  leadingSilenceFrames: number;
  trailingSilenceFrames: number;
  /** Every sample exactly 0. */
  silent: boolean;
  /** Non-finite samples (NaN, +Infinity, -Infinity); always 0 for integer formats (spec §6.1, SP-AUD-012). */
  nonFiniteSamples: number;
  /** First frame holding a non-finite sample; null when there is none. */
  firstNonFiniteFrame: number | null;
}

/** Which measurements ran. */
export interface MeasuredFlags {
  loudness: boolean;
  /** 'all': every block; 'threshold': only blocks that could reach the threshold; 'none'. */
  truePeak: 'all' | 'threshold' | 'none';
}

/**
 * What a level meter measured on one file.
 *
 * Float files may hold non-finite samples (NaN, ±Infinity: SP-AUD-012). They are counted per
 * channel ({@link ChannelLevels.nonFiniteSamples}) and every other figure is measured over the
 * finite samples only: peak, clipping, DC and RMS (means over the channel's finite samples),
 * while the filters of true peak and loudness, silence, pairs and correlation see a
 * non-finite sample as 0. So one bad sample does not turn every figure into NaN or infinity.
 */
export interface LevelResult {
  sampleRate: number;
  channels: number;
  frames: number;
  perChannel: ChannelLevels[];
  peak: number;
  peakDbfs: number;
  /** -1 when silent. */
  peakFrame: number;
  /** -1 when silent. */
  peakChannel: number;
  truePeakDbtp: number | null;
  /** In threshold mode with no block reaching it: the threshold the true peak stays below. */
  truePeakBelowDbtp: number | null;
  /** Oversampling factor used for the true peak: `ceil(176400 / rate)`, at most 32 (1: the sample peak). */
  truePeakOversampling: number;
  /** Null when gated out (silence, shorter than 400 ms) or not measured. */
  integratedLufs: number | null;
  loudnessRangeLu: number | null;
  silent: boolean;
  nearSilenceDbfs: number;
  /** The first {@link RANGE_LIST_CAP} ranges below the near-silence threshold for >= 2 s. */
  nearSilentRanges: FrameRange[];
  nearSilentRangeCount: number;
  /** True when some channel pair is bit-identical (pairs where both are all zero excluded). */
  dualMono: boolean;
  dualMonoPairs: [number, number][];
  /** Pairs with x_a == -x_b on every frame (pairs where both are all zero excluded). */
  invertedPairs: [number, number][];
  /** Pearson correlation of channels 0 and 1; null for mono or a constant channel. */
  correlation: number | null;
  /** Interpolated samples above 0 dBTP, all channels; null when not computed. */
  interSampleOvers: number | null;
  clipThresholdFrames: number;
  measured: MeasuredFlags;
  /** Non-finite samples over all channels (0 for integer formats; SP-AUD-012). */
  nonFiniteSamples: number;
}

/** Cap on clip runs listed per channel. */
export const RUN_LIST_CAP = 100;
/** Cap on near-silent ranges listed. */
export const RANGE_LIST_CAP = 100;
