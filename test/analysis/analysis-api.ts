// The analysis API under test, through the Node entry (which registers node:crypto SHA-256).
export * from '../../src/analysis/index.js';
export { nodeSha256 as nodeSha256Factory } from '../../src/analysis/hash-node.js';
