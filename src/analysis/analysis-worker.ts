/**
 * Worker thread of the parallel analysis engine (Node; see `parallel-node.ts`). It owns the
 * states of the files assigned to it and runs the same pure per-block functions as the
 * single-thread path ({@link feedOther}, {@link feedAudio}), in the order the main thread sends
 * the bytes, so its results are bit-identical. Byte blocks arrive transferred (no copy); decoded
 * blocks the null-sum needs go back transferred and return for reuse.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import './hash-node.js';
import { createFileState, feedAudio, feedOther, settlePartialSum, type FileSpec, type FileState, type PartialSum } from './block.js';
import { createS24Sum, type S24Sum } from '../levels/index.js';
import { fileResult } from './analyze.js';
import type { ToWorker, FromWorker } from './parallel-protocol.js';

const port = parentPort!;
const states = new Map<number, FileState>();
const specs = new Map<number, FileSpec>();
const pools = new Map<number, ArrayBuffer[]>();

function post(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

/** Make sure the array handed out last time is replaced (a transferred array is detached). */
function ready(id: number, st: FileState): void {
  if (st.keep && st.f64.length === 0) {
    const b = pools.get(id)!.pop();
    st.f64 = b ? new Float64Array(b) : new Float64Array(sizeOf.get(id)!);
  }
}
const sizeOf = new Map<number, number>();
/** Values of the partial sum of a block's summed stems (see FileSpec.sum), and spare buffers for it. */
let sumLen = 0;
const sumPool: ArrayBuffer[] = [];
/** The SIMD meter's running sum of this thread (stereo stems). */
let kernelSum: S24Sum | null = null;

/** The block's partial sum (one object per block: it carries whether `buf` was added into). */
let cur: PartialSum | null = null;

function partial(): PartialSum {
  if (!cur) {
    const b = sumPool.pop();
    cur = { buf: b ? new Float64Array(b).fill(0) : new Float64Array(sumLen), kernel: kernelSum };
  }
  return cur;
}

port.on('message', (m: ToWorker) => {
  try {
    switch (m.t) {
      case 'init':
        for (const f of m.files) {
          const st = createFileState(f.spec);
          specs.set(f.id, f.spec);
          states.set(f.id, st);
          pools.set(f.id, []);
          sizeOf.set(f.id, st.f64.length);
          if (f.spec.sum) {
            sumLen = Math.max(sumLen, f.spec.blockFrames * f.spec.channels);
            if (f.spec.channels === 2) kernelSum ??= createS24Sum(f.spec.blockFrames);
          }
        }
        break;
      case 'other':
        feedOther(states.get(m.id)!, m.bytes);
        post({ t: 'ack', id: m.id, bytes: m.bytes.length, back: m.bytes.buffer as ArrayBuffer }, [m.bytes.buffer as ArrayBuffer]);
        break;
      case 'audio': {
        const st = states.get(m.id)!;
        ready(m.id, st);
        feedAudio(st, m.bytes, m.frames, m.decode, specs.get(m.id)?.sum && m.decode && m.frames > 0 ? partial() : undefined);
        const out = m.out && st.keep ? st.f64 : null;
        const back = m.bytes.buffer as ArrayBuffer;
        if (out) post({ t: 'ack', id: m.id, bytes: m.bytes.length, back, out }, [back, out.buffer as ArrayBuffer]);
        else post({ t: 'ack', id: m.id, bytes: m.bytes.length, back }, [back]);
        break;
      }
      case 'end': {
        const s = cur ? settlePartialSum(cur, sumLen) : null;
        cur = null;
        if (s) post({ t: 'sum', sum: s }, [s.buffer as ArrayBuffer]);
        else post({ t: 'sum', sum: null });
        break;
      }
      case 'recycle-sum':
        if (m.buf.byteLength === sumLen * 8 && sumPool.length < 4) sumPool.push(m.buf);
        break;
      case 'recycle':
        pools.get(m.id)?.push(m.buf);
        break;
      case 'finish':
        post({ t: 'result', results: [...states].map(([id, st]) => ({ id, r: fileResult(st) })) });
        break;
    }
  } catch (e) {
    post({ t: 'error', message: (e as Error).stack ?? String(e) });
  }
});
