/**
 * The single streaming pass over a set of audio files (the mix and its stems).
 *
 * Every file is read once, all files in lockstep block by block, so the null-sum sees aligned
 * frames. Per file the pass computes the SHA-256 of the whole file (header region, then the
 * sample data, then any trailing bytes: file order), the SHA-256 of the sample-data bytes, the
 * CRC-32 of the file, and the level measurements; with a mix index it also runs the null-sum,
 * over the span every file covers when their frame counts differ (spec §8.1). Memory is constant: two block buffers per file (one being processed,
 * one being read ahead) and fixed decode buffers.
 */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import type { LevelOptions, LevelResult } from '../levels/index.js';
import { createNullSum, type NullResult, type NullSum } from '../nullsum/index.js';
import { createFileState, feedAudio, feedOther, settlePartialSum, type FileSpec, type FileState, type PartialSum } from './block.js';
import { createS24Sum } from '../levels/index.js';

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
  /**
   * Worker threads for the per-block work where a parallel engine is registered (Node):
   * 0 = this thread only; default: the engine decides (all cores for large inputs).
   * Results are identical either way.
   */
  workers?: number;
  /** Called after each block with bytes read so far and the total. */
  onProgress?(bytesDone: number, total: number): void;
  /**
   * Called with every byte range of every file as it is read, before it is analysed: file
   * index, offset in the file, bytes. Per file the ranges come in file order and cover the
   * whole file exactly once (header region, sample data, trailing bytes). The bytes are valid
   * only during the call (a reused or transferred buffer): copy or write them before returning.
   * `pack` writes the package while it measures with this.
   */
  onData?(file: number, offset: number, bytes: Uint8Array): void;
  /**
   * The work {@link onData} does per byte, relative to one SHA-256 of the byte (e.g. about 0.5
   * for a write into the page cache). The parallel engine gives the calling thread that much
   * less hashing, so no thread waits on another. Default 0.
   */
  onDataCost?: number;
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
  /**
   * Frames the null-sum covered, from frame 0: every file's frame count, or, when the frame
   * counts differ, the shortest file's (the common span). Set with {@link nullResult}.
   */
  nullFrames?: number;
  /** Why the null-sum did not run, when a mix index was given and it could not. */
  nullSkipped?: 'no-common-span' | 'rates-differ' | 'channels-incompatible' | 'not-decodable';
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

  const tap = opts.onData;
  const mixIndex = opts.mixIndex;
  const nullPlan = mixIndex !== undefined ? planNull(files, mixIndex) : undefined;
  const runNull = typeof nullPlan === 'number';
  // the frames the null-sum covers (the common span when the files' lengths differ)
  const nullFrames = typeof nullPlan === 'number' ? nullPlan : 0;
  // exact sums (integer stems at 0 dB): each thread adds its stems into a partial sum
  const summed = runNull && mixIndex !== undefined && exactStemSum(files, mixIndex, opts.gainsDb);

  const specs: FileSpec[] = files.map((f, i) => {
    const h = f.header;
    const decodable = steps(h);
    return {
      encoding: h.encoding,
      channels: h.channels,
      sampleRate: h.sampleRate,
      decodable,
      levels: opts.levels === false ? false : { ...(opts.levels ?? {}) },
      crc: opts.crc !== false,
      // a file never gets more frames in one block than it has: a short file's buffers are its
      // size, not the block's (20,000 stems of 48 frames held 6 KB of decode buffer each)
      blockFrames: decodable ? Math.max(1, Math.min(blockFrames, h.frames)) : blockFrames,
      sum: summed && i !== mixIndex,
      keepDecoded: runNull && !(summed && i !== mixIndex),
    };
  });
  const engine =
    (engineFactory && opts.workers !== 0 ? engineFactory(files, specs, opts.workers, opts.onData ? (opts.onDataCost ?? 0) : 0) : null) ?? localEngine(specs);

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
    });
  }

  try {
    // 1. header regions: [0, dataOffset)
    for (let i = 0; i < files.length; i++) {
      const { src, header } = files[i]!;
      await feedRange(src, 0, Math.min(header.dataOffset, src.size), (b, at) => {
        tap?.(i, at, b);
        return engine.other(i, b);
      }, progress);
      if (!steps(header)) {
        // not decodable (no frame size to step by, or a codec): hash the data region as it is
        const end = Math.min(src.size, header.dataOffset + header.dataSize);
        await feedRange(src, header.dataOffset, end, (b, at) => {
          tap?.(i, at, b);
          return engine.audio(i, b, 0, false);
        }, progress);
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
          return engine.read ? engine.read(i, f.src, a, b - a) : f.src.read(a, b - a);
        }),
      );
    const stemBufs: Float64Array[] = [];
    const pushNull = ({ out, sums }: BlockResult, frames: number): void => {
      if (!nullSum || mixIndex === undefined || frames <= 0) return;
      if (summed) {
        nullSum.pushSums(out[mixIndex]!, sums, frames);
        return;
      }
      stemBufs.length = 0;
      for (let i = 0; i < files.length; i++) {
        const o = out[i];
        if (i !== mixIndex && o) stemBufs.push(o);
      }
      const m = out[mixIndex];
      if (m) nullSum.push(m, stemBufs, frames);
    };
    // blocks whose outputs are still to be summed (at most engine.depth)
    const pending: { out: Promise<BlockResult>; frames: number }[] = [];
    const drain = async (keep: number): Promise<void> => {
      while (pending.length > keep) {
        const p = pending.shift()!;
        const out = await p.out;
        pushNull(out, p.frames);
        engine.release(out);
      }
    };
    let next = readBlock(0);
    for (let start = 0; start < Math.max(maxFrames, 1); start += blockFrames) {
      const blocks = await next;
      if (start + blockFrames < maxFrames) next = readBlock(start + blockFrames);
      for (let i = 0; i < files.length; i++) {
        const b = blocks[i];
        if (!b) continue;
        const h = files[i]!.header;
        const frames = Math.max(0, Math.min(blockFrames, h.frames - start));
        const len = b.length;
        tap?.(i, h.dataOffset + start * h.blockAlign, b);
        await engine.audio(i, b, frames, specs[i]!.decodable);
        progress(len);
      }
      // past the common span (lengths differ) the blocks are still hashed and metered, not summed
      pending.push({ out: engine.endBlock(), frames: Math.max(0, Math.min(blockFrames, nullFrames - start)) });
      await drain(engine.depth - 1);
    }
    await drain(0);

    // 3. trailing bytes after the sample data
    for (let i = 0; i < files.length; i++) {
      const { src } = files[i]!;
      await feedRange(src, Math.max(dataEnd[i]!, files[i]!.header.dataOffset), src.size, (b, at) => {
        tap?.(i, at, b);
        return engine.other(i, b);
      }, progress);
    }

    const result: AnalysisResult = { perFile: await engine.finish() };
    if (nullSum) {
      result.nullResult = nullSum.result();
      result.nullFrames = nullFrames;
    } else if (typeof nullPlan === 'string') result.nullSkipped = nullPlan;
    return result;
  } finally {
    engine.close();
  }
}

