// The Node CRC-32 (zlib's where Node has it) gives the portable implementation's values, chained
// across arbitrary splits: the analysis workers, the single thread and pack's copy all use it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Update } from '../../src/container/crc32.js';
import { crc32UpdateNode } from '../../src/container/crc32-node.js';

describe('crc32UpdateNode', () => {
  it('matches the portable CRC-32 on known values', () => {
    expect(crc32UpdateNode(0, new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32UpdateNode(0, new Uint8Array(0))).toBe(0);
  });

  it('chains like crc32Update across any split of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(), (bytes, cut) => {
        const k = bytes.length === 0 ? 0 : cut % (bytes.length + 1);
        const node = crc32UpdateNode(crc32UpdateNode(0, bytes.subarray(0, k)), bytes.subarray(k));
        expect(node >>> 0).toBe(crc32Update(0, bytes) >>> 0);
      }),
    );
  });
});
