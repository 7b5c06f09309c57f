// Property: every format the writer produces reads back bit-exact through our reader, and
// the bytes don't depend on how the samples were split into write calls.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { BytesSource } from '../../../src/io/bytes-source.js';
import { MemorySink } from '../../../src/io/memory-sink.js';
import { readAudioHeader, readSampleBlocks, decodeToInt32, decodeToFloat64 } from '../../../src/audio/index.js';
import { createAudioWriter, type WriteSpec } from '../../../src/audio/write/index.js';
import type { ByteSink } from '../../../src/model/byte-source.js';
import { writeToMemory } from './helpers.js';

type Fmt = Pick<WriteSpec, 'container' | 'sampleFormat' | 'bitsPerSample' | 'aifcCompression' | 'extensible' | 'rf64'>;
const FORMATS: Fmt[] = [
  ...([8, 16, 24, 32] as const).flatMap((b): Fmt[] => [
    { container: 'wav', sampleFormat: 'int', bitsPerSample: b },
    { container: 'wav', sampleFormat: 'int', bitsPerSample: b, extensible: b <= 16 },
    { container: 'aiff', sampleFormat: 'int', bitsPerSample: b },
    { container: 'aifc', sampleFormat: 'int', bitsPerSample: b, aifcCompression: 'twos' },
    { container: 'aifc', sampleFormat: 'int', bitsPerSample: b, aifcCompression: 'sowt' },
  ]),
  { container: 'wav', sampleFormat: 'int', bitsPerSample: 24, rf64: 'always' },
  { container: 'wav', sampleFormat: 'int', bitsPerSample: 16, rf64: 'never' },
  { container: 'aifc', sampleFormat: 'int', bitsPerSample: 16, aifcCompression: 'NONE' },
  { container: 'wav', sampleFormat: 'float', bitsPerSample: 32 },
  { container: 'wav', sampleFormat: 'float', bitsPerSample: 32, extensible: false },
  { container: 'wav', sampleFormat: 'float', bitsPerSample: 64 },
  { container: 'aifc', sampleFormat: 'float', bitsPerSample: 32 },
  { container: 'aifc', sampleFormat: 'float', bitsPerSample: 64, aifcCompression: 'fl64' },
];

const rateArb = (container: WriteSpec['container']): fc.Arbitrary<number> =>
  container === 'wav'
    ? fc.oneof(fc.constantFrom(8000, 44100, 48000, 96000, 192000), fc.integer({ min: 1, max: 768000 }))
    : fc.oneof(fc.constantFrom(44100, 48000, 22050.5), fc.double({ min: 1, max: 1e6, noNaN: true }));

const specArb: fc.Arbitrary<WriteSpec> = fc
  .constantFrom(...FORMATS)
  .chain((f) => fc.record({ rate: rateArb(f.container), channels: fc.integer({ min: 1, max: 8 }) }).map(({ rate, channels }) => ({ ...f, sampleRate: rate, channels }) as WriteSpec));

/** Samples mixing the extremes with random values, chosen by a seeded PRNG (fast, any length). */
function samples(spec: WriteSpec, frames: number, seed: number): Int32Array | Float64Array {
  const n = frames * spec.channels;
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
  if (spec.sampleFormat === 'int') {
    const bits = spec.bitsPerSample;
    const min = -(2 ** (bits - 1));
    const max = 2 ** (bits - 1) - 1;
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = next();
      const k = r & 7;
      a[i] = k === 0 ? min : k === 1 ? max : k === 2 ? 0 : k === 3 ? -1 : bits === 32 ? next() | 0 : min + (next() % (max - min + 1));
    }
    return a;
  }
  const a = new Float64Array(n);
  const special = [1, -1, 0, -0, 2 ** -126, -(2 ** -149), 1 - 2 ** -24, 4];
  for (let i = 0; i < n; i++) {
    const r = next();
    a[i] = (r & 3) === 0 ? special[(r >>> 2) & 7]! : (next() / 2 ** 32) * 2 - 1;
  }
  return a;
}

