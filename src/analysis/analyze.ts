/**
 * The single streaming pass over a set of audio files (the mix and its stems).
 *
 * Every file is read once, all files in lockstep block by block, so the null-sum sees aligned
 * frames. Per file the pass computes the SHA-256 of the whole file (header region, then the
 * sample data, then any trailing bytes: file order), the SHA-256 of the sample-data bytes, the
 * CRC-32 of the file, and the level measurements; with a mix index and equal frame counts it
 * also runs the null-sum. Memory is constant: two block buffers per file (one being processed,
 * one being read ahead) and fixed decode buffers.
 */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import { createLevelMeter, type LevelOptions, type LevelResult } from '../levels/index.js';
import { createNullSum, type NullResult, type NullSum } from '../nullsum/index.js';
import { createSha256 } from './hash.js';
import { feedAudio, feedOther, type FileState } from './block.js';

/** One file to analyse. */
export interface AnalysisFile {
  /** Path for messages (entry name or file path). */
  path: string;
  src: ByteSource;
  header: AudioHeader;
}

/** Level options the caller may set (the rest comes from each file's header). */
export type AnalysisLevelOptions = Omit<LevelOptions, 'sampleRate' | 'channels' | 'format'>;

/** Options of {@link analyzeFiles}. */
export interface AnalysisOptions {
  /** Index of the mix in `files`: enables the null-sum (all other files are the stems). */
  mixIndex?: number;
  /** Gain of each file in dB, indexed like `files` (the mix's entry is ignored). Default 0. */
  gainsDb?: number[];
  /** Null tolerance in dBFS (default -80). */
  tolerance?: number;
  /** Level meter options; `false` skips metering. */
  levels?: AnalysisLevelOptions | false;
  /** Compute CRC-32 of every file (default true). */
  crc?: boolean;
  /** Frames per block (default 32,768). */
  blockFrames?: number;
  /** Called after each block with bytes read so far and the total. */
  onProgress?(bytesDone: number, total: number): void;
}

/** What the pass measured for one file. */
export interface FileAnalysis {
  sha256: string;
  audioSha256: string;
  /** CRC-32 of the whole file (unsigned), or null when not computed. */
  crc32: number | null;
  levels: LevelResult | null;
}

/** Result of {@link analyzeFiles}. */
export interface AnalysisResult {
  perFile: FileAnalysis[];
  /** The null-sum, when a mix index was given and it could run. */
  nullResult?: NullResult;
  /** Why the null-sum did not run, when a mix index was given and it could not. */
  nullSkipped?: 'frames-differ' | 'rates-differ' | 'channels-incompatible' | 'not-decodable';
}

const OTHER_BLOCK = 1 << 20;
/** Files with more channels are hashed but not decoded (the manifest schema allows 64). */
const MAX_CHANNELS = 64;
/** Upper bound on the block buffers of all files together (read-ahead, decode, Int32). */
const BUFFER_BUDGET = 256 * 1024 * 1024;

