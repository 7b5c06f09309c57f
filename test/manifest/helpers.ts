// Helpers for the manifest tests: the spec's example manifest as bytes and as a value.
import type { Manifest } from '../../src/model/index.js';
import { applyPatch, exampleManifest } from '../spec/spec-doc.js';

export { applyPatch, exampleManifest };

export function bytesOf(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The spec's example manifest (A.1), typed; a fresh copy each call. */
export function manifest(): Manifest {
  return exampleManifest() as unknown as Manifest;
}
