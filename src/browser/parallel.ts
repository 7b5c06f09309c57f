/**
 * The page's parallel analysis engine: the validation worker reads every block once and sends
 * it to the analysis workers (`analysis-worker.ts`, one per core) that own a stream of that file:
 * its whole-file SHA-256, its sample-data SHA-256, its CRC-32, its decoding (level meter, and the
 * null-sum's decoded block or partial sum). Each stream runs in one worker and sees its bytes in
 * file order, so every figure is the single-thread pass's, bit for bit; the null-sum itself runs
 * here, on the decoded mix and the workers' partial sums (exact integer sums, any order) or on
 * every decoded block in file order (other sums), as the single-thread pass does.
 *
 * No shared memory: a `SharedArrayBuffer` needs a cross-origin isolated page (COOP/COEP
 * headers), which `vite preview`, most static servers and a page opened from disk do not give.
 * Blocks go out as copies whose buffers are transferred (copying runs at several GB/s, hash-wasm's
 * SHA-256 at about 150 MB/s: the copies are a few percent of the work); decoded blocks come back
 * transferred and are given back for reuse.
 * The bytes in flight per worker are bounded (acknowledged messages), so memory stays flat.
 * Sample data is read ahead in pieces of 1 to 4 MiB per file ({@link ReadAheadSource}): in
 * Chromium every `Blob` read has a large fixed cost.
 *
 * Streams are spread over the workers by their cost (longest first onto the least loaded), as
 * the Node engine (`analysis/parallel-node.ts`) spreads its hash streams.
 * @module
 */
import type { AnalysisEngine, AnalysisEngineFactory, AnalysisFile, BlockResult, FileAnalysis } from '../analysis/analyze.js';
import type { FileSpec } from '../analysis/block.js';
import type { ByteSource } from '../model/byte-source.js';
import { ReadAheadSource, readAheadChunk } from '../io/read-ahead-source.js';
import type { FromAnalysisWorker, StreamKind, ToAnalysisWorker } from './parallel-protocol.js';

