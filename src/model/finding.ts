import type { Code, Severity } from './codes.js';
import { severityOf } from './codes.js';

/** A JSON value, as params and reports carry them. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Where in the audio a finding applies. */
export interface At {
  /** Sample frame from the start of the file (0-based). */
  frame: number;
  /** Seconds from the start of the file (frame / sample rate). */
  seconds: number;
  /** Last frame (inclusive) when the finding covers a range. */
  endFrame?: number;
  /** Byte offset in the file or entry, for header-level findings. */
  byteOffset?: number;
  /** Channel index (0-based) when it applies to one channel. */
  channel?: number;
}

/**
 * Typed params for the codes whose params are fixed. Codes not listed here carry
 * {@link GenericParams}. Keys are stable API: tests assert them, messages are prose.
 */
export interface ParamsMap {
  'SP-LEN-001': { expected: number; found: number; differenceFrames: number; differenceMs: number; /** The file compared with (the mix, or the first file in folder mode). */ reference?: string };
  'SP-LEN-002': { expected: number; found: number; differenceFrames: number; differenceMs: number };
  'SP-MAN-007': { algorithm: 'sha256'; expected: string; found: string };
  'SP-MAN-008': { algorithm: 'sha256'; expected: string; found: string };
  'SP-MAN-009': { expected: number; found: number };
  'SP-MAN-004': { expected: number; found: number };
  /**
   * A repeated member name (path: the JSON Pointer of the repeated member). `byteOffset` is where the
   * repeated name's opening quote is in the manifest file, `firstByteOffset` where the first
   * occurrence's is; `more` (on the last listed finding only) counts repeats not listed.
   */
  'SP-MAN-014': { name: string; byteOffset: number; firstByteOffset: number; more?: number };
  'SP-AUD-005': { expected: number; found: number; /** The file compared with. */ reference?: string };
  'SP-CH-001': { expected: number; found: number };
  'SP-START-001': { expected: number; found: number; /** Folder mode: the file whose TimeReference is the start. */ reference?: string };
  'SP-ZIP-013': { expected: number; found: number };
  'SP-LVL-001': { runs: number; clippedSamples: number; threshold: number; firstFrame: number; channel: number };
  'SP-LVL-002': { peakDbfs: number; limitDbfs: number };
  'SP-LVL-003': { peakDbfs: number; roundValueDbfs: number; files: number };
  'SP-LVL-005': { channelA: number; channelB: number };
  'SP-LVL-006': { channel: number; dcDbfs: number };
  'SP-LVL-007': { truePeakDbtp: number; limitDbtp: number; channel: number; interSampleOvers: number | null };
  'SP-LVL-008': { channelA: number; channelB: number };
  /** Per channel holding some: how many non-finite samples and the first frame; `total` over all channels. */
  'SP-AUD-012': { channels: { channel: number; count: number; firstFrame: number }[]; total: number };
  /**
   * A file conform cannot repair without changing a sample value (path: the input file).
   * `reason` says why; the other members are the figures of that reason; `hint` what to do.
   */
  'SP-PAK-002': {
    reason: 'sample-rate' | 'inexact-float' | 'sound-after-end' | 'sound-before-start' | 'no-time-reference' | 'partial-frame' | 'too-large';
    hint: string;
    sampleRate?: number;
    mixSampleRate?: number;
    frames?: number;
    seconds?: number;
    samples?: number;
    firstFrame?: number;
    bitDepth?: number;
    floatBits?: number;
    earliest?: number;
    latest?: number;
    bytes?: number;
    blockAlign?: number;
  };
  /** A conform record that breaks its own rules (path: the JSON Pointer of the member at fault). */
  'SP-CNF-001': {
    reason: 'not-an-audio-item' | 'repeated-path' | 'originals' | 'order' | 'repeated-operation' | 'join-and-dual-mono' | 'empty-span' | 'bad-format';
    /** The record's `path`. */
    file: string;
    op?: string;
    expected?: number;
    found?: number;
  };
  /**
   * A recorded operation the stored file contradicts (path: the audio entry). `check` names what
   * was compared; sample checks give the first `frame` (and `at`) and the number of `samples`.
   */
  'SP-CNF-002': {
    op: string;
    check: 'format' | 'container' | 'timeReference' | 'channels' | 'frames' | 'padding' | 'values' | 'dual-mono';
    expected?: Json;
    found?: Json;
    frame?: number;
    samples?: number;
  };
  /** The sample data the record's undo gives back differs from an original's (path: the audio entry). */
  'SP-CNF-003': { original: string; index: number; algorithm: 'sha256'; expected: string; found: string };
}

/** Params of a code without a fixed shape. */
export type GenericParams = { [k: string]: Json };

/** The params type of a code. */
export type ParamsOf<C extends Code> = C extends keyof ParamsMap ? ParamsMap[C] : GenericParams;

/**
 * One finding: a requirement that a package, a file or a render breaks or that a
 * validator reports on. A discriminated union on `code`.
 */
export type Finding = { [C in Code]: FindingOf<C> }[Code];

/** A finding of one code. */
export interface FindingOf<C extends Code> {
  code: C;
  severity: Severity;
  /** Zip entry name, file path, or JSON Pointer into the manifest (starting with `/`). */
  path: string;
  at?: At;
  params: ParamsOf<C>;
  message: string;
}

/** Build a finding with the spec's default severity. */
export function finding<C extends Code>(
  code: C,
  path: string,
  params: ParamsOf<C>,
  message: string,
  at?: At,
): FindingOf<C> {
  const f: FindingOf<C> = { code, severity: severityOf(code), path, params, message };
  if (at !== undefined) f.at = at;
  return f;
}

/** Build an {@link At} from a frame and a sample rate. */
export function atFrame(frame: number, sampleRate: number, extra: Omit<At, 'frame' | 'seconds'> = {}): At {
  return { frame, seconds: sampleRate > 0 ? frame / sampleRate : 0, ...extra };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sort findings most severe first, then by path, then by code (stable, deterministic). */
export function sortFindings<F extends { severity: Severity; path: string; code: string; at?: At }>(fs: F[]): F[] {
  return [...fs].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.at?.frame ?? -1) - (b.at?.frame ?? -1),
  );
}

/** True when any finding is at error level. */
export function hasErrors(fs: readonly { severity: Severity }[]): boolean {
  return fs.some((f) => f.severity === 'error');
}
