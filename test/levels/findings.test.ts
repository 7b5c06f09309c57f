// levelFindings and normalisationFindings: codes, paths, params, positions.
import { describe, expect, it } from 'vitest';
import { levelFindings, normalisationFindings } from '../../src/levels/index.js';
import type { LevelOptions } from '../../src/levels/index.js';
import { floatOpts, measure, musicLike, noise, sine } from './helpers.js';

const ctx = { path: 'stems/Bass.wav', sampleRate: 48000, isStem: true };
const codes = (fs: { code: string }[]): string[] => fs.map((f) => f.code).sort();
const int24 = (channels: number): LevelOptions => ({ sampleRate: 48000, channels, format: { sampleFormat: 'int', bitsPerSample: 24 } });
const MAX24 = (2 ** 23 - 1) / 2 ** 23;

describe('levelFindings', () => {
  it('clean material yields only the SP-LVL-101 report, JSON-safe', () => {
    const r = measure(noise(48000, 2, 3, 0.3, 1), floatOpts(48000, 2));
    const fs = levelFindings(r, ctx);
    expect(codes(fs)).toEqual(['SP-LVL-101']);
    const info = fs[0]!;
    expect(info.severity).toBe('info');
    expect(info.path).toBe('stems/Bass.wav');
    expect(JSON.parse(JSON.stringify(info.params))).toEqual(info.params);
    const p = info.params as Record<string, unknown>;
    expect(p.peakDbfs).toBe(Math.round(r.peakDbfs * 100) / 100);
    expect(p.integratedLufs).toBe(Math.round(r.integratedLufs! * 100) / 100);
  });

  it('SP-LVL-001 per clipped channel with run count, threshold and first frame', () => {
    const d = new Float64Array(2 * 48000).fill(0.2);
    for (let f = 1000; f < 1020; f++) d[f * 2 + 1] = MAX24;
    for (let f = 5000; f < 5012; f++) d[f * 2 + 1] = -1;
    const fs = levelFindings(measure(d, int24(2)), ctx).filter((f) => f.code === 'SP-LVL-001');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.params).toEqual({ runs: 2, clippedSamples: 32, threshold: 12, firstFrame: 1000, channel: 1 });
    expect(fs[0]!.at).toEqual({ frame: 1000, seconds: 1000 / 48000, endFrame: 1019, channel: 1 });
  });

  it('SP-LVL-002 by default fires for one sample at the integer max code (below 0 dBFS)', () => {
    const d = new Float64Array(4800).fill(0.1);
    d[1234] = MAX24;
    const r = measure(d, int24(1));
    expect(r.peakDbfs).toBeLessThan(0);
    const f = levelFindings(r, ctx).find((x) => x.code === 'SP-LVL-002')!;
    expect(f.params).toEqual({ peakDbfs: 0, limitDbfs: 0 });
    expect(Object.is((f.params as { peakDbfs: number }).peakDbfs, 0)).toBe(true);
    expect(f.at).toMatchObject({ frame: 1234, channel: 0 });
    d[1234] = 0.99;
    expect(codes(levelFindings(measure(d, int24(1)), ctx))).not.toContain('SP-LVL-002');
  });

  it('SP-LVL-002 against an explicit headroom limit (at or above)', () => {
    const r = measure(sine(48000, 2, 1, -3, 440), floatOpts(48000, 2));
    expect(codes(levelFindings(r, { ...ctx, maxPeakDbfs: -6 }))).toContain('SP-LVL-002');
    expect(codes(levelFindings(r, { ...ctx, maxPeakDbfs: -3 }))).toContain('SP-LVL-002');
    expect(codes(levelFindings(r, { ...ctx, maxPeakDbfs: -2.9 }))).not.toContain('SP-LVL-002');
    const f = levelFindings(r, { ...ctx, maxPeakDbfs: -6 }).find((x) => x.code === 'SP-LVL-002')!;
    expect(f.params).toEqual({ peakDbfs: -3, limitDbfs: -6 });
  });

  it('SP-LVL-004 for a silent stem only', () => {
    const r = measure(new Float64Array(2 * 4800), floatOpts(48000, 2));
    expect(codes(levelFindings(r, ctx))).toEqual(['SP-LVL-004', 'SP-LVL-101']);
    expect(codes(levelFindings(r, { ...ctx, isStem: false, path: 'mix/Mix.wav' }))).toEqual(['SP-LVL-101']);
  });

  it('SP-LVL-005 dual mono and SP-LVL-008 inverted pair', () => {
    const m = musicLike(48000, 1, 2, 3);
    const dual = new Float64Array(m.length * 2);
    const inv = new Float64Array(m.length * 2);
    m.forEach((x, i) => {
      dual[2 * i] = dual[2 * i + 1] = x;
      inv[2 * i] = x;
      inv[2 * i + 1] = -x;
    });
    const a = levelFindings(measure(dual, floatOpts(48000, 2)), ctx).find((f) => f.code === 'SP-LVL-005')!;
    expect(a.params).toEqual({ channelA: 0, channelB: 1 });
    const b = levelFindings(measure(inv, floatOpts(48000, 2)), ctx).find((f) => f.code === 'SP-LVL-008')!;
    expect(b.params).toEqual({ channelA: 0, channelB: 1 });
  });

  it('SP-LVL-006 when DC is above -50 dBFS', () => {
    const d = noise(48000, 2, 1, 0.1, 5);
    for (let f = 0; f < 48000; f++) d[f * 2]! += 0.01; // -40 dBFS on channel 0
    const fs = levelFindings(measure(d, floatOpts(48000, 2)), ctx).filter((f) => f.code === 'SP-LVL-006');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.params).toEqual({ channel: 0, dcDbfs: expect.closeTo(-40, 1) });
  });

  it('SP-LVL-007 when the true peak exceeds the limit', () => {
    const r = measure(sine(48000, 2, 1, -0.5, 12000, Math.PI / 4), floatOpts(48000, 2));
    expect(r.truePeakDbtp!).toBeGreaterThan(-1);
    expect(codes(levelFindings(r, ctx))).not.toContain('SP-LVL-007');
    const f = levelFindings(r, { ...ctx, maxTruePeakDbtp: -1 }).find((x) => x.code === 'SP-LVL-007')!;
    expect(f.params).toMatchObject({ limitDbtp: -1, channel: 0, truePeakDbtp: Math.round(r.truePeakDbtp! * 100) / 100 });
  });
});

