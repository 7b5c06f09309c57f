/**
 * The SHA-256 of every original input file of a conform record, whole and of its sample data
 * alone (spec §5.5), read once. Runs in a worker thread (`conform-hash-worker.ts`) beside the pass that
 * packs the conformed files, so the extra hashing costs the machine's other core rather than
 * the packing thread; on this thread when no worker script is built. Node only.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { workerScriptUrl } from '../io/worker-script.js';

/** A file to hash: its sample data is `[dataOffset, dataOffset + dataSize)`. */
export interface HashRequest {
  path: string;
  dataOffset: number;
  dataSize: number;
}

/** The hashes of one file. */
export interface FileHashes {
  bytes: number;
  sha256: string;
  audioSha256: string;
}

/** Bytes per read: 1 MiB keeps the worker's memory small (larger reads hash no faster). */
const CHUNK = 1 << 20;

/** Feed `[pos, pos + n)` of the buffer to the hashes (the sample-data hash only where it overlaps the data). */
function feed(r: HashRequest, whole: ReturnType<typeof createHash>, audio: ReturnType<typeof createHash>, buf: Uint8Array, pos: number, n: number): void {
  const b = buf.subarray(0, n);
  whole.update(b);
  const a0 = Math.max(pos, r.dataOffset);
  const a1 = Math.min(pos + n, r.dataOffset + r.dataSize);
  if (a1 > a0) audio.update(b.subarray(a0 - pos, a1 - pos));
}

/** Hash one file synchronously (the worker's loop). */
export function hashFileSync(r: HashRequest, buf: Uint8Array = new Uint8Array(CHUNK)): FileHashes {
  const fd = openSync(r.path, 'r');
  try {
    const whole = createHash('sha256');
    const audio = createHash('sha256');
    let pos = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      feed(r, whole, audio, buf, pos, n);
      pos += n;
    }
    return { bytes: pos, sha256: whole.digest('hex'), audioSha256: audio.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

async function hashFile(r: HashRequest, buf: Uint8Array): Promise<FileHashes> {
  const fh = await open(r.path, 'r');
  try {
    const whole = createHash('sha256');
    const audio = createHash('sha256');
    let pos = 0;
    for (;;) {
      const { bytesRead: n } = await fh.read(buf, 0, buf.length, pos);
      if (n === 0) break;
      feed(r, whole, audio, buf, pos, n);
      pos += n;
    }
    return { bytes: pos, sha256: whole.digest('hex'), audioSha256: audio.digest('hex') };
  } finally {
    await fh.close();
  }
}

/** Hash the files, in a worker thread where one can start (in order of `files`). */
export async function hashFiles(files: readonly HashRequest[]): Promise<FileHashes[]> {
  if (files.length === 0) return [];
  const url = workerScriptUrl(import.meta.url, 'conform-hash-worker.js');
  if (!url || process.env['STEMPACK_WORKERS'] === '0') {
    const buf = new Uint8Array(CHUNK);
    const out: FileHashes[] = [];
    for (const f of files) out.push(await hashFile(f, buf));
    return out;
  }
  return new Promise<FileHashes[]>((resolve, reject) => {
    const w = new Worker(url, { workerData: { files }, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
    w.once('message', (m: { ok: true; hashes: FileHashes[] } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.hashes);
      else reject(new Error(m.message));
    });
    w.once('error', reject);
    // after an answer this does nothing; without one (a script that is not this worker's) it ends the wait
    w.once('exit', (code) => reject(new Error(`conform hash worker exited${code !== 0 ? ` with code ${code}` : ' without an answer'}`)));
  });
}
