import { describe, expect, it } from 'vitest';
import type { Finding, Json } from '../../src/model/finding.js';

const P = (f: Finding) => f.params as { [k: string]: Json };
import fc from 'fast-check';
import { mulberry32 } from '../../src/dsp/quantize.js';
import { createNullSum, type NullResult } from '../../src/nullsum/null-sum.js';
import { nullFindings } from '../../src/nullsum/findings.js';
import { makeSong, mixOf, runNull, scale, shift } from './song.js';

const song = makeSong(3, 4);

function intStems(seed: number, frames: number, chans: number[], bits: number) {
  const rnd = mulberry32(seed);
  const lim = 2 ** (bits - 1) / 8;
  return chans.map((ch) => {
    const a = new Int32Array(frames * ch);
    for (let k = 0; k < a.length; k++) a[k] = Math.floor(((rnd() / 4294967296) * 2 - 1) * lim);
    return a;
  });
}

function intMix(stems: Int32Array[], chans: number[], frames: number, C: number): Int32Array {
  const mix = new Int32Array(frames * C);
  stems.forEach((s, i) => {
    for (let f = 0; f < frames; f++) for (let c = 0; c < C; c++) mix[f * C + c] += s[chans[i] === 1 ? f : f * C + c]!;
  });
  return mix;
}

function runBoth(mix: Int32Array, stems: Int32Array[], chans: number[], frames: number, C: number, bits: number, block: number) {
  const mk = () => createNullSum({ channels: C, sampleRate: 48000, stemChannels: chans, gainsDb: chans.map(() => 0), tolerance: -80, intBits: bits });
  const a = mk();
  const b = mk();
  const inv = 1 / 2 ** (bits - 1);
  for (let f = 0; f < frames; f += block) {
    const n = Math.min(block, frames - f);
    const m = mix.subarray(f * C, (f + n) * C);
    const ss = stems.map((s, i) => s.subarray(f * chans[i]!, (f + n) * chans[i]!));
    a.pushInt(m, ss, n);
    b.push(Float64Array.from(m, (v) => v * inv), ss.map((s) => Float64Array.from(s, (v) => v * inv)), n);
  }
  return [a.result(), b.result()] as const;
}

