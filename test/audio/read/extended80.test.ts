import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decodeExtended80, encodeExtended80 } from '../../../src/audio/extended80.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('80-bit extended', () => {
  it.each([
    [44100, '400eac44000000000000'],
    [48000, '400ebb80000000000000'],
    [96000, '400fbb80000000000000'],
    [8000, '400bfa00000000000000'],
    [1, '3fff8000000000000000'],
    [0, '00000000000000000000'],
    [-2, 'c0008000000000000000'],
    [44099.5, '400eac43800000000000'],
  ])('%d <-> %s', (rate, bytes) => {
    expect(hex(encodeExtended80(rate))).toBe(bytes);
    expect(decodeExtended80(Buffer.from(bytes, 'hex'))).toBe(rate);
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 31 })])('integers round-trip exactly', (n) => {
    expect(decodeExtended80(encodeExtended80(n))).toBe(n);
  });

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('every finite double round-trips exactly', (x) => {
    expect(Object.is(decodeExtended80(encodeExtended80(x)), x)).toBe(true);
  });

  test.prop([fc.uint8Array({ minLength: 10, maxLength: 10 })])('any 10 bytes decode without throwing', (b) => {
    expect(typeof decodeExtended80(b)).toBe('number');
  });

  it('rounds a mantissa beyond 53 bits to nearest, reads at an offset, and flags infinity/NaN', () => {
    // 1 + 2^-63 rounds to 1
    expect(decodeExtended80(Buffer.from('3fff8000000000000001', 'hex'))).toBe(1);
    expect(decodeExtended80(Buffer.from('aa400eac44000000000000', 'hex'), 1)).toBe(44100);
    expect(decodeExtended80(Buffer.from('7fff0000000000000000', 'hex'))).toBe(Infinity);
    expect(decodeExtended80(Buffer.from('7fffc000000000000000', 'hex'))).toBeNaN();
    expect(() => encodeExtended80(NaN)).toThrow(RangeError);
  });
});
