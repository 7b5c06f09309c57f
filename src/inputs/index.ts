/**
 * The inputs of pack and folder validation: one classification of every file of a stem
 * folder (browser-safe). Walking a folder on disk is `scan.ts` (Node only, not re-exported).
 * @module
 */
export { sniff, extensionOf, SNIFF_BYTES, type Sniff, type SniffKind } from './sniff.js';
export { classifyInput, isHiddenPath, sessionBundleRoot, archiveFormat, INPUT_HEAD_BYTES, type InputClass, type IgnoredInput } from './classify.js';
export { inputFinding, article, type SessionInputParams, type FormatInputParams, type ArchiveInputParams } from './findings.js';
export { classifyFiles, sortByClass, type FolderFile, type ClassifiedInput, type ClassifiedFiles } from './files.js';
