/**
 * Worker thread of the batch pool: validates the packages the pool sends, one at a time.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { setAnalysisWorkers } from '../analysis/parallel-node.js';
import { runJob } from './job.js';
import type { BatchJobOptions, FromBatchWorker, ToBatchWorker } from './protocol.js';

const port = parentPort!;
let opts: BatchJobOptions = { level: 'full' };
let skip = new Set<string>();

port.on('message', (m: ToBatchWorker) => {
  if (m.t === 'init') {
    opts = m.opts;
    skip = new Set(m.skip);
    setAnalysisWorkers(m.analysisWorkers);
    return;
  }
  void runJob(m.path, opts, skip).then((r) => {
    const msg: FromBatchWorker = 'skipped' in r ? { t: 'skipped', path: m.path, digest: r.skipped } : { t: 'line', line: r };
    port.postMessage(msg);
  });
});
