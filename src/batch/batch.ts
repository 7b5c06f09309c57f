/**
 * Validate many packages: a pool of worker threads (one package at a time each), one
 * {@link BatchLine} per package as it finishes, a {@link BatchSummary} at the end. With one
 * job (or one package) it runs in this thread and the analysis pass uses the cores itself.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runJob } from './job.js';
import type { BatchJobOptions, BatchLine, BatchSummary, FromBatchWorker, ToBatchWorker } from './protocol.js';

/** Options of {@link validateBatch}. */
export interface BatchOptions extends BatchJobOptions {
  /** Packages validated at once (default: the number of cores, at most the number of packages). */
  jobs?: number;
  /** Digests to skip (from {@link readResumeDigests}). */
  skip?: ReadonlySet<string>;
  /** Called with each package's line as it finishes (completion order). */
  onLine?(line: BatchLine): void;
}

/** The digests of packages a JSON Lines file already reports (lines of type `package` without `error`). */
export async function readResumeDigests(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw e;
  }
  const out = new Set<string>();
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    try {
      const o = JSON.parse(l) as Partial<BatchLine>;
      if (o.type === 'package' && typeof o.digest === 'string' && o.error === undefined) out.add(o.digest);
    } catch {
      // a torn last line (killed mid-write): that package runs again
    }
  }
  return out;
}

function workerUrl(): URL | null {
  const here = new URL('./batch-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = fileURLToPath(here).replace(/([\\/])src([\\/])batch([\\/])/, '$1dist$2src$2batch$3');
  return existsSync(built) ? pathToFileURL(built) : null;
}

/** Validate `inputs` (paths or URLs, see `expandInputs`). Resolves with the summary. */
export async function validateBatch(inputs: readonly string[], opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const sum: BatchSummary = { type: 'summary', packages: inputs.length, valid: 0, invalid: 0, failed: 0, skipped: 0, seconds: 0 };
  const job: BatchJobOptions = { level: opts.level, ...(opts.profile !== undefined ? { profile: opts.profile } : {}), ...(opts.measure ? { measure: opts.measure } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) };
  const skip = opts.skip ?? new Set<string>();
  const take = (r: BatchLine | { skipped: string }): void => {
    if ('skipped' in r) {
      sum.skipped++;
      return;
    }
    if (r.error !== undefined) sum.failed++;
    else if (r.valid) sum.valid++;
    else sum.invalid++;
    opts.onLine?.(r);
  };
  const cores = availableParallelism();
  const jobs = Math.max(1, Math.min(opts.jobs ?? cores, inputs.length));
  const url = jobs > 1 ? workerUrl() : null;
  if (!url) {
    for (const p of inputs) take(await runJob(p, job, skip));
  } else {
    // each worker validates one package at a time; the cores left per worker go to its analysis pass
    const per = Math.floor(cores / jobs);
    const analysisWorkers = per >= 2 ? per : 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: jobs }, () => {
        const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
        w.postMessage({ t: 'init', opts: job, skip: [...skip], analysisWorkers } satisfies ToBatchWorker);
        return new Promise<void>((resolve, reject) => {
          const feed = (): void => {
            if (next >= inputs.length) {
              void w.terminate().then(() => resolve());
              return;
            }
            w.postMessage({ t: 'job', path: inputs[next++]! } satisfies ToBatchWorker);
          };
          w.on('message', (m: FromBatchWorker) => {
            take(m.t === 'line' ? m.line : { skipped: m.digest });
            feed();
          });
          w.on('error', reject);
          feed();
        });
      }),
    );
  }
  sum.seconds = Math.round(performance.now() - t0) / 1000;
  return sum;
}
