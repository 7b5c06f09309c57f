/**
 * The per-block work of the analysis pass, as pure functions of (bytes, state): hashing,
 * CRC, decoding and level metering of one file's block. Kept apart from I/O so the pass can
 * later move this into worker threads unchanged (the state is plain objects and typed arrays).
 */
import type { AudioEncoding } from '../model/audio.js';
import { crc32Update } from '../container/crc32.js';
import { decodeToFloat64 } from '../audio/index.js';
import { createLevelMeter, type LevelMeter, type LevelOptions, type S24Sum } from '../levels/index.js';
import { createSha256, type Sha256 } from './hash.js';

/**
 * What a {@link FileState} is made from: plain data (structured-cloneable), so a worker thread
 * builds exactly the state the main thread would.
 */
export interface FileSpec {
  encoding: AudioEncoding;
  channels: number;
  sampleRate: number;
  /** Decode and meter the sample data (false: hash only). */
  decodable: boolean;
  /** Level meter options besides rate, channels and format; `false`: no meter. */
  levels: Omit<LevelOptions, 'sampleRate' | 'channels' | 'format'> | false;
  crc: boolean;
  /** Compute the whole file's SHA-256 (default true; the parallel engine may do it in a worker instead). */
  sha?: boolean;
  /** Compute the sample data's SHA-256 (default true; likewise). */
  audioSha?: boolean;
  blockFrames: number;
  /**
   * A stem of an exact null-sum: its decoded blocks are added into the thread's partial sum
   * (see {@link feedAudio}) instead of being handed over one by one.
   */
  sum?: boolean;
  /** The null-sum reads this file's decoded blocks (`FileState.f64` must be filled). */
  keepDecoded?: boolean;
}

/**
 * A thread's partial sum of the summed stems of one block: `buf` (handed over at the end of
 * the block) plus, where the SIMD meter decodes, the running sum it keeps in its own memory.
 */
export interface PartialSum {
  buf: Float64Array;
  kernel: S24Sum | null;
  /** Something was added into `buf` itself this block (else the kernel's sum is copied, not added). */
  touched?: boolean;
}

/** Add what the SIMD meter summed into `p.buf` (first `n` values) and clear it; returns `p.buf`. */
export function settlePartialSum(p: PartialSum, n: number): Float64Array {
  p.kernel?.addInto(p.buf, n, !p.touched);
  p.touched = false;
  return p.buf;
}

/** Stands in for the SHA-256s of a state that does not hash ({@link FileSpec.sha} or {@link FileSpec.audioSha} false). */
const NO_HASH: Sha256 = { update: () => undefined, hex: () => '' };

/** A fresh state for one file of the pass. */
export function createFileState(f: FileSpec): FileState {
  const meter =
    f.levels !== false && f.decodable
      ? createLevelMeter({
          ...f.levels,
          sampleRate: f.sampleRate,
          channels: f.channels,
          format: { sampleFormat: f.encoding.sampleFormat, bitsPerSample: f.encoding.bitsPerSample },
        })
      : null;
  return {
    sha: f.sha !== false ? createSha256() : NO_HASH,
    audioSha: f.audioSha !== false ? createSha256() : NO_HASH,
    crc: f.crc ? 0 : -1,
    meter,
    encoding: f.encoding,
    channels: Math.max(1, f.channels),
    f64: new Float64Array(f.decodable ? f.blockFrames * f.channels : 0),
    keep: f.keepDecoded === true,
  };
}

/** Continues a CRC-32 (start 0; the value returned is the finished CRC so far), like {@link crc32Update}. */
export type Crc32Update = (crc: number, bytes: Uint8Array) => number;

let crcUpdate: Crc32Update = crc32Update;

/**
 * Set the CRC-32 implementation of the pass (Node registers zlib's native one, several times
 * faster than the portable slicing-by-8 in `container/crc32.ts`, which stays the default).
 */
export function setCrc32Implementation(f: Crc32Update): void {
  crcUpdate = f;
}

/** Running state of one file during the pass. */
export interface FileState {
  /** SHA-256 of the whole file, fed in file order. */
  sha: Sha256;
  /** SHA-256 of the sample-data bytes only. */
  audioSha: Sha256;
  /** Running CRC-32 of the whole file, or -1 when not computed. */
  crc: number;
  meter: LevelMeter | null;
  encoding: AudioEncoding;
  channels: number;
  /** Decode buffer sized for one block (reused every block). */
  f64: Float64Array;
  /** `f64` must hold every decoded block (FileSpec.keepDecoded); otherwise the SIMD path may leave it unwritten. */
  keep: boolean;
}

/** Feed bytes that are not sample data (header region, trailing chunks) to the whole-file hashes. */
export function feedOther(st: FileState, bytes: Uint8Array): void {
  st.sha.update(bytes);
  if (st.crc >= 0) st.crc = crcUpdate(st.crc, bytes);
}

/**
 * Feed one block of sample data: `frames` whole frames (plus, for the last block, any partial
 * frame bytes, which are hashed but not decoded). Decodes into `st.f64` and meters; with
 * `sum`, also adds the decoded block into that partial sum. Returns nothing; results live in `st`.
 */
export function feedAudio(st: FileState, bytes: Uint8Array, frames: number, decode: boolean, sum?: PartialSum): void {
  st.sha.update(bytes);
  st.audioSha.update(bytes);
  if (st.crc >= 0) st.crc = crcUpdate(st.crc, bytes);
  if (!decode || frames === 0) return;
  const e = st.encoding;
  // 24-bit little-endian stereo: decoded, metered (and summed) in one SIMD pass where the meter has one
  const out = st.keep ? st.f64 : undefined;
  if (st.meter?.pushS24Stereo && st.channels === 2 && e.sampleFormat === 'int' && e.bitsPerSample === 24 && e.byteOrder === 'le') {
    if (st.meter.pushS24Stereo(bytes, frames, sum && !sum.kernel ? st.f64 : out, sum?.kernel ?? undefined)) {
      if (sum && !sum.kernel) {
        addInto(sum.buf, st.f64, frames * 2);
        sum.touched = true;
      }
      return;
    }
  }
  decodeAndMeter(st, bytes, frames);
  if (sum) {
    addInto(sum.buf, st.f64, frames * st.channels);
    sum.touched = true;
  }
}

/** to[k] += from[k] for k < n (exact for integer PCM; see NullSum.pushSums). */
function addInto(to: Float64Array, from: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) to[k] = to[k]! + from[k]!;
}

function decodeAndMeter(st: FileState, bytes: Uint8Array, frames: number): void {
  decodeToFloat64(bytes, st.encoding, st.channels, frames, st.f64);
  st.meter?.push(st.f64, frames);
}
