import { describe, expect, it } from 'vitest';
import { dbForJson, dbToGain, formatTime, groupDigits, toDb } from '../../src/model/units.js';

describe('units', () => {
  it('dB for JSON: rounded to 0.01, silence as null, never -0', () => {
    expect(dbForJson(-3.14159)).toBe(-3.14);
    expect(dbForJson(-Infinity)).toBeNull();
    expect(Object.is(dbForJson(-0.001), 0)).toBe(true);
  });
  it('the gain law and its inverse', () => {
    expect(dbToGain(0)).toBe(1);
    expect(toDb(dbToGain(-6))).toBeCloseTo(-6, 12);
    expect(toDb(0)).toBe(-Infinity);
  });
  it('formats times and frame counts as reports print them', () => {
    expect(formatTime(83.412)).toBe('1:23.412');
    expect(formatTime(3723.5)).toBe('1:02:03.500');
    expect(groupDigits(9909567)).toBe('9,909,567');
  });
});
