/**
 * The validation report (spec §12). Types and the findings cap; `schema/report.schema.json` is the normative
 * shape. Builders write the fields in the order declared here so reports are byte-identical.
 */
import type { Container, SampleFormat } from './audio.js';
import type { At, Json } from './finding.js';
import type { Severity } from './codes.js';

/**
 * Findings of one code a report lists at most (spec §12); the last one listed carries
 * `params.more`, the number of findings of that code not listed, and `counts` include them.
 */
export const MAX_FINDINGS_PER_CODE = 100;

/** How far validation went: the container, audio headers, or every sample. */
export type ValidationLevel = 'structure' | 'headers' | 'full';

/** A finding as a report carries it (code as a plain string for forward compatibility). */
export interface ReportFinding {
  code: string;
  severity: Severity;
  path: string;
  at?: At;
  params: { [k: string]: Json };
  message: string;
}

/** What the report says about one audio file. */
export interface ReportFile {
  path: string;
  role?: string;
  id?: string;
  container?: Container;
  sampleFormat?: SampleFormat;
  bitDepth?: number;
  sampleRate?: number;
  channels?: number;
  frames?: number;
  sha256?: string;
  audioSha256?: string;
  peakDbfs?: number | null;
  truePeakDbtp?: number | null;
  integratedLufs?: number | null;
  loudnessRange?: number | null;
}

/** A span of frames where the null residual exceeds the tolerance. */
export interface NullRange {
  startFrame: number;
  endFrame: number;
  startSeconds: number;
  endSeconds: number;
  peakDbfs: number | null;
}

/** Measured null-sum figures (spec §8). */
export interface NullSummary {
  residualPeakDbfs?: number | null;
  residualRmsDbfs?: number | null;
  depthDb?: number | null;
  exact?: boolean;
  tolerance?: number;
  pass?: boolean;
  failingRanges?: NullRange[];
  /** Why the null-sum was not computed (e.g. `rates-differ`); absent when it was. */
  skipped?: string;
  /** The files' lengths differ: the null covered only the common span, frames 0 to {@link frames} − 1. */
  commonSpan?: boolean;
  /** Frames the null covered (set with {@link commonSpan}). */
  frames?: number;
  [k: string]: unknown;
}

/** A file of a folder that folder validation did not judge, and why (folder reports only). */
export interface ReportIgnored {
  /** The file, relative to the folder. */
  path: string;
  /** `not-audio`: a document, image or other file pack leaves out. */
  reason: string;
  /** Its extension, or `unknown`. */
  format: string;
}

export interface Report {
  stempackReport: '1.0';
  tool: { name: string; version: string };
  package: { path: string; bytes: number; sha256: string | null };
  /** Name of the profile in force. */
  profile: string;
  level: ValidationLevel;
  /** True when no finding has severity `error`. */
  valid: boolean;
  counts: { error: number; warning: number; info: number };
  findings: ReportFinding[];
  files: ReportFile[];
  /**
   * Folder validation only: the files neither validated as audio nor refused by a finding
   * (sessions, archives and other audio formats are findings), so no file goes unmentioned.
   */
  ignored?: ReportIgnored[];
  null?: NullSummary;
}