/** The decoded arrays of one block, indexed like the files (null where not wanted). */
export type BlockOutput = (Float64Array | null)[];

/** What a block gives the null-sum: decoded arrays, and the partial sums of the summed stems. */
export interface BlockResult {
  out: BlockOutput;
  /** Partial sums of the stems fed with {@link FileSpec.sum} (one per thread that had some). */
  sums: Float64Array[];
}

/**
 * Where the per-block work (hashes, CRC, decode, levels) runs: this thread, or worker threads
 * (Node; registered by `parallel-node.ts`). Calls come in file order per file; results must be
 * identical to {@link localEngine}'s.
 */
export interface AnalysisEngine {
  /** Blocks whose outputs may be outstanding at once (1: the outputs are reused buffers). */
  readonly depth: number;
  /** Optional: read a block of file `i` (e.g. into a reused buffer the engine owns). */
  read?(i: number, src: ByteSource, offset: number, length: number): Promise<Uint8Array>;
  /** Bytes that are not sample data (header region, trailing chunks). May ask the caller to wait. */
  other(i: number, bytes: Uint8Array): void | Promise<void>;
  /** A block of sample data (see {@link feedAudio}). May ask the caller to wait. */
  audio(i: number, bytes: Uint8Array, frames: number, decode: boolean): void | Promise<void>;
  /** The decoded arrays and partial sums of the block just fed (for the null-sum). */
  endBlock(): Promise<BlockResult>;
  /** Give a block's outputs back once summed. */
  release(r: BlockResult): void;
  /** Results per file, after the last bytes. */
  finish(): Promise<FileAnalysis[]>;
  /** Free resources (always called, also after errors). */
  close(): void;
}

/** Makes an engine for a pass, or null to use this thread. `workers` is the caller's {@link AnalysisOptions.workers}. */
export type AnalysisEngineFactory = (files: readonly AnalysisFile[], specs: FileSpec[], workers: number | undefined, callerCost?: number) => AnalysisEngine | null;

let engineFactory: AnalysisEngineFactory | null = null;

/** Register a parallel engine (Node: done by importing `parallel-node.js`); null restores this thread only. */
export function setAnalysisEngineFactory(f: AnalysisEngineFactory | null): void {
  engineFactory = f;
}

