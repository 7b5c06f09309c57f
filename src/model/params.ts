/**
 * Param shapes of the findings whose params come in several situations: a discriminant
 * (`reason`, `keyword` or `kind`) says which, and each situation has its own fields. The
 * {@link ParamsMap} in `finding.ts` maps codes to these; `messages.ts` has one message per
 * situation. Types only.
 */
import type { Json } from './finding.js';

/** The union of `{ reason: R } & M[R]` over the keys of a reason map. */
export type ByReason<M> = { [R in keyof M & string]: { reason: R } & M[R] }[keyof M & string];

/** SP-ZIP-001: the archive cannot be read as a ZIP (whole package; `at.byteOffset` where). */
export type Zip001Reasons = {
  'too-small': { size: number };
  'short-read': Record<never, never>;
  'no-eocd': Record<never, never>;
  'zip64-eocd-out-of-range': { offset: number };
  'zip64-eocd-missing': { offset: number };
  'multi-disk': { disk: number; cdDisk: number };
  'cd-out-of-range': { cdOffset: number; cdSize: number; limit: number };
  'entry-count': { declared: number; possible: number };
  'too-many-entries': { max: number; declared: number };
  'cd-truncated': { index: number };
  'cd-signature': { index: number };
  'entry-count-mismatch': { declared: number; found: number };
};

/** SP-ZIP-002: the `mimetype` entry. */
export type Zip002Reasons = {
  missing: Record<never, never>;
  'not-first-in-directory': { index: number };
  'not-first-in-archive': { offset: number };
  compressed: { method: number };
  'extra-field': { extraLength: number };
  content: { size: number };
};

/** SP-ZIP-007: an inconsistent entry or archive record. */
export type Zip007Reasons = {
  /** The data descriptor at `offset` after the entry's data matches none of its layouts (CRC-32 and sizes of the central directory). */
  'data-descriptor': { offset: number };
  'size-mismatch': { expected: number; found: number; /** The data runs on past `found` bytes (it was not read further). */ atLeast: boolean };
  'inflate-error': { detail: string };
  'trailing-bytes': { trailing: number };
  'zip64-eocd-mismatch': { field: string; classic: number; zip64: number };
  'entries-on-disk': { onDisk: number; total: number };
  'zip64-missing': Record<never, never>;
  'cd-gap': { cdOffset: number; cdSize: number; endRecord: number };
  'extra-malformed': { length: number; /** Which header's extra field. */ header: 'central' | 'local' };
  'zip64-extra-short': Record<never, never>;
  'zip64-extra-missing': Record<never, never>;
  'disk-start': { diskStart: number };
  'cd-size-mismatch': { declared: number; used: number };
  'local-header-out-of-range': { offset: number; limit: number };
  'local-signature': { offset: number };
  'local-name-mismatch': Record<never, never>;
  'local-method-mismatch': { central: number; local: number };
  'local-flags-mismatch': { central: number; local: number };
  'local-crc32-mismatch': { field: 'crc32'; central: number; local: number };
  'local-compressedSize-mismatch': { field: 'compressedSize'; central: number; local: number };
  'local-size-mismatch': { field: 'size'; central: number; local: number };
  'data-out-of-range': { dataOffset: number; compressedSize: number; limit: number };
  'stored-size-mismatch': { size: number; compressedSize: number };
  'compression-ratio': { size: number; compressedSize: number; maxRatio: number };
  overlap: { other: string; offset: number; otherEnd: number };
  method: { method: number };
};

/** Why an entry name is unsafe (SP-ZIP-008). */
export type UnsafeNameReason = 'empty' | 'absolute' | 'backslash' | 'drive' | 'dotdot' | 'dot' | 'control' | 'empty-segment' | 'not-utf8' | 'invalid-utf8';

