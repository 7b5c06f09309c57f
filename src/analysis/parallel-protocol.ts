/**
 * Messages between the parallel analysis engine and its worker threads (types only).
 * @module
 */
import type { FileSpec } from './block.js';
import type { FileAnalysis } from './analyze.js';

/** Main thread to worker. Per file, messages arrive in file byte order. */
export type ToWorker =
  | { t: 'init'; files: { id: number; spec: FileSpec }[] }
  | { t: 'other'; id: number; bytes: Uint8Array }
  /** `out`: send the decoded block back (for the null-sum). */
  | { t: 'audio'; id: number; bytes: Uint8Array; frames: number; decode: boolean; out: boolean }
  /** A decoded block's buffer coming back for reuse. */
  | { t: 'recycle'; id: number; buf: ArrayBuffer }
  /** The block's audio messages are all sent: reply with the partial sum of the summed stems. */
  | { t: 'end' }
  /** A partial sum's buffer coming back for reuse. */
  | { t: 'recycle-sum'; buf: ArrayBuffer }
  | { t: 'finish' };

/** Worker to main thread. One `ack` per `other` and `audio` message, in order. */
export type FromWorker =
  /** `back`: the byte block's buffer, returned for the next read. */
  | { t: 'ack'; id: number; bytes: number; back: ArrayBuffer; out?: Float64Array }
  /** Reply to `end`: this worker's partial sum of the block (null: it had no summed stem in it). */
  | { t: 'sum'; sum: Float64Array | null }
  | { t: 'result'; results: { id: number; r: FileAnalysis }[] }
  | { t: 'error'; message: string };
