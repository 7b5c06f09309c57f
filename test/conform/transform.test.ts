// The sample transforms and the virtual conformed file: every value carried over exactly, every
// inexact one counted, and a conformed source reads the same bytes whatever ranges it is read in.
import { describe, expect, it } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import fc from 'fast-check';
import { convertSamples, duplicate, interleave, takeChannel, leadingZeroFrames, trailingZeroFrames, zeroSample, type SampleEncoding } from '../../src/conform/transform.js';
import { FrameMap } from '../../src/conform/frames.js';
import { ConformedSource } from '../../src/conform/source.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { readAudioHeader } from '../../src/audio/read/header.js';
import { readFrames } from '../../src/audio/read/blocks.js';
import { encodeWav } from '../helpers/wav.js';

const enc = (sampleFormat: 'int' | 'float', bitsPerSample: number, byteOrder: 'le' | 'be' = 'le', unsigned8 = false): SampleEncoding => ({ sampleFormat, bitsPerSample, byteOrder, unsigned8 });
const I16 = enc('int', 16);
const I24 = enc('int', 24);
const I24BE = enc('int', 24, 'be');
const I32 = enc('int', 32);
const F32 = enc('float', 32);
const F64 = enc('float', 64);
const U8 = enc('int', 8, 'le', true);
const S8 = enc('int', 8, 'be');

function bytesOf(values: number[], e: SampleEncoding): Uint8Array {
  const b = e.bitsPerSample >> 3;
  const out = new Uint8Array(values.length * b);
  const v = new DataView(out.buffer);
  const le = e.byteOrder === 'le';
  values.forEach((x, i) => {
    if (e.sampleFormat === 'float') return b === 4 ? v.setFloat32(i * 4, x, le) : v.setFloat64(i * 8, x, le);
    if (b === 1) return v.setUint8(i, e.unsigned8 ? x + 128 : x & 0xff);
    if (b === 2) return v.setInt16(i * 2, x, le);
    if (b === 4) return v.setInt32(i * 4, x, le);
    const u = x & 0xffffff;
    const t = le ? [u & 0xff, (u >> 8) & 0xff, u >> 16] : [u >> 16, (u >> 8) & 0xff, u & 0xff];
    out.set(t, i * 3);
  });
  return out;
}

function convert(values: Uint8Array, from: SampleEncoding, to: SampleEncoding, n: number) {
  const out = new Uint8Array(n * (to.bitsPerSample >> 3));
  const r = convertSamples(values, from, out, to, n);
  return { out, r };
}

describe('convertSamples', () => {
  prop.prop([fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 64 })])('16-bit widens to 24, 32, float32 and float64 exactly, and back', (v) => {
    const src = bytesOf(v, I16);
    for (const to of [I24, I24BE, I32, F32, F64]) {
      const w = convert(src, I16, to, v.length);
      expect(w.r.count).toBe(0);
      const back = convert(w.out, to, I16, v.length);
      expect(back.r.count).toBe(0);
      expect(Buffer.compare(Buffer.from(back.out), Buffer.from(src))).toBe(0);
    }
    // 16 to 24 bits: each sample shifted by 8 bits
    expect(Buffer.compare(Buffer.from(convert(src, I16, I24, v.length).out), Buffer.from(bytesOf(v.map((x) => x * 256), I24)))).toBe(0);
  });

  it('counts what a narrower format cannot hold, with the first one', () => {
    expect(convert(bytesOf([256, 512, 3, 7], I24), I24, I16, 4).r).toEqual({ count: 2, first: 2 });
    expect(convert(bytesOf([0.5, 0.25, 1 / 3, 1.5], F64), F64, I24, 4).r).toEqual({ count: 2, first: 2 });
    expect(convert(bytesOf([0.1], F64), F64, F32, 1).r.count).toBe(1);
    expect(convert(bytesOf([2 ** 31 - 1], I32), I32, F32, 1).r.count).toBe(1);
    expect(convert(bytesOf([2 ** 31 - 1], I32), I32, F64, 1).r.count).toBe(0);
  });

  it('8-bit WAV (unsigned) and 8-bit AIFF (signed) are the same values', () => {
    const v = [-128, -1, 0, 1, 127];
    const w = convert(bytesOf(v, U8), U8, S8, v.length);
    expect(w.r.count).toBe(0);
    expect([...w.out]).toEqual([...bytesOf(v, S8)]);
    expect([...convert(bytesOf(v, U8), U8, I16, v.length).out]).toEqual([...bytesOf(v.map((x) => x * 256), I16)]);
  });
});