/** A worker as the engine uses it (a `Worker`, or a `MessagePort` in tests). */
export interface AnalysisPort {
  postMessage(msg: ToAnalysisWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error', fn: (e: { data?: unknown; message?: string }) => void): void;
  terminate?(): void;
}

/**
 * Work per byte relative to one hash-wasm SHA-256 of the byte (about 150 MB/s on the bench
 * machine's cores; measured in V8 on the bench package's 24-bit/96 kHz stereo files): the portable
 * CRC-32 runs at about 470 MB/s; decoding with the cheap measurements at about 1 GB/s,
 * with loudness at 250 MB/s, with the true peak of every block at 48 MB/s, with both at 42 MB/s.
 * In threshold mode the true peak runs only where a block could reach the limit: a guess.
 */
const CRC_COST = 0.32;
const DECODE_COST = 0.15;
const LOUDNESS_COST = 0.45;
const TRUE_PEAK_ALL_COST = 3.0;
const TRUE_PEAK_THRESHOLD_COST = 0.3;
/** Inputs smaller than this stay on one thread unless workers are asked for (starting workers costs more). */
const MIN_PARALLEL_BYTES = 32 * 1024 * 1024;
/** Bytes sent to one worker and not yet acknowledged before the reader waits. */
const MAX_IN_FLIGHT = 24 * 1024 * 1024;

/** The cost of decoding a file's sample data per byte (see {@link DECODE_COST}). */
function decodeCost(s: FileSpec): number {
  if (s.levels === false) return DECODE_COST;
  const tp = s.levels.truePeak ?? true;
  return DECODE_COST + (s.levels.loudness !== false ? LOUDNESS_COST : 0) + (tp === true ? TRUE_PEAK_ALL_COST : tp === false ? 0 : TRUE_PEAK_THRESHOLD_COST);
}

/** True when decoding the file changes a result (levels, or the null-sum's input). */
function decodes(s: FileSpec): boolean {
  return s.decodable && (s.levels !== false || s.sum === true || s.keepDecoded === true);
}

/** One stream and the worker that runs it. */
export interface StreamPlan {
  file: number;
  kind: StreamKind;
  cost: number;
  worker: number;
}

/**
 * Spread the streams of a pass over `n` workers: longest first onto the least loaded worker
 * (ties: the lower index; streams ordered by cost, then file, then kind: deterministic).
 */
export function planStreams(files: readonly AnalysisFile[], specs: readonly FileSpec[], n: number): StreamPlan[] {
  const streams: Omit<StreamPlan, 'worker'>[] = [];
  files.forEach((f, i) => {
    const h = f.header;
    const data = Math.max(0, Math.min(f.src.size, h.dataOffset + h.dataSize) - h.dataOffset);
    const s = specs[i]!;
    streams.push({ file: i, kind: 'sha', cost: f.src.size });
    streams.push({ file: i, kind: 'audio', cost: data });
    if (s.crc) streams.push({ file: i, kind: 'crc', cost: f.src.size * CRC_COST });
    if (decodes(s)) streams.push({ file: i, kind: 'decode', cost: data * decodeCost(s) });
  });
  const order: StreamKind[] = ['decode', 'sha', 'audio', 'crc'];
  streams.sort((a, b) => b.cost - a.cost || a.file - b.file || order.indexOf(a.kind) - order.indexOf(b.kind));
  const load = new Array<number>(n).fill(0);
  return streams.map((s) => {
    let k = 0;
    for (let j = 1; j < n; j++) if (load[j]! < load[k]!) k = j;
    load[k]! += s.cost;
    return { ...s, worker: k };
  });
}

/** An analysis worker could not run (its script did not load, or it died): the caller may go on without workers. */
export class AnalysisWorkerError extends Error {
  override readonly name = 'AnalysisWorkerError';
}

/** A worker of the pool and the handlers of the pass it serves. */
export interface PooledWorker {
  port: AnalysisPort;
  /** It fired an `error` event: never used again. */
  dead?: boolean;
  /** The current pass's handlers (null between passes). */
  onMessage: ((m: FromAnalysisWorker) => void) | null;
  onError: ((e: Error) => void) | null;
}

/**
 * The analysis workers, kept between passes (starting one and its hash-wasm instances costs tens
 * of ms); one pass at a time holds them (`busy`).
 */
export class WorkerPool {
  private workers: PooledWorker[] = [];
  busy = false;
  constructor(private readonly spawn: () => AnalysisPort) {}

  /** The first `n` workers (started as needed). */
  take(n: number): PooledWorker[] {
    for (const w of this.workers) if (w.dead) w.port.terminate?.();
    this.workers = this.workers.filter((w) => !w.dead);
    while (this.workers.length < n) {
      const w: PooledWorker = { port: this.spawn(), onMessage: null, onError: null };
      w.port.addEventListener('message', (e) => w.onMessage?.(e.data as FromAnalysisWorker));
      w.port.addEventListener('error', (e) => {
        w.dead = true;
        w.onError?.(new AnalysisWorkerError(`analysis worker: ${e.message || 'it did not start'}`));
      });
      this.workers.push(w);
    }
    return this.workers.slice(0, n);
  }

  /** Stop every worker (after a pass that did not finish: they may still hold its messages). */
  discard(): void {
    for (const w of this.workers) w.port.terminate?.();
    this.workers = [];
  }
}

interface Deferred<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

class PortEngine implements AnalysisEngine {
  /** Blocks in flight: the workers lag the reader by up to this many blocks. */
  readonly depth = 8;
  private failure: Error | null = null;
  private readonly inFlight: number[];
  private wake: (() => void) | null = null;
  /** Per worker, the `end` answers awaited, in order. */
  private readonly ends: Deferred<Extract<FromAnalysisWorker, { t: 'block' }>>[][];
  private readonly results: Promise<Extract<FromAnalysisWorker, { t: 'result' }>>[];
  private readonly resultWaiters: Deferred<Extract<FromAnalysisWorker, { t: 'result' }>>[] = [];
  /** Per file, the workers that get its bytes. */
  private readonly targets: number[][];
  /** Workers answering `end` (they decode a file whose decoded block or partial sum the null-sum needs). */
  private readonly outputs: number[];
  private readonly owner = new Map<string, number>();
  private readonly bufOwner = new WeakMap<Float64Array, number>();
  private finished = false;
  /** Per file, its sample data read ahead. */
  private readonly ahead = new Map<number, ReadAheadSource>();
  private readonly chunk: number;

