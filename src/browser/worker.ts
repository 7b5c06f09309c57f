/**
 * The validation worker: validates a dropped package with the same library code as the CLI
 * (`validate()` over a {@link BlobSource}: only the ranges it asks for are read, never the whole
 * file), then computes the waveform overviews, and later decodes regions on demand for playback.
 * Imports only browser-safe modules (never `validate/index.js`, which pulls node:crypto).
 * @module
 */
import { BlobSource } from '../io/blob-source.js';
import { validate } from '../validate/validate.js';
import { computeOverviews } from '../report/overview.js';
import { openPackageAudio, readRegion, type PackageAudio } from '../report/package-audio.js';
import { openLooseAudio } from '../report/loose-audio.js';
import { validateClassified, orderLoose, mixCandidates } from '../validate/loose.js';
import { classifyFiles } from '../inputs/files.js';
import { prepareSha256Pool } from './hash-wasm.js';
import { mergeAllowedSigners, parseAllowedSigners } from '../sign/allowed-signers.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The part of a worker's global scope used here. */
export interface WorkerScope {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToWorker>) => void): void;
}

/** Validate + overview one package; what the worker does for a `validate` message. */
export async function runValidation(
  msg: Extract<ToWorker, { type: 'validate' }>,
  post: (m: FromWorker) => void,
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
    overviews = await computeOverviews(pkg.files, {
      bins: msg.bins ?? 1500,
      onProgress(done, total) {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        post({ type: 'progress', id: msg.id, phase: 'overview', done, total });
      },
    });
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
    overviews = await computeOverviews(pkg.files, { bins: msg.bins ?? 1500, onProgress: progress(msg.id, 'overview', post) });
  }
  const names = classified.audio.map((f) => f.name).sort();
  post({ type: 'done', id: msg.id, report, overviews, manifest: null, loose: { folder: msg.folder, names, mix: mix ?? null, candidates: mixCandidates(names) } });
  return { pkg };
}

/** Wire the message handlers into a worker scope. */
export function installWorker(scope: WorkerScope): void {
  let pkg: PackageAudio | null = null;
  // one job at a time, in order
  let queue: Promise<void> = Promise.resolve();
  scope.addEventListener('message', (e) => {
    const msg = e.data;
    queue = queue.then(async () => {
      try {
        if (msg.type === 'validate') {
          pkg = null;
          pkg = (await runValidation(msg, (m) => scope.postMessage(m))).pkg;
        } else if (msg.type === 'validate-loose') {
          pkg = null;
          pkg = (await runLooseValidation(msg, (m) => scope.postMessage(m))).pkg;
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
