/**
 * The parallel analysis engine for Node. The two SHA-256s and the CRC-32 of every file, which
 * are most of the pass's work, run in worker threads; this thread reads, decodes, meters and
 * runs the null-sum with the single-thread engine's code ({@link localEngine}, hashing off).
 *
 * Every block is read once, into a slot of a shared byte ring; the workers hash it from there
 * (see `parallel-protocol.ts`): no copy, no transfer and no message per block. The hash streams
 * (whole file, sample data, CRC) are spread over the workers by size, and each stream sees its
 * bytes in file order, so the results are bit-identical to the single-thread pass, which stays
 * the fallback and the browser path.
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
import { envWorkers, workerScriptUrl } from '../io/worker-script.js';
import { localEngine, setAnalysisEngineFactory, type AnalysisEngine, type AnalysisFile, type BlockResult, type FileAnalysis } from './analyze.js';
import type { FileSpec } from './block.js';
import { ABORT, CONSUMED, DESC_INTS, EPOCH, KIND_AUDIO, KIND_FINISH, KIND_OTHER, POSTED, type FromHashWorker, type HashWorkerInit, type StreamKind } from './parallel-protocol.js';

/** Inputs smaller than this run on this thread unless workers are asked for (thread start-up costs more). */
const MIN_PARALLEL_BYTES = 32 * 1024 * 1024;
/** The shared ring's size is kept at or below this, as long as it still holds two blocks of every file. */
const RING_BUDGET = 64 * 1024 * 1024;
/** Largest ring (two blocks of every file at least); more files than that fit run on this thread alone. */
const MAX_RING = 4 * RING_BUDGET;
/** Smallest slot (header regions and other byte ranges are cut into slot-sized pieces). */
const MIN_SLOT = 64 * 1024;
/** CRC-32 work per byte relative to SHA-256 (zlib's CRC-32 is about six times faster), for spreading streams. */
const CRC_COST = 0.17;
/**
 * This thread's own work per byte of decodable sample data (reading, decoding, metering, the
 * null-sum) relative to SHA-256. Measured on the bench package (2-core EPYC): about 0.8 CPU-s
 * of its own against 0.94 s for one SHA-256 of the same 1.9 GB; 0.9 to 1.05 gave the shortest
 * runs (1.66 to 1.76 s), 0.4 and 1.2 were slower (1.8 to 1.97 s).
 */
const DECODE_COST = 1.0;
/** Bytes read synchronously between two turns of the event loop. */
const SYNC_YIELD = 32 * 1024 * 1024;
/** How long one wait for a free slot lasts before failures are looked at again, ms. */
const WAIT_MS = 200;

/** `Atomics.waitAsync` (Node 16+; not in the ES2022 library types). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync;

let defaultWorkers: number | undefined;

/** Set the default worker count of the analysis pass in this thread (0: single thread; undefined: automatic). */
export function setAnalysisWorkers(n: number | undefined): void {
  defaultWorkers = n;
}

/** The hash worker script (see {@link workerScriptUrl}); null when there is none (single thread). */
export function analysisWorkerUrl(): URL | null {
  return workerScriptUrl(import.meta.url, 'hash-worker.js');
}

/** Bytes of the largest sample-data block of a decodable file (plus a frame: the last block takes a partial frame). */
function blockBytes(s: FileSpec): number {
  const frame = s.channels * (s.encoding.bitsPerSample / 8);
  return s.decodable ? (s.blockFrames + 1) * frame : 0;
}

class HashWorkerEngine implements AnalysisEngine {
  readonly depth = 1;
  private readonly ring: Uint8Array;
  private readonly ctrl: Int32Array;
  private readonly desc: Int32Array;
  private readonly refs: Int32Array;
  private readonly local: AnalysisEngine;
  private posted = 0;
  private sinceYield = 0;
  private notified = 0;
  private cursor = 0;
  private failure: Error | null = null;
  private readonly results: Promise<FromHashWorker & { t: 'result' }>[];
  private readonly failed: Promise<never>;
  private failNow: (e: Error) => void = () => undefined;

