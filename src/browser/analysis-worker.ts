/**
 * An analysis worker of the page (see `parallel.ts` and `parallel-protocol.ts`): it owns some
 * streams of some files (a file's SHA-256s, its CRC-32, its decoding and level meter) and runs
 * them with the single-thread engine's code ({@link localEngine}) on the bytes the validation
 * worker sends, in file order, so every figure is the single-thread pass's. After each lockstep
 * block it hands the null-sum what it needs (the decoded blocks, or the partial sum of the stems
 * it decodes); after the last bytes, its results.
 * @module
 */
import { localEngine, type AnalysisEngine } from '../analysis/analyze.js';
import type { FileSpec } from '../analysis/block.js';
import { prepareSha256Pool } from './hash-wasm.js';
import type { FromAnalysisWorker, StreamKind, ToAnalysisWorker } from './parallel-protocol.js';

/** The part of a worker's global scope used here. */
export interface AnalysisWorkerScope {
  postMessage(msg: FromAnalysisWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToAnalysisWorker>) => void): void;
}

/** A file's spec as this worker runs it: only the streams it owns. */
export function ownSpec(spec: FileSpec, own: ReadonlySet<StreamKind> | undefined): FileSpec {
  const decode = !!own?.has('decode');
  return {
    ...spec,
    sha: !!own?.has('sha'),
    audioSha: !!own?.has('audio'),
    crc: spec.crc && !!own?.has('crc'),
    decodable: spec.decodable && decode,
    levels: decode ? spec.levels : false,
    sum: decode && spec.sum === true,
    keepDecoded: decode && spec.keepDecoded === true,
  };
}

/**
 * Wire the handlers into a worker scope. `prepareHashes(n)` makes `n` SHA-256 instances ready
 * (default: the hash-wasm pool; tests running the worker in the same thread pass another).
 */
export function installAnalysisWorker(scope: AnalysisWorkerScope, prepareHashes: (n: number) => Promise<void> = prepareSha256Pool): void {
  let engine: AnalysisEngine | null = null;
  let owned = new Map<number, Set<StreamKind>>();
  /** Files whose decoded blocks go out after each block. */
  let keep: number[] = [];
  /** Arrays given back, by length. */
  const pool = new Map<number, Float64Array[]>();
  const copyOf = (a: Float64Array): Float64Array => {
    const b = pool.get(a.length)?.pop() ?? new Float64Array(a.length);
    b.set(a);
    return b;
  };

  async function handle(m: ToAnalysisWorker): Promise<void> {
    switch (m.t) {
      case 'init': {
        engine?.close();
        owned = new Map();
        for (const s of m.streams) {
          let k = owned.get(s.file);
          if (!k) owned.set(s.file, (k = new Set()));
          k.add(s.kind);
        }
        const shas = m.streams.filter((s) => s.kind === 'sha' || s.kind === 'audio').length;
        await prepareHashes(shas + 1);
        const specs = m.specs.map((s, i) => ownSpec(s, owned.get(i)));
        keep = specs.flatMap((s, i) => (s.keepDecoded ? [i] : []));
        engine = localEngine(specs);
        return;
      }
      case 'data': {
        if (!engine) throw new Error('data before init');
        if (m.kind === 'other') engine.other(m.file, m.bytes);
        else await engine.audio(m.file, m.bytes, m.frames, m.decode && !!owned.get(m.file)?.has('decode'));
        scope.postMessage({ t: 'ack', bytes: m.bytes.length });
        return;
      }
      case 'end': {
        if (!engine) throw new Error('end before init');
        const r = await engine.endBlock();
        const out = keep.map((file) => ({ file, data: copyOf(r.out[file]!) }));
        const sums = r.sums.map(copyOf);
        engine.release(r);
        scope.postMessage({ t: 'block', out, sums }, [...out.map((o) => o.data.buffer), ...sums.map((s) => s.buffer)]);
        return;
      }
      case 'finish': {
        if (!engine) throw new Error('finish before init');
        const results = await engine.finish();
        engine.close();
        engine = null;
        scope.postMessage({ t: 'result', files: [...owned.keys()].sort((a, b) => a - b).map((file) => ({ file, analysis: results[file]! })) });
        return;
      }
      case 'give': {
        for (const b of m.buffers) {
          let list = pool.get(b.length);
          if (!list) pool.set(b.length, (list = []));
          if (list.length < 16) list.push(b);
        }
        return;
      }
    }
  }

  // one message at a time, in order (init is asynchronous)
  let queue: Promise<void> = Promise.resolve();
  let failed = false;
  scope.addEventListener('message', (e) => {
    const m = e.data;
    queue = queue.then(async () => {
      if (failed && m.t !== 'init') return;
      failed = false;
      try {
        await handle(m);
      } catch (err) {
        failed = true;
        engine?.close();
        engine = null;
        scope.postMessage({ t: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      }
    });
  });
}
