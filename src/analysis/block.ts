/**
 * The per-block work of the analysis pass, as pure functions of (bytes, state): hashing,
 * CRC, decoding and level metering of one file's block. Kept apart from I/O so the pass can
 * later move this into worker threads unchanged (the state is plain objects and typed arrays).
 */
import type { AudioEncoding } from '../model/audio.js';
import { crc32Update } from '../container/crc32.js';
import { decodeToFloat64, decodeToInt32 } from '../audio/index.js';
import { createLevelMeter, type LevelMeter, type LevelOptions } from '../levels/index.js';
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
  /** Decode to Int32 too (the exact integer null path). */
  useInt: boolean;
  /** Level meter options besides rate, channels and format; `false`: no meter. */
  levels: Omit<LevelOptions, 'sampleRate' | 'channels' | 'format'> | false;
  crc: boolean;
  blockFrames: number;
}

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
    sha: createSha256(),
    audioSha: createSha256(),
    crc: f.crc ? 0 : -1,
    meter,
    encoding: f.encoding,
    channels: Math.max(1, f.channels),
    f64: new Float64Array(f.decodable ? f.blockFrames * f.channels : 0),
    i32: f.useInt && f.decodable ? new Int32Array(f.blockFrames * f.channels) : null,
    intScale: 1 / 2 ** (f.encoding.bitsPerSample - 1),
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
  /** Decode buffers sized for one block (reused every block). */
  f64: Float64Array;
  i32: Int32Array | null;
  /** 1 / 2^(bits-1): Int32 to float scale for the integer path. */
  intScale: number;
}

/** Feed bytes that are not sample data (header region, trailing chunks) to the whole-file hashes. */
export function feedOther(st: FileState, bytes: Uint8Array): void {
  st.sha.update(bytes);
  if (st.crc >= 0) st.crc = crcUpdate(st.crc, bytes);
}

/**
 * Feed one block of sample data: `frames` whole frames (plus, for the last block, any partial
 * frame bytes, which are hashed but not decoded). Decodes into `st.f64` (and `st.i32` on the
 * integer path) and meters. Returns nothing; results live in `st`.
 */
export function feedAudio(st: FileState, bytes: Uint8Array, frames: number, decode: boolean): void {
  st.sha.update(bytes);
  st.audioSha.update(bytes);
  if (st.crc >= 0) st.crc = crcUpdate(st.crc, bytes);
  if (!decode || frames === 0) return;
  const n = frames * st.channels;
  if (st.i32 && st.encoding.bitsPerSample === 24 && st.encoding.byteOrder === 'le' && bytes.length >= n * 3 && st.i32.length >= n) {
    // the common delivery format in one loop: 24-bit little-endian to Int32 and Float64 at once
    const b = bytes;
    const i = st.i32;
    const f = st.f64;
    const s = st.intScale;
    for (let k = 0, p = 0; k < n; k++, p += 3) {
      const v = ((b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24)) >> 8;
      i[k] = v;
      f[k] = v * s;
    }
  } else if (st.i32) {
    decodeToInt32(bytes, st.encoding, n, st.i32);
    const s = st.intScale;
    const i = st.i32;
    const f = st.f64;
    for (let k = 0; k < n; k++) f[k] = i[k]! * s;
  } else {
    decodeToFloat64(bytes, st.encoding, st.channels, frames, st.f64);
  }
  st.meter?.push(st.f64, frames);
}
