export * from './bytes-source.js';
export * from './blob-source.js';
export * from './slice-source.js';
export * from './file-source.js';
