/**
 * The parallel analysis engine for Node: the per-block work (both SHA-256s, CRC-32, decoding,
 * level metering) of each file runs in a worker thread, files spread over the workers by size;
 * the main thread reads (asynchronous I/O), hands the byte blocks over by transfer (no copy
 * for file-backed sources) and runs the null-sum on the decoded blocks the workers transfer
 * back. Same pure functions, same order per file: results are bit-identical to the
 * single-thread path, which stays the fallback and the browser path.
 *
 * Importing this module registers the engine (done by `hash-node.ts`, the Node entry).
 * Worker count: {@link AnalysisOptions.workers}, else {@link setAnalysisWorkers}, else the
 * `STEMPACK_WORKERS` environment variable, else all cores for inputs of 32 MiB or more.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ByteSource } from '../model/byte-source.js';
import type { ReadIntoSource } from '../io/bytes-source.js';
import { FileSource } from '../io/file-source.js';
import { envWorkers, workerScriptUrl } from '../io/worker-script.js';
import { SliceSource } from '../io/slice-source.js';
import { setAnalysisEngineFactory, type AnalysisEngine, type AnalysisFile, type BlockOutput, type BlockResult, type FileAnalysis } from './analyze.js';
import type { FileSpec } from './block.js';
import type { FromWorker, ToWorker } from './parallel-protocol.js';

/** Inputs smaller than this run on this thread unless workers are asked for (thread start-up costs more). */
const MIN_PARALLEL_BYTES = 32 * 1024 * 1024;
/** Bytes sent to one worker and not yet processed before the reader waits. */
const MAX_INFLIGHT = 48 * 1024 * 1024;

let defaultWorkers: number | undefined;

/** Set the default worker count of the analysis pass in this thread (0: single thread; undefined: automatic). */
export function setAnalysisWorkers(n: number | undefined): void {
  defaultWorkers = n;
}

/** The analysis worker script (see {@link workerScriptUrl}); null when there is none (single thread). */
export function analysisWorkerUrl(): URL | null {
  return workerScriptUrl(import.meta.url, 'analysis-worker.js');
}

/** True when `read` returns arrays nobody else holds (a file, or a window of one): they can be transferred. */
function freshArrays(src: ByteSource): boolean {
  if (src instanceof FileSource) return true;
  if (src instanceof SliceSource) {
    const parent = Reflect.get(src, 'parent') as ByteSource | undefined;
    return parent !== undefined && freshArrays(parent);
  }
  return false;
}

interface Deferred<T = Float64Array | null> {
  resolve(out: T): void;
  reject(e: Error): void;
}