describe('createNullSum', () => {
  it('integer stems summed exactly give an exact null, and pushInt equals push', () => {
    const frames = 9000;
    const chans = [2, 1, 2];
    const stems = intStems(5, frames, chans, 24);
    const mix = intMix(stems, chans, frames, 2);
    const [ri, rf] = runBoth(mix, stems, chans, frames, 2, 24, 1000);
    expect(ri.exact).toBe(true);
    expect(ri.pass).toBe(true);
    expect(ri.depthDb).toBe(Infinity);
    expect(ri.residualPeakDbfs).toBe(-Infinity);
    expect(ri.residualPeakFrame).toBe(-1);
    expect(ri).toEqual(rf);
    const [f101] = nullFindings(ri, { path: 'mix.wav', sampleRate: 48000, mixBusProcessing: false, tolerance: -80 });
    expect(f101!.code).toBe('SP-NULL-101');
    expect(f101!.params).toMatchObject({ exact: true, depthDb: null, residualPeakDbfs: null, pass: true });
  });

  it('a 5-LSB error at 16 bits is measured identically by pushInt and push', () => {
    const frames = 5000;
    const chans = [2, 2];
    const stems = intStems(9, frames, chans, 16);
    const mix = intMix(stems, chans, frames, 2);
    mix[2 * 1234 + 1] += 5;
    const [ri, rf] = runBoth(mix, stems, chans, frames, 2, 16, 777);
    expect(ri).toEqual(rf);
    expect(ri.exact).toBe(false);
    expect(ri.residualPeakFrame).toBe(1234);
    expect(ri.residualPeakChannel).toBe(1);
    expect(ri.residualPeakDbfs).toBeCloseTo(20 * Math.log10(5 / 32768), 9);
    expect(ri.pass).toBe(false);
    expect(ri.failingFrames).toBe(1);
    expect(ri.failingRanges).toEqual([{ startFrame: 1234, endFrame: 1234, peakDbfs: ri.residualPeakDbfs, peakFrame: 1234 }]);
  });

  it('property: pushInt equals push on random integer data with random faults and blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.constantFrom(16, 24, 32),
        fc.array(fc.constantFrom(1, 2), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 700 }),
        fc.array(fc.tuple(fc.nat(1999), fc.integer({ min: -3000, max: 3000 })), { maxLength: 6 }),
        (seed, bits, chans, block, faults) => {
          const frames = 1000;
          const stems = intStems(seed, frames, chans, bits);
          const mix = intMix(stems, chans, frames, 2);
          for (const [k, d] of faults) mix[k] = mix[k]! + d;
          const [ri, rf] = runBoth(mix, stems, chans, frames, 2, bits, block);
          expect(ri).toEqual(rf);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the clean float song is an exact null at manifest gains', () => {
    const stems = song.stems.map((s, i) => ({ ...s, gainDb: [-3, 0, 1.5, -0.25][i]! }));
    const r = runNull(song, mixOf(song, stems), stems);
    expect(r.exact).toBe(true);
    expect(r.failingRanges).toEqual([]);
  });

  it('figures: residual peak, RMS, depth and per channel for a known residual', () => {
    const C = 2;
    const frames = 48000;
    const mix = new Float64Array(frames * C);
    const stem = new Float64Array(frames * C);
    for (let f = 0; f < frames; f++) {
      const v = 0.5 * Math.sin((2 * Math.PI * 1000 * f) / 48000);
      mix[f * 2] = v;
      mix[f * 2 + 1] = v;
      stem[f * 2] = v;
      stem[f * 2 + 1] = v * 0.99; // right residual 0.005·sin
    }
    const ns = createNullSum({ channels: C, sampleRate: 48000, stemChannels: [2], gainsDb: [0], tolerance: -80 });
    ns.push(mix, [stem], frames);
    const r = ns.result();
    const mixRms = 20 * Math.log10(0.5 / Math.SQRT2);
    const resPeak = 20 * Math.log10(0.005);
    expect(r.mixRmsDbfs).toBeCloseTo(mixRms, 6);
    expect(r.residualPeakDbfs).toBeCloseTo(resPeak, 6);
    expect(r.residualPeakChannel).toBe(1);
    expect(r.perChannel[0]!.peakDbfs).toBe(-Infinity);
    expect(r.perChannel[1]!.rmsDbfs).toBeCloseTo(20 * Math.log10(0.005 / Math.SQRT2), 6);
    // overall RMS averages both channels: half the energy → −3.01 dB
    expect(r.residualRmsDbfs).toBeCloseTo(20 * Math.log10(0.005 / 2), 6);
    expect(r.depthDb).toBeCloseTo(r.mixRmsDbfs - r.residualRmsDbfs, 9);
    expect(r.pass).toBe(false);
    // one continuous failing range (the zero crossings are shorter than 50 ms)
    expect(r.failingRanges).toHaveLength(1);
    expect(r.failingRanges[0]).toMatchObject({ startFrame: 1, endFrame: frames - 1 });
  });

  it('failing ranges merge gaps under 50 ms, sort worst first and are capped', () => {
    const frames = 48000 * 3;
    const mix = new Float64Array(frames);
    const stem = new Float64Array(frames);
    const clicks: [number, number][] = [[1000, 0.01], [1000 + 2000, 0.02], [20000, 0.5], [40000, 0.001], [90000, 0.1]];
    for (const [f, a] of clicks) mix[f] = a;
    const mk = (maxRanges?: number) => createNullSum({ channels: 1, sampleRate: 48000, stemChannels: [1], gainsDb: [0], tolerance: -80, maxRanges });
    const a = mk();
    a.push(mix, [stem], frames);
    const r = a.result();
    expect(r.failingFrames).toBe(5);
    expect(r.failingRanges.map((x) => [x.startFrame, x.endFrame, x.peakFrame])).toEqual([
      [20000, 20000, 20000],
      [90000, 90000, 90000],
      [1000, 3000, 3000],
      [40000, 40000, 40000],
    ]);
    const b = mk(2);
    b.push(mix, [stem], frames);
    expect(b.result().failingRanges.map((x) => x.startFrame)).toEqual([20000, 90000]);
  });

  it('property: NullResult does not depend on the block size', () => {
    const stems = [scale(song.stems[0]!, 1.01), shift(song.stems[1]!, song.frames, 3), song.stems[2]!, song.stems[3]!];
    const mix = mixOf(song);
    const ref: NullResult = runNull(song, mix, stems, -60, song.frames);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), (block) => {
        expect(runNull(song, mix, stems, -60, block)).toEqual(ref);
      }),
      { numRuns: 12 },
    );
  });
});

