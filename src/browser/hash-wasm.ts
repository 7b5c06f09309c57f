/**
 * SHA-256 in the browser: hash-wasm instances are created asynchronously, but the analysis core
 * asks for hashes synchronously (`createSha256()`), so a pool is filled up front
 * ({@link prepareSha256Pool}) and instances go back to it when a digest is taken. Should the pool
 * run dry, the pure-JS {@link jsSha256} takes over (slower, same digests).
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { setSha256Factory, type Sha256 } from '../analysis/hash.js';
import { jsSha256 } from './sha256-js.js';

const free: IHasher[] = [];
let created = 0;
/** Instances taken from the pool since the last prepare, and how many fell back to plain JS. */
export const sha256Stats = { pooled: 0, fallback: 0 };

/** Make sure `n` hash-wasm instances are free and register the pooled factory. */
export async function prepareSha256Pool(n: number): Promise<void> {
  while (free.length < n) {
    free.push(await createSHA256());
    created++;
  }
  sha256Stats.pooled = 0;
  sha256Stats.fallback = 0;
  setSha256Factory(pooledSha256);
}

/** Free instances in the pool, and hash-wasm instances created so far (for tests). */
export function sha256PoolSize(): { free: number; created: number } {
  return { free: free.length, created };
}

function pooledSha256(): Sha256 {
  const h = free.pop();
  if (!h) {
    sha256Stats.fallback++;
    return jsSha256();
  }
  sha256Stats.pooled++;
  h.init();
  return {
    update(bytes) {
      h.update(bytes);
    },
    hex() {
      const d = h.digest('hex');
      free.push(h);
      return d;
    },
  };
}
