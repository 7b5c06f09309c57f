// Both SHA-256 back ends agree with node:crypto, across interleaved hashes and chunk splits.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { hashWasmFactory } from '../../src/analysis/hash-wasm.js';
import { nodeSha256 } from '../../src/analysis/hash-node.js';
import type { Sha256Factory } from '../../src/analysis/hash.js';

describe('SHA-256 back ends', () => {
  const data = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 2654435761) >>> 24);
  const expected = createHash('sha256').update(data).digest('hex');
  const empty = createHash('sha256').digest('hex');

  for (const [name, make] of [
    ['node', async () => nodeSha256 as Sha256Factory],
    ['hash-wasm', hashWasmFactory],
  ] as const) {
    it(`${name}: interleaved instances over uneven chunks match node:crypto`, async () => {
      const f = await make();
      const a = f();
      const b = f();
      const c = f();
      for (let p = 0, k = 1; p < data.length; k = (k * 7) % 65521) {
        const chunk = data.subarray(p, Math.min(data.length, p + k));
        a.update(chunk);
        b.update(chunk);
        p += chunk.length;
      }
      expect(a.hex()).toBe(expected);
      expect(b.hex()).toBe(expected);
      expect(c.hex()).toBe(empty);
    });
  }
});
