export * from './bytes-source.js';
export * from './blob-source.js';
export * from './slice-source.js';
export * from './file-source.js';
export * from './file-sink.js';
export * from './memory-sink.js';
export * from './atomic.js';
export * from './http-source.js';
