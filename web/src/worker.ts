// The validation worker entry: all logic lives in src/browser/worker.ts (shared, tested). The
// full level's pass runs in analysis workers, one per core (src/browser/parallel.ts).
import { installWorker, type WorkerScope } from '../../src/browser/worker.js';

installWorker(self as unknown as WorkerScope, {
  spawnAnalysisWorker: () => new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' }),
});