/** SP-AUD-001: not lossless PCM in a supported container. */
export type Aud001Reasons = {
  /** Neither WAV nor AIFF by its first bytes. */
  unrecognised: { magic: string; formType: string };
  /** A WAV/AIFF holding a codec this project does not decode (or a lossy one). */
  codec: { codec: string; bits?: number; formatTag?: number; compression?: string };
  /** Another audio format (FLAC, MP3...) recognised by its first bytes. */
  format: { format: string; hint: string };
};

/** SP-AUD-002: header inconsistencies (`chunk` the chunk id, sizes in bytes, `frames` the frames present). */
export type Aud002Reasons = {
  'chunk-id': { chunk: string; declared?: number; available?: number };
  'no-ds64': { chunk: string; declared?: number; available?: number };
  'too-many-chunks': { chunk: string; declared?: number; available?: number };
  'size-ffffffff': { chunk: string; declared?: number; available?: number; frames?: number };
  'size-past-end': { chunk: string; declared?: number; available?: number; frames?: number };
  'frames-past-end': { chunk: string; declared: number; available: number; frames: number };
  'size-zero': { chunk: string; declared: number; available: number; frames: number };
  'missing-chunk': { chunk: string; /** Frames the COMM chunk declares when SSND is missing. */ frames?: number };
  'fmt-size': { chunk: string; declared: number; available: number };
  'fmt-values': { chunk: string; channels: number; blockAlign: number; sampleRate: number };
  'comm-values': { chunk: string; channels: number; sampleSize: number; sampleRate: number | string };
};

/** SP-MAN-001: the manifest bytes. */
export type Man001Reasons = {
  'too-large': { bytes: number; limit: number };
  bom: { byteOffset: number };
  utf8: { byteOffset: number };
  json: { byteOffset?: number; line?: number; column?: number };
};

/** A JSON Schema violation (SP-MAN-002, SP-PRO-001): the keyword, its own params and the value found. */
export type SchemaIssueParams = {
  keyword: string;
  [k: string]: Json;
};

/** SP-MAN-002 raised by the packer or folder validation: a manifest field it cannot fill. */
export type Man002Reasons = {
  /** A required field the options do not give (`field`: the manifest field, `hint`: the option). */
  missing: { field: string; hint: string };
  'mix-not-audio': { mix: string };
  'mix-not-found': { candidates: string[]; hint: string };
  'mix-ambiguous': { candidates: string[]; hint: string };
  'no-stems': Record<never, never>;
  /**
   * Every stem whose name gives no single role, in one refusal: each file (`key`: what to give its
   * role with), the roles its name matched and what it said; the roles to choose from; the command
   * line again with one `--role "<key>=<role>"` per stem; a roles.json template for `--roles`.
   */
  'roles-unclear': {
    files: { path: string; key: string; candidates: string[]; reason: string }[];
    roles: string[];
    command: string;
    template: Record<string, string>;
  };
};

/** SP-PRO-001 outside the schema. */
export type Pro001Reasons = {
  'unknown-profile': { name: string; known: string[] };
  json: Record<never, never>;
  'unknown-code': { code: string };
  regex: { pattern: string };
};

/** A failing range of the null residual as params carry it. */
export type RangeParams = {
  startFrame: number;
  endFrame: number;
  startSeconds: number;
  endSeconds: number;
  peakDbfs: number | null;
  peakFrame: number;
};

/** Evidence every SP-NULL-102 fix carries. */
type FixCommon = {
  /** The blamed stem's id; absent when the mix is blamed (`in: 'mix'`). */
  stem?: string;
  in?: 'mix';
  /** Residual peak in the analysed window before any fix, dBFS. */
  residualBeforeDbfs: number | null;
  /** Residual peak left after this fix (and the fixes listed before it), dBFS; null: exact. */
  residualAfterDbfs: number | null;
  /** Residual energy this fix removes, dB (at most 120). */
  improvementDb: number;
  confidence: number;
  /** Which fix this is (1-based, in the order they were found) and how many were found together. */
  step?: number;
  steps?: number;
  /** With several fixes: the residual peak left after all of them, dBFS; null: exact. */
  residualAfterAllDbfs?: number | null;
};

