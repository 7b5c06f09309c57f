import type { Code, Severity } from './codes.js';
import { severityOf } from './codes.js';
import { messageFor } from './messages.js';
import type {
  Aud001Reasons, Aud002Reasons, ByKind, ByReason, LevelReportParams, Man001Reasons, Man002Reasons, Null102Kinds, NullReportParams,
  Pro001Reasons, RangeParams, SchemaIssueParams, UnsafeNameReason, Zip001Reasons, Zip002Reasons, Zip007Reasons,
} from './params.js';

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
 * Typed params of each code. Codes not listed here carry {@link GenericParams}. Keys are stable
 * API: tests assert them; the message (`messages.ts`) is built from them, so every number a
 * person needs to act on a finding is here. Codes raised in several situations carry a
 * discriminant (`reason`, `keyword`, `kind`); see `params.ts`.
 */
export interface ParamsMap {
  // container
  'SP-ZIP-001': ByReason<Zip001Reasons>;
  'SP-ZIP-002': ByReason<Zip002Reasons>;
  /** `name`: the file name (validate) or the output's (pack). */
  'SP-ZIP-003': { name: string };
  'SP-ZIP-004': Record<never, never>;
  'SP-ZIP-005': { index: number };
  'SP-ZIP-006': { method: number };
  'SP-ZIP-007': ByReason<Zip007Reasons>;
  /** `entry`: the name it would be stored as (pack); `index`: the offending character. */
  'SP-ZIP-008': { reason: UnsafeNameReason; index: number; entry?: string };
  /** `other`: the entry it repeats or collides with; `entry`: the name it would be stored as (pack). */
  'SP-ZIP-009': { kind: 'duplicate' | 'collision'; other: string; index?: number; otherIndex?: number; entry?: string };
  'SP-ZIP-010': Record<never, never>;
  /** `entry`: the name it would be stored as (pack attachments). */
  /** `format`: the archive's format, `hint`: what to do (an input of pack or of a folder). */
  'SP-ZIP-011': { entry?: string; format?: string; hint?: string };
  'SP-ZIP-012': { expectedFolder: string; found: string };
  'SP-ZIP-013': { expected: number; found: number };
  'SP-ZIP-014': { method: number; flags: number };
  /**
   * `hidden-bytes`: `length` bytes at `offset` that no listed entry's local header, data or data
   * descriptor covers, with the names of the local entries written there (`localNames`, at most
   * 10); `eocd-in-comment`: an end of central directory signature at `offset` inside the comment
   * of the end record at `eocdOffset`. Path: `''` (the archive).
   */
  'SP-ZIP-015':
    | { reason: 'hidden-bytes'; offset: number; length: number; localNames?: string[] }
    | { reason: 'eocd-in-comment'; offset: number; eocdOffset: number };
  // session
  /** `daw`: which application the session belongs to; `kind`: a file or a bundle folder. */
  'SP-SES-001': { daw: string; kind?: 'file' | 'bundle' };
  // manifest
  'SP-MAN-001': ByReason<Man001Reasons>;
  'SP-MAN-002': SchemaIssueParams | ByReason<Man002Reasons>;
  /** `pointer`: where the manifest lists it. */
  'SP-MAN-003': { pointer?: string };
  'SP-MAN-004': { expected: number; found: number };
  'SP-MAN-005': { id: string; first: string };
  'SP-MAN-006': { path: string; first: string };
  'SP-MAN-007': { algorithm: 'sha256'; expected: string; found: string };
  'SP-MAN-008': { algorithm: 'sha256'; expected: string; found: string };
  'SP-MAN-009': { expected: number; found: number };
  /** Peaks in dBFS, null for digital silence. */
  'SP-MAN-010': { expected: number | null; found: number | null };
  'SP-MAN-011': { expected: number; found: number };
  'SP-MAN-012': { field: 'credits' | 'isrc' };
  'SP-MAN-013': { layout: string; expected: number; found: number };
  /**
   * A repeated member name (path: the JSON Pointer of the repeated member). `byteOffset` is where the
   * repeated name's opening quote is in the manifest file, `firstByteOffset` where the first
   * occurrence's is; `more` (on the last listed finding only) counts repeats not listed.
   */
  'SP-MAN-014': { name: string; byteOffset: number; firstByteOffset: number; more?: number };
  // audio
  'SP-AUD-001': ByReason<Aud001Reasons>;
  'SP-AUD-002': ByReason<Aud002Reasons>;
  /** `reference`: the file compared with when not the mix; `left`/`right`: a split-mono pair. */
  'SP-AUD-003': { expected: string; found: string; reference?: string; left?: string; right?: string };
  'SP-AUD-004': { expected: string; found: string; expectedBits?: number; foundBits?: number; reference?: string; left?: string; right?: string };
  'SP-AUD-005': { expected: number; found: number; /** The file compared with. */ reference?: string; left?: string };
  'SP-AUD-006': { sampleRate: number; bitDepth: number; sessionSampleRate: number; sessionBitDepth: number };
  /** `fields`: the format fields that differ; `found`: the file's format. */
  'SP-AUD-007': { fields: string[]; found: { container: string; sampleFormat: string; bitDepth: number; sampleRate: number } };
  'SP-AUD-008': { extension: string; container: string };
  'SP-AUD-009': { bitDepth: number };
  'SP-AUD-010': { validBits: number; bitsPerSample: number };
  'SP-AUD-011': { sampleRate: number };
  /** Per channel holding some: how many non-finite samples and the first frame; `total` over all channels. */
  'SP-AUD-012': { channels: { channel: number; count: number; firstFrame: number }[]; total: number };
  // length, start, channels
  'SP-LEN-001': { expected: number; found: number; differenceFrames: number; differenceMs: number; /** The file compared with (the mix, or the first file in folder mode). */ reference?: string; left?: string };
  'SP-LEN-002': { expected: number; found: number; differenceFrames: number; differenceMs: number };
  'SP-LEN-003': { dataSize: number; blockAlign: number; remainder: number };
  'SP-START-001': { expected: number; found: number; /** Folder mode: the file whose TimeReference is the start. */ reference?: string };
  'SP-START-002': { withBext: number; files: number };
  'SP-CH-001': { expected: number; found: number };
  /** `pair`: the files of one split-mono set; `familyUid`: their iXML family. */
  'SP-CH-002': { pair: string[]; familyUid?: string };
  'SP-CH-003': { mask: number; maskBits: number; channels: number; layout: string | null };
  'SP-CH-004': { expected: number; found: number; reference?: string };
  // levels
  'SP-LVL-001': { runs: number; clippedSamples: number; threshold: number; firstFrame: number; channel: number };
  'SP-LVL-002': { peakDbfs: number; limitDbfs: number };
  'SP-LVL-003': { peakDbfs: number; roundValueDbfs: number; files: number };
  'SP-LVL-004': { frames: number };
  'SP-LVL-005': { channelA: number; channelB: number };
  'SP-LVL-006': { channel: number; dcDbfs: number };
  'SP-LVL-007': { truePeakDbtp: number; limitDbtp: number; channel: number; interSampleOvers: number | null };
  'SP-LVL-008': { channelA: number; channelB: number };
  'SP-LVL-101': LevelReportParams;
  // null sum
  /** `commonSpanFrames`: the files' lengths differ and the null covered frames 0 to this − 1 only (SP-NULL-103). */
  'SP-NULL-001': { residualPeakDbfs: number | null; tolerance: number; residualRmsDbfs: number | null; depthDb: number | null; failingFrames: number; failingRanges: RangeParams[]; commonSpanFrames?: number };
  'SP-NULL-002': { tolerance: number; limit: number };
  'SP-NULL-101': NullReportParams;
  'SP-NULL-102': ByKind<Null102Kinds>;
  // versions and render
  /** `version`: the version's name; `role` or `stem`: what its rule names. */
  'SP-REN-001': { version: string; role?: string; stem?: string };
  'SP-REN-002': { name: string; first: string };
  /** `version`: the rendered version; `positions`: the first clamped samples. */
  'SP-REN-003': { clamped: number; version?: string; positions: { frame: number; channel: number }[] };
  'SP-REN-005': { stemChannels: number; outputChannels: number };
  // profiles
  'SP-PRO-001': SchemaIssueParams | ByReason<Pro001Reasons>;
  'SP-PRO-002': { role: string; profile: string };
  /** `fields`: what the profile does not allow; the file's format beside it. */
  'SP-PRO-003': { fields: string[]; profile: string; sampleRate: number; bitDepth: number; sampleFormat: string; container: string; channels: number };
  'SP-PRO-004': { pattern: string; name: string; profile: string };
  // versioning
  'SP-VER-001': { found: string; implemented: string };
  'SP-VER-002': { found: string; implemented: string };
  // added on main while the registry was built: render, null span, signatures, receipts
  /** A version whose render is digital silence (every stem muted) or the full mix again (no stem changed). */
  'SP-REN-006': { version: string; effect: 'silence' | 'same-as-full'; stems: number; roles: string[]; seconds: number; description?: string };
  /** The null covered frames 0..frames−1 (the shortest file's length); `beyond`: each longer file and what was left out. */
  'SP-NULL-103': { frames: number; seconds: number; shortest: string; mixFrames: number; beyond: { path: string; frames: number; framesBeyond: number; secondsBeyond: number }[] };
  /**
   * An unreadable signature (path: the signature entry or detached file). `reason`: `method`
   * (compressed), `position` (before the manifest), `too-large`, `armour`, `base64`, `magic`,
   * `version`, `truncated`, `length`, `trailing`, `namespace` (empty), `utf8`, `key`, `signature`;
   * `detail` says what was found; `fingerprint` when the public key could be hashed.
   */
  'SP-SIG-001': { reason: string; detail: string; fingerprint?: string };
  /** A signature made in another namespace than `expected`. */
  'SP-SIG-002': { expected: string; found: string; fingerprint: string };
  /** A refused algorithm: `reason` hash, key-type, certificate, weak-key, sha1, signature-type, mismatch or platform. */
  'SP-SIG-003': { reason: string; detail: string; fingerprint: string };
  /** A signature that does not verify over the manifest (or receipt) bytes. */
  'SP-SIG-004': { keyType: string; bits: number; fingerprint: string; namespace: string; signed: string };
  /** No signature from an allowed signer: how many signatures there were, how many verified, the identity asked. */
  'SP-SIG-005': { signatures: number; verified: number; identity: string | null };
  /** A signer outside its validity: the allowed signers line and the times (`verifyTime` ISO 8601 UTC). */
  'SP-SIG-006': { reason: 'not-yet-valid' | 'expired'; fingerprint: string; principals: string; file: string; line: number; validAfter: string | null; validBefore: string | null; verifyTime: string };
  /**
   * A verified signature. `principal` is the allowed signers line's principals when a line
   * allows the key, else null; `trusted` is null when no allowed signers are in force.
   * Security keys add `userPresence` and `counter`.
   */
  'SP-SIG-101': { keyType: string; bits: number; fingerprint: string; namespace: string; principal: string | null; trusted: boolean | null; userPresence?: boolean; counter?: number };
  /** A receipt that is not a stempack receipt: `reason` json, shape; `pointer` to the member at fault. */
  'SP-RCP-001': { reason: string; detail: string; pointer: string };
  /** A receipt subject whose digest differs from the package's (`found` null: the package has no such entry). */
  'SP-RCP-002': { subject: string; expected: string; found: string | null };
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

/**
 * Build a finding with the spec's default severity. Its `message` is derived from the params
 * (and `at`) by the code's entry in the message registry (`messages.ts`).
 */
export function finding<C extends Code>(code: C, path: string, params: NoInfer<ParamsOf<C>>, at?: At): Finding {
  // NoInfer: C comes from `code` alone (inferring it from a `Finding` context would try every code's params)
  const f: FindingOf<C> = { code, severity: severityOf(code), path, params, message: messageFor(code, params, path, at) };
  if (at !== undefined) f.at = at;
  return f as never;
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
