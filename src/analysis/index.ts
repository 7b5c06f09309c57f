/**
 * The shared single-pass analysis core (Node entry: registers node:crypto SHA-256).
 * @module
 */
import './hash-node.js';
export * from './hash.js';
export * from './analyze.js';
export * from './block.js';
export { analysisWorkerUrl, setAnalysisWorkers } from './parallel-node.js';
