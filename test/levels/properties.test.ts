// Property tests: exact peaks, silence, channel pairs, gain law, block-size independence.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLevelMeter } from '../../src/levels/index.js';
import { concat, floatOpts, measure, musicLike, noise, rng, sine } from './helpers.js';

const arbSignal = fc.record({
  rate: fc.constantFrom(44100, 48000, 96000),
  channels: fc.integer({ min: 1, max: 3 }),
  frames: fc.integer({ min: 1, max: 20000 }),
  seed: fc.integer(),
});

function gen(channels: number, frames: number, seed: number, amp = 0.5): Float64Array {
  const r = rng(seed);
  const d = new Float64Array(frames * channels);
  for (let i = 0; i < d.length; i++) d[i] = amp * (2 * r() - 1);
  return d;
}

describe('sample peak', () => {
  it('is exact and at the first frame holding it', () => {
    fc.assert(
      fc.property(arbSignal, fc.double({ min: 0.6, max: 0.99, noNaN: true }), fc.nat(), fc.boolean(), ({ rate, channels, frames, seed }, peak, pos, neg) => {
        const d = gen(channels, frames, seed);
        const frame = pos % frames;
        const ch = pos % channels;
        d[frame * channels + ch] = neg ? -peak : peak;
        const r = measure(d, floatOpts(rate, channels, { loudness: false, truePeak: false }), 1000);
        expect(r.peak).toBe(peak);
        expect(r.peakFrame).toBe(frame);
        expect(r.peakChannel).toBe(ch);
        expect(r.perChannel[ch]!.peak).toBe(peak);
        expect(r.peakDbfs).toBe(20 * Math.log10(peak));
      }),
      { numRuns: 60 },
    );
  });

  it('digital silence: -Infinity peak, silent, no loudness, all frames leading/trailing silence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 50000 }), (channels, frames) => {
        const r = measure(new Float64Array(channels * frames), floatOpts(48000, channels), 777);
        expect(r.peakDbfs).toBe(-Infinity);
        expect(r.peakFrame).toBe(-1);
        expect(r.peakChannel).toBe(-1);
        expect(r.silent).toBe(true);
        expect(r.integratedLufs).toBeNull();
        expect(r.dualMono).toBe(false);
        expect(r.invertedPairs).toEqual([]);
        for (const ch of r.perChannel) {
          expect(ch.silent).toBe(true);
          expect(ch.leadingSilenceFrames).toBe(frames);
          expect(ch.trailingSilenceFrames).toBe(frames);
          expect(ch.dcDbfs).toBe(-Infinity);
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('channel pairs', () => {
  const stereoFrom = (mono: Float64Array, f: (x: number) => number): Float64Array => {
    const d = new Float64Array(mono.length * 2);
    for (let i = 0; i < mono.length; i++) {
      d[2 * i] = mono[i]!;
      d[2 * i + 1] = f(mono[i]!);
    }
    return d;
  };

  it('a signal copied to both channels is dual mono (correlation 1); negated is an inverted pair (-1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10000 }), fc.integer(), (frames, seed) => {
        const mono = gen(1, frames, seed);
        const same = measure(stereoFrom(mono, (x) => x), floatOpts(48000, 2, { truePeak: false }), 512);
        expect(same.dualMono).toBe(true);
        expect(same.dualMonoPairs).toEqual([[0, 1]]);
        expect(same.invertedPairs).toEqual([]);
        expect(same.correlation).toBeCloseTo(1, 9);
        const inv = measure(stereoFrom(mono, (x) => -x), floatOpts(48000, 2, { truePeak: false }), 512);
        expect(inv.dualMono).toBe(false);
        expect(inv.invertedPairs).toEqual([[0, 1]]);
        expect(inv.correlation).toBeCloseTo(-1, 9);
      }),
      { numRuns: 30 },
    );
  });

  it('one differing sample anywhere breaks dual mono', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer(), fc.nat(), (frames, seed, pos) => {
        const d = stereoFrom(gen(1, frames, seed), (x) => x);
        d[(pos % frames) * 2 + 1]! += 1e-9;
        expect(measure(d, floatOpts(48000, 2), 333).dualMono).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('lists every identical pair of a multichannel file and ignores all-zero pairs', () => {
    const frames = 4000;
    const a = gen(1, frames, 1);
    const b = gen(1, frames, 2);
    const d = new Float64Array(frames * 5);
    for (let f = 0; f < frames; f++) {
      d[f * 5] = a[f]!;
      d[f * 5 + 1] = b[f]!;
      d[f * 5 + 2] = a[f]!;
      d[f * 5 + 3] = -b[f]!;
      // channel 4 silent; with only one silent channel nothing pairs with it
    }
    const r = measure(d, floatOpts(48000, 5));
    expect(r.dualMonoPairs).toEqual([[0, 2]]);
    expect(r.invertedPairs).toEqual([[1, 3]]);
  });

  it('independent noise is uncorrelated; mono has no correlation', () => {
    expect(Math.abs(measure(noise(48000, 2, 5, 0.5, 4), floatOpts(48000, 2)).correlation!)).toBeLessThan(0.01);
    expect(measure(noise(48000, 1, 1, 0.5, 4), floatOpts(48000, 1)).correlation).toBeNull();
  });
});

describe('gain law', () => {
  it('scaling by g dB moves sample peak and integrated loudness by g dB', () => {
    const base = concat(musicLike(48000, 2, 6, 21), sine(48000, 2, 2, -30, 300));
    const r0 = measure(base, floatOpts(48000, 2, { truePeak: false }));
    fc.assert(
      fc.property(fc.double({ min: -30, max: 6, noNaN: true }), (g) => {
        const k = Math.pow(10, g / 20);
        const r = measure(base.map((x) => x * k), floatOpts(48000, 2, { truePeak: false }));
        expect(Math.abs(r.peakDbfs - r0.peakDbfs - g)).toBeLessThanOrEqual(0.01);
        expect(Math.abs(r.integratedLufs! - r0.integratedLufs! - g)).toBeLessThanOrEqual(0.01);
      }),
      { numRuns: 12 },
    );
  });
});

describe('block-size independence', () => {
  const signal = concat(new Float64Array(2 * 3000), musicLike(44100, 2, 3, 8), new Float64Array(2 * 100000), sine(44100, 2, 1, -0.5, 5000, 1));
  // full-scale runs across arbitrary boundaries
  for (let f = 50000; f < 50030; f++) signal[f * 2] = 1;
  for (let f = 60000; f < 60013; f++) signal[f * 2 + 1] = -1;
  const opts = floatOpts(44100, 2);
  const whole = measure(signal, opts, signal.length / 2);

  it('random block splits give an identical result', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20000 }), { minLength: 1, maxLength: 20 }), (splits) => {
        expect(measure(signal, opts, splits)).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('also in true-peak threshold mode', () => {
    const o = floatOpts(44100, 2, { truePeak: -3 });
    const w = measure(signal, o, signal.length / 2);
    expect(w.truePeakDbtp).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20000 }), { minLength: 1, maxLength: 10 }), (splits) => {
        expect(measure(signal, o, splits)).toEqual(w);
      }),
      { numRuns: 10 },
    );
  });

  it('result() can be called mid-stream without disturbing it', () => {
    const m = createLevelMeter(opts);
    const half = 70000;
    m.push(signal.subarray(0, half * 2), half);
    m.result();
    m.push(signal.subarray(half * 2), signal.length / 2 - half);
    expect(m.result()).toEqual(whole);
  });
});