async function readBack(bytes: Uint8Array, spec: WriteSpec, frames: number) {
  const src = new BytesSource(bytes, 'roundtrip');
  const { header, findings } = await readAudioHeader(src);
  expect(findings).toEqual([]);
  expect(header).not.toBeNull();
  const h = header!;
  const n = frames * spec.channels;
  const ints = new Int32Array(n);
  const floats = new Float64Array(n);
  for await (const b of readSampleBlocks(src, h, { blockFrames: 777 })) {
    const m = b.frames * spec.channels;
    const off = b.frame * spec.channels;
    if (spec.sampleFormat === 'int') decodeToInt32(b.bytes, h.encoding, m, ints.subarray(off, off + m));
    else decodeToFloat64(b.bytes, h.encoding, spec.channels, b.frames, floats.subarray(off, off + m));
  }
  return { h, ints, floats };
}

describe('writer → reader round trip', () => {
  test.prop([specArb, fc.integer({ min: 0, max: 3000 }), fc.integer()], { numRuns: 150 })(
    'any format, channels 1-8, rate and length reads back bit-exact',
    async (spec, frames, seed) => {
      const data = samples(spec, frames, seed);
      const { bytes, result } = await writeToMemory(spec, data, frames, 1 + (seed >>> 0) % 1000);
      expect(bytes.length % 2).toBe(0);
      const { h, ints, floats } = await readBack(bytes, spec, frames);
      const wantContainer = spec.container === 'wav' && spec.rf64 === 'always' ? 'rf64' : spec.container;
      expect(h.container).toBe(wantContainer);
      expect(h.sampleRate).toBe(spec.sampleRate);
      expect(h.channels).toBe(spec.channels);
      expect(h.encoding.sampleFormat).toBe(spec.sampleFormat);
      expect(h.encoding.bitsPerSample).toBe(spec.bitsPerSample);
      expect(h.frames).toBe(frames);
      expect(h.lossless).toBe(true);
      expect(h.dataOffset).toBe(result.dataOffset);
      expect(h.dataSize).toBe(result.dataBytes);
      expect(result.frames).toBe(frames);
      if (spec.sampleFormat === 'int') {
        expect(ints).toEqual(data);
      } else {
        const want = spec.bitsPerSample === 32 ? Float64Array.from(data, Math.fround) : data;
        for (let i = 0; i < want.length; i++) if (!Object.is(floats[i], want[i])) expect([i, floats[i]]).toEqual([i, want[i]]);
      }
    },
  );

  test.prop([specArb, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2100 }), fc.integer({ min: 1, max: 2100 })], { numRuns: 60 })(
    'different write block sizes, and a stream sink with expectedFrames, give byte-identical files',
    async (spec, frames, b1, b2) => {
      const data = samples(spec, frames, frames + b1);
      const a = await writeToMemory(spec, data, frames, b1);
      const b = await writeToMemory(spec, data, frames, b2);
      expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
      // sizes known up front, sink without writeAt
      const mem = new MemorySink();
      const stream: ByteSink = { write: (c) => mem.write(c), close: () => mem.close() };
      const w = await createAudioWriter(stream, { ...spec, expectedFrames: frames });
      const ch = spec.channels;
      for (let f = 0; f < frames; f += b2) {
        const m = Math.min(b2, frames - f);
        const part = data.subarray(f * ch, (f + m) * ch);
        if (part instanceof Int32Array) await w.writeInt(part, m);
        else await w.writeFloat(part, m);
      }
      await w.finish();
      expect(Buffer.compare(a.bytes, mem.bytes())).toBe(0);
      // raw bytes copied through writeRaw give the same file
      const raw = new MemorySink();
      const wr = await createAudioWriter(raw, spec);
      const res = a.result;
      const body = a.bytes.subarray(res.dataOffset, res.dataOffset + res.dataBytes);
      for (let o = 0; o < body.length; o += 1001) await wr.writeRaw(body.subarray(o, o + 1001));
      await wr.finish();
      expect(Buffer.compare(a.bytes, raw.bytes())).toBe(0);
    },
  );
});
