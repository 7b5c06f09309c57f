/**
 * Worker thread of the parallel render engine (Node; see `parallel-node.ts`): renders the blocks
 * it is sent with the same {@link createBlockKernel} as the single-thread path and sends the
 * encoded bytes back. Input blocks arrive moved (no copy) and go back with the result; output
 * buffers come back for reuse once written.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { createBlockKernel, type BlockKernel } from './kernel.js';
import type { FromRenderWorker, ToRenderWorker } from './parallel-protocol.js';

const port = parentPort!;
let kernel: BlockKernel | null = null;
let targets = 0;
let outSize = 0;
const pool: ArrayBuffer[] = [];

port.on('message', (m: ToRenderWorker) => {
  try {
    switch (m.t) {
      case 'init':
        kernel = createBlockKernel(m.spec);
        targets = m.spec.targets.length;
        outSize = m.spec.blockFrames * m.spec.channels * (m.spec.out.bitDepth >> 3);
        break;
      case 'recycle':
        for (const b of m.bufs) if (b.byteLength === outSize && pool.length < 4 * targets) pool.push(b);
        break;
      case 'block': {
        const outs = Array.from({ length: targets }, () => new Uint8Array(pool.pop() ?? new ArrayBuffer(outSize)));
        const out = kernel!.run(m.inputs, m.start, m.frames, outs);
        const transfer = [...m.inputs, ...out.bytes].map((b) => b.buffer as ArrayBuffer);
        port.postMessage({ t: 'done', inputs: m.inputs, out } satisfies FromRenderWorker, transfer);
        break;
      }
    }
  } catch (e) {
    port.postMessage({ t: 'error', message: (e as Error).stack ?? String(e) } satisfies FromRenderWorker);
  }
});
