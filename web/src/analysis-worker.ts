// An analysis worker entry: all logic lives in src/browser/analysis-worker.ts (shared, tested).
import { installAnalysisWorker, type AnalysisWorkerScope } from '../../src/browser/analysis-worker.js';

installAnalysisWorker(self as unknown as AnalysisWorkerScope);
