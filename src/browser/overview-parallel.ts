/**
 * The page's waveform pass in the analysis workers: each worker reads some of the files itself
 * (from the `Blob`, read ahead in large pieces), decodes them and folds them into their envelopes
 * with the overview's own code; the validation worker combines, block by block, the mix's decoded
 * block and the workers' partial sums of the stems into the residual's peaks. The result equals
 * {@link computeOverviews}'s, bit for bit: the envelopes are per file, and the residual's sum is
 * exact in any order because the parallel pass runs only when it is (integer stems of at most 32
 * bits at 0 dB, as the analysis pass's partial sums); otherwise the caller runs the
 * single-thread pass.
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { gainFromDb } from '../dsp/sum.js';
import { readAheadChunk } from '../io/read-ahead-source.js';
import { overviewsOf, planOverviews, residualPeaks, type OverviewInput, type OverviewOptions, type Overviews } from '../report/overview.js';
import type { WorkerPool } from './parallel.js';
import type { FromAnalysisWorker, OverviewJob } from './parallel-protocol.js';

/** Where a source's bytes are in a `Blob`. */
export interface BlobRef {
  blob: Blob;
  offset: number;
}

/** Inputs smaller than this stay on one thread unless workers are asked for. */
const MIN_PARALLEL_BYTES = 32 * 1024 * 1024;
/** Blocks a worker may run ahead of the one being combined. */
const AHEAD = 4;

type Block = Extract<FromAnalysisWorker, { t: 'ov-block' }>;
type Result = Extract<FromAnalysisWorker, { t: 'ov-result' }>;

/**
 * The overviews of `inputs` computed in `n` workers of `pool`; null when the parallel pass does
 * not apply (a source not in a Blob, a residual that is not an exact sum, a small input without
 * `force`, no worker free): the caller then runs {@link computeOverviews}. Rejects when a worker fails.
 */
export async function parallelOverviews(
  pool: WorkerPool,
  n: number,
  inputs: readonly OverviewInput[],
  blobOf: (src: ByteSource) => BlobRef | null,
  opts: OverviewOptions & { force?: boolean } = {},
): Promise<Overviews | null> {
  const plan = planOverviews(inputs, opts);
  const idx = inputs.map((_, k) => k).filter((k) => plan.readable[k]);
  if (idx.length === 0 || n < 1 || pool.busy) return null;
  const refs = idx.map((k) => blobOf(inputs[k]!.src));
  if (refs.some((r) => r === null)) return null;
  const exact = plan.stemIdx.every((k) => {
    const i = inputs[k]!;
    return i.header.encoding.sampleFormat === 'int' && i.header.encoding.bitsPerSample <= 32 && gainFromDb(i.gainDb ?? 0) === 1;
  });
  if (plan.residual && !exact) return null;
  const total = idx.reduce((s, k) => s + inputs[k]!.src.size, 0);
  if (total < MIN_PARALLEL_BYTES && !opts.force) return null;

  // files onto workers, largest first onto the least loaded (ties: input order, lower worker)
  const order = [...idx].sort((a, b) => inputs[b]!.src.size - inputs[a]!.src.size || a - b);
  const m = Math.min(n, idx.length);
  const load = new Array<number>(m).fill(0);
  const owner = new Map<number, number>();
  for (const k of order) {
    let w = 0;
    for (let j = 1; j < m; j++) if (load[j]! < load[w]!) w = j;
    load[w]! += inputs[k]!.src.size;
    owner.set(k, w);
  }
  const chunk = readAheadChunk(idx.length);
  const jobs: OverviewJob[] = Array.from({ length: m }, (_, w) => {
    const mine = idx.filter((k) => owner.get(k) === w);
    return {
      t: 'overview',
      files: mine.map((k) => {
        const ref = refs[idx.indexOf(k)]!;
        return { file: k, blob: ref.blob, offset: ref.offset, size: inputs[k]!.src.size, header: inputs[k]!.header };
      }),
      frames: plan.frames,
      blockFrames: plan.blockFrames,
      framesPerBin: plan.framesPerBin,
      bins: plan.bins,
      chunk,
      ahead: AHEAD,
      residual: plan.residual
        ? {
            resFrames: plan.resFrames,
            outCh: plan.outCh,
            mix: owner.get(plan.mixIdx) === w ? plan.mixIdx : null,
            stems: plan.stemIdx.filter((k) => owner.get(k) === w).map((k) => ({ file: k, gain: gainFromDb(inputs[k]!.gainDb ?? 0) })),
          }
        : null,
    };
  });

  pool.busy = true;
  const workers = pool.take(m);
  let failure: Error | null = null;
  let finished = false;
  const queues: Block[][] = workers.map(() => []);
  const results: (Result | null)[] = workers.map(() => null);
  let wake: (() => void) | null = null;
  const poke = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const until = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (failure) throw failure;
      if (ready()) return;
      await new Promise<void>((r) => (wake = r));
    }
  };
  try {
    workers.forEach((w, k) => {
      w.onMessage = (msg) => {
        if (msg.t === 'ov-block') queues[k]!.push(msg);
        else if (msg.t === 'ov-result') results[k] = msg;
        else if (msg.t === 'error') failure ??= new Error(`analysis worker: ${msg.message}`);
        poke();
      };
      w.onError = (e) => {
        failure ??= e;
        poke();
      };
      w.port.postMessage(jobs[k]!, []);
    });
    const active = new Set(workers.map((_, k) => k));
    const got = new Array<number>(inputs.length).fill(0);
    const { residual, framesPerBin, blockFrames, frames, mixIdx, stemIdx, outCh, resFrames } = plan;
    for (let start = 0; start < frames; start += blockFrames) {
      const from = [...active];
      await until(() => from.every((k) => queues[k]!.length > 0));
      let mix: Float64Array | null = null;
      const sums: Float64Array[] = [];
      for (const k of workers.keys()) if (!active.has(k)) for (const f of jobs[k]!.files) got[f.file] = 0;
      for (const k of from) {
        const b = queues[k]!.shift()!;
        for (const g of b.got) got[g.file] = g.frames;
        if (b.mix) mix = b.mix;
        if (b.sum) sums.push(b.sum);
        if (b.last) active.delete(k);
        else workers[k]!.port.postMessage({ t: 'credit' }, []);
      }
      const len = Math.min(blockFrames, resFrames - start);
      if (residual && mix && len > 0 && got[mixIdx]! >= len && stemIdx.every((k) => got[k]! >= len)) {
        let acc = sums[0]!;
        if (sums.length > 1) {
          acc = new Float64Array(len * outCh);
          for (const p of sums) for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + p[i]!;
        }
        residualPeaks(residual.peak, mix, acc, outCh, start, len, framesPerBin);
      }
      opts.onProgress?.(Math.min(frames, start + blockFrames), frames);
      if (active.size === 0) break;
    }
    await until(() => results.every((r) => r !== null));
    for (const r of results) {
      for (const f of r!.files) {
        plan.files[f.file]!.min = f.min;
        plan.files[f.file]!.max = f.max;
      }
    }
    finished = true;
    return overviewsOf(plan);
  } finally {
    for (const w of workers) {
      w.onMessage = null;
      w.onError = null;
    }
    if (!finished) pool.discard();
    pool.busy = false;
  }
}
