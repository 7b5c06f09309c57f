/**
 * The ZIP container core: our own bounded, finding-reporting reader; entry data access; CRC-32;
 * entry-name rules; the deterministic package writer (over zip.js) and the precomputed layout of
 * an all-stored package (the same bytes, for positional copies).
 * @module
 */
export * from './crc32.js';
export * from './names.js';
export * from './zip-entry.js';
export { readZip, MAX_DEFLATE_RATIO, type ReadZipOptions, type ReadZipResult } from './read-zip.js';
export * from './entry-data.js';
export { checkPackageLayout, STEMPACK_MIMETYPE, MANIFEST_NAME, MIMETYPE_DATA_OFFSET } from './package-layout.js';
export * from './zip-writer.js';
export { layoutStoredPackage, MIMETYPE_BYTES, storedLocalHeader, storedCentralRecord, endOfCentralDirectory, type StoredEntrySpec, type StoredEntryPlacement, type StoredZipLayout } from './stored-layout.js';
export { planTailRewrite, applyTailRewrite, RewriteError, type NewEntry, type TailRewrite } from './append-entries.js';
