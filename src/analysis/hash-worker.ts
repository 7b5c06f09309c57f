/**
 * Hash worker of the parallel analysis engine (Node; see `parallel-node.ts` and
 * `parallel-protocol.ts`). It walks the shared descriptor ring in order and feeds each block to
 * the hash streams it owns, in file byte order, so its digests are those of the single-thread
 * pass. It blocks in `Atomics.wait` between blocks and posts one message at the end.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { crc32UpdateNode as crcUpdate } from '../container/crc32-node.js';
import { ABORT, CONSUMED, DESC_INTS, EPOCH, KIND_AUDIO, KIND_FINISH, POSTED, type FromHashWorker, type HashWorkerInit, type StreamKind } from './parallel-protocol.js';


/** How long one wait lasts before the abort flag is looked at again, ms. */
const WAIT_MS = 200;

interface FileStreams {
  sha: Hash | null;
  audio: Hash | null;
  crc: number;
}

function run(m: HashWorkerInit): FromHashWorker {
  const ring = new Uint8Array(m.ring);
  const ctrl = new Int32Array(m.ctrl);
  const desc = new Int32Array(m.desc);
  const refs = new Int32Array(m.refs);
  const files = new Map<number, FileStreams>();
  for (const s of m.streams) {
    let f = files.get(s.file);
    if (!f) files.set(s.file, (f = { sha: null, audio: null, crc: -1 }));
    if (s.kind === 'sha') f.sha = createHash('sha256');
    else if (s.kind === 'audio') f.audio = createHash('sha256');
    else f.crc = 0;
  }
  const mine = CONSUMED + m.index;
  for (let seq = 0; ; ) {
    while (Atomics.load(ctrl, POSTED) === seq) {
      if (Atomics.load(ctrl, ABORT) !== 0) return { t: 'error', message: 'aborted' };
      Atomics.wait(ctrl, POSTED, seq, WAIT_MS);
    }
    const d = (seq % m.slots) * DESC_INTS;
    const kind = desc[d + 1]!;
    if (kind === KIND_FINISH) break;
    const slot = desc[d + 2]!;
    const f = files.get(desc[d]!);
    if (f) {
      const bytes = ring.subarray(slot * m.slotBytes, slot * m.slotBytes + desc[d + 3]!);
      f.sha?.update(bytes);
      if (kind === KIND_AUDIO) f.audio?.update(bytes);
      if (f.crc >= 0) f.crc = crcUpdate(f.crc, bytes);
    }
    Atomics.sub(refs, slot, 1);
    Atomics.store(ctrl, mine, ++seq);
    Atomics.add(ctrl, EPOCH, 1);
    Atomics.notify(ctrl, EPOCH);
  }
  const results: { file: number; kind: StreamKind; value: string | number }[] = [];
  for (const [file, f] of files) {
    if (f.sha) results.push({ file, kind: 'sha', value: f.sha.digest('hex') });
    if (f.audio) results.push({ file, kind: 'audio', value: f.audio.digest('hex') });
    if (f.crc >= 0) results.push({ file, kind: 'crc', value: f.crc >>> 0 });
  }
  return { t: 'result', results };
}

const port = parentPort!;
port.once('message', (m: HashWorkerInit) => {
  let out: FromHashWorker;
  try {
    out = run(m);
  } catch (e) {
    out = { t: 'error', message: (e as Error).stack ?? String(e) };
  }
  port.postMessage(out);
});
