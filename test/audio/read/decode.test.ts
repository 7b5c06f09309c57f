// Decoder kernels against hand-computed values, both byte orders, Int32 codes, deinterleave.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decodeToFloat32, decodeToFloat64, decodeToInt32, deinterleave } from '../../../src/audio/decode.js';
import type { AudioEncoding } from '../../../src/model/audio.js';

const enc = (bits: number, order: 'le' | 'be', sampleFormat: 'int' | 'float' = 'int', unsigned8 = false): AudioEncoding => ({
  sampleFormat, bitsPerSample: bits, validBits: bits, byteOrder: order, unsigned8,
});

/** Two's complement bytes of `v` in `bits`, in the given order. */
function intBytes(vals: number[], bits: number, order: 'le' | 'be'): Uint8Array {
  const n = bits / 8;
  const out = new Uint8Array(vals.length * n);
  vals.forEach((v, i) => {
    const u = BigInt.asUintN(bits, BigInt(v));
    for (let k = 0; k < n; k++) {
      const byte = Number((u >> BigInt(8 * k)) & 0xffn);
      out[i * n + (order === 'le' ? k : n - 1 - k)] = byte;
    }
  });
  return out;
}

describe('integer decoding', () => {
  for (const bits of [8, 16, 24, 32]) {
    for (const order of ['le', 'be'] as const) {
      test.prop([fc.array(fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 }), { minLength: 1, maxLength: 64 })])(
        `signed ${bits}-bit ${order}: v / 2^(b-1) and raw codes`,
        (vals) => {
          const b = intBytes(vals, bits, order);
          const f64 = new Float64Array(vals.length);
          decodeToFloat64(b, enc(bits, order), 1, vals.length, f64);
          expect([...f64]).toEqual(vals.map((v) => v / 2 ** (bits - 1)));
          const f32 = new Float32Array(vals.length);
          decodeToFloat32(b, enc(bits, order), 1, vals.length, f32);
          expect([...f32]).toEqual(vals.map((v) => Math.fround(v / 2 ** (bits - 1))));
          const i32 = new Int32Array(vals.length);
          decodeToInt32(b, enc(bits, order), vals.length, i32);
          expect([...i32]).toEqual(vals);
        },
      );
    }
  }

  it('8-bit unsigned WAV: (u - 128) / 128', () => {
    const b = Uint8Array.from([0, 128, 255, 1]);
    const out = new Float64Array(4);
    decodeToFloat64(b, enc(8, 'le', 'int', true), 2, 2, out);
    expect([...out]).toEqual([-1, 0, 127 / 128, -127 / 128]);
    const codes = new Int32Array(4);
    decodeToInt32(b, enc(8, 'le', 'int', true), 4, codes);
    expect([...codes]).toEqual([-128, 0, 127, -127]);
  });

  it('extremes of 24-bit', () => {
    const out = new Float64Array(2);
    decodeToFloat64(Uint8Array.from([0x00, 0x00, 0x80, 0xff, 0xff, 0x7f]), enc(24, 'le'), 1, 2, out);
    expect([...out]).toEqual([-1, 8388607 / 8388608]);
  });
});

describe('float decoding', () => {
  test.prop([fc.array(fc.float({ noNaN: true }), { maxLength: 32 }), fc.constantFrom('le' as const, 'be' as const), fc.nat(3)])(
    'float32 as stored, any alignment',
    (vals, order, shift) => {
      const buf = new Uint8Array(shift + vals.length * 4);
      const dv = new DataView(buf.buffer);
      vals.forEach((v, i) => dv.setFloat32(shift + i * 4, v, order === 'le'));
      const out = new Float64Array(vals.length);
      decodeToFloat64(buf.subarray(shift), enc(32, order, 'float'), 1, vals.length, out);
      expect([...out].map((x) => Object.is(x, -0) ? 0 : x)).toEqual(vals.map((x) => Object.is(x, -0) ? 0 : x));
    },
  );

  test.prop([fc.array(fc.double({ noNaN: true }), { maxLength: 32 }), fc.constantFrom('le' as const, 'be' as const), fc.nat(7)])(
    'float64 as stored, any alignment',
    (vals, order, shift) => {
      const buf = new Uint8Array(shift + vals.length * 8);
      const dv = new DataView(buf.buffer);
      vals.forEach((v, i) => dv.setFloat64(shift + i * 8, v, order === 'le'));
      const out = new Float64Array(vals.length);
      decodeToFloat64(buf.subarray(shift), enc(64, order, 'float'), 1, vals.length, out);
      expect(out).toEqual(Float64Array.from(vals));
    },
  );

  it('decodeToInt32 refuses float; short input or output throws RangeError', () => {
    expect(() => decodeToInt32(new Uint8Array(4), enc(32, 'le', 'float'), 1, new Int32Array(1))).toThrow(RangeError);
    expect(() => decodeToFloat64(new Uint8Array(5), enc(24, 'le'), 2, 1, new Float64Array(2))).toThrow(RangeError);
    expect(() => decodeToFloat64(new Uint8Array(6), enc(24, 'le'), 2, 1, new Float64Array(1))).toThrow(RangeError);
  });
});

describe('deinterleave', () => {
  it.each([1, 2, 3, 6])('%d channels', (ch) => {
    const frames = 5;
    const inter = Float64Array.from({ length: frames * ch }, (_, i) => i);
    const planar = Array.from({ length: ch }, () => new Float64Array(frames));
    deinterleave(inter, ch, frames, planar);
    for (let c = 0; c < ch; c++) expect([...planar[c]!]).toEqual(Array.from({ length: frames }, (_, f) => f * ch + c));
  });
});
