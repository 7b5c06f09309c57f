export * from './extended80.js';
export * from './decode.js';
export * from './read/header.js';
export * from './read/blocks.js';
export * from './probe.js';
export * from './encode.js';
export * from './write/index.js';
