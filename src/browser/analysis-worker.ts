/**
 * An analysis worker of the page (see `parallel.ts` and `parallel-protocol.ts`): it owns some
 * streams of some files (a file's SHA-256s, its CRC-32, its decoding and level meter) and runs
 * them with the single-thread engine's code ({@link localEngine}) on the bytes the validation
 * worker sends, in file order, so every figure is the single-thread pass's. After each lockstep
 * block it hands the null-sum what it needs (the decoded blocks, or the partial sum of the stems
 * it decodes); after the last bytes, its results.
 *
 * For the waveform pass it reads its files itself and folds them into their envelopes with the
 * overview's own code (`report/overview.ts`), and hands over the mix's blocks and the partial sums
 * of its stems for the residual.
 * @module
 */
import { localEngine, type AnalysisEngine } from '../analysis/analyze.js';
import type { FileSpec } from '../analysis/block.js';
import { BlobSource } from '../io/blob-source.js';
import { SliceSource } from '../io/slice-source.js';
import { ReadAheadSource } from '../io/read-ahead-source.js';
import { readSampleBlocks, type SampleBlock } from '../audio/read/blocks.js';
import { decodeToFloat64 } from '../audio/decode.js';
import { accumulate } from '../dsp/sum.js';
import { envelope } from '../report/overview.js';
import { prepareSha256Pool } from './hash-wasm.js';
import type { FromAnalysisWorker, OverviewJob, StreamKind, ToAnalysisWorker } from './parallel-protocol.js';

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
 * A waveform job: read the files, fold them into their envelopes, and per block post what the
 * residual needs; `credit()` resolves when another block may be posted.
 */
async function runOverview(m: OverviewJob, post: AnalysisWorkerScope['postMessage'], credit: () => Promise<void>): Promise<void> {
  const files = m.files.map((f) => {
    const src = new ReadAheadSource(new SliceSource(new BlobSource(f.blob), f.offset, f.size), m.chunk);
    return {
      ...f,
      gen: readSampleBlocks(src, f.header, { blockFrames: m.blockFrames }),
      buf: new Float64Array(m.blockFrames * f.header.channels),
      env: { min: new Array<number>(m.bins).fill(0), max: new Array<number>(m.bins).fill(0) },
      done: false,
      got: 0,
    };
  });
  const at = new Map(files.map((f, j) => [f.file, j]));
  const res = m.residual;
  try {
    for (let start = 0; start < m.frames; start += m.blockFrames) {
      const blocks = await Promise.all(files.map((f) => (f.done ? Promise.resolve({ done: true as const, value: undefined }) : f.gen.next())));
      files.forEach((f, j) => {
        const r = blocks[j]!;
        if (r.done || !r.value) {
          f.done = true;
          f.got = 0;
          return;
        }
        const blk: SampleBlock = r.value;
        const h = f.header;
        decodeToFloat64(blk.bytes, h.encoding, h.channels, blk.frames, f.buf);
        f.got = blk.frames;
        envelope(f.env, f.buf, h.channels, blk.frame, blk.frames, m.framesPerBin);
      });
      let mix: Float64Array | null = null;
      let sum: Float64Array | null = null;
      const n = res ? Math.min(m.blockFrames, res.resFrames - start) : 0;
      if (res && n > 0) {
        const mf = res.mix !== null ? files[at.get(res.mix)!]! : null;
        if (mf && mf.got >= n) mix = mf.buf.slice(0, n * res.outCh);
        if (res.stems.length > 0) {
          sum = new Float64Array(n * res.outCh);
          for (const s of res.stems) {
            const f = files[at.get(s.file)!]!;
            if (f.got >= n) accumulate(sum, f.buf, s.gain, n, res.outCh, f.header.channels);
          }
        }
      }
      const last = files.every((f) => f.done);
      await credit();
      post(
        { t: 'ov-block', got: files.map((f) => ({ file: f.file, frames: f.got })), mix, sum, last },
        [...(mix ? [mix.buffer] : []), ...(sum ? [sum.buffer] : [])],
      );
      if (last) break;
    }
  } finally {
    for (const f of files) await f.gen.return(undefined);
  }
  post({ t: 'ov-result', files: files.map((f) => ({ file: f.file, min: f.env.min, max: f.env.max })) });
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
      case 'overview': {
        await runOverview(m, (x, t) => scope.postMessage(x, t), takeCredit);
        return;
      }
      case 'credit':
        return;
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

  // waveform blocks the engine still accepts; `credit` messages bypass the queue below (the
  // waveform job holds it while it waits for them)
  let credits = 0;
  let wake: (() => void) | null = null;
  async function takeCredit(): Promise<void> {
    while (credits <= 0) await new Promise<void>((r) => (wake = r));
    credits--;
  }

  // one message at a time, in order (init is asynchronous)
  let queue: Promise<void> = Promise.resolve();
  let failed = false;
  scope.addEventListener('message', (e) => {
    const m = e.data;
    if (m.t === 'credit' || m.t === 'overview') {
      credits = m.t === 'credit' ? credits + 1 : m.ahead;
      const w = wake;
      wake = null;
      w?.();
      if (m.t === 'credit') return;
    }
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
