/**
 * Conform for Node (spec §5.5): the pure planning and checks of `index.ts`, plus planning from
 * files ({@link prepareConform}), the conformed files as byte sources ({@link conformedFile}),
 * and writing them out ({@link writeConformed}). A folder's items come from pack's
 * `conformItemsOf`; `pack({ conform })` conforms and packs in one call.
 * @module
 */
export * from './index.js';
export { prepareConform, conformedFile, hashOriginals, type PreparedConform, type PrepareOptions, type ConformedFile } from './run.js';
export { writeConformed, ConformWriteError, RECORD_FILE, type WrittenSet } from './write.js';
