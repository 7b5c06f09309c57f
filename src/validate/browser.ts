/**
 * `validate` without Node modules, for browser builds: register a SHA-256 first
 * (`await useHashWasm()` from `analysis/hash-wasm.js`), then validate a `BlobSource`.
 * @module
 */
export { validate, resolveProfile, buildReport, TOOL } from './validate.js';
export type { ValidateOptions, ValidateInput } from './validate.js';
export { formatReport, formatInspect, describeFinding } from './format.js';
export type { FormatOptions } from './format.js';
export { useHashWasm } from '../analysis/hash-wasm.js';
export { validateLoose, validateClassified, findMix, mixCandidates, orderLoose } from './loose.js';
export type { LooseFile, LooseOptions } from './loose.js';
