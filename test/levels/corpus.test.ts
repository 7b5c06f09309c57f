// Real files from other tools (test/corpus), decoded with sox, against ffmpeg ebur128 and sox stats.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LevelOptions } from '../../src/levels/index.js';
import { decodeWithSox, ffmpegR128, measure, soxStats } from './helpers.js';

const corpus = resolve(import.meta.dirname, '../corpus');

/** Files that sox decodes, of 1 s and more (LRA needs 3 s), at 8 to 48 kHz. */
const files: string[] = [
  'aurora/lei24.wav',
  'aurora/lei16.wav',
  'aurora/lef32.wav',
  'aurora/bei24.aiff',
  'music-metadata/issue-161.wav',
  'music-metadata/riff-iprt-tag.wav',
  'wavefile/32bit-48kHz-noBext-mono.wav', // full-band white noise
  'wavefile/24bit-16kHz-bext-mono.wav',
  'wavefile/16bit-44100Hz-mono-chirp-1-22050-linear.wav', // 0 dBFS sweep up to Nyquist
  'wavefile/16bit-44100Hz-mono-chirp-1-22050-log.wav',
  'wavefile/16bit-16kHz-2markers-mono.wav',
  'wavefile/16bit-8kHz-stereo.wav',
  'wavefile/Audacity-16bit-17-MARKERS.wav',
  'wavefile/RF64-16bit-8kHz-stereo-reaper.wav',
  'wavefile/ima22m.wav',
  'wavefile/song1.wav',
];

function formatOf(path: string): LevelOptions['format'] {
  const enc = execFileSync('soxi', ['-e', path], { encoding: 'utf8' });
  const bits = Number(execFileSync('soxi', ['-b', path], { encoding: 'utf8' }).trim());
  return { sampleFormat: /Floating/.test(enc) ? 'float' : 'int', bitsPerSample: bits };
}

describe('corpus files', () => {
  for (const name of files) {
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
      // LRA: ffmpeg prints 0 below 3 s (no short-term window), where ours is null.
      if (r.loudnessRangeLu !== null) expect(Math.abs(r.loudnessRangeLu - ff.lra)).toBeLessThanOrEqual(0.5 + 0.05);
      else expect(ff.lra).toBe(0);
      expect(Math.abs(r.truePeakDbtp! - ff.truePeakDb)).toBeLessThanOrEqual(0.2 + 0.05);
      for (let ch = 0; ch < channels; ch++) {
        expect(Math.abs(r.perChannel[ch]!.peakDbfs - sx.pkLevDb[ch]!)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(r.perChannel[ch]!.dcOffset - sx.dcOffset[ch]!)).toBeLessThanOrEqual(0.0000005 + 1e-12);
      }
    });
  }
});
