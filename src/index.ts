/**
 * stempack: pack, validate and render `.stempack` stem packages (Node entry).
 *
 * The tools: {@link pack}, {@link validate}, {@link render} / {@link renderPackage}.
 * The cores they stand on: byte sources and sinks, the audio reader and writer, the zip
 * container, the manifest and profiles, level measurements, the null-sum, the spec's arithmetic.
 * @packageDocumentation
 */
export * from './model/index.js';
export * from './io/index.js';
export * from './audio/index.js';
export * as container from './container/index.js';
export * as manifest from './manifest/index.js';
export * as levels from './levels/index.js';
export * as nullsum from './nullsum/index.js';
export * as dsp from './dsp/index.js';
export * as sign from './sign/index.js';
export { openPackage, type OpenedPackage, type OpenedAudio } from './package/open.js';
export { validate, formatReport, formatInspect, type ValidateOptions, type ValidateInput } from './validate/index.js';
export { pack, formatPackSummary, inferRole, findMix, findSplitMonoPairs, PackUsageError, type PackOptions, type PackResult, type PackProgress } from './pack/index.js';
export { render, renderPackage, type RenderOptions, type RenderResult, type RenderTarget, type RenderFormat } from './render/index.js';
