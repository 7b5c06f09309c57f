/**
 * Messages between the page's analysis engine (`parallel.ts`, in the validation worker) and its
 * analysis workers (`analysis-worker.ts`). Plain structured-clone data; byte blocks and decoded
 * blocks travel as transferred `ArrayBuffer`s (no shared memory: the page need not be
 * cross-origin isolated, and works opened from any server).
 *
 * One pass: `init` (the plan), then per file in file order `data` messages (header region,
 * sample blocks, trailing bytes), an `end` after each lockstep block when the null-sum needs the
 * block's outputs, then `finish`. Every `data` message is acknowledged (`ack`) so the engine keeps
 * the bytes in flight bounded; `end` is answered with `block`, `finish` with `result`.
 *
 * The waveform pass (`overview-parallel.ts`): `overview` gives a worker some files, which it reads
 * itself from the `Blob`; per block it answers `ov-block` (the frames it got, the mix's decoded
 * block if it has the mix, the partial sum of its stems), at most a few blocks ahead of the `credit`s
 * it got back, then `ov-result` (the files' envelopes).
 * @module
 */
import type { FileAnalysis } from '../analysis/analyze.js';
import type { AudioHeader } from '../model/audio.js';
import type { FileSpec } from '../analysis/block.js';

/**
 * The streams of one file a worker may own: the whole file's SHA-256, the sample data's SHA-256,
 * the CRC-32, and decoding (level meter, and the null-sum's decoded block or partial sum).
 */
export type StreamKind = 'sha' | 'audio' | 'crc' | 'decode';

/** Engine → analysis worker. */
export type ToAnalysisWorker =
  | {
      t: 'init';
      /** Every file of the pass (indexed as in the engine); the worker builds state only for its streams. */
      specs: FileSpec[];
      streams: { file: number; kind: StreamKind }[];
    }
  | {
      t: 'data';
      file: number;
      /** `other`: not sample data (hashes and CRC only); `audio`: sample data. */
      kind: 'other' | 'audio';
      bytes: Uint8Array;
      frames: number;
      decode: boolean;
    }
  | { t: 'end' }
  | { t: 'finish' }
  /** Arrays of earlier `block` answers, given back for reuse. */
  | { t: 'give'; buffers: Float64Array[] }
  | OverviewJob
  /** One more `ov-block` may be sent. */
  | { t: 'credit' };

/** One file of a waveform job: where its bytes are and its header. */
export interface OverviewJobFile {
  /** Index in the pass's inputs. */
  file: number;
  blob: Blob;
  /** The file's first byte in the Blob (a stored entry's data in a package), and its size. */
  offset: number;
  size: number;
  header: AudioHeader;
}

/** A waveform job: a worker's files, the timeline, and its part of the residual. */
export interface OverviewJob {
  t: 'overview';
  files: OverviewJobFile[];
  frames: number;
  blockFrames: number;
  framesPerBin: number;
  bins: number;
  /** Read-ahead piece per file, bytes. */
  chunk: number;
  /** `ov-block`s sent before the first `credit` comes back. */
  ahead: number;
  residual: {
    resFrames: number;
    outCh: number;
    /** The mix's index when this worker has it. */
    mix: number | null;
    /** This worker's stems, in the pass's order, with their gains (linear). */
    stems: { file: number; gain: number }[];
  } | null;
}

/** Analysis worker → engine. */
export type FromAnalysisWorker =
  | { t: 'ack'; bytes: number }
  | {
      t: 'block';
      /** Decoded blocks the null-sum reads (files this worker decodes with `keepDecoded`). */
      out: { file: number; data: Float64Array }[];
      /** This worker's partial sum of the stems it decodes with `sum` (none when it has no such stem). */
      sums: Float64Array[];
    }
  | {
      t: 'result';
      /** What this worker measured; only the fields of its streams are meaningful. */
      files: { file: number; analysis: FileAnalysis }[];
    }
  | {
      t: 'ov-block';
      got: { file: number; frames: number }[];
      /** The mix's decoded block (the residual's frames of it), from the worker that has the mix. */
      mix: Float64Array | null;
      /** The partial sum of this worker's stems over the residual's frames. */
      sum: Float64Array | null;
      /** Every file of this worker has ended: no more blocks. */
      last: boolean;
    }
  | { t: 'ov-result'; files: { file: number; min: number[]; max: number[] }[] }
  | { t: 'error'; message: string };