describe('true peak modes', () => {
  const loud = sine(48000, 2, 3, -0.3, 12000, Math.PI / 4);
  const quiet = sine(48000, 2, 3, -20, 12000, Math.PI / 4);

  it('threshold mode gives the full-mode value when the true peak reaches the threshold', () => {
    const full = measure(loud, floatOpts(48000, 2, { loudness: false }));
    const thr = measure(loud, floatOpts(48000, 2, { loudness: false, truePeak: -1 }));
    expect(thr.truePeakDbtp).toBe(full.truePeakDbtp);
    expect(thr.interSampleOvers).toBe(full.interSampleOvers);
    expect(thr.measured.truePeak).toBe('threshold');
  });

  it('threshold mode skips quiet material and says the true peak stays below the threshold', () => {
    const r = measure(quiet, floatOpts(48000, 2, { truePeak: -1 }));
    expect(r.truePeakDbtp).toBeNull();
    expect(r.truePeakBelowDbtp).toBe(-1);
    expect(r.interSampleOvers).toBe(0);
    const full = measure(quiet, floatOpts(48000, 2));
    expect(full.truePeakDbtp!).toBeLessThan(-1);
  });

  it('false: not computed', () => {
    const r = measure(loud, floatOpts(48000, 2, { truePeak: false }));
    expect(r.truePeakDbtp).toBeNull();
    expect(r.interSampleOvers).toBeNull();
    expect(r.measured.truePeak).toBe('none');
    expect(r.perChannel[0]!.truePeakDbtp).toBeNull();
  });

  it('counts inter-sample overs of a fs/4 sine whose samples stay below full scale', () => {
    // peak +1 dBFS crest, samples at 45° → -2 dBFS: no sample over, interpolated ones are
    const r = measure(sine(48000, 1, 1, 1, 12000, Math.PI / 4), floatOpts(48000, 1));
    expect(r.peakDbfs).toBeLessThan(0);
    expect(r.truePeakDbtp!).toBeGreaterThan(0.5);
    expect(r.interSampleOvers!).toBeGreaterThan(1000);
  });

  it('oversampling factor by rate: the smallest reaching 176.4 kHz (4x at 44.1/48, 2x at 88.2/96, 1x from 176.4 kHz)', () => {
    const f = (rate: number): number => measure(new Float64Array(2), floatOpts(rate, 1)).truePeakOversampling;
    expect([f(44100), f(48000), f(88200), f(96000), f(176400), f(192000), f(384000), f(32000), f(16000), f(8000)]).toEqual([4, 4, 2, 2, 1, 1, 1, 6, 12, 23]);
    const r = measure(sine(192000, 1, 1, -6, 1000), floatOpts(192000, 1));
    expect(Math.abs(r.truePeakDbtp! - -6)).toBeLessThan(0.05);
  });
});