describe('normalisationFindings', () => {
  it('flags a peak at 0.00 dBFS (within 0.005 dB), including a 16-bit max code', () => {
    const fs = normalisationFindings([
      { path: 'a.wav', peakDbfs: 0 },
      { path: 'b.wav', peakDbfs: 20 * Math.log10(32767 / 32768) },
      { path: 'c.wav', peakDbfs: -0.006 },
      { path: 'd.wav', peakDbfs: -Infinity },
    ]);
    expect(fs.map((f) => [f.code, f.path])).toEqual([
      ['SP-LVL-003', 'a.wav'],
      ['SP-LVL-003', 'b.wav'],
    ]);
    expect(fs[0]!.params).toEqual({ peakDbfs: 0, roundValueDbfs: 0, files: 1 });
  });

  it('flags two or more files at the same round value, not a single one', () => {
    const fs = normalisationFindings([
      { path: 'a.wav', peakDbfs: -1.004 },
      { path: 'b.wav', peakDbfs: -0.998 },
      { path: 'c.wav', peakDbfs: -0.3 },
      { path: 'd.wav', peakDbfs: -2.5 },
      { path: 'e.wav', peakDbfs: -2.5 },
    ]);
    expect(fs.map((f) => f.path)).toEqual(['a.wav', 'b.wav']);
    expect(fs[0]!.params).toEqual({ peakDbfs: -1, roundValueDbfs: -1, files: 2 });
  });
});
