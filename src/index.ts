/**
 * stempack: pack, validate and render `.stempack` stem packages.
 * @packageDocumentation
 */
export * from './model/index.js';
