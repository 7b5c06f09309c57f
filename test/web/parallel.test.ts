// The page's parallel analysis engine (src/browser/parallel.ts) without a browser: its analysis
// workers run in this thread behind MessageChannels (real structured clone and transfer), and
// every result equals the single-thread pass's, bit for bit: hashes, CRCs, levels (loudness and
// true peak on), the exact and the float null-sum, gains, trailing chunks, a file the pass cannot
// decode, several worker counts; a failing worker rejects the pass and the next pass runs again.
// The waveform pass in the workers gives computeOverviews' overviews (envelopes and residual).
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFiles, setAnalysisEngineFactory, type AnalysisFile, type AnalysisOptions } from '../../src/analysis/index.js';
import { createWorkerEngine } from '../../src/analysis/parallel-node.js';
import { readAudioHeader } from '../../src/audio/index.js';
import { BlobSource } from '../../src/io/blob-source.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { validate } from '../../src/validate/index.js';
import { buildPackage, type BuildOptions } from '../helpers/package-builder.js';
import { createParallelEngineFactory, planStreams, WorkerPool, type AnalysisPort } from '../../src/browser/parallel.js';
import { parallelOverviews, type BlobRef } from '../../src/browser/overview-parallel.js';
import { computeOverviews, openPackageAudio, type OverviewInput } from '../../src/report/index.js';
import { SliceSource } from '../../src/io/slice-source.js';
import type { ByteSource } from '../../src/model/byte-source.js';
import { installAnalysisWorker, type AnalysisWorkerScope } from '../../src/browser/analysis-worker.js';
import type { ToAnalysisWorker } from '../../src/browser/parallel-protocol.js';
import { installWorker, type WorkerScope } from '../../src/browser/worker.js';
import type { FromWorker, ToWorker } from '../../src/browser/protocol.js';
import { setSha256Factory } from '../../src/analysis/hash.js';
import { nodeSha256 } from '../../src/analysis/hash-node.js';

afterAll(() => setAnalysisEngineFactory(createWorkerEngine));

/** Messages each in-process worker got, by type (to see that the work really was spread). */
let seen: Map<string, number>[] = [];

