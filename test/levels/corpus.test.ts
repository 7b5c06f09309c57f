// Real files from other tools (../shared/corpus), decoded with sox, against ffmpeg ebur128 and sox stats.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LevelOptions } from '../../src/levels/index.js';
import { decodeWithSox, ffmpegR128, measure, soxStats } from './helpers.js';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus');

/** [file, true-peak tolerance in dB] */
const files: [string, number][] = [
  ['aurora/lei24.wav', 0.2],
  ['aurora/lei16.wav', 0.2],
  ['aurora/lef32.wav', 0.2],
  ['aurora/bei24.aiff', 0.2],
  ['music-metadata/issue-161.wav', 0.2],
  ['music-metadata/riff-iprt-tag.wav', 0.2],
  // full-band white noise: the BS.1770 Annex 2 interpolator rolls off in the top octave and
  // under-reads by ~0.6 dB against ffmpeg's long resampler (see reference.test.ts)
  ['wavefile/32bit-48kHz-noBext-mono.wav', 1.0],
  ['wavefile/24bit-16kHz-bext-mono.wav', 0.2],
  // a 0 dBFS linear chirp up to Nyquist: near fs/2 the Annex 2 filter's short phases over-read
  // by 1.5 dB where ffmpeg reads 0.0 dBTP; kept as a documented limit of the standard's filter
  ['wavefile/16bit-44100Hz-mono-chirp-1-22050-linear.wav', 1.6],
];

function formatOf(path: string): LevelOptions['format'] {
  const enc = execFileSync('soxi', ['-e', path], { encoding: 'utf8' });
  const bits = Number(execFileSync('soxi', ['-b', path], { encoding: 'utf8' }).trim());
  return { sampleFormat: /Floating/.test(enc) ? 'float' : 'int', bitsPerSample: bits };
}

describe('corpus files', () => {
  for (const [name, tpTol] of files) {
    it(name, () => {
      const path = resolve(corpus, name);
      const { data, rate, channels } = decodeWithSox(path);
      const r = measure(data, { sampleRate: rate, channels, format: formatOf(path) }, 10000);
      const ff = ffmpegR128(data, rate, channels);
      const sx = soxStats(data, rate, channels);
      let max = 0;
      for (const v of data) max = Math.max(max, Math.abs(v));
      expect(r.peak).toBe(max);
      expect(Math.abs(r.peakDbfs - ff.samplePeakDb)).toBeLessThanOrEqual(0.05);
      if (Number.isFinite(ff.integrated) && ff.integrated > -70) {
        expect(Math.abs(r.integratedLufs! - ff.integratedFine)).toBeLessThanOrEqual(0.1);
      }
      // LRA: we use full 3 s windows only and the Tech 3342 percentile rank round((n-1)p), as
      // libebur128; ffmpeg also counts the zero-padded start-up windows and ranks from its
      // histogram. On the corpus's short files (< 10 s, a few dozen windows) that moves LRA by up
      // to ~0.9 LU, so the 0.5 LU bound applies from 20 s on (generated signals cover that).
      if (r.loudnessRangeLu !== null) {
        const tol = r.frames >= rate * 20 ? 0.5 : 1.0;
        expect(Math.abs(r.loudnessRangeLu - ff.lra)).toBeLessThanOrEqual(tol + 0.05);
      }
      expect(Math.abs(r.truePeakDbtp! - ff.truePeakDb)).toBeLessThanOrEqual(tpTol + 0.05);
      for (let ch = 0; ch < channels; ch++) {
        expect(Math.abs(r.perChannel[ch]!.peakDbfs - sx.pkLevDb[ch]!)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(r.perChannel[ch]!.dcOffset - sx.dcOffset[ch]!)).toBeLessThanOrEqual(0.0000005 + 1e-12);
      }
    });
  }
});
