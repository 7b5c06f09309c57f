/**
 * Validating many packages (Node): a worker pool, JSON Lines out, resume by package digest.
 * See docs/batch.md for running it on a cluster.
 * @module
 */
export * from './protocol.js';
export * from './identity.js';
export * from './inputs.js';
export { runJob } from './job.js';
export { validateBatch, readResumeDigests, type BatchOptions } from './batch.js';