/** An analysis worker in this thread; `breakAfter` data messages it throws. */
function inProcess(breakAfter = Infinity): AnalysisPort {
  const { port1, port2 } = new MessageChannel();
  const count = new Map<string, number>();
  seen.push(count);
  let data = 0;
  const scope: AnalysisWorkerScope = {
    postMessage: (m, t) => port2.postMessage(m, t ?? []),
    addEventListener: (type, fn) =>
      port2.addEventListener(type, (e) => {
        const m = (e as MessageEvent<ToAnalysisWorker>).data;
        count.set(m.t, (count.get(m.t) ?? 0) + 1);
        if (m.t === 'data' && ++data > breakAfter) {
          port2.postMessage({ t: 'error', message: 'simulated worker failure' });
          return;
        }
        fn(e as MessageEvent<ToAnalysisWorker>);
      }),
  };
  // node:crypto stays the SHA-256 (the browser's hash-wasm pool is tested in worker.test.ts)
  installAnalysisWorker(scope, async () => undefined);
  port1.start();
  port2.start();
  return {
    postMessage: (m, t) => port1.postMessage(m, t),
    addEventListener: (type, fn) => port1.addEventListener(type, (e) => fn(e as MessageEvent)),
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
}

function useEngine(n: number, spawn: () => AnalysisPort = () => inProcess()): void {
  seen = [];
  setAnalysisEngineFactory(createParallelEngineFactory({ pool: new WorkerPool(spawn), workers: () => ({ n, force: true }) }));
}

async function filesOf(opts: BuildOptions, blob = false): Promise<AnalysisFile[]> {
  const b = buildPackage(opts);
  const out: AnalysisFile[] = [];
  for (const [path, bytes] of b.files) {
    const { header } = await readAudioHeader(new BytesSource(bytes, path));
    out.push({ path, src: blob ? new BlobSource(new Blob([new Uint8Array(bytes)]), path) : new BytesSource(bytes, path), header: header! });
  }
  return out;
}

async function same(files: AnalysisFile[], opts: AnalysisOptions): Promise<void> {
  setAnalysisEngineFactory(null);
  const one = JSON.stringify(await analyzeFiles(files, opts));
  for (const n of [1, 2, 3]) {
    useEngine(n);
    let total = 0;
    const r = JSON.stringify(await analyzeFiles(files, { ...opts, onProgress: (d) => (total = d) }));
    expect(r).toBe(one);
    expect(total).toBe(files.reduce((s, f) => s + f.src.size, 0));
    // every worker had streams of its own
    expect(seen.length).toBe(n);
    for (const c of seen) expect(c.get('data') ?? 0).toBeGreaterThan(0);
  }
}

describe('the page engine: analysis workers over transferred buffers', () => {
  it('exact (integer) null-sum with loudness and true peak, partial sums from every worker, Blob sources', async () => {
    const files = await filesOf({ frames: 20011 }, true);
    await same(files, { mixIndex: 0, blockFrames: 1000, levels: { truePeak: true, loudness: true } });
    await same(files, { mixIndex: 0, blockFrames: 4096, levels: { truePeak: 0, loudness: false } });
  });

  it('a failing null: the same ranges, peak and frames', async () => {
    const files = await filesOf({
      frames: 12000,
      hooks: { audio: (it) => void (it.id === 'vox' && it.samples.fill(0, 4000, 9000)) },
    });
    setAnalysisEngineFactory(null);
    const r = await analyzeFiles(files, { mixIndex: 0 });
    expect(r.nullResult?.pass).toBe(false);
    await same(files, { mixIndex: 0, blockFrames: 700 });
  });

  it('float path (gains, float files), trailing chunks, no CRC, no levels', async () => {
    const trailing = await filesOf({ frames: 7001, hooks: { audio: (it) => void (it.wav.trailingChunks = [{ id: 'LIST', body: new Uint8Array(13).fill(7) }]) } });
    await same(trailing, { mixIndex: 0, gainsDb: [0, 0, -6, 0], blockFrames: 333 });
    await same(trailing, { crc: false, levels: false, blockFrames: 4096 });
    await same(await filesOf({ frames: 5000, sampleFormat: 'float' }), { mixIndex: 0, blockFrames: 777, levels: { truePeak: true, loudness: true } });
  });

  it('frames that differ skip the null; a file the pass cannot decode is still hashed', async () => {
    await same(await filesOf({ frames: 3000, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } }), { mixIndex: 0, blockFrames: 100 });
    const mem = await filesOf({ frames: 3000 });
    await same(
      mem.map((f, i) => (i === 1 ? { ...f, header: { ...f.header, blockAlign: f.header.blockAlign + 1 } } : f)),
      { mixIndex: 0, blockFrames: 512 },
    );
  });

  it('validate() gives the same report through the workers (measure all)', async () => {
    const { bytes } = buildPackage({ frames: 30000 });
    setAnalysisEngineFactory(null);
    const one = await validate({ source: new BytesSource(bytes, 'p.stempack'), name: 'p.stempack' }, { measure: 'all' });
    useEngine(2);
    const two = await validate({ source: new BlobSource(new Blob([new Uint8Array(bytes)]), 'p.stempack'), name: 'p.stempack' }, { measure: 'all' });
    expect(two).toEqual(one);
  });

  it('a worker that fails rejects the pass (no hang); the next pass starts fresh workers', async () => {
    const files = await filesOf({ frames: 20011 });
    let spawned = 0;
    useEngine(2, () => inProcess(++spawned === 2 ? 5 : Infinity));
    await expect(analyzeFiles(files, { mixIndex: 0, blockFrames: 500 })).rejects.toThrow(/simulated worker failure/);
    expect(spawned).toBe(2);
    const r = await analyzeFiles(files, { mixIndex: 0, blockFrames: 500 });
    expect(spawned).toBe(4);
    setAnalysisEngineFactory(null);
    expect(JSON.stringify(r)).toBe(JSON.stringify(await analyzeFiles(files, { mixIndex: 0, blockFrames: 500 })));
  });

  it('spreads the streams by cost: the true peak outweighs hashing, every worker gets a share', async () => {
    const files = await filesOf({ frames: 48000 });
    const specs = files.map((f) => ({
      encoding: f.header.encoding,
      channels: f.header.channels,
      sampleRate: f.header.sampleRate,
      decodable: true,
      levels: { truePeak: true, loudness: true },
      crc: true,
      blockFrames: 32768,
    }));
    const plan = planStreams(files, specs, 2);
    expect(plan.length).toBe(4 * files.length);
    const load = [0, 1].map((k) => plan.filter((s) => s.worker === k).reduce((a, s) => a + s.cost, 0));
    const total = load[0]! + load[1]!;
    // within one decode stream of an even split
    const decode = Math.max(...plan.filter((s) => s.kind === 'decode').map((s) => s.cost));
    expect(Math.abs(load[0]! - load[1]!)).toBeLessThanOrEqual(decode);
    expect(Math.min(...load)).toBeGreaterThan(total / 4);
    // the decode streams (the heaviest) go first, alternating
    expect(plan.slice(0, 2).map((s) => [s.kind, s.worker])).toEqual([
      ['decode', 0],
      ['decode', 1],
    ]);
  });

  it('analysis workers that cannot start (a blocked script): the job runs again in the validation worker, and so do the next ones', async () => {
    const { bytes } = buildPackage({ frames: 20000 });
    let spawned = 0;
    const blocked = (): AnalysisPort => {
      spawned++;
      const onError: ((e: { message?: string }) => void)[] = [];
      setTimeout(() => onError.forEach((f) => f({ message: 'Refused to create a worker (Content Security Policy)' })), 5);
      return { postMessage: () => undefined, addEventListener: (type, fn) => void (type === 'error' && onError.push(fn)), terminate: () => undefined };
    };
    const out: FromWorker[] = [];
    let handler: ((e: MessageEvent<ToWorker>) => void) | null = null;
    const scope: WorkerScope = { postMessage: (m) => void out.push(m), addEventListener: (_t, fn) => void (handler = fn) };
    try {
      installWorker(scope, { spawnAnalysisWorker: blocked });
      const job = async (id: number): Promise<Extract<FromWorker, { type: 'done' }>> => {
        handler!({ data: { type: 'validate', id, file: new Blob([new Uint8Array(bytes)]), name: 'p.stempack', workers: 2 } } as MessageEvent<ToWorker>);
        for (let k = 0; k < 600 && !out.some((m) => m.id === id && (m.type === 'done' || m.type === 'error')); k++) await new Promise((r) => setTimeout(r, 50));
        const done = out.find((m) => m.id === id && (m.type === 'done' || m.type === 'error'));
        if (done?.type !== 'done') throw new Error(`job ${id}: ${JSON.stringify(done)}`);
        return done;
      };
      const first = await job(1);
      expect(spawned).toBe(2);
      expect(first.workers).toBe(0);
      setAnalysisEngineFactory(null);
      expect(first.report).toEqual(await validate({ source: new BytesSource(bytes, 'p.stempack'), name: 'p.stempack' }, { measure: 'all' }));
      const second = await job(2);
      expect(second.workers).toBe(0);
      expect(spawned).toBe(2);
    } finally {
      setSha256Factory(nodeSha256);
    }
  });

  describe('the waveform pass in the workers', () => {
    /** A package's audio as the page opens it: windows of the dropped Blob. */
    async function packageInputs(opts: BuildOptions): Promise<{ files: OverviewInput[]; blobOf: (s: ByteSource) => BlobRef | null }> {
      const blob = new Blob([new Uint8Array(buildPackage(opts).bytes)]);
      const pkg = await openPackageAudio(new BlobSource(blob, 'p.stempack'));
      return { files: pkg.files, blobOf: (s) => (s instanceof SliceSource ? { blob, offset: s.offset } : null) };
    }

    async function sameOverviews(files: OverviewInput[], blobOf: (s: ByteSource) => BlobRef | null, bins = 700): Promise<void> {
      const want = JSON.stringify(await computeOverviews(files, { bins, blockFrames: 1000 }));
      for (const n of [1, 2, 3]) {
        seen = [];
        const pool = new WorkerPool(() => inProcess());
        let last = 0;
        const got = await parallelOverviews(pool, n, files, blobOf, { bins, blockFrames: 1000, force: true, onProgress: (d, t) => void (last = d / t) });
        expect(JSON.stringify(got)).toBe(want);
        expect(last).toBe(1);
        expect(seen.length).toBe(Math.min(n, files.length));
        for (const c of seen) expect(c.get('overview')).toBe(1);
        pool.discard();
      }
    }

    it('envelopes and the residual of an exact sum, a failing null, a short stem, mono stems', async () => {
      const a = await packageInputs({ frames: 20011 });
      await sameOverviews(a.files, a.blobOf);
      const b = await packageInputs({ frames: 9000, hooks: { audio: (it) => void (it.id === 'vox' && it.samples.fill(0, 3000, 7000)) } });
      const ov = await computeOverviews(b.files, { bins: 700, blockFrames: 1000 });
      expect(Math.max(...ov.residual!.peak)).toBeGreaterThan(0);
      await sameOverviews(b.files, b.blobOf);
      const c = await packageInputs({ frames: 9000, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1500)) } });
      await sameOverviews(c.files, c.blobOf, 1500);
      const d = await packageInputs({ frames: 5000, hooks: { audio: (it) => void (!it.isMix && it.id === 'bass' && (it.channels = 1)) } });
      await sameOverviews(d.files, d.blobOf);
    });

    it('loose files, each its own Blob', async () => {
      const built = buildPackage({ frames: 12000 });
      const blobs = new Map<ByteSource, Blob>();
      const files: OverviewInput[] = [];
      for (const [path, bytes] of built.files) {
        const blob = new Blob([new Uint8Array(bytes)]);
        const src = new BlobSource(blob, path);
        blobs.set(src, blob);
        const { header } = await readAudioHeader(src);
        files.push({ path, src, header: header!, isMix: path.startsWith('mix/'), gainDb: 0 });
      }
      await sameOverviews(files, (s) => (blobs.has(s) ? { blob: blobs.get(s)!, offset: 0 } : null));
    });

    it('declines what is not an exact sum or not in a Blob (the caller draws them itself)', async () => {
      const pool = new WorkerPool(() => inProcess());
      const gains = await packageInputs({ frames: 3000 });
      const withGain = gains.files.map((f, i) => (i === 1 ? { ...f, gainDb: -3 } : f));
      expect(await parallelOverviews(pool, 2, withGain, gains.blobOf, { force: true })).toBeNull();
      const fl = await packageInputs({ frames: 3000, sampleFormat: 'float' });
      expect(await parallelOverviews(pool, 2, fl.files, fl.blobOf, { force: true })).toBeNull();
      expect(await parallelOverviews(pool, 2, gains.files, () => null, { force: true })).toBeNull();
      // small inputs stay on the calling thread unless forced
      expect(await parallelOverviews(pool, 2, gains.files, gains.blobOf)).toBeNull();
      expect(pool.busy).toBe(false);
    });

    it('a worker that fails rejects the pass and the pool starts afresh', async () => {
      const a = await packageInputs({ frames: 8000 });
      let spawned = 0;
      const failing = (): AnalysisPort => {
        const p = inProcess();
        const k = ++spawned;
        return {
          ...p,
          postMessage: (m, t) => (k === 2 && m.t === 'overview' ? p.postMessage({ ...m, files: m.files.map((f) => ({ ...f, blob: 'not a blob' as unknown as Blob })) }, t) : p.postMessage(m, t)),
        };
      };
      const pool = new WorkerPool(failing);
      await expect(parallelOverviews(pool, 2, a.files, a.blobOf, { force: true })).rejects.toThrow(/analysis worker/);
      expect(pool.busy).toBe(false);
      const again = await parallelOverviews(pool, 2, a.files, a.blobOf, { force: true, bins: 700, blockFrames: 1000 });
      expect(spawned).toBe(4);
      expect(JSON.stringify(again)).toBe(JSON.stringify(await computeOverviews(a.files, { bins: 700, blockFrames: 1000 })));
    });
  });
});