/** The single-thread engine (the browser path and the fallback). */
export function localEngine(specs: FileSpec[]): AnalysisEngine {
  const states = specs.map(createFileState);
  // sample-data reads go into two buffers per file, alternating: block b+1 is read while b is
  // processed, and b's buffer is free again once the loop asks for b+2 (no allocation per block)
  const rings = states.map(() => ({ bufs: [] as Uint8Array[], k: 0 }));
  const sumLen = specs.reduce((m, sp) => (sp.sum ? Math.max(m, sp.blockFrames * sp.channels) : m), 0);
  const stereo = specs.find((sp) => sp.sum && sp.channels === 2);
  const sum: PartialSum | null = sumLen > 0 ? { buf: new Float64Array(sumLen), kernel: stereo ? createS24Sum(stereo.blockFrames) : null } : null;
  return {
    depth: 1,
    read(i, src, offset, length) {
      const into = (src as ByteSource & { readInto?: (o: number, t: Uint8Array) => Promise<number> }).readInto;
      if (typeof into !== 'function') return src.read(offset, length);
      const r = rings[i]!;
      r.k ^= 1;
      let buf = r.bufs[r.k];
      if (!buf || buf.length < length) buf = r.bufs[r.k] = new Uint8Array(length);
      const target = buf.subarray(0, length);
      return into.call(src, offset, target).then((n) => target.subarray(0, n));
    },
    other: (i, b) => feedOther(states[i]!, b),
    audio: (i, b, frames, decode) => feedAudio(states[i]!, b, frames, decode, specs[i]!.sum && sum ? sum : undefined),
    endBlock: () => Promise.resolve({ out: states.map((s, i) => (specs[i]!.keepDecoded ? s.f64 : null)), sums: sum ? [settlePartialSum(sum, sumLen)] : [] }),
    release: () => sum?.buf.fill(0),
    finish: () => Promise.resolve(states.map(fileResult)),
    close: () => sum?.kernel?.release(),
  };
}

/** The result of one file's state after its last bytes. */
export function fileResult(s: FileState): FileAnalysis {
  return {
    sha256: s.sha.hex(),
    audioSha256: s.audioSha.hex(),
    crc32: s.crc >= 0 ? s.crc >>> 0 : null,
    levels: s.meter ? s.meter.result() : null,
  };
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

/**
 * True when the stems' sum is exact in float64 whatever the order of additions: integer PCM
 * stems of at most 32 bits (decoded to k / 2^(bits-1)) at 0 dB, with the mix's channel count
 * (fewer than 2^20 of them keep every sum within 53 bits).
 */
function exactStemSum(files: readonly AnalysisFile[], mixIndex: number, gainsDb?: number[]): boolean {
  const C = files[mixIndex]!.header.channels;
  for (let i = 0; i < files.length; i++) {
    if (i === mixIndex) continue;
    const h = files[i]!.header;
    if (h.encoding.sampleFormat !== 'int' || h.encoding.bitsPerSample > 32 || h.channels !== C) return false;
    if ((gainsDb?.[i] ?? 0) !== 0) return false;
  }
  return files.length < 1 << 20;
}

/**
 * Can the null-sum run over these files? The frames it covers when it can: every file's frame
 * count, or the shortest file's when they differ (the common span, spec §8.1); else why not.
 */
function planNull(files: readonly AnalysisFile[], mixIndex: number): number | NonNullable<AnalysisResult['nullSkipped']> {
  const mix = files[mixIndex]?.header;
  if (!mix) return 'not-decodable';
  for (const f of files) {
    const h = f.header;
    if (!steps(h)) return 'not-decodable';
  }
  for (const f of files) if (f.header.sampleRate !== mix.sampleRate) return 'rates-differ';
  for (let i = 0; i < files.length; i++) {
    if (i === mixIndex) continue;
    const c = files[i]!.header.channels;
    if (c !== mix.channels && c !== 1) return 'channels-incompatible';
  }
  const common = files.reduce((m, f) => Math.min(m, f.header.frames), mix.frames);
  return common > 0 ? common : 'no-common-span';
}

/** Stream `[a, b)` of a source in fixed-size reads. */
async function feedRange(src: ByteSource, a: number, b: number, sink: (bytes: Uint8Array, at: number) => void | Promise<void>, progress: (n: number) => void): Promise<void> {
  for (let p = a; p < b; ) {
    const chunk = await src.read(p, Math.min(OTHER_BLOCK, b - p));
    const n = chunk.length;
    if (n === 0) break;
    await sink(chunk, p);
    progress(n);
    p += n;
  }
}
