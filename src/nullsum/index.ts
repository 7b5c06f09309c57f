/** The null-sum (spec §8) and its forensics. */
export * from './null-sum.js';
export * from './findings.js';
export * from './explain.js';
export { fft, nextPow2 } from './fft.js';