  constructor(
    private readonly pool: WorkerPool,
    private readonly workers: PooledWorker[],
    private readonly files: number,
    private readonly specs: readonly FileSpec[],
    plan: readonly StreamPlan[],
  ) {
    const n = workers.length;
    this.chunk = readAheadChunk(files);
    this.inFlight = new Array<number>(n).fill(0);
    this.ends = workers.map(() => []);
    this.targets = Array.from({ length: files }, () => []);
    const streams: { file: number; kind: StreamKind }[][] = workers.map(() => []);
    const out = new Set<number>();
    for (const s of plan) {
      this.owner.set(`${s.file}:${s.kind}`, s.worker);
      streams[s.worker]!.push({ file: s.file, kind: s.kind });
      if (!this.targets[s.file]!.includes(s.worker)) this.targets[s.file]!.push(s.worker);
      if (s.kind === 'decode' && (specs[s.file]!.sum || specs[s.file]!.keepDecoded)) out.add(s.worker);
    }
    this.outputs = [...out].sort((a, b) => a - b);
    this.results = workers.map((_, k) => new Promise((resolve, reject) => (this.resultWaiters[k] = { resolve, reject })));
    for (const p of this.results) p.catch(() => undefined);
    workers.forEach((w, k) => {
      w.onMessage = (m) => this.message(k, m);
      w.onError = (e) => this.fail(e);
      w.port.postMessage({ t: 'init', specs: [...specs], streams: streams[k]! }, []);
    });
  }

  private message(k: number, m: FromAnalysisWorker): void {
    if (m.t === 'ack') {
      this.inFlight[k]! -= m.bytes;
      this.wake?.();
    } else if (m.t === 'block') {
      for (const o of m.out) this.bufOwner.set(o.data, k);
      for (const s of m.sums) this.bufOwner.set(s, k);
      this.ends[k]!.shift()?.resolve(m);
    } else if (m.t === 'result') {
      this.resultWaiters[k]!.resolve(m);
    } else if (m.t === 'error') {
      this.fail(new Error(`analysis worker: ${m.message}`));
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const q of this.ends) for (const d of q.splice(0)) d.reject(e);
    for (const d of this.resultWaiters) d.reject(e);
    this.wake?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Send bytes of file `i` to every worker with a stream of it; waits while a worker has too much in flight. */
  private send(i: number, kind: 'other' | 'audio', bytes: Uint8Array, frames: number, decode: boolean): void | Promise<void> {
    this.check();
    for (const k of this.targets[i]!) {
      const copy = bytes.slice();
      this.workers[k]!.port.postMessage({ t: 'data', file: i, kind, bytes: copy, frames, decode: decode && this.owner.get(`${i}:decode`) === k }, [copy.buffer]);
      this.inFlight[k]! += copy.length;
    }
    if (this.inFlight.some((x) => x > MAX_IN_FLIGHT)) return this.drain();
  }

  private async drain(): Promise<void> {
    while (this.inFlight.some((x) => x > MAX_IN_FLIGHT)) {
      this.check();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    this.check();
  }

  read(i: number, src: ByteSource, offset: number, length: number): Promise<Uint8Array> {
    let r = this.ahead.get(i);
    if (!r) this.ahead.set(i, (r = new ReadAheadSource(src, this.chunk)));
    return r.read(offset, length);
  }

  other(i: number, bytes: Uint8Array): void | Promise<void> {
    return this.send(i, 'other', bytes, 0, false);
  }

  audio(i: number, bytes: Uint8Array, frames: number, decode: boolean): void | Promise<void> {
    return this.send(i, 'audio', bytes, frames, decode);
  }

  endBlock(): Promise<BlockResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.outputs.length === 0) return Promise.resolve({ out: new Array<null>(this.files).fill(null), sums: [] });
    const answers = this.outputs.map(
      (k) =>
        new Promise<Extract<FromAnalysisWorker, { t: 'block' }>>((resolve, reject) => {
          this.ends[k]!.push({ resolve, reject });
          this.workers[k]!.port.postMessage({ t: 'end' }, []);
        }),
    );
    const block = Promise.all(answers).then((got) => {
      const out: (Float64Array | null)[] = new Array<null>(this.files).fill(null);
      const sums: Float64Array[] = [];
      for (const m of got) {
        for (const o of m.out) out[o.file] = o.data;
        sums.push(...m.sums);
      }
      return { out, sums };
    });
    // after a failure the pass rejects at its next step; blocks it no longer waits for must not
    // become unhandled rejections
    block.catch(() => undefined);
    return block;
  }

