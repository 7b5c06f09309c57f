/**
 * `stempack validate` as a library (Node entry: registers the node:crypto SHA-256).
 * @module
 */
import '../analysis/hash-node.js';
import '../sign/crypto-node.js';
export { validate, resolveProfile, buildReport, TOOL } from './validate.js';
export type { ValidateOptions, ValidateInput } from './validate.js';
export { formatReport, formatInspect, describeFinding } from './format.js';
export { formatIgnored } from './format-ignored.js';
export type { FormatOptions } from './format.js';
export { validateFolder, findMix } from './folder.js';
export type { FolderOptions } from './folder.js';
