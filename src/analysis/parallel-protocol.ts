/**
 * The shared-memory protocol between the parallel analysis engine (`parallel-node.ts`) and its
 * hash workers (`hash-worker.ts`); constants and types only.
 *
 * The main thread reads every block once into a slot of a shared byte ring and posts a
 * descriptor (file, kind, slot, length) into a shared descriptor ring. Every worker walks all
 * descriptors in order and feeds the bytes to the hash streams it owns (a file's whole-file
 * SHA-256, its sample-data SHA-256, its CRC-32), then drops its reference on the slot. The
 * main thread decodes and meters the same slot bytes itself and reuses a slot once every
 * worker and the main thread are done with it. No bytes are copied between threads and no
 * message is sent per block.
 * @module
 */

/** `ctrl` word: descriptors posted so far. Workers wait on it. */
export const POSTED = 0;
/** `ctrl` word: non-zero when the pass is abandoned (workers return at once). */
export const ABORT = 1;
/** `ctrl` word: bumped each time a worker drops a slot reference. The main thread waits on it for a free slot. */
export const EPOCH = 2;
/** `ctrl` words from here: descriptors consumed, one word per worker. */
export const CONSUMED = 3;

/** Ints per descriptor: file, kind, slot, length. */
export const DESC_INTS = 4;

/** Descriptor kinds. */
export const KIND_OTHER = 0;
export const KIND_AUDIO = 1;
export const KIND_FINISH = 2;

/** A hash stream of one file: the whole file's SHA-256, the sample data's SHA-256, or the whole file's CRC-32. */
export type StreamKind = 'sha' | 'audio' | 'crc';

/** Main thread to a hash worker: its one message. */
export interface HashWorkerInit {
  /** This worker's index (its `CONSUMED` word). */
  index: number;
  ring: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
  desc: SharedArrayBuffer;
  refs: SharedArrayBuffer;
  slotBytes: number;
  slots: number;
  streams: { file: number; kind: StreamKind }[];
}

/** Hash worker to main thread: after the finish descriptor, or on a failure. */
export type FromHashWorker =
  | { t: 'result'; results: { file: number; kind: StreamKind; value: string | number }[] }
  | { t: 'error'; message: string };