  release(r: BlockResult): void {
    const back = new Map<number, Float64Array[]>();
    for (const a of [...r.out, ...r.sums]) {
      const k = a ? this.bufOwner.get(a) : undefined;
      if (a && k !== undefined) {
        let list = back.get(k);
        if (!list) back.set(k, (list = []));
        list.push(a);
      }
    }
    if (this.failure) return;
    for (const [k, buffers] of back) this.workers[k]!.port.postMessage({ t: 'give', buffers }, buffers.map((b) => b.buffer as ArrayBuffer));
  }

  async finish(): Promise<FileAnalysis[]> {
    this.check();
    for (const w of this.workers) w.port.postMessage({ t: 'finish' }, []);
    const got = await Promise.all(this.results);
    this.finished = true;
    const byWorker = got.map((m) => new Map(m.files.map((f) => [f.file, f.analysis])));
    const from = (i: number, kind: StreamKind): FileAnalysis | undefined => {
      const k = this.owner.get(`${i}:${kind}`);
      return k === undefined ? undefined : byWorker[k]!.get(i);
    };
    return Array.from({ length: this.files }, (_, i) => ({
      sha256: from(i, 'sha')?.sha256 ?? '',
      audioSha256: from(i, 'audio')?.audioSha256 ?? '',
      crc32: this.specs[i]!.crc ? (from(i, 'crc')?.crc32 ?? null) : null,
      levels: from(i, 'decode')?.levels ?? null,
    }));
  }

  close(): void {
    for (const w of this.workers) {
      w.onMessage = null;
      w.onError = null;
    }
    // a pass that did not finish may leave messages in the workers: start afresh next time
    if (!this.finished) this.pool.discard();
    this.pool.busy = false;
  }
}

/** Options of {@link createParallelEngineFactory}. */
export interface ParallelEngineOptions {
  /** The analysis workers. */
  pool: WorkerPool;
  /**
   * Workers per pass (e.g. `navigator.hardwareConcurrency`); read at each pass. With `force`,
   * workers run even for small inputs (tests); 0 keeps every pass on the calling thread.
   */
  workers(): { n: number; force?: boolean };
  /** Told the workers each pass runs in (0: the calling thread). */
  onPass?(workers: number): void;
}

/**
 * The engine factory to register with `setAnalysisEngineFactory` in the validation worker. It
 * declines (the pass then runs on the calling thread) for small inputs, for a single stream, and
 * while another pass holds the workers.
 */
export function createParallelEngineFactory(opts: ParallelEngineOptions): AnalysisEngineFactory {
  const pool = opts.pool;
  const decline = (): null => {
    opts.onPass?.(0);
    return null;
  };
  return (files, specs, workers) => {
    if (files.length === 0 || pool.busy) return decline();
    const want = opts.workers();
    let n = workers ?? want.n;
    if (!(n > 0)) return decline();
    const total = files.reduce((s, f) => s + f.src.size, 0);
    if (total < MIN_PARALLEL_BYTES && workers === undefined && !want.force) return decline();
    const plan = planStreams(files, specs, n);
    n = Math.min(n, new Set(plan.map((s) => s.worker)).size);
    if (n < 1) return decline();
    pool.busy = true;
    opts.onPass?.(n);
    return new PortEngine(pool, pool.take(n), files.length, specs, plan);
  };
}
