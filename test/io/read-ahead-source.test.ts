// ReadAheadSource: every read returns the inner source's bytes (any offsets, lengths, order,
// reads in flight at once), and sequential block reads cost one inner read per piece.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ByteSource } from '../../src/model/byte-source.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { ReadAheadSource, readAheadChunk } from '../../src/io/read-ahead-source.js';

/** An in-memory source returning fresh copies and counting its reads. */
function counting(bytes: Uint8Array): ByteSource & { reads: number[] } {
  const inner = new BytesSource(bytes);
  const reads: number[] = [];
  return {
    size: inner.size,
    name: 'counting',
    reads,
    async read(o, n) {
      const got = (await inner.read(o, n)).slice();
      reads.push(got.length);
      return got;
    },
  };
}

const data = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 8)) & 255);

describe('ReadAheadSource', () => {
  it('returns the inner bytes for any reads, one at a time or several in flight', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.array(fc.tuple(fc.integer({ min: -10, max: 5200 }), fc.integer({ min: 0, max: 1500 })), { maxLength: 30 }),
        fc.boolean(),
        async (size, reads, together) => {
          const bytes = data(size);
          const src = new ReadAheadSource(counting(bytes), 1000, 100);
          const want = reads.map(([o, n]) => new BytesSource(bytes).read(o, n));
          const got = together ? await Promise.all(reads.map(([o, n]) => src.read(o, n))) : [];
          if (!together) for (const [o, n] of reads) got.push(await src.read(o, n));
          for (let k = 0; k < reads.length; k++) expect(Buffer.from(got[k]!).equals(Buffer.from(await want[k]!))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sequential blocks: one inner read per piece; small and large reads go straight through', async () => {
    const inner = counting(data(1 << 20));
    const src = new ReadAheadSource(inner, 64 * 1024, 4096);
    for (let o = 0; o < inner.size; o += 10000) await src.read(o, 10000);
    // pieces start where a block left the previous one: at most one more read per piece
    expect(inner.reads.length).toBeLessThanOrEqual(Math.ceil(inner.size / (64 * 1024 - 10000)) + 1);
    expect(Math.max(...inner.reads)).toBeLessThanOrEqual(64 * 1024);
    inner.reads.length = 0;
    await src.read(3, 100);
    await src.read(0, 200_000);
    expect(inner.reads).toEqual([100, 200_000]);
  });

  it('pieces of 1 to 4 MiB within the budget', () => {
    expect(readAheadChunk(1)).toBe(4 << 20);
    expect(readAheadChunk(11)).toBe(Math.floor((32 << 20) / 11));
    expect(readAheadChunk(200)).toBe(1 << 20);
  });
});
