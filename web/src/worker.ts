// The validation worker entry: all logic lives in src/browser/worker.ts (shared, tested).
import { installWorker, type WorkerScope } from '../../src/browser/worker.js';

installWorker(self as unknown as WorkerScope);
