/**
 * `stempack pack` as a library: {@link pack} and the pure helpers it decides with.
 * @module
 */
export { pack, refusalsOf, layoutFor, PACK_GENERATOR } from './pack.js';
export { rfc3339 } from './manifest-build.js';
export { layoutOf } from './consistency.js';
export { PackUsageError, type PackOptions, type PackResult, type PackProgress, type InferredRole } from './types.js';
export { formatPackSummary } from './summary.js';
export { inferRole, inferRoles, type RoleInference } from './roles.js';
export { findMix, type MixSearch } from './mix.js';
export { findSplitMonoPairs, type SplitMonoPair } from './split-mono.js';
export { slugify, uniqueIds, distinctiveNames } from './ids.js';
export { tokenize } from './tokens.js';
export { sniff, type Sniff, type SniffKind } from '../inputs/sniff.js';
export { serializeManifest, manifestBytes } from './manifest-json.js';
export { interleaveBytes } from './join.js';
