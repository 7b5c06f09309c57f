/**
 * Rules shared by pack and validate (pure, `model` imports only).
 * @module
 */
export * from './format.js';
export * from './cross-file.js';
