/**
 * Conform's inputs, options, plan and refusals. Types only.
 * @module
 */
import type { AudioHeader, Container } from '../model/audio.js';
import type { ConformOperation } from '../model/manifest.js';
import type { WriteSpec } from '../audio/write/spec.js';
import type { SampleEncoding } from './transform.js';

/** One original input file. */
export interface ConformSource {
  /** Filesystem path. */
  path: string;
  /** File size in bytes when planned (a file that changes size afterwards aborts). */
  size: number;
  header: AudioHeader;
}

/** One audio file of the set as the caller planned it: a file as it is, or a split-mono pair. */
export interface ConformItem {
  /** File name in the output (for a pair, the joined name). */
  name: string;
  /** Path named in messages (for a pair, `<dir>/<joined name>`). */
  path: string;
  isMix: boolean;
  /** One original, or two (left, right) for a split-mono pair to join. */
  sources: ConformSource[];
  /** Gain (dB) at which a stem sums into the mix, for the null checks (default 0). */
  gainDb?: number;
}

/** What conform may do beyond the repairs it always makes. */
export interface ConformOptions {
  /**
   * Pad the mix too: the timeline then spans every file (a stem that starts before the mix or
   * ends after it pads the mix instead of being trimmed or refused).
   */
  padMix?: boolean;
  /**
   * Files without a BWF TimeReference start at the session start: the mix's TimeReference, or
   * the earliest of the set when the mix has none. Without it such a file is refused when the
   * TimeReferences of the others differ.
   */
  assumeSessionStart?: boolean;
  /** Duplicate a mono stem of a stereo set into two identical channels (dual mono). */
  dualMono?: boolean;
}

/** Why conform cannot repair a file (spec §5.5, SP-PAK-002). */
export type RefusalReason =
  /** Another sample rate than the mix's: conform never resamples. */
  | 'sample-rate'
  /** Float samples the target integer depth cannot hold exactly: conform never quantises. */
  | 'inexact-float'
  /** Sound (samples that are not digital zero) after the mix ends. */
  | 'sound-after-end'
  /** Sound before the mix starts. */
  | 'sound-before-start'
  /** No BWF TimeReference while the others' differ: where it starts is unknown. */
  | 'no-time-reference'
  /** A partial frame at the end of the sample data: it cannot be carried over. */
  | 'partial-frame'
  /** The conformed file would not fit its container (AIFF past 4 GiB). */
  | 'too-large';

/** A file conform refuses, with what to do instead. */
export interface ConformRefusal {
  /** The file (input path). */
  path: string;
  reason: RefusalReason;
  /** Figures for the message (frames, seconds, Hz, bits...). */
  figures: Record<string, number | string>;
  /** What to re-export or which option to give. */
  hint: string;
}

/** What conform does to one file. */
export interface FilePlan {
  item: ConformItem;
  /** Output file name: the item's, with the extension of the target container when that changed. */
  name: string;
  /** False when the file goes in as it is. */
  changed: boolean;
  /** The operations of the record, in order (empty when unchanged). */
  operations: ConformOperation[];
  channelOp: 'none' | 'join' | 'dualMono';
  /** Channels of the conformed file. */
  channels: number;
  /** Encoding of the originals and of the conformed file. */
  from: SampleEncoding;
  to: SampleEncoding;
  /** Container of the originals and of the conformed file (as the reader names them). */
  fromContainer: Container;
  toContainer: Container;
  /** Original frames dropped (digital zero) and kept, digital silence added; output frames. */
  trimStart: number;
  trimEnd: number;
  kept: number;
  padStart: number;
  padEnd: number;
  frames: number;
  /** How the conformed file is written (header), when changed. */
  write: WriteSpec | null;
  /** Chunk ids of the originals not carried over. */
  droppedChunks: string[];
}

/** The null of the set with a stem where its TimeReference puts it, and where the audio alone puts it. */
export interface StartVerdict {
  /** Index of the stem among the items. */
  item: number;
  /** Frames the TimeReference moves the stem by, relative to the mix. */
  offsetFrames: number;
  /** Residual peak and RMS (dBFS, -Infinity for an exact null) with the move and without it. */
  moved: { peakDbfs: number; rmsDbfs: number };
  kept: { peakDbfs: number; rmsDbfs: number };
  /** True when the null without the move is better: the TimeReference is wrong metadata. */
  samplesKept: boolean;
}

/** Everything conform decided. */
export interface ConformPlan {
  sampleRate: number;
  /** The conformed timeline: its start (frames since midnight) and length. */
  timeline: { start: number; length: number };
  /** Whether the conformed files carry `bext` (WAV sets with time stamps). */
  files: FilePlan[];
  refusals: ConformRefusal[];
  /** The start checks run against the mix (empty when no TimeReference moved a stem). */
  verdicts: StartVerdict[];
}