describe('nullFindings', () => {
  const stems = [scale(song.stems[0]!, 1.01), ...song.stems.slice(1)];
  const failing = runNull(song, mixOf(song), stems);

  it('failing null: SP-NULL-001 at the worst range plus SP-NULL-101', () => {
    const fs = nullFindings(failing, { path: 'mix/mix.wav', sampleRate: 48000, mixBusProcessing: false, tolerance: -80 });
    expect(fs.map((f) => f.code)).toEqual(['SP-NULL-001', 'SP-NULL-101']);
    const e = fs[0]!;
    expect(e.severity).toBe('error');
    expect(e.path).toBe('mix/mix.wav');
    expect(P(e)['tolerance']).toBe(-80);
    expect(P(e)['residualPeakDbfs']).toBeCloseTo(failing.residualPeakDbfs, 2);
    const worst = failing.failingRanges[0]!;
    expect(e.at).toMatchObject({ frame: worst.startFrame, endFrame: worst.endFrame });
    const ranges = P(e)['failingRanges'] as { startFrame: number; startSeconds: number }[];
    expect(ranges[0]!.startFrame).toBe(worst.startFrame);
    expect(ranges[0]!.startSeconds).toBeCloseTo(worst.startFrame / 48000, 5);
    expect(fs[1]!.params).toMatchObject({ pass: false, exact: false });
  });

  it('declared mix-bus processing: only SP-NULL-101 with busProcessing', () => {
    const fs = nullFindings(failing, { path: 'mix/mix.wav', sampleRate: 48000, mixBusProcessing: true, tolerance: -80 });
    expect(fs.map((f) => f.code)).toEqual(['SP-NULL-101']);
    expect(fs[0]!.severity).toBe('info');
    expect(fs[0]!.params).toMatchObject({ busProcessing: true, pass: false });
  });

  it('passing null under a looser tolerance: only SP-NULL-101', () => {
    const r = runNull(song, mixOf(song), stems, -10);
    const fs = nullFindings(r, { path: 'm.wav', sampleRate: 48000, mixBusProcessing: false, tolerance: -10 });
    expect(fs.map((f) => f.code)).toEqual(['SP-NULL-101']);
    expect(P(fs[0]!)['pass']).toBe(true);
  });
});

describe('createNullSum misuse', () => {
  it('throws on blocks shorter than frames, wrong stem counts, bad layouts and pushInt without intBits', () => {
    const ns = createNullSum({ channels: 2, sampleRate: 48000, stemChannels: [2, 1], gainsDb: [0, -3], tolerance: -80 });
    expect(() => ns.push(new Float64Array(10), [new Float64Array(10), new Float64Array(5)], 6)).toThrow(RangeError);
    expect(() => ns.push(new Float64Array(12), [new Float64Array(12)], 6)).toThrow(RangeError);
    expect(() => ns.pushInt(new Int32Array(12), [new Int32Array(12), new Int32Array(6)], 6)).toThrow();
    expect(() => createNullSum({ channels: 2, sampleRate: 48000, stemChannels: [3], gainsDb: [0], tolerance: -80 })).toThrow(RangeError);
    const withGain = createNullSum({ channels: 1, sampleRate: 48000, stemChannels: [1], gainsDb: [-1], tolerance: -80, intBits: 24 });
    expect(() => withGain.pushInt(new Int32Array(4), [new Int32Array(4)], 4)).toThrow();
    // a fresh null-sum with no frames is an exact (empty) null
    expect(ns.result()).toMatchObject({ frames: 0, exact: true, pass: true, failingFrames: 0 });
  });
});

describe('pushSums (partial sums of integer stems)', () => {
  it('gives what push gives with the stems themselves, for 1 to 4 partial sums', () => {
    let s = 12345;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 2001) - 1000;
    const frames = 777;
    const stems = Array.from({ length: 6 }, () => Float64Array.from({ length: frames * 2 }, () => rnd() / 8388608));
    const mix = new Float64Array(frames * 2);
    for (const st of stems) for (let k = 0; k < mix.length; k++) mix[k] = mix[k]! + st[k]!;
    for (let k = 0; k < mix.length; k += 101) mix[k] = mix[k]! + (k % 3) / 8388608;
    const opts = { channels: 2, sampleRate: 48000, stemChannels: stems.map(() => 2), gainsDb: stems.map(() => 0), tolerance: -140 };
    const ref = createNullSum(opts);
    ref.push(mix, stems, frames);
    for (const groups of [[6], [3, 3], [1, 2, 3], [2, 2, 1, 1]]) {
      const partials: Float64Array[] = [];
      let i = 0;
      for (const g of groups) {
        const p = new Float64Array(frames * 2);
        for (let j = 0; j < g; j++, i++) for (let k = 0; k < p.length; k++) p[k] = p[k]! + stems[i]![k]!;
        partials.push(p);
      }
      const ns = createNullSum(opts);
      ns.pushSums(mix, partials, frames);
      expect(ns.result(), groups.join('+')).toEqual(ref.result());
    }
  });
});
