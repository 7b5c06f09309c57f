/**
 * The parallel render engine for Node: blocks of the timeline are rendered by worker threads,
 * in turn, with the same block kernel as the single-thread path; the main thread reads the
 * stems (asynchronous I/O), moves the byte blocks to the workers (no copy) and writes the
 * encoded blocks in timeline order. A block's bytes depend only on its input and its position
 * (the dither generator is started at the block's first draw), so the output is byte-identical
 * to a single-thread render.
 *
 * Importing this module registers the engine (done by `render/index.ts`). Worker count:
 * {@link RenderOptions.workers}, else the `STEMPACK_WORKERS` environment variable, else none.
 * Measured on the 1.9 GB benchmark package (2 cores shared with other work, medians), once the
 * 24-bit sums run in WebAssembly SIMD two workers do not pay: full 0.63 s on one thread vs
 * 0.75 s, vocals-up 1.17 vs 1.06 s, float 0.85 vs 0.83 s, 16-bit TPDF 1.27 vs 1.48 s, with
 * 35 MB more memory.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { envWorkers, workerScriptUrl } from '../io/worker-script.js';
import type { BlockOut, KernelSpec } from './kernel.js';
import { setRenderEngineFactory, type RenderEngine } from './render.js';
import type { FromRenderWorker, ToRenderWorker } from './parallel-protocol.js';

/** The render worker script (see {@link workerScriptUrl}); null when there is none. */
export function renderWorkerUrl(): URL | null {
  return workerScriptUrl(import.meta.url, 'render-worker.js');
}

interface Pending {
  resolve(r: { inputs: Uint8Array[]; out: BlockOut }): void;
  reject(e: Error): void;
}

class WorkerRenderEngine implements RenderEngine {
  readonly depth: number;
  private readonly queues: Pending[][];
  /** Which worker rendered each output buffer still out (to send it back there). */
  private readonly from = new WeakMap<ArrayBufferLike, number>();
  private turn = 0;
  private failure: Error | null = null;

  constructor(private readonly workers: Worker[]) {
    this.depth = 2 * workers.length;
    this.queues = workers.map(() => []);
    workers.forEach((w, k) => {
      w.on('message', (m: FromRenderWorker) => {
        if (m.t === 'done') {
          for (const b of m.out.bytes) this.from.set(b.buffer, k);
          this.queues[k]!.shift()?.resolve({ inputs: m.inputs, out: m.out });
        } else this.fail(new Error(`render worker: ${m.message}`));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`render worker exited with code ${code}`));
      });
    });
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const q of this.queues) for (const d of q.splice(0)) d.reject(e);
  }

  run(inputs: Uint8Array[], start: number, frames: number): Promise<{ inputs: Uint8Array[]; out: BlockOut }> {
    if (this.failure) return Promise.reject(this.failure);
    const k = this.turn;
    this.turn = (k + 1) % this.workers.length;
    return new Promise((resolve, reject) => {
      this.queues[k]!.push({ resolve, reject });
      // each input is a whole buffer of its own (read by the renderer): moved, not copied
      this.workers[k]!.postMessage({ t: 'block', start, frames, inputs } satisfies ToRenderWorker, inputs.map((b) => b.buffer as ArrayBuffer));
    });
  }

  release(out: BlockOut): void {
    if (this.failure) return;
    const by = new Map<number, ArrayBuffer[]>();
    for (const b of out.bytes) {
      const k = this.from.get(b.buffer);
      if (k === undefined || b.buffer.byteLength === 0) continue;
      this.from.delete(b.buffer);
      if (!by.has(k)) by.set(k, []);
      by.get(k)!.push(b.buffer as ArrayBuffer);
    }
    for (const [k, bufs] of by) this.workers[k]!.postMessage({ t: 'recycle', bufs } satisfies ToRenderWorker, bufs);
  }

  close(): void {
    for (const w of this.workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}

/** The engine factory registered with the renderer: null (this thread) unless workers are asked for. */
export function createRenderEngine(spec: KernelSpec, workers: number | undefined): RenderEngine | null {
  // Only when asked: with the SIMD sums a render is mostly reading the stems, and on the
  // two-core machine of the benchmark the workers' copies cost about what they save (see the
  // module doc).
  const n = workers ?? envWorkers() ?? 0;
  if (n <= 0) return null;
  const url = renderWorkerUrl();
  if (!url) return null;
  const ws: Worker[] = [];
  for (let k = 0; k < n; k++) {
    const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
    w.postMessage({ t: 'init', spec } satisfies ToRenderWorker);
    ws.push(w);
  }
  return new WorkerRenderEngine(ws);
}

setRenderEngineFactory(createRenderEngine);