describe('channels and digital zero', () => {
  it('joins, duplicates and takes channels back byte for byte', () => {
    const l = bytesOf([1, 2, 3], I24);
    const r = bytesOf([-1, -2, -3], I24);
    const j = new Uint8Array(18);
    interleave([l, r], 3, 3, j);
    expect([...j]).toEqual([...bytesOf([1, -1, 2, -2, 3, -3], I24)]);
    const back = new Uint8Array(9);
    takeChannel(j, 3, 3, 2, 1, back);
    expect([...back]).toEqual([...r]);
    const d = new Uint8Array(18);
    duplicate(l, 3, 3, 2, d);
    expect([...d]).toEqual([...bytesOf([1, 1, 2, 2, 3, 3], I24)]);
  });

  it('counts frames of digital zero at both ends; -0.0 and 8-bit 0x80 are what they are', () => {
    const b = bytesOf([0, 0, 0, 5, 0, 0], I16);
    expect(leadingZeroFrames(b, 4, zeroSample(I16))).toBe(1);
    expect(trailingZeroFrames(b, 4, zeroSample(I16))).toBe(1);
    expect(leadingZeroFrames(bytesOf([-0, 0], F32), 4, zeroSample(F32))).toBe(0);
    expect(trailingZeroFrames(bytesOf([-0, 0], F32), 4, zeroSample(F32))).toBe(1);
    expect(leadingZeroFrames(bytesOf([0, 0, 1], U8), 1, zeroSample(U8))).toBe(2);
  });
});

describe('ConformedSource', () => {
  const frames = 1000;
  const values = Int32Array.from({ length: frames * 2 }, (_, i) => ((i * 7919) % 65536) - 32768);
  const original = encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 16, samples: values });

  async function conformed(padStart: number, padEnd: number, trimStart = 0) {
    const src = new BytesSource(original, 'orig.wav');
    const { header } = await readAudioHeader(src);
    const map = new FrameMap({ inputs: [{ src, header: header! }], channelOp: 'none', channels: 2, from: header!.encoding, to: I24, trimStart, kept: frames - trimStart, padStart, padEnd });
    return new ConformedSource('out.wav', map, { container: 'wav', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2 });
  }

  it('reads as a WAV file of the padded, widened frames', async () => {
    const c = await conformed(100, 33, 10);
    const all = await c.read(0, c.size);
    expect(all.length).toBe(c.size);
    expect(c.size % 2).toBe(0);
    const { header } = await readAudioHeader(new BytesSource(all));
    expect(header).toMatchObject({ frames: 100 + 990 + 33, channels: 2, encoding: { bitsPerSample: 24 } });
    const x = await readFrames(new BytesSource(all), header!, 0, header!.frames);
    expect(x.subarray(0, 200).every((v) => v === 0)).toBe(true);
    for (let k = 0; k < 990 * 2; k++) expect(x[200 + k]).toBe(values[20 + k]! / 32768);
    expect(x.subarray(200 + 1980).every((v) => v === 0)).toBe(true);
  });

  prop.prop([fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 })])('any split into ranges reads the same bytes (synchronously or not)', async (cuts) => {
    const c = await conformed(7, 5);
    const whole = await c.read(0, c.size);
    const parts: Uint8Array[] = [];
    let p = 0;
    for (const n of [...cuts, c.size]) {
      if (p >= c.size) break;
      const t = new Uint8Array(Math.min(n, c.size - p));
      const got = await c.readInto(p, t);
      parts.push(t.subarray(0, got));
      p += got;
    }
    expect(Buffer.compare(Buffer.concat(parts), Buffer.from(whole))).toBe(0);
  });
});
