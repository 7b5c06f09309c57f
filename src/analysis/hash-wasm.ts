/**
 * SHA-256 from hash-wasm, for the browser (works in Node too). One WebAssembly instance serves
 * every hash: each {@link Sha256} keeps its own saved state and loads it around each update,
 * so the factory stays synchronous after one async initialisation.
 */
import { createSHA256 } from 'hash-wasm';
import { setSha256Factory, type Sha256Factory } from './hash.js';

/** Create a hash-wasm backed factory (async: instantiates the WebAssembly module once). */
export async function hashWasmFactory(): Promise<Sha256Factory> {
  const h = await createSHA256();
  h.init();
  const initial = h.save();
  return () => {
    let state = initial;
    return {
      update(bytes) {
        h.load(state);
        h.update(bytes);
        state = h.save();
      },
      hex() {
        h.load(state);
        return h.digest('hex');
      },
    };
  };
}

/** Register hash-wasm as the SHA-256 implementation (call once before analysing in a browser). */
export async function useHashWasm(): Promise<void> {
  setSha256Factory(await hashWasmFactory());
}