describe('near-silent ranges', () => {
  /** Naive reference: frame by frame. */
  function naive(d: Float64Array, C: number, t: number, L: number): { startFrame: number; endFrame: number; frames: number }[] {
    const n = d.length / C;
    const out: { startFrame: number; endFrame: number; frames: number }[] = [];
    let s = -1;
    for (let f = 0; f <= n; f++) {
      let quiet = f < n;
      for (let c = 0; quiet && c < C; c++) if (Math.abs(d[f * C + c]!) >= t) quiet = false;
      if (quiet && s < 0) s = f;
      if (!quiet && s >= 0) {
        if (f - s >= L) out.push({ startFrame: s, endFrame: f, frames: f - s });
        s = -1;
      }
    }
    return out;
  }

  it('match a frame-by-frame reference under random block splits', () => {
    const rate = 100; // 2 s = 200 frames
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ len: fc.integer({ min: 1, max: 500 }), quiet: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        (C, segs, splits, seed) => {
          const r = rng(seed);
          const parts = segs.map(({ len, quiet }) => {
            const p = new Float64Array(len * C);
            for (let i = 0; i < p.length; i++) p[i] = quiet ? 0.0009 * (2 * r() - 1) : r() < 0.3 ? 0.5 : 0.0005;
            return p;
          });
          const d = concat(...parts);
          const got = measure(d, floatOpts(rate, C, { loudness: false, truePeak: false }), splits);
          expect(got.nearSilentRanges).toEqual(naive(d, C, Math.pow(10, -60 / 20), 200));
        },
      ),
      { numRuns: 200 },
    );
  });
});
