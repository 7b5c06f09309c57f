// Clip runs at the threshold and one below, integer and float full scale, silence bookkeeping.
import { describe, expect, it } from 'vitest';
import { clipThresholdFrames, fullScaleHigh } from '../../src/levels/index.js';
import type { LevelOptions } from '../../src/levels/index.js';
import { floatOpts, measure } from './helpers.js';

const int24 = (rate: number, channels = 1): LevelOptions => ({ sampleRate: rate, channels, format: { sampleFormat: 'int', bitsPerSample: 24 }, loudness: false, truePeak: false });
const MAX24 = (2 ** 23 - 1) / 2 ** 23;

/** Mono signal of `frames` at 0.25 with runs [start, length, value] written in. */
function withRuns(frames: number, runs: [number, number, number][]): Float64Array {
  const d = new Float64Array(frames).fill(0.25);
  for (const [s, n, v] of runs) d.fill(v, s, s + n);
  return d;
}

describe('clip threshold', () => {
  it('is 12 frames at 48 kHz, scaled up with the rate', () => {
    expect(clipThresholdFrames(48000)).toBe(12);
    expect(clipThresholdFrames(96000)).toBe(24);
    expect(clipThresholdFrames(44100)).toBe(12);
    expect(clipThresholdFrames(192000)).toBe(48);
    expect(clipThresholdFrames(22050)).toBe(6);
    expect(clipThresholdFrames(48000, 4)).toBe(4);
  });

  it('full scale is the largest code for integers, 1.0 for float', () => {
    expect(fullScaleHigh({ sampleFormat: 'int', bitsPerSample: 16 })).toBe(32767 / 32768);
    expect(fullScaleHigh({ sampleFormat: 'int', bitsPerSample: 24 })).toBe(MAX24);
    expect(fullScaleHigh({ sampleFormat: 'float', bitsPerSample: 32 })).toBe(1);
  });
});

describe('clip runs', () => {
  for (const [rate, thr] of [[48000, 12], [96000, 24]] as const) {
    it(`${rate} Hz: a run of exactly ${thr} max codes counts, ${thr - 1} does not`, () => {
      const r = measure(withRuns(2000, [[100, thr, MAX24], [500, thr - 1, MAX24]]), int24(rate), 64);
      const ch = r.perChannel[0]!;
      expect(r.clipThresholdFrames).toBe(thr);
      expect(ch.clipRuns).toBe(1);
      expect(ch.clippedSamples).toBe(thr);
      expect(ch.firstClipFrame).toBe(100);
      expect(ch.clipRunList).toEqual([{ frame: 100, length: thr }]);
      expect(ch.fullScaleSamples).toBe(2 * thr - 1);
    });

    it(`${rate} Hz: the min code -1 counts the same way`, () => {
      const r = measure(withRuns(2000, [[7, thr, -1], [900, thr - 1, -1]]), int24(rate), 100);
      expect(r.perChannel[0]!.clipRunList).toEqual([{ frame: 7, length: thr }]);
    });
  }

  it('one code below the max breaks a run', () => {
    const below = (2 ** 23 - 2) / 2 ** 23;
    const d = withRuns(100, [[10, 12, MAX24]]);
    d[16] = below;
    expect(measure(d, int24(48000)).perChannel[0]!.clipRuns).toBe(0);
  });

  it('alternating polarity does not form a run; a run at the very end counts', () => {
    const d = new Float64Array(200).fill(0.1);
    for (let i = 0; i < 40; i++) d[20 + i] = i % 2 ? -1 : MAX24;
    d.fill(MAX24, 188);
    const ch = measure(d, int24(48000), 7).perChannel[0]!;
    expect(ch.clipRunList).toEqual([{ frame: 188, length: 12 }]);
  });

  it('float: |x| >= 1 is full scale (including overs), just below is not', () => {
    const d = withRuns(300, [[10, 12, 1], [50, 12, -1.5], [100, 12, 1.2], [200, 12, 0.9999999]]);
    const ch = measure(d, floatOpts(48000, 1, { loudness: false, truePeak: false })).perChannel[0]!;
    expect(ch.clipRuns).toBe(3);
    expect(ch.clipRunList.map((x) => x.frame)).toEqual([10, 50, 100]);
    expect(ch.peak).toBe(1.5);
  });

  it('per channel, with the channel of each run', () => {
    const d = new Float64Array(2 * 100).fill(0.2);
    for (let f = 30; f < 45; f++) d[f * 2 + 1] = -1;
    const r = measure(d, floatOpts(48000, 2));
    expect(r.perChannel[0]!.clipRuns).toBe(0);
    expect(r.perChannel[1]!.clipRunList).toEqual([{ frame: 30, length: 15 }]);
  });

  it('caps the listed runs at 100 but counts all', () => {
    const d = new Float64Array(300 * 20).fill(0.1);
    for (let k = 0; k < 300; k++) d.fill(1, k * 20, k * 20 + 12);
    const ch = measure(d, floatOpts(48000, 1, { loudness: false, truePeak: false })).perChannel[0]!;
    expect(ch.clipRuns).toBe(300);
    expect(ch.clipRunList.length).toBe(100);
    expect(ch.clippedSamples).toBe(3600);
  });
});