  constructor(
    private readonly workers: Worker[],
    shared: { ring: SharedArrayBuffer; ctrl: SharedArrayBuffer; desc: SharedArrayBuffer; refs: SharedArrayBuffer },
    private readonly slotBytes: number,
    private readonly slots: number,
    private readonly specs: FileSpec[],
    /** The hash streams this thread keeps (key `file:kind`). */
    private readonly kept: ReadonlySet<string>,
  ) {
    this.ring = new Uint8Array(shared.ring);
    this.ctrl = new Int32Array(shared.ctrl);
    this.desc = new Int32Array(shared.desc);
    this.refs = new Int32Array(shared.refs);
    // this thread decodes, meters and sums, and computes the hash streams it kept
    this.local = localEngine(specs.map((s, i) => ({ ...s, crc: s.crc && kept.has(`${i}:crc`), sha: kept.has(`${i}:sha`), audioSha: kept.has(`${i}:audio`) })));
    this.failed = new Promise<never>((_, reject) => (this.failNow = reject));
    this.failed.catch(() => undefined);
    this.results = workers.map(
      (w) =>
        new Promise((resolve, reject) => {
          w.once('message', (m: FromHashWorker) => (m.t === 'result' ? resolve(m) : reject(new Error(`analysis worker: ${m.message}`))));
          w.once('error', reject);
          w.once('exit', (code) => code !== 0 && reject(new Error(`analysis worker exited with code ${code}`)));
        }),
    );
    for (const p of this.results) p.catch((e: Error) => this.fail(e));
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.failNow(e);
    Atomics.add(this.ctrl, EPOCH, 1);
    Atomics.notify(this.ctrl, EPOCH);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves when a worker has released something (or after a while), rejects on a failure. */
  private async released(): Promise<void> {
    this.check();
    this.flush();
    // not raced against `failed`: every race would leave a reaction on that long-lived promise
    // (memory growing with the package); fail() bumps EPOCH instead, which ends the wait
    const w = waitAsync(this.ctrl, EPOCH, Atomics.load(this.ctrl, EPOCH), WAIT_MS);
    if (w.async) await w.value;
    this.check();
  }

  /** A free slot, taken (one reference for this thread and one per worker). */
  private async acquire(): Promise<number> {
    for (;;) {
      for (let n = 0; n < this.slots; n++) {
        const s = (this.cursor + n) % this.slots;
        if (Atomics.load(this.refs, s) === 0) {
          this.cursor = (s + 1) % this.slots;
          Atomics.store(this.refs, s, this.workers.length + 1);
          return s;
        }
      }
      await this.released();
    }
  }

  /** Drop this thread's reference on a slot. */
  private releaseSlot(slot: number): void {
    Atomics.sub(this.refs, slot, 1);
    Atomics.add(this.ctrl, EPOCH, 1);
    Atomics.notify(this.ctrl, EPOCH);
  }

  private minConsumed(): number {
    let m = Infinity;
    for (let k = 0; k < this.workers.length; k++) m = Math.min(m, Atomics.load(this.ctrl, CONSUMED + k));
    return m;
  }

  /** Post a descriptor (in order); waits while the descriptor ring is full. */
  private async post(file: number, kind: number, slot: number, length: number): Promise<void> {
    while (this.posted - this.minConsumed() >= this.slots) await this.released();
    this.check();
    const d = (this.posted % this.slots) * DESC_INTS;
    this.desc[d] = file;
    this.desc[d + 1] = kind;
    this.desc[d + 2] = slot;
    this.desc[d + 3] = length;
    Atomics.store(this.ctrl, POSTED, ++this.posted);
  }

  /** Wake the workers for what was posted since the last call (once per block, not per descriptor: a wake is a system call). */
  private flush(): void {
    if (this.notified === this.posted) return;
    this.notified = this.posted;
    Atomics.notify(this.ctrl, POSTED);
  }

  /** The slot a ring view lies in, or -1 for bytes from elsewhere. */
  private slotOf(bytes: Uint8Array): number {
    if (bytes.buffer !== this.ring.buffer || bytes.length === 0) return -1;
    const s = Math.floor(bytes.byteOffset / this.slotBytes);
    return bytes.byteOffset + bytes.length <= (s + 1) * this.slotBytes ? s : -1;
  }

  /** Hand bytes to the workers: in place when they lie in a slot, else copied into slots piece by piece. */
  private async share(i: number, kind: number, bytes: Uint8Array): Promise<void> {
    const own = this.slotOf(bytes);
    if (own >= 0) {
      await this.post(i, kind, own, bytes.length);
      return;
    }
    for (let at = 0; at < bytes.length; at += this.slotBytes) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + this.slotBytes));
      const s = await this.acquire();
      this.ring.set(piece, s * this.slotBytes);
      await this.post(i, kind, s, piece.length);
      this.releaseSlot(s);
    }
  }

  async read(i: number, src: ByteSource, offset: number, length: number): Promise<Uint8Array> {
    const r = src as ByteSource & Partial<ReadIntoSource>;
    if (typeof r.readInto !== 'function' || length > this.slotBytes) return src.read(offset, length);
    const s = await this.acquire();
    try {
      const view = this.ring.subarray(s * this.slotBytes, s * this.slotBytes + length);
      // synchronous where the source can (see ReadIntoSource.readIntoSync); the event loop still
      // gets a turn every SYNC_YIELD bytes (timers, signals, progress output)
      let n = r.readIntoSync?.(offset, view) ?? null;
      if (n === null) n = await r.readInto(offset, view);
      else if ((this.sinceYield += n) >= SYNC_YIELD) {
        this.sinceYield = 0;
        await new Promise<void>((done) => setImmediate(done));
      }
      if (n > 0) return view.subarray(0, n);
      Atomics.store(this.refs, s, 0);
      return new Uint8Array(0);
    } catch (e) {
      // nobody else will see this slot: give every reference back
      Atomics.store(this.refs, s, 0);
      throw e;
    }
  }

  async other(i: number, bytes: Uint8Array): Promise<void> {
    await this.share(i, KIND_OTHER, bytes);
    await this.local.other(i, bytes);
    this.done(bytes);
  }

  async audio(i: number, bytes: Uint8Array, frames: number, decode: boolean): Promise<void> {
    await this.share(i, KIND_AUDIO, bytes);
    await this.local.audio(i, bytes, frames, decode);
    this.done(bytes);
  }

  /** This thread is done with bytes it read into a slot. */
  private done(bytes: Uint8Array): void {
    const s = this.slotOf(bytes);
    if (s >= 0) this.releaseSlot(s);
  }

  endBlock(): Promise<BlockResult> {
    this.check();
    this.flush();
    return this.local.endBlock();
  }

  release(r: BlockResult): void {
    this.local.release(r);
  }

  async finish(): Promise<FileAnalysis[]> {
    await this.post(-1, KIND_FINISH, -1, 0);
    this.flush();
    const got = await Promise.race([Promise.all(this.results), this.failed]);
    const local = await this.local.finish();
    const value = new Map<string, string | number>();
    for (const m of got) for (const r of m.results) value.set(`${r.file}:${r.kind}`, r.value);
    const mine = (i: number, kind: StreamKind): boolean => this.kept.has(`${i}:${kind}`);
    return local.map((a, i) => ({
      ...a,
      sha256: mine(i, 'sha') ? a.sha256 : (value.get(`${i}:sha`) as string),
      audioSha256: mine(i, 'audio') ? a.audioSha256 : (value.get(`${i}:audio`) as string),
      crc32: !this.specs[i]!.crc ? null : mine(i, 'crc') ? a.crc32 : (value.get(`${i}:crc`) as number),
    }));
  }

  close(): void {
    Atomics.store(this.ctrl, ABORT, 1);
    Atomics.notify(this.ctrl, POSTED);
    for (const w of this.workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
    this.local.close();
  }
}

