/**
 * Signed deliveries and receipts (spec §3.6, §3.7, §12.1): OpenSSH SSHSIG signatures of a
 * package's manifest, allowed signers, ssh-agent, and in-toto receipts. Node entry: registers
 * node:crypto for verification.
 * @module
 */
import './crypto-node.js';
export * from './wire.js';
export * from './base64.js';
export * from './keys.js';
export * from './sshsig.js';
export * from './crypto.js';
export { nodeSigCrypto } from './crypto-node.js';
export * from './verify.js';
export * from './allowed-signers.js';
export * from './names.js';
export * from './check.js';
export * from './receipt.js';
export * from './private-key.js';
export * from './agent.js';
export * from './signer.js';
export * from './package-file.js';
