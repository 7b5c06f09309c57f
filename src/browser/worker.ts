/**
 * The validation worker: validates a dropped package with the same library code as the CLI
 * (`validate()` over a {@link BlobSource}: only the ranges it asks for are read, never the whole
 * file), then computes the waveform overviews, and later decodes regions on demand for playback.
 * With analysis workers ({@link InstallOptions.spawnAnalysisWorker}) both passes run in them.
 * Imports only browser-safe modules (never `validate/index.js`, which pulls node:crypto).
 * @module
 */
import { BlobSource } from '../io/blob-source.js';
import { ReadAheadSource, readAheadChunk } from '../io/read-ahead-source.js';
import { SliceSource } from '../io/slice-source.js';
import type { ByteSource } from '../model/byte-source.js';
import { validate } from '../validate/validate.js';
import { computeOverviews, type OverviewInput, type OverviewOptions, type Overviews } from '../report/overview.js';
import { openPackageAudio, readRegion, type PackageAudio } from '../report/package-audio.js';
import { openLooseAudio } from '../report/loose-audio.js';
import { validateClassified, orderLoose, mixCandidates } from '../validate/loose.js';
import { classifyFiles } from '../inputs/files.js';
import { prepareSha256Pool } from './hash-wasm.js';
import { setAnalysisEngineFactory } from '../analysis/analyze.js';
import { AnalysisWorkerError, createParallelEngineFactory, WorkerPool, type AnalysisPort } from './parallel.js';
import { parallelOverviews, type BlobRef } from './overview-parallel.js';
import { mergeAllowedSigners, parseAllowedSigners } from '../sign/allowed-signers.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The part of a worker's global scope used here. */
export interface WorkerScope {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToWorker>) => void): void;
}

/** The overview pass's inputs, each file read ahead in large pieces (a `Blob` read costs much more than its bytes). */
function readAhead(files: OverviewInput[]): OverviewInput[] {
  const chunk = readAheadChunk(files.length);
  return files.map((f) => ({ ...f, src: new ReadAheadSource(f.src, chunk) }));
}

/**
 * Runs the waveform pass elsewhere (the analysis workers): resolves null when it does not apply.
 * `blobOf` says where a source's bytes are in a `Blob`.
 */
export type OverviewRunner = (files: OverviewInput[], blobOf: (src: ByteSource) => BlobRef | null, opts: OverviewOptions) => Promise<Overviews | null>;

/** The waveform pass: by `runner` when it takes it, else here. */
async function overviewsOf(files: OverviewInput[], blobOf: (src: ByteSource) => BlobRef | null, opts: OverviewOptions, runner?: OverviewRunner): Promise<Overviews> {
  const got = runner ? await runner(files, blobOf, opts) : null;
  return got ?? computeOverviews(readAhead(files), opts);
}

/** Validate + overview one package; what the worker does for a `validate` message. */
export async function runValidation(
  msg: Extract<ToWorker, { type: 'validate' }>,
  post: (m: FromWorker) => void,
  runner?: OverviewRunner,
): Promise<{ pkg: PackageAudio | null }> {
  const src = new BlobSource(msg.file, msg.name);
  // open first: the entry list sizes the hash pool (two hashes per audio file run at once)
  const pkg = await openPackageAudio(src).catch(() => null);
  const audioCount = Math.max(pkg?.files.length ?? 0, (pkg?.manifest?.stems.length ?? 0) + 1);
  await prepareSha256Pool(2 * audioCount + 4);
  let last = 0;
  // signatures are verified with WebCrypto (the default where crypto.subtle exists); allowed
  // signers dropped beside the package say who is trusted
  const trust = msg.allowedSigners?.length ? { signers: mergeAllowedSigners(...msg.allowedSigners.map((a) => parseAllowedSigners(a.text, a.name))) } : undefined;
  const detached = msg.signatures?.map((s) => ({ path: s.name, bytes: s.bytes }));
  const report = await validate(
    { source: src, name: msg.name },
    {
      level: msg.level ?? 'full',
      ...(trust || detached?.length ? { signatures: { ...(trust ? { trust } : {}), ...(detached?.length ? { detached } : {}) } } : {}),
      ...(msg.profile !== undefined ? { profile: msg.profile } : {}),
      ...(msg.explain ? { explain: true } : {}),
      measure: msg.measureAll === false ? 'findings' : 'all',
      onProgress(done, total) {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        post({ type: 'progress', id: msg.id, phase: 'validate', done, total });
      },
    },
  );
  let overviews = null;
  if (pkg && pkg.files.length > 0 && report.level === 'full') {
    // the package's stored entries are windows of the dropped file
    const blobOf = (s: ByteSource): BlobRef | null => (s instanceof SliceSource ? { blob: msg.file, offset: s.offset } : null);
    overviews = await overviewsOf(
      pkg.files,
      blobOf,
      {
        bins: msg.bins ?? 1500,
        onProgress(done, total) {
          const now = Date.now();
          if (now - last < 100 && done < total) return;
          last = now;
          post({ type: 'progress', id: msg.id, phase: 'overview', done, total });
        },
      },
      runner,
    );
  }
  post({ type: 'done', id: msg.id, report, overviews, manifest: pkg?.manifest ?? null });
  return { pkg };
}

/** Throttled progress poster. */
function progress(id: number, phase: 'validate' | 'overview', post: (m: FromWorker) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    post({ type: 'progress', id, phase, done, total });
  };
}

