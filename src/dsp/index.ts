export * from './sum.js';
export * from './quantize.js';