/** Run the single pass. Throws only on I/O errors from the sources. */
export async function analyzeFiles(files: readonly AnalysisFile[], opts: AnalysisOptions = {}): Promise<AnalysisResult> {
  // constant memory: the block shrinks when many or wide files would exceed the buffer budget
  const perFrame = files.reduce((s, f) => s + (steps(f.header) ? f.header.channels * 12 + 2 * f.header.blockAlign : 0), 0);
  const blockFrames = Math.max(1, Math.min(opts.blockFrames ?? 32768, Math.floor(BUFFER_BUDGET / Math.max(1, perFrame))));
  const total = files.reduce((s, f) => s + f.src.size, 0);
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    opts.onProgress?.(done, total);
  };

  const mixIndex = opts.mixIndex;
  const nullPlan = mixIndex !== undefined ? planNull(files, mixIndex) : undefined;
  const runNull = nullPlan === 'ok';
  const intBits = runNull ? commonIntBits(files, opts.gainsDb) : undefined;

  const states: FileState[] = files.map((f) => {
    const h = f.header;
    const decodable = steps(h);
    const useInt = intBits !== undefined && decodable;
    const meter =
      opts.levels !== false && decodable
        ? createLevelMeter({
            ...(opts.levels ?? {}),
            sampleRate: h.sampleRate,
            channels: h.channels,
            format: { sampleFormat: h.encoding.sampleFormat, bitsPerSample: h.encoding.bitsPerSample },
          })
        : null;
    return {
      sha: createSha256(),
      audioSha: createSha256(),
      crc: opts.crc === false ? -1 : 0,
      meter,
      encoding: h.encoding,
      channels: Math.max(1, h.channels),
      f64: new Float64Array(decodable ? blockFrames * h.channels : 0),
      i32: useInt ? new Int32Array(blockFrames * h.channels) : null,
      intScale: 1 / 2 ** (h.encoding.bitsPerSample - 1),
    };
  });

  let nullSum: NullSum | null = null;
  if (runNull && mixIndex !== undefined) {
    const mix = files[mixIndex]!.header;
    const stemIdx = files.map((_, i) => i).filter((i) => i !== mixIndex);
    nullSum = createNullSum({
      channels: mix.channels,
      sampleRate: mix.sampleRate,
      stemChannels: stemIdx.map((i) => files[i]!.header.channels),
      gainsDb: stemIdx.map((i) => opts.gainsDb?.[i] ?? 0),
      tolerance: opts.tolerance ?? -80,
      ...(intBits !== undefined ? { intBits } : {}),
    });
  }

  // 1. header regions: [0, dataOffset)
  for (let i = 0; i < files.length; i++) {
    const { src, header } = files[i]!;
    await feedRange(src, 0, Math.min(header.dataOffset, src.size), (b) => feedOther(states[i]!, b), progress);
    if (!steps(header)) {
      // not decodable (no frame size to step by, or a codec): hash the data region as it is
      const end = Math.min(src.size, header.dataOffset + header.dataSize);
      await feedRange(src, header.dataOffset, end, (b) => feedAudio(states[i]!, b, 0, false), progress);
    }
  }

  // 2. sample data in lockstep; the read of block b+1 overlaps the processing of block b
  const dataEnd = files.map((f) => Math.min(f.src.size, f.header.dataOffset + f.header.dataSize));
  const maxFrames = files.reduce((m, f) => (steps(f.header) ? Math.max(m, f.header.frames) : m), 0);
  const readBlock = (start: number): Promise<(Uint8Array | null)[]> =>
    Promise.all(
      files.map((f, i) => {
        const h = f.header;
        if (!steps(h)) return null; // hashed in step 1
        const a = h.dataOffset + start * h.blockAlign;
        if (a >= dataEnd[i]! || (start > 0 && start >= h.frames)) return null;
        // the last block of a file also takes any partial-frame bytes at the end of the data
        const last = start + blockFrames >= h.frames;
        const b = last ? dataEnd[i]! : Math.min(dataEnd[i]!, a + blockFrames * h.blockAlign);
        return f.src.read(a, b - a);
      }),
    );
  const stemBufs: Float64Array[] = [];
  const stemInts: Int32Array[] = [];
  let next = readBlock(0);
  for (let start = 0; start < Math.max(maxFrames, 1); start += blockFrames) {
    const blocks = await next;
    if (start + blockFrames < maxFrames) next = readBlock(start + blockFrames);
    for (let i = 0; i < files.length; i++) {
      const b = blocks[i];
      if (!b) continue;
      const h = files[i]!.header;
      const frames = Math.max(0, Math.min(blockFrames, h.frames - start));
      feedAudio(states[i]!, b, frames, states[i]!.f64.length > 0);
      progress(b.length);
    }
    if (nullSum && mixIndex !== undefined) {
      const frames = Math.min(blockFrames, maxFrames - start);
      stemBufs.length = 0;
      stemInts.length = 0;
      for (let i = 0; i < files.length; i++) {
        if (i === mixIndex) continue;
        stemBufs.push(states[i]!.f64);
        if (states[i]!.i32) stemInts.push(states[i]!.i32!);
      }
      const m = states[mixIndex]!;
      if (intBits !== undefined && m.i32) nullSum.pushInt(m.i32, stemInts, frames);
      else nullSum.push(m.f64, stemBufs, frames);
    }
  }

  // 3. trailing bytes after the sample data
  for (let i = 0; i < files.length; i++) {
    const { src } = files[i]!;
    await feedRange(src, Math.max(dataEnd[i]!, files[i]!.header.dataOffset), src.size, (b) => feedOther(states[i]!, b), progress);
  }

  const result: AnalysisResult = {
    perFile: states.map((s) => ({
      sha256: s.sha.hex(),
      audioSha256: s.audioSha.hex(),
      crc32: s.crc >= 0 ? s.crc >>> 0 : null,
      levels: s.meter ? s.meter.result() : null,
    })),
  };
  if (nullSum) result.nullResult = nullSum.result();
  else if (nullPlan !== undefined && nullPlan !== 'ok') result.nullSkipped = nullPlan;
  return result;
}

/** True when the file's sample data is stepped through frame by frame (decodable PCM/float). */
function steps(h: AudioHeader): boolean {
  return (
    h.lossless &&
    h.channels > 0 &&
    h.channels <= MAX_CHANNELS &&
    h.encoding.bitsPerSample % 8 === 0 &&
    h.blockAlign === h.channels * (h.encoding.bitsPerSample / 8)
  );
}

/** Can the null-sum run over these files? */
function planNull(files: readonly AnalysisFile[], mixIndex: number): 'ok' | NonNullable<AnalysisResult['nullSkipped']> {
  const mix = files[mixIndex]?.header;
  if (!mix) return 'not-decodable';
  for (const f of files) {
    const h = f.header;
    if (!steps(h)) return 'not-decodable';
  }
  for (const f of files) if (f.header.frames !== mix.frames) return 'frames-differ';
  for (const f of files) if (f.header.sampleRate !== mix.sampleRate) return 'rates-differ';
  for (let i = 0; i < files.length; i++) {
    if (i === mixIndex) continue;
    const c = files[i]!.header.channels;
    if (c !== mix.channels && c !== 1) return 'channels-incompatible';
  }
  return 'ok';
}

/** The common integer bit depth when the exact integer null path applies (all int, same depth, unity gains). */
function commonIntBits(files: readonly AnalysisFile[], gainsDb?: number[]): number | undefined {
  const bits = files[0]?.header.encoding.bitsPerSample;
  for (let i = 0; i < files.length; i++) {
    const e = files[i]!.header.encoding;
    if (e.sampleFormat !== 'int' || e.bitsPerSample !== bits || bits > 32) return undefined;
    if ((gainsDb?.[i] ?? 0) !== 0) return undefined;
  }
  return bits;
}

/** Stream `[a, b)` of a source in fixed-size reads. */
async function feedRange(src: ByteSource, a: number, b: number, sink: (bytes: Uint8Array) => void, progress: (n: number) => void): Promise<void> {
  for (let p = a; p < b; ) {
    const chunk = await src.read(p, Math.min(OTHER_BLOCK, b - p));
    if (chunk.length === 0) break;
    sink(chunk);
    progress(chunk.length);
    p += chunk.length;
  }
}
