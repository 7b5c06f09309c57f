/**
 * `stempack validate` as a library (Node entry: registers the node:crypto SHA-256).
 * @module
 */
import '../analysis/hash-node.js';
export { validate, resolveProfile, buildReport, TOOL } from './validate.js';
export type { ValidateOptions, ValidateInput } from './validate.js';
