// The stereo meter runs one fused loop (peak, sums, clip runs, cross sum, sub-block peaks for
// the true-peak skip); every other channel count runs the per-channel passes. A stereo meter
// must give, channel by channel, exactly what two mono meters give on the same samples.
import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import { createLevelMeter } from '../../src/levels/index.js';
import type { LevelOptions } from '../../src/levels/index.js';
import { decodeToFloat64 } from '../../src/audio/index.js';

const fmt24 = { sampleFormat: 'int', bitsPerSample: 24 } as const;
const FS = 8388608;

/** Stereo 24-bit-valued samples with loud bursts, full-scale runs and silence. */
const stereo = fc
  .record({
    frames: fc.integer({ min: 1, max: 6000 }),
    seed: fc.integer(),
    loudAt: fc.integer({ min: 0, max: 5999 }),
    clipAt: fc.integer({ min: 0, max: 5999 }),
    clipLen: fc.integer({ min: 0, max: 40 }),
    level: fc.constantFrom(0.001, 0.2, 0.6, 0.95),
  })
  .map(({ frames, seed, loudAt, clipAt, clipLen, level }) => {
    let s = seed >>> 0;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
    const d = new Float64Array(frames * 2);
    for (let f = 0; f < frames; f++) {
      const amp = Math.abs(f - loudAt) < 300 ? 0.99 : level;
      for (let c = 0; c < 2; c++) d[2 * f + c] = Math.round(rnd() * amp * (FS - 1)) / FS;
    }
    for (let f = clipAt; f < Math.min(frames, clipAt + clipLen); f++) {
      d[2 * f] = (FS - 1) / FS;
      d[2 * f + 1] = -1;
    }
    return d;
  });

function channel(d: Float64Array, c: number): Float64Array {
  const out = new Float64Array(d.length / 2);
  for (let f = 0; f < out.length; f++) out[f] = d[2 * f + c]!;
  return out;
}

const modes: LevelOptions['truePeak'][] = [true, -1, -6, false];

describe('stereo fused pass', () => {
  it.prop([stereo, fc.constantFrom(...modes), fc.integer({ min: 1, max: 3000 })], { numRuns: 60 })(
    'equals two mono meters channel by channel, for any block split',
    (d, truePeak, block) => {
      const opts = { sampleRate: 96000, format: fmt24, truePeak, loudness: false };
      const st = createLevelMeter({ ...opts, channels: 2 });
      const frames = d.length / 2;
      for (let f = 0; f < frames; f += block) {
        const n = Math.min(block, frames - f);
        st.push(d.slice(2 * f, 2 * (f + n)), n);
      }
      const r = st.result();
      for (let c = 0; c < 2; c++) {
        const m = createLevelMeter({ ...opts, channels: 1 });
        m.push(channel(d, c), frames);
        const want = m.result().perChannel[0]!;
        expect({ ...r.perChannel[c]!, channel: 0 }).toEqual(want);
      }
      // the correlation from sums carried in frame order, as the per-channel passes carry them
      let ab = 0, sa = 0, sb = 0, qa = 0, qb = 0;
      for (let f = 0; f < frames; f++) {
        const a = d[2 * f]!;
        const b = d[2 * f + 1]!;
        ab += a * b;
        sa += a;
        sb += b;
        qa += a * a;
        qb += b * b;
      }
      const va = frames * qa - sa * sa;
      const vb = frames * qb - sb * sb;
      const corr = va > 0 && vb > 0 ? Math.max(-1, Math.min(1, (frames * ab - sa * sb) / Math.sqrt(va * vb))) : null;
      expect(Number.isFinite(ab)).toBe(true);
      expect(r.correlation).toBe(corr);
      if (r.correlation !== null) expect(Math.abs(r.correlation)).toBeLessThanOrEqual(1);
      expect(Number.isFinite(sa + sb)).toBe(true);
    },
  );
});

describe('24-bit stereo SIMD path', () => {
  const enc = { sampleFormat: 'int', bitsPerSample: 24, validBits: 24, byteOrder: 'le', unsigned8: false } as const;
  it('is available in this runtime', () => {
    const m = createLevelMeter({ sampleRate: 48000, channels: 2, format: fmt24 });
    expect(m.pushS24Stereo?.(new Uint8Array(6), 1, new Float64Array(2))).toBe(true);
  });
  it.prop([stereo, fc.constantFrom(...modes), fc.integer({ min: 1, max: 3000 })], { numRuns: 60 })(
    'decodes like decodeToFloat64 and measures like push(), for any block split',
    (d, truePeak, block) => {
      const frames = d.length / 2;
      const bytes = new Uint8Array(frames * 6);
      for (let i = 0; i < frames * 2; i++) {
        const v = Math.round(d[i]! * FS);
        bytes[3 * i] = v & 255;
        bytes[3 * i + 1] = (v >> 8) & 255;
        bytes[3 * i + 2] = (v >> 16) & 255;
      }
      const opts = { sampleRate: 48000, channels: 2, format: fmt24, truePeak, loudness: true };
      const a = createLevelMeter(opts);
      const b = createLevelMeter(opts);
      for (let f = 0; f < frames; f += block) {
        const n = Math.min(block, frames - f);
        const part = bytes.subarray(6 * f, 6 * (f + n));
        const out = new Float64Array(n * 2 + 3).fill(7);
        expect(a.pushS24Stereo!(part, n, out)).toBe(true);
        const ref = new Float64Array(n * 2);
        decodeToFloat64(part, enc, 2, n, ref);
        expect(out.subarray(0, 2 * n)).toEqual(ref);
        expect(out[2 * n]).toBe(7);
        b.push(ref, n);
      }
      expect(a.result()).toEqual(b.result());
    },
  );
  it('refuses what it does not handle (mono, 16-bit, float)', () => {
    const mk = (channels: number, format: LevelOptions['format']) => createLevelMeter({ sampleRate: 48000, channels, format });
    expect(mk(1, fmt24).pushS24Stereo?.(new Uint8Array(6), 1, new Float64Array(2))).toBe(false);
    expect(mk(2, { sampleFormat: 'int', bitsPerSample: 16 }).pushS24Stereo?.(new Uint8Array(6), 1, new Float64Array(2))).toBe(false);
    expect(mk(2, { sampleFormat: 'float', bitsPerSample: 32 }).pushS24Stereo?.(new Uint8Array(8), 1, new Float64Array(2))).toBe(false);
  });
});

describe('clip runs across sub-block boundaries (SIMD path)', () => {
  it('a run ending exactly where a quiet sub-block starts is closed there, not merged with a later run', () => {
    const frames = 2048;
    const bytes = new Uint8Array(frames * 6);
    const put = (f: number, c: number, v: number): void => {
      const i = 3 * (2 * f + c);
      bytes[i] = v & 255;
      bytes[i + 1] = (v >> 8) & 255;
      bytes[i + 2] = (v >> 16) & 255;
    };
    for (let f = 0; f < frames; f++) for (let c = 0; c < 2; c++) put(f, c, f % 2 ? 1000 : -1000);
    for (const start of [500, 1024]) for (let f = start; f < start + 12; f++) put(f, 0, FS - 1);
    const m = createLevelMeter({ sampleRate: 48000, channels: 2, format: fmt24 });
    expect(m.pushS24Stereo!(bytes, frames, new Float64Array(frames * 2))).toBe(true);
    const ch = m.result().perChannel[0]!;
    expect(ch.clipRuns).toBe(2);
    expect(ch.clipRunList).toEqual([
      { frame: 500, length: 12 },
      { frame: 1024, length: 12 },
    ]);
  });
});