class WorkerEngine implements AnalysisEngine {
  readonly depth = 2;
  private readonly queues: Deferred[][];
  /** Byte buffers back from the workers, per file, for the next reads. */
  private readonly bytePools: ArrayBuffer[][];
  private readonly inflight: number[];
  private readonly waiters: (() => void)[][];
  private block: { i: number; p: Promise<Float64Array | null> }[] = [];
  private failure: Error | null = null;
  private results: Map<number, FileAnalysis> = new Map();
  private finishWaiters: { left: number; resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly workers: Worker[],
    private readonly owner: number[],
    private readonly fresh: boolean[],
    /** The null-sum reads file i's decoded blocks (FileSpec.keepDecoded). */
    private readonly keep: boolean[],
    /** Some files are summed into per-worker partial sums (FileSpec.sum). */
    private readonly summing: boolean,
  ) {
    this.queues = owner.map(() => []);
    this.bytePools = owner.map(() => []);
    this.inflight = workers.map(() => 0);
    this.waiters = workers.map(() => []);
    this.sumQueues = workers.map(() => []);
    workers.forEach((w, k) => {
      w.on('message', (m: FromWorker) => this.onMessage(k, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`analysis worker exited with code ${code}`));
      });
    });
  }

  private onMessage(k: number, m: FromWorker): void {
    if (m.t === 'ack') {
      this.inflight[k]! -= m.bytes;
      if (this.bytePools[m.id]!.length < 4) this.bytePools[m.id]!.push(m.back);
      if (this.inflight[k]! <= MAX_INFLIGHT) for (const r of this.waiters[k]!.splice(0)) r();
      this.queues[m.id]!.shift()?.resolve(m.out ?? null);
    } else if (m.t === 'sum') {
      if (m.sum) this.sumOwner.set(m.sum, k);
      this.sumQueues[k]!.shift()?.resolve(m.sum);
    } else if (m.t === 'result') {
      for (const { id, r } of m.results) this.results.set(id, r);
      const f = this.finishWaiters;
      if (f && --f.left === 0) f.resolve();
    } else {
      this.fail(new Error(`analysis worker: ${m.message}`));
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const q of this.queues) for (const d of q.splice(0)) d.reject(e);
    for (const q of this.sumQueues) for (const d of q.splice(0)) d.reject(e);
    for (const ws of this.waiters) for (const r of ws.splice(0)) r();
    this.finishWaiters?.reject(e);
  }

  private send(i: number, m: ToWorker, bytes: Uint8Array): void | Promise<void> {
    if (this.failure) throw this.failure;
    const k = this.owner[i]!;
    // a fresh array covering its whole buffer moves to the worker; anything else is copied first
    let b = bytes;
    if (!(this.owned.has(b.buffer) || (this.fresh[i] && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer))) b = b.slice();
    this.owned.delete(b.buffer);
    (m as { bytes: Uint8Array }).bytes = b;
    const d: Partial<Deferred> = {};
    const p = new Promise<Float64Array | null>((resolve, reject) => Object.assign(d, { resolve, reject }));
    p.catch(() => undefined);
    this.queues[i]!.push(d as Deferred);
    this.inflight[k]! += b.length;
    this.workers[k]!.postMessage(m, [b.buffer as ArrayBuffer]);
    if (m.t === 'audio') this.block.push({ i, p });
    if (this.inflight[k]! > MAX_INFLIGHT) return new Promise<void>((r) => this.waiters[k]!.push(r)).then(() => this.check());
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Buffers this engine read into (moved to the worker without a copy). */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  /** Read into a buffer that came back from the worker (no allocation in the steady state). */
  read(i: number, src: ByteSource, offset: number, length: number): Promise<Uint8Array> {
    const into = (src as ByteSource & Partial<ReadIntoSource>).readInto;
    if (typeof into !== 'function') return src.read(offset, length);
    const pool = this.bytePools[i]!;
    let buf = pool.pop();
    while (buf && buf.byteLength < length) buf = pool.pop();
    buf ??= new ArrayBuffer(length);
    this.owned.add(buf);
    const target = new Uint8Array(buf, 0, length);
    return into.call(src, offset, target).then((n) => target.subarray(0, n));
  }

  other(i: number, bytes: Uint8Array): void | Promise<void> {
    return this.send(i, { t: 'other', id: i, bytes }, bytes);
  }

  audio(i: number, bytes: Uint8Array, frames: number, decode: boolean): void | Promise<void> {
    return this.send(i, { t: 'audio', id: i, bytes, frames, decode, out: this.keep[i]! && decode && frames > 0 }, bytes);
  }

  async endBlock(): Promise<BlockResult> {
    const fed = this.block;
    this.block = [];
    const out: BlockOutput = this.owner.map(() => null);
    // every worker answers `end` after the block's audio messages: its partial sum, if any
    const sums = this.summing
      ? this.workers.map((w, k) => {
          const d: Partial<Deferred<Float64Array | null>> = {};
          const p = new Promise<Float64Array | null>((resolve, reject) => Object.assign(d, { resolve, reject }));
          this.sumQueues[k]!.push(d as Deferred<Float64Array | null>);
          w.postMessage({ t: 'end' } satisfies ToWorker);
          return p;
        })
      : [];
    const got = await Promise.all(fed.map((x) => x.p));
    fed.forEach((x, j) => (out[x.i] = got[j]!));
    return { out, sums: (await Promise.all(sums)).filter((s): s is Float64Array => s !== null) };
  }

  release(r: BlockResult): void {
    if (this.failure) return;
    r.out.forEach((a, i) => {
      if (a && a.buffer.byteLength > 0) this.workers[this.owner[i]!]!.postMessage({ t: 'recycle', id: i, buf: a.buffer as ArrayBuffer } satisfies ToWorker, [a.buffer as ArrayBuffer]);
    });
    for (const s of r.sums) {
      const k = this.sumOwner.get(s);
      this.sumOwner.delete(s);
      if (k !== undefined && s.buffer.byteLength > 0) this.workers[k]!.postMessage({ t: 'recycle-sum', buf: s.buffer as ArrayBuffer } satisfies ToWorker, [s.buffer as ArrayBuffer]);
    }
  }

  /** Which worker each partial sum came from (to give its buffer back). */
  private readonly sumOwner = new Map<Float64Array, number>();
  private readonly sumQueues: Deferred<Float64Array | null>[][];

  async finish(): Promise<FileAnalysis[]> {
    this.check();
    await new Promise<void>((resolve, reject) => {
      this.finishWaiters = { left: this.workers.length, resolve, reject };
      for (const w of this.workers) w.postMessage({ t: 'finish' } satisfies ToWorker);
    });
    return this.owner.map((_, i) => this.results.get(i)!);
  }

  close(): void {
    for (const w of this.workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}

/** The engine factory registered with the analysis core: null (single thread) when workers do not pay. */
export function createWorkerEngine(files: readonly AnalysisFile[], specs: FileSpec[], workers: number | undefined): AnalysisEngine | null {
  if (files.length === 0) return null;
  let n = workers ?? defaultWorkers ?? envWorkers();
  if (n === undefined) {
    const total = files.reduce((s, f) => s + f.src.size, 0);
    n = total >= MIN_PARALLEL_BYTES ? availableParallelism() : 0;
    if (n < 2) return null;
  }
  n = Math.min(n, files.length);
  if (n <= 0) return null;
  const url = analysisWorkerUrl();
  if (!url) return null;
  // spread files over workers by size, largest first (ties by index: deterministic)
  const order = files.map((f, i) => i).sort((a, b) => files[b]!.src.size - files[a]!.src.size || a - b);
  const load = new Array<number>(n).fill(0);
  const owner = new Array<number>(files.length).fill(0);
  for (const i of order) {
    let k = 0;
    for (let j = 1; j < n; j++) if (load[j]! < load[k]!) k = j;
    owner[i] = k;
    load[k]! += files[i]!.src.size;
  }
  const ws: Worker[] = [];
  for (let k = 0; k < n; k++) {
    const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
    const mine = files.map((_, i) => i).filter((i) => owner[i] === k);
    w.postMessage({ t: 'init', files: mine.map((id) => ({ id, spec: specs[id]! })) } satisfies ToWorker);
    ws.push(w);
  }
  return new WorkerEngine(
    ws,
    owner,
    files.map((f) => freshArrays(f.src)),
    specs.map((s) => s.keepDecoded === true),
    specs.some((s) => s.sum === true),
  );
}

setAnalysisEngineFactory(createWorkerEngine);
