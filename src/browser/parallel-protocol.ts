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
 * @module
 */
import type { FileAnalysis } from '../analysis/analyze.js';
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
  | { t: 'give'; buffers: Float64Array[] };

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
  | { t: 'error'; message: string };
