/**
 * Worker thread of {@link hashFiles}: hashes the files it is given and posts the results.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hashFileSync, type HashRequest } from './hash-files.js';

const { files } = workerData as { files: HashRequest[] };
try {
  const buf = new Uint8Array(1 << 20);
  parentPort!.postMessage({ ok: true, hashes: files.map((f) => hashFileSync(f, buf)) });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: (e as Error).message });
}
