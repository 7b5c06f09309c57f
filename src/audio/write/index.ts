export * from './spec.js';
export * from './bext.js';
export * from './header.js';
export * from './writer.js';