/**
 * Validate + overview loose files (a folder before packing); what the worker does for a
 * `validate-loose` message. Same core as `stempack validate <folder>` ({@link validateLoose});
 * the overviews follow the validator's order: mix first, then the stems by name.
 */
export async function runLooseValidation(
  msg: Extract<ToWorker, { type: 'validate-loose' }>,
  post: (m: FromWorker) => void,
  runner?: OverviewRunner,
): Promise<{ pkg: PackageAudio | null }> {
  const files = msg.files.map((f) => ({ name: f.name, source: new BlobSource(f.file, f.name) }));
  // every file classified once, as `stempack validate <folder>` and pack classify them
  const classified = await classifyFiles(files);
  const { ordered, mix } = orderLoose(classified.audio, msg.mix);
  await prepareSha256Pool(2 * ordered.length + 4);
  const report = await validateClassified(classified, {
    path: msg.folder,
    level: msg.level ?? 'full',
    ...(msg.mix !== undefined ? { mix: msg.mix } : {}),
    ...(msg.profile !== undefined ? { profile: msg.profile } : {}),
    ...(msg.explain ? { explain: true } : {}),
    measure: msg.measureAll === false ? 'findings' : 'all',
    onProgress: progress(msg.id, 'validate', post),
  });
  const pkg = await openLooseAudio(ordered.map((f) => ({ path: f.name, src: f.source, isMix: f.name === mix })));
  let overviews = null;
  if (pkg.files.length > 0 && report.level === 'full') {
    const blobs = new Map<ByteSource, Blob>(files.map((f, k) => [f.source, msg.files[k]!.file]));
    const blobOf = (s: ByteSource): BlobRef | null => {
      const blob = blobs.get(s);
      return blob ? { blob, offset: 0 } : null;
    };
    overviews = await overviewsOf(pkg.files, blobOf, { bins: msg.bins ?? 1500, onProgress: progress(msg.id, 'overview', post) }, runner);
  }
  const names = classified.audio.map((f) => f.name).sort();
  post({ type: 'done', id: msg.id, report, overviews, manifest: null, loose: { folder: msg.folder, names, mix: mix ?? null, candidates: mixCandidates(names) } });
  return { pkg };
}

/** Options of {@link installWorker}. */
export interface InstallOptions {
  /**
   * Start an analysis worker (`analysis-worker.ts`): the full level's pass then runs in
   * `navigator.hardwareConcurrency` of them (see `parallel.ts`). Without it, in this worker only.
   */
  spawnAnalysisWorker?: () => AnalysisPort;
}

/** Wire the message handlers into a worker scope. */
export function installWorker(scope: WorkerScope, opts: InstallOptions = {}): void {
  let pkg: PackageAudio | null = null;
  /** The current job's `workers` (undefined: one per core). */
  let requested: number | undefined;
  /** Analysis workers of the job's last full pass (0: this worker). */
  let used = 0;
  /** The analysis workers could not run here: this worker alone from then on. */
  let unavailable = false;
  let runner: OverviewRunner | undefined;
  if (opts.spawnAnalysisWorker) {
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    const pool = new WorkerPool(opts.spawnAnalysisWorker);
    const workers = (): { n: number; force?: boolean } =>
      unavailable ? { n: 0 } : requested !== undefined ? { n: requested, force: true } : { n: Math.max(1, cores ?? 1) };
    setAnalysisEngineFactory(createParallelEngineFactory({ pool, workers, onPass: (n) => void (used = n) }));
    runner = async (files, blobOf, o) => {
      const w = workers();
      try {
        return await parallelOverviews(pool, w.n, files, blobOf, { ...o, ...(w.force ? { force: true } : {}) });
      } catch {
        // a worker failed: the waveforms are drawn here instead
        return null;
      }
    };
  }
  // one job at a time, in order
  let queue: Promise<void> = Promise.resolve();
  scope.addEventListener('message', (e) => {
    const msg = e.data;
    queue = queue.then(async () => {
      try {
        if (msg.type !== 'region') {
          requested = msg.workers;
          used = 0;
        }
        // the job's report says how many analysis workers its full pass ran in
        const post = (m: FromWorker): void => scope.postMessage(m.type === 'done' ? { ...m, workers: used } : m);
        // a job the analysis workers could not run runs again in this worker alone
        const once = async <T>(job: () => Promise<T>): Promise<T> => {
          try {
            return await job();
          } catch (err) {
            if (!(err instanceof AnalysisWorkerError) || unavailable) throw err;
            unavailable = true;
            return job();
          }
        };
        if (msg.type === 'validate') {
          pkg = null;
          pkg = (await once(() => runValidation(msg, post, runner))).pkg;
        } else if (msg.type === 'validate-loose') {
          pkg = null;
          pkg = (await once(() => runLooseValidation(msg, post, runner))).pkg;
        } else if (msg.type === 'region') {
          const r = pkg ? await readRegion(pkg, msg.which, msg.startFrame, msg.frames) : null;
          if (!r) scope.postMessage({ type: 'region', id: msg.id, sampleRate: 0, startFrame: msg.startFrame, channels: null });
          else scope.postMessage({ type: 'region', id: msg.id, sampleRate: r.sampleRate, startFrame: r.startFrame, channels: r.channels }, r.channels.map((c) => c.buffer as ArrayBuffer));
        }
      } catch (err) {
        scope.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      }
    });
  });
}
