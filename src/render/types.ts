import type { ByteSink } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import type { Version, VersionRule } from '../model/manifest.js';

/** The output file format. Defaults: the package's own container, sample format and bit depth. */
export interface RenderFormat {
  container: 'wav' | 'aiff';
  sampleFormat: 'int' | 'float';
  bitDepth: 8 | 16 | 24 | 32 | 64;
}

/** Adjustments on top of a version, as `--gain`, `--mute` and `--solo` give them. */
export interface RenderAdjustments {
  /** Extra rules appended to the version's rules (spec §9.2 applies them in order). */
  rules?: VersionRule[];
  /** Keep only stems of these roles or ids; every other stem is muted. */
  solo?: string[];
}

export interface RenderOptions {
  format?: Partial<RenderFormat>;
  /** Seeded TPDF dither (spec §9.5); integer output only. Off unless given. */
  dither?: { type: 'tpdf'; seed: number };
  /** Package file name for the coding history (default: the source name). */
  packageName?: string;
  /** Frames per block (default 65536); the result never depends on it. */
  blockFrames?: number;
  /** Clamp positions kept per output (default 100); the count is always exact. */
  maxClampPositions?: number;
  /**
   * Worker threads rendering blocks (Node; the bytes never depend on it). 0: this thread only.
   * Default: the `STEMPACK_WORKERS` environment variable, else 0 (a render is mostly reading
   * the stems; on two cores the workers' copies cost about what they save).
   */
  workers?: number;
  onProgress?(framesDone: number, framesTotal: number): void;
  /**
   * Refuse (ok false, nothing rendered) when a version would render digital silence or the
   * full mix again (SP-REN-006); without it such renders are made with the warning.
   */
  strict?: boolean;
}

/** One output of a render pass. */
export interface RenderTarget {
  version: Version;
  adjustments?: RenderAdjustments;
  sink: ByteSink;
  /** Write the null residual `mix - sum` (spec §8.1) instead of the sum, to listen to a failing null. */
  residual?: boolean;
}

/** What one output got. */
export interface RenderOutcome {
  version: string;
  /** Per-stem gain in dB in manifest order; null = muted. */
  gainsDb: (number | null)[];
  frames: number;
  channels: number;
  sampleRate: number;
  format: RenderFormat;
  /** Samples clamped to the integer range (spec §9.4). */
  clamped: number;
  /** The first clamped samples (frame, channel), in order. */
  clampPositions: { frame: number; channel: number }[];
  /** Samples whose float value exceeded ±1.0 (float output is not clamped). */
  overs: number;
  findings: Finding[];
}

export interface RenderResult {
  /** False when the package cannot be rendered (see findings); nothing was written then. */
  ok: boolean;
  outcomes: RenderOutcome[];
  findings: Finding[];
  /** SHA-256 of the manifest entry: the package identity named in the coding history. */
  manifestSha256: string | null;
}