describe('silence bookkeeping', () => {
  it('counts leading and trailing exact zeros per channel', () => {
    const d = new Float64Array(2 * 1000);
    for (let f = 100; f < 900; f++) d[f * 2] = 0.1;
    for (let f = 0; f < 990; f++) d[f * 2 + 1] = 0.1;
    const r = measure(d, floatOpts(48000, 2), 33);
    expect(r.perChannel[0]!.leadingSilenceFrames).toBe(100);
    expect(r.perChannel[0]!.trailingSilenceFrames).toBe(100);
    expect(r.perChannel[1]!.leadingSilenceFrames).toBe(0);
    expect(r.perChannel[1]!.trailingSilenceFrames).toBe(10);
    expect(r.silent).toBe(false);
  });

  it('finds ranges below -60 dBFS lasting 2 s or more, across all channels', () => {
    const rate = 8000;
    const d = new Float64Array(rate * 10 * 2).fill(0.1);
    d.fill(0.0005, 1 * rate * 2, 3 * rate * 2); // exactly 2 s at -66 dBFS
    d.fill(0.0005, 4 * rate * 2, 5.5 * rate * 2); // 1.5 s: too short
    d.fill(0, 7 * rate * 2, 10 * rate * 2); // trailing 3 s of zeros
    d[8 * rate * 2 + 1] = 0.0009; // -61 dBFS: still quiet
    const r = measure(d, floatOpts(rate, 2), 1000);
    expect(r.nearSilentRanges).toEqual([
      { startFrame: rate, endFrame: 3 * rate, frames: 2 * rate },
      { startFrame: 7 * rate, endFrame: 10 * rate, frames: 3 * rate },
    ]);
    expect(r.nearSilentRangeCount).toBe(2);
    const louder = measure(d, floatOpts(rate, 2, { nearSilenceDbfs: -70 }), 1000);
    // at -70 dBFS the -66 dB stretches are loud, and the -61 dB sample splits the zeros into 1 s and 2 s - 1 frame
    expect(louder.nearSilentRanges).toEqual([]);
  });

  it('DC offset is the mean', () => {
    const d = new Float64Array(1000).map((_, i) => 0.01 + (i % 2 ? 0.2 : -0.2));
    const ch = measure(d, floatOpts(48000, 1)).perChannel[0]!;
    expect(ch.dcOffset).toBeCloseTo(0.01, 12);
    expect(ch.dcDbfs).toBeCloseTo(-40, 9);
  });

  it('rejects a block shorter than the frames it claims (our bug, so it throws)', () => {
    expect(() => measure(new Float64Array(3), floatOpts(48000, 2), [2])).toThrow(RangeError);
  });
});
