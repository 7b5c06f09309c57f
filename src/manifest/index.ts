/**
 * The manifest and profile core: schemas, parsing, semantic rules, profiles and versions.
 * Imports only the model.
 */
export { SCHEMAS, validator, isRfc3339DateTime, schemaCompileCount } from './schemas.js';
export type { SchemaName, SchemaValidator } from './schemas.js';
export { schemaIssues, schemaCheck, issuesToFindings, pointerToken } from './format-errors.js';
export type { SchemaIssue, SchemaCheck, SchemaCheckOptions } from './format-errors.js';
export { parseManifest, parseSemver, firstInvalidUtf8, MAX_MANIFEST_BYTES } from './parse.js';
export { jsonErrorIndex } from './json-error.js';
export type { ParseOptions, ParsedManifest } from './parse.js';
export { checkManifestSemantics, LAYOUT_CHANNELS, FOLDERS, LOOSEST_RECOMMENDED_TOLERANCE, pathKey } from './semantics.js';
export {
  loadProfile,
  applySeverity,
  nullToleranceInForce,
  clipRunFrames,
  overrides,
  BUILTIN_PROFILES,
  DEFAULT_NULL_TOLERANCE,
  DEFAULT_CLIP_RUN_FRAMES_48K,
  DEFAULT_MAX_TRUE_PEAK_DBTP,
} from './profile.js';
export type { LoadedProfile } from './profile.js';
export { BUILTIN_VERSIONS, VOCAL_ROLES, availableVersions, resolveVersion, linearGains } from './versions.js';
export type { BuiltinVersion, ResolvedVersion } from './versions.js';
