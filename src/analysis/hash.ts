/**
 * SHA-256 behind a settable factory, so the analysis core runs in Node (node:crypto, see
 * `hash-node.ts`) and in the browser (hash-wasm, registered by the browser entry) unchanged.
 * This module imports nothing platform-specific.
 */

/** An incremental SHA-256. */
export interface Sha256 {
  /** Feed bytes (the array is not kept after the call returns). */
  update(bytes: Uint8Array): void;
  /** Finish and return the lowercase hex digest (call once). */
  hex(): string;
}

/** Makes a fresh {@link Sha256}. */
export type Sha256Factory = () => Sha256;

let factory: Sha256Factory | null = null;

/** Set the SHA-256 implementation (Node: done by importing `hash-node.js`). */
export function setSha256Factory(f: Sha256Factory): void {
  factory = f;
}

/** True once an implementation is registered. */
export function hasSha256Factory(): boolean {
  return factory !== null;
}

/** A fresh SHA-256 from the registered implementation. Throws when none is registered (a setup bug). */
export function createSha256(): Sha256 {
  if (!factory) throw new Error('no SHA-256 implementation registered: import analysis/hash-node.js (Node) or register hash-wasm (browser)');
  return factory();
}
