// explainNull on a long, wide package reads a bounded window, not the whole song.
import { describe, expect, it } from 'vitest';
import type { Finding, Json } from '../../src/model/finding.js';
import { explainNull, type FrameAccess } from '../../src/nullsum/explain.js';
import type { NullResult } from '../../src/nullsum/null-sum.js';

const P = (f: Finding) => f.params as { [k: string]: Json };

const SR = 96000;
const FRAMES = SR * 300; // five minutes
const STEMS = 10;
const LATE = 3; // stem 3 is late by LAG frames in the package
const LAG = 123;

/** Stem i's true sample at frame f, channel c: a few tones under a beat envelope plus hashed noise. */
function sample(i: number, f: number, c: number): number {
  if (f < 0 || f >= FRAMES) return 0;
  const t = f / SR;
  const beat = (t * (1.7 + i * 0.13)) % 1;
  const env = Math.exp(-beat * (3 + i));
  let h = Math.imul(f ^ (i * 0x9e3779b9), 0x85ebca6b) ^ (c * 0x27d4eb2d);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  const noise = ((h >>> 0) / 4294967296 - 0.5) * 0.02;
  const f0 = 55 * (i + 1) * (c === 0 ? 1 : 1.003);
  return 0.05 * env * (Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(2 * Math.PI * 2.01 * f0 * t)) + noise * env;
}

function access(): FrameAccess & { framesRead: number } {
  const a = {
    framesRead: 0,
    frames: FRAMES,
    sampleRate: SR,
    channels: 2,
    mixPath: 'mix.wav',
    stems: Array.from({ length: STEMS }, (_, i) => ({ id: `s${i}`, name: `s${i}`, role: 'other', channels: 2, gainDb: 0, path: `stems/s${i}.wav` })),
    async readMix(start: number, count: number) {
      a.framesRead += count;
      const out = new Float64Array(count * 2);
      for (let n = 0; n < count; n++) {
        for (let c = 0; c < 2; c++) {
          let v = 0;
          for (let i = 0; i < STEMS; i++) v += sample(i, start + n, c);
          out[n * 2 + c] = v;
        }
      }
      return out;
    },
    async readStem(i: number, start: number, count: number) {
      a.framesRead += count;
      const d = i === LATE ? LAG : 0;
      const out = new Float64Array(count * 2);
      for (let n = 0; n < count; n++) for (let c = 0; c < 2; c++) out[n * 2 + c] = sample(i, start + n - d, c);
      return out;
    },
  };
  return a;
}

function failingResult(): NullResult {
  const peaks = [31, 97, 188, 251, 290].map((s) => s * SR);
  return {
    exact: false,
    frames: FRAMES,
    residualPeakDbfs: -20,
    residualPeakFrame: peaks[0]!,
    residualPeakChannel: 0,
    residualRmsDbfs: -35,
    mixRmsDbfs: -18,
    depthDb: 17,
    perChannel: [
      { peakDbfs: -20, peakFrame: peaks[0]!, rmsDbfs: -35 },
      { peakDbfs: -21, peakFrame: peaks[1]!, rmsDbfs: -35 },
    ],
    tolerance: -80,
    pass: false,
    failingRanges: peaks.map((p, k) => ({ startFrame: p - 1000, endFrame: p + 1000, peakDbfs: -20 - k, peakFrame: p })),
    failingFrames: 10005,
  };
}

describe('explainNull on a five-minute, ten-stem, 96 kHz package', () => {
  it('finds the late stem exactly while reading a bounded window', async () => {
    const a = access();
    const fs = await explainNull(a, failingResult());
    expect(fs).toHaveLength(1);
    expect(P(fs[0]!)).toMatchObject({ kind: 'offset', stem: `s${LATE}`, lagFrames: LAG });
    expect(fs[0]!.path).toBe(`stems/s${LATE}.wav`);
    // default window: 6 s analysed (+ the lag margins), far below the 300 s × 11 files in the package
    expect(a.framesRead).toBeLessThan(11 * 12 * SR);
  }, 600_000);
});
