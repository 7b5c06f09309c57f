// Non-finite float samples (SP-AUD-012): counted per channel with the first frame; every other
// figure is measured over the finite samples, the same whatever the block size.
import { describe, expect, it } from 'vitest';
import type { LevelOptions } from '../../src/levels/index.js';
import { floatOpts, measure, musicLike } from './helpers.js';

const RATE = 48000;
const opts = floatOpts(RATE, 2);

/** A copy of `d` with [frame, channel, value] written in. */
function poke(d: Float64Array, C: number, at: [number, number, number][]): Float64Array {
  const out = d.slice();
  for (const [f, c, v] of at) out[f * C + c] = v;
  return out;
}

describe('non-finite samples', () => {
  const clean = musicLike(RATE, 2, 3, 7);

  it('counts NaN, +Infinity and -Infinity per channel with the first frame, for any block size', () => {
    const bad = poke(clean, 2, [[5000, 1, NaN], [70000, 1, Infinity], [100000, 1, -Infinity], [140000, 0, NaN]]);
    for (const block of [1, 4096, [7, 1000, 333]]) {
      const r = measure(bad, opts, block);
      expect(r.perChannel.map((c) => [c.nonFiniteSamples, c.firstNonFiniteFrame])).toEqual([[1, 140000], [3, 5000]]);
      expect(r.nonFiniteSamples).toBe(4);
    }
  });

  it('reports none on a clean float file and on integer input', () => {
    const r = measure(clean, opts);
    expect(r.nonFiniteSamples).toBe(0);
    expect(r.perChannel.map((c) => c.firstNonFiniteFrame)).toEqual([null, null]);
    const int24: LevelOptions = { sampleRate: RATE, channels: 2, format: { sampleFormat: 'int', bitsPerSample: 24 } };
    expect(measure(clean, int24).nonFiniteSamples).toBe(0);
  });

  it('leaves peak, true peak, clipping and loudness as on the same file with those samples at 0', () => {
    const at: [number, number, number][] = [[5000, 1, NaN], [70000, 0, Infinity], [100001, 1, -Infinity]];
    const bad = measure(poke(clean, 2, at), opts);
    const zeroed = measure(poke(clean, 2, at.map(([f, c]) => [f, c, 0])), opts);
    expect(Number.isFinite(bad.peakDbfs)).toBe(true);
    expect(bad.peakDbfs).toBe(zeroed.peakDbfs);
    expect(bad.peakFrame).toBe(zeroed.peakFrame);
    expect(bad.truePeakDbtp).toBe(zeroed.truePeakDbtp);
    expect(bad.integratedLufs).not.toBeNull();
    expect(bad.integratedLufs).toBe(zeroed.integratedLufs);
    expect(bad.loudnessRangeLu).toBe(zeroed.loudnessRangeLu);
    expect(bad.correlation).toBe(zeroed.correlation);
    expect(bad.perChannel.map((c) => [c.clipRuns, c.fullScaleSamples])).toEqual(zeroed.perChannel.map((c) => [c.clipRuns, c.fullScaleSamples]));
    expect(bad.interSampleOvers).toBe(zeroed.interSampleOvers);
  });

  it('takes DC and RMS over the finite samples only', () => {
    // mono: 1000 frames at 0.5 and one NaN → DC is exactly 0.5, RMS exactly -6.02 dBFS
    const d = new Float64Array(1001).fill(0.5);
    d[400] = NaN;
    const ch = measure(d, floatOpts(RATE, 1, { loudness: false, truePeak: false })).perChannel[0]!;
    expect(ch.dcOffset).toBe(0.5);
    expect(ch.rmsDbfs).toBeCloseTo(20 * Math.log10(0.5), 12);
    expect(ch.peak).toBe(0.5);
    expect([ch.nonFiniteSamples, ch.firstNonFiniteFrame]).toEqual([1, 400]);
  });

  it('does not call +Infinity a full-scale sample or a clip run', () => {
    const d = new Float64Array(2000).fill(0.25);
    d.fill(Infinity, 100, 140);
    const ch = measure(d, floatOpts(RATE, 1, { loudness: false, truePeak: false })).perChannel[0]!;
    expect([ch.clipRuns, ch.fullScaleSamples, ch.peak]).toEqual([0, 0, 0.25]);
    expect([ch.nonFiniteSamples, ch.firstNonFiniteFrame]).toEqual([40, 100]);
  });

  it('does not change the caller block', () => {
    const d = new Float64Array([0.1, NaN, 0.2, Infinity]);
    measure(d, floatOpts(RATE, 2, { loudness: false }));
    expect(Number.isNaN(d[1])).toBe(true);
    expect(d[3]).toBe(Infinity);
  });
});