/** The engine factory registered with the analysis core: null (single thread) when workers do not pay. */
export function createWorkerEngine(files: readonly AnalysisFile[], specs: FileSpec[], workers: number | undefined, callerCost = 0): AnalysisEngine | null {
  if (files.length === 0) return null;
  let n = workers ?? defaultWorkers ?? envWorkers();
  if (n === undefined) {
    const total = files.reduce((s, f) => s + f.src.size, 0);
    const cores = availableParallelism();
    if (total < MIN_PARALLEL_BYTES || cores < 2) return null;
    // this thread hashes too: one worker per other core (a worker per core as well, with this
    // thread only decoding, took 1.82 to 1.98 s on the bench package against 1.66 to 1.76 s)
    n = cores - 1;
  }
  // the hash streams, largest first (ties by file and kind: deterministic), spread by cost over
  // the workers and this thread, which starts with its own share of the work (decoding, metering,
  // reading, the null-sum): every thread then has about as much to do, none waits on another
  const streams: { file: number; kind: StreamKind; cost: number }[] = [];
  let ownWork = 0;
  files.forEach((f, i) => {
    const data = Math.max(0, Math.min(f.src.size, f.header.dataOffset + f.header.dataSize) - f.header.dataOffset);
    streams.push({ file: i, kind: 'sha', cost: f.src.size });
    streams.push({ file: i, kind: 'audio', cost: data });
    if (specs[i]!.crc) streams.push({ file: i, kind: 'crc', cost: f.src.size * CRC_COST });
    ownWork += (specs[i]!.decodable ? data * DECODE_COST : 0) + f.src.size * callerCost;
  });
  n = Math.min(n, streams.length);
  if (n <= 0) return null;
  const url = analysisWorkerUrl();
  if (!url) return null;
  streams.sort((a, b) => b.cost - a.cost || a.file - b.file || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  // load[n] is this thread
  const load = [...new Array<number>(n).fill(0), ownWork];
  const mine: { file: number; kind: StreamKind }[][] = Array.from({ length: n + 1 }, () => []);
  for (const s of streams) {
    let k = 0;
    for (let j = 1; j <= n; j++) if (load[j]! < load[k]!) k = j;
    mine[k]!.push({ file: s.file, kind: s.kind });
    load[k]! += s.cost;
  }
  const kept = new Set(mine[n]!.map((s) => `${s.file}:${s.kind}`));

  // whole pages: V8 copies out of shared memory word by word only when both ends are aligned
  // (an odd slot of 196,614 bytes made every decode's copy bytewise: 0.3 s per 2 GB)
  const slotBytes = Math.ceil(specs.reduce((m, s) => Math.max(m, blockBytes(s)), MIN_SLOT) / 4096) * 4096;
  // two blocks of every file (the one being processed and the one being read) plus room for the
  // workers to lag: 8 blocks' worth ran 1.76-1.81 s on the bench package, 4 blocks' 1.81-2.01 s
  const least = 2 * files.length + 2;
  // thousands of files would need a ring of gigabytes (20,000 stems: 40,002 slots of 64 KiB):
  // this thread alone then, in memory that grows with the files' own sizes
  if (least * slotBytes > MAX_RING) return null;
  const slots = Math.max(least, Math.min(8 * files.length + 16, Math.floor(RING_BUDGET / slotBytes)));
  const shared = {
    ring: new SharedArrayBuffer(slots * slotBytes),
    ctrl: new SharedArrayBuffer((CONSUMED + n) * 4),
    desc: new SharedArrayBuffer(slots * DESC_INTS * 4),
    refs: new SharedArrayBuffer(slots * 4),
  };
  const ws: Worker[] = [];
  for (let k = 0; k < n; k++) {
    const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
    w.postMessage({ index: k, ...shared, slotBytes, slots, streams: mine[k]! } satisfies HashWorkerInit);
    ws.push(w);
  }
  return new HashWorkerEngine(ws, shared, slotBytes, slots, specs, kept);
}

setAnalysisEngineFactory(createWorkerEngine);
