// Cross-checks against ffmpeg's ebur128 filter and sox stats on generated signals.
import { describe, expect, it } from 'vitest';
import { concat, fade, ffmpegR128, floatOpts, lowpass, measure, musicLike, noise, sine, soxStats } from './helpers.js';

interface Case {
  name: string;
  rate: number;
  channels: number;
  make: () => Float64Array;
  /** True-peak tolerance against ffmpeg (dB, before ffmpeg's 0.05 print rounding). */
  tpTol?: number;
}

// Programme material is band-limited: the generated noise and mixes are low-passed at 16 kHz
// (20 kHz at 96 kHz). One full-band white-noise case checks the top octave too (the interpolator
// is ffmpeg's; truepeak.test.ts covers the other rates and signal kinds).
const lp = (d: Float64Array, rate: number, ch: number): Float64Array => lowpass(d, rate, ch, rate >= 88200 ? 20000 : 16000);

const cases: Case[] = [
  { name: 'sine 997 Hz -18 dBFS stereo 48k', rate: 48000, channels: 2, make: () => sine(48000, 2, 10, -18, 997) },
  { name: 'sine 1 kHz -23 dBFS mono 44.1k', rate: 44100, channels: 1, make: () => sine(44100, 1, 10, -23) },
  { name: 'noise stereo 96k', rate: 96000, channels: 2, make: () => lp(noise(96000, 2, 8, 0.3, 7), 96000, 2) },
  { name: 'music-like stereo 44.1k', rate: 44100, channels: 2, make: () => lp(musicLike(44100, 2, 20, 3), 44100, 2) },
  { name: 'music-like 5.1 48k', rate: 48000, channels: 6, make: () => lp(musicLike(48000, 6, 12, 11), 48000, 6) },
  { name: 'music-like stereo 96k', rate: 96000, channels: 2, make: () => lp(musicLike(96000, 2, 12, 5), 96000, 2) },
  {
    name: 'dynamic sections stereo 48k',
    rate: 48000,
    channels: 2,
    make: () => concat(sine(48000, 2, 6, -30, 440), lp(musicLike(48000, 2, 8, 9), 48000, 2), sine(48000, 2, 6, -12, 3000), lp(noise(48000, 2, 5, 0.05, 2), 48000, 2)),
  },
  { name: 'near-Nyquist sine (inter-sample peaks) 44.1k', rate: 44100, channels: 2, make: () => fade(sine(44100, 2, 5, -1, 11025, Math.PI / 4), 44100, 2, 0.05) },
  { name: 'full-band white noise stereo 48k', rate: 48000, channels: 2, make: () => noise(48000, 2, 6, 0.3, 8) },
];

describe('level meter against ffmpeg ebur128 and sox stats', () => {
  for (const c of cases) {
    it(c.name, () => {
      const data = c.make();
      const r = measure(data, floatOpts(c.rate, c.channels), 8192);
      const ff = ffmpegR128(data, c.rate, c.channels);
      const sx = soxStats(data, c.rate, c.channels);

      // Integrated: the summary prints 0.1 LU steps, the last metadata frame 0.001.
      expect(Math.abs(r.integratedLufs! - ff.integratedFine)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(r.integratedLufs! - ff.integrated)).toBeLessThanOrEqual(0.1 + 0.05);
      expect(Math.abs(r.loudnessRangeLu! - ff.lra)).toBeLessThanOrEqual(0.5 + 0.05);
      expect(Math.abs(r.truePeakDbtp! - ff.truePeakDb)).toBeLessThanOrEqual((c.tpTol ?? 0.2) + 0.05);
      expect(Math.abs(r.peakDbfs - ff.samplePeakDb)).toBeLessThanOrEqual(0.05);
      // Sample peak exact: the maximum |x| of the signal.
      let max = 0;
      for (const v of data) max = Math.max(max, Math.abs(v));
      expect(r.peak).toBe(max);
      for (let ch = 0; ch < c.channels; ch++) {
        const pc = r.perChannel[ch]!;
        expect(Math.abs(pc.peakDbfs - sx.pkLevDb[ch]!)).toBeLessThanOrEqual(0.005 + 1e-9);
        // sox prints DC offset with 6 decimals.
        expect(Math.abs(pc.dcOffset - sx.dcOffset[ch]!)).toBeLessThanOrEqual(0.0000005 + 1e-12);
      }
    });
  }
});
