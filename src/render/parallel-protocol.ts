/**
 * Messages between the parallel render engine and its worker threads (types only).
 * @module
 */
import type { BlockOut, KernelSpec } from './kernel.js';

/** Main thread to worker. */
export type ToRenderWorker =
  | { t: 'init'; spec: KernelSpec }
  /** Render frames `[start, start + frames)` from the stems' (and mix's) bytes, moved here. */
  | { t: 'block'; start: number; frames: number; inputs: Uint8Array[] }
  /** Output buffers written by the main thread, back for reuse. */
  | { t: 'recycle'; bufs: ArrayBuffer[] };

/** Worker to main thread: one `done` per `block`, in order (`inputs`: the input blocks, moved back). */
export type FromRenderWorker = { t: 'done'; inputs: Uint8Array[]; out: BlockOut } | { t: 'error'; message: string };
