// Robustness: byte mutations of valid headers never throw, never hang, never read much.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decodeToFloat64, readAudioHeader, readSampleBlocks, probeAudio } from '../../../src/audio/index.js';
import { BytesSource } from '../../../src/io/bytes-source.js';
import type { ByteSource } from '../../../src/model/byte-source.js';
import { aiff, bextBody, chunk, commBody, concat, fmtBody, ssndBody, u32, u64, wav, ascii } from './build.js';

const samples = Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff);
const BASES: Record<string, Uint8Array> = {
  wav: wav([chunk('fmt ', fmtBody({})), chunk('bext', bextBody({ timeReference: 5n })), chunk('data', samples), chunk('iXML', ascii('<FILE_SET><TOTAL_FILES>2</TOTAL_FILES></FILE_SET>'))]),
  rf64: wav([chunk('ds64', concat(u64(0n), u64(600n), u64(100n), u32(0))), chunk('fmt ', fmtBody({ bits: 16 })), chunk('data', samples, true, 0xffffffff)], 'RF64', 0xffffffff),
  aiff: aiff([chunk('COMM', commBody({ frames: 150, bits: 16 }), false), chunk('SSND', ssndBody(samples), false)]),
  aifc: aiff([chunk('COMM', commBody({ frames: 75, bits: 32, compression: 'fl32' }), false), chunk('SSND', ssndBody(samples), false)], true),
};

/** Counts reads and bytes asked for. */
class Counting implements ByteSource {
  reads = 0;
  asked = 0;
  constructor(private readonly inner: ByteSource) {}
  get size() { return this.inner.size; }
  get name() { return this.inner.name; }
  read(o: number, n: number) {
    this.reads++;
    this.asked += Math.max(0, Math.min(n, this.inner.size - o));
    return this.inner.read(o, n);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('size' as const),
    at: fc.nat(),
    v: fc.oneof(fc.constantFrom(0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff), fc.nat(), fc.integer({ min: 0, max: 0xffffffff })),
  }),
);

function mutate(base: Uint8Array, ms: { kind: 'truncate' | 'flip' | 'size'; at: number; v?: number }[]): Uint8Array {
  let b = base.slice();
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'flip') b[at] = m.v!;
    else {
      // overwrite 4 bytes, aligned to the chunk-size fields half of the time
      const o = Math.min(at, Math.max(0, b.length - 4));
      b.set(u32(m.v!, m.at % 2 === 0).subarray(0, b.length - o), o);
    }
  }
  return b;
}

describe('fuzz: mutated headers', () => {
  for (const [name, base] of Object.entries(BASES)) {
    test.prop([fc.array(mutation, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(`${name}: never throws, bounded reads`, async (ms) => {
      const bytes = mutate(base, ms);
      const src = new Counting(new BytesSource(bytes, name));
      const t0 = performance.now();
      const { header, findings } = await readAudioHeader(src);
      // header reads are small: never more than the file, and a bounded number
      expect(src.asked).toBeLessThanOrEqual(bytes.length + 64);
      expect(src.reads).toBeLessThan(200);
      for (const f of findings) expect(f.path).toBe(name);
      if (header) {
        expect(header.dataOffset + header.dataSize).toBeLessThanOrEqual(bytes.length);
        if (header.lossless) {
          expect(header.frames * header.blockAlign).toBeLessThanOrEqual(header.dataSize);
          for await (const blk of readSampleBlocks(src, header, { blockFrames: 7 })) {
            decodeToFloat64(blk.bytes, header.encoding, header.channels, blk.frames, new Float64Array(blk.frames * header.channels));
          }
        }
      }
      await probeAudio(new BytesSource(bytes, name));
      expect(performance.now() - t0).toBeLessThan(1000);
    });
  }

  test.prop([fc.uint8Array({ maxLength: 200 }), fc.constantFrom('RIFF', 'RIFX', 'RF64', 'BW64', 'FORM')])('random bodies after a valid magic', async (body, magic) => {
    const form = magic === 'FORM' ? 'AIFC' : 'WAVE';
    const bytes = concat(ascii(magic), u32(body.length + 4, magic !== 'RIFX' && magic !== 'FORM'), ascii(form), body);
    const { header } = await readAudioHeader(new BytesSource(bytes, 'r'));
    if (header) expect(header.dataOffset + header.dataSize).toBeLessThanOrEqual(bytes.length);
  });
});