/** SP-NULL-102: why a null fails, one kind of explanation each. */
export type Null102Kinds = {
  /** Positive `lagFrames`: the stem is late (its audio comes `lagFrames` after the mix's). */
  offset: FixCommon & { lagFrames: number; lagMs: number };
  polarity: FixCommon & { inverted: true; measuredGainDb?: number };
  /** `gainErrorDb` positive: the stem (or mix) sums louder than the mix was made from. */
  gain: FixCommon & { gainErrorDb: number; correctionDb: number };
  swapped: FixCommon & { swappedIn: 'stem' | 'mix' };
  duplicate: FixCommon & { countedTwice: true; measuredGainDb: number | null; duplicateOf?: string; /** The twin's path. */ duplicateOfPath?: string };
  'bus-processing': {
    relation: 'spectral' | 'level-dependent';
    likely: 'eq' | 'compression';
    ltiExplainedDb: number;
    levelGainExplainedDb: number;
    levelGainCorrelation: number;
    maxGainReductionDb: number;
    /** Where the largest gain reduction is (start of its 20 ms block); null when none. */
    maxGainReductionFrame: number | null;
    maxGainReductionSeconds: number | null;
    thresholdDbfs: number | null;
    bandGainsDb: { fromHz: number; toHz: number; gainDb: number }[];
    residualBeforeDbfs: number | null;
    residualAfterDbfs: number | null;
    residualAfterEstimated: boolean;
    confidence: number;
  };
  missing: {
    residualRmsDbfs: number | null;
    residualPeakDbfs: number | null;
    bestSingleStemImprovementDb: number;
    ltiExplainedDb: number;
    residualFlatness: number;
    noiseLike: boolean;
    /** Worst first. */
    ranges: RangeParams[];
    residualAfterDbfs: number | null;
    confidence: number;
  };
};

/** The union of `{ kind: K } & M[K]`. */
export type ByKind<M> = { [K in keyof M & string]: { kind: K } & M[K] }[keyof M & string];

/** SP-LVL-101: the level measurements of one file (dB to 2 decimals, null for silence / not measured). */
export type LevelReportParams = {
  frames: number;
  peakDbfs: number | null;
  peakFrame: number;
  peakChannel: number;
  truePeakDbtp: number | null;
  truePeakBelowDbtp: number | null;
  integratedLufs: number | null;
  loudnessRangeLu: number | null;
  silent: boolean;
  correlation: number | null;
  interSampleOvers: number | null;
  nearSilentRanges: { startFrame: number; endFrame: number }[];
  nearSilentRangeCount: number;
  dualMonoPairs: [number, number][];
  invertedPairs: [number, number][];
  channels: {
    channel: number;
    peakDbfs: number | null;
    truePeakDbtp: number | null;
    rmsDbfs: number | null;
    dcDbfs: number | null;
    clipRuns: number;
    leadingSilenceFrames: number;
    trailingSilenceFrames: number;
    silent: boolean;
  }[];
  measured: { loudness: boolean; truePeak: 'all' | 'threshold' | 'none' };
  /** Sample rate, so positions can be given as times. */
  sampleRate?: number;
};

/** SP-NULL-101: the null-sum measurements. */
export type NullReportParams = {
  exact: boolean;
  residualPeakDbfs: number | null;
  residualPeakFrame: number;
  residualPeakChannel: number;
  residualRmsDbfs: number | null;
  mixRmsDbfs: number | null;
  depthDb: number | null;
  tolerance: number;
  pass: boolean;
  failingFrames: number;
  perChannel: { peakDbfs: number | null; peakFrame: number; rmsDbfs: number | null }[];
  busProcessing?: true;
  failingRanges?: RangeParams[];
  /** The files summed: the mix and the stems (paths as findings name them). */
  mix?: string;
  stems?: string[];
  /** The files' lengths differ: the null covered frames 0 to this − 1 only (SP-NULL-103). */
  commonSpanFrames?: number;
};
