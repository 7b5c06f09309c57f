// Test helpers: signal generators and the external references (ffmpeg ebur128, sox stats).
import { mulberry32 } from '../../src/dsp/quantize.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLevelMeter } from '../../src/levels/index.js';
import type { LevelOptions, LevelResult } from '../../src/levels/index.js';

/** Deterministic PRNG in [0, 1): the spec's mulberry32 (src/dsp/quantize.ts) scaled. */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

export const db = (v: number): number => Math.pow(10, v / 20);

/** Concatenate interleaved signals with the same channel count. */
export function concat(...parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A sine of `freq` Hz at peak `dbfs` on every channel (same phase), `seconds` long. */
export function sine(rate: number, channels: number, seconds: number, dbfs: number, freq = 1000, phase = 0): Float64Array {
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n * channels);
  const a = db(dbfs);
  for (let f = 0; f < n; f++) {
    const v = a * Math.sin((2 * Math.PI * freq * f) / rate + phase);
    for (let c = 0; c < channels; c++) out[f * channels + c] = v;
  }
  return out;
}

/** Independent uniform white noise per channel, peak amplitude `amp`. */
export function noise(rate: number, channels: number, seconds: number, amp: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(Math.round(rate * seconds) * channels);
  for (let i = 0; i < out.length; i++) out[i] = amp * (2 * r() - 1);
  return out;
}

/** A music-like mix: a few decaying partials, a bass line, noise bursts, a slow envelope, channels differ. */
export function musicLike(rate: number, channels: number, seconds: number, seed: number): Float64Array {
  const r = rng(seed);
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n * channels);
  const notes = [110, 146.8, 164.8, 220, 261.6, 329.6, 440, 523.3];
  for (let c = 0; c < channels; c++) {
    const pan = 0.6 + 0.4 * r();
    let note = notes[0]!;
    let tNote = 0;
    for (let f = 0; f < n; f++) {
      const t = f / rate;
      if (t - tNote > 0.25) {
        tNote = t;
        note = notes[Math.floor(r() * notes.length)]!;
      }
      const env = Math.exp(-6 * (t - tNote));
      const section = 0.35 + 0.3 * Math.sin((2 * Math.PI * t) / 9);
      const hit = (t * 2) % 1 < 0.03 ? (2 * r() - 1) * 0.5 : 0; // full-band: callers low-pass
      out[f * channels + c] =
        0.7 * pan * section * (0.4 * env * Math.sin(2 * Math.PI * note * t) + 0.15 * env * Math.sin(2 * Math.PI * 3 * note * t) + 0.3 * Math.sin(2 * Math.PI * 55 * t)) + 0.7 * hit;
    }
  }
  return out;
}

/**
 * Low-pass each channel with a 127-tap Blackman-windowed sinc at `cutoffHz` (zero phase,
 * edges zero-padded). Real programme material is band-limited well below Nyquist; the
 * BS.1770 Annex 2 interpolator is designed for such content.
 */
export function lowpass(data: Float64Array, rate: number, channels: number, cutoffHz: number): Float64Array {
  const M = 127;
  const h = new Float64Array(M);
  const fc = cutoffHz / rate;
  let sum = 0;
  for (let j = 0; j < M; j++) {
    const t = j - (M - 1) / 2;
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * j) / (M - 1)) + 0.08 * Math.cos((4 * Math.PI * j) / (M - 1));
    h[j] = w * (t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t));
    sum += h[j]!;
  }
  for (let j = 0; j < M; j++) h[j]! /= sum;
  const n = data.length / channels;
  const out = new Float64Array(data.length);
  const half = (M - 1) / 2;
  for (let c = 0; c < channels; c++) {
    for (let f = 0; f < n; f++) {
      let y = 0;
      for (let j = 0; j < M; j++) {
        const k = f + j - half;
        if (k >= 0 && k < n) y += h[j]! * data[k * channels + c]!;
      }
      out[f * channels + c] = y;
    }
  }
  return out;
}

/** Raised-cosine fade in and out over `seconds` (avoids onset transients). */
export function fade(data: Float64Array, rate: number, channels: number, seconds: number): Float64Array {
  const out = Float64Array.from(data);
  const n = data.length / channels;
  const L = Math.round(rate * seconds);
  for (let f = 0; f < Math.min(L, n); f++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * f) / L);
    for (let c = 0; c < channels; c++) {
      out[f * channels + c]! *= g;
      out[(n - 1 - f) * channels + c]! *= g;
    }
  }
  return out;
}

/** Run the meter over a whole signal in blocks of `block` frames (or explicit splits). */
export function measure(data: Float64Array, opts: LevelOptions, block: number | number[] = 4096): LevelResult {
  const m = createLevelMeter(opts);
  const C = opts.channels;
  const frames = data.length / C;
  let f = 0;
  let k = 0;
  while (f < frames) {
    const want = Array.isArray(block) ? block[k++ % block.length]! : block;
    const n = Math.min(Math.max(1, want), frames - f);
    m.push(data.subarray(f * C, (f + n) * C), n);
    f += n;
  }
  return m.result();
}

export const floatOpts = (sampleRate: number, channels: number, extra: Partial<LevelOptions> = {}): LevelOptions => ({
  sampleRate,
  channels,
  format: { sampleFormat: 'float', bitsPerSample: 64 },
  ...extra,
});

function withRaw<T>(data: Float64Array, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'stempack-levels-'));
  try {
    const file = join(dir, 'raw.f64');
    writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FfmpegR128 {
  integrated: number; // summary, 0.1 LU
  lra: number; // summary, 0.1 LU
  samplePeakDb: number;
  truePeakDb: number;
  /** Last metadata frame's integrated loudness (3 decimals). */
  integratedFine: number;
}

/** ffmpeg's ebur128 filter on raw float64 samples. */
export function ffmpegR128(data: Float64Array, rate: number, channels: number): FfmpegR128 {
  return withRaw(data, (file) => {
    const meta = file + '.meta';
    const res = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-nostats', '-f', 'f64le', '-ar', String(rate), '-ac', String(channels), '-i', file, '-af', `ebur128=peak=true+sample:metadata=1,ametadata=mode=print:file=${meta}`, '-f', 'null', '-'],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    const err = res.stderr;
    const summary = err.slice(err.lastIndexOf('Summary:'));
    const num = (re: RegExp): number => {
      const m = re.exec(summary);
      if (!m) throw new Error(`ffmpeg summary lacks ${re}: ${summary}`);
      return m[1] === '-inf' ? -Infinity : Number(m[1]);
    };
    const metaText = readFileSync(meta, 'utf8');
    const all = [...metaText.matchAll(/lavfi\.r128\.I=(-?[\d.]+)/g)];
    return {
      integrated: num(/I:\s+(-?[\d.]+|-inf) LUFS/),
      lra: num(/LRA:\s+(-?[\d.]+) LU/),
      samplePeakDb: num(/Sample peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
      truePeakDb: num(/True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
      integratedFine: all.length ? Number(all[all.length - 1]![1]) : NaN,
    };
  });
}

export interface SoxStats {
  dcOffset: number[];
  pkLevDb: number[];
}

/** sox `stats` per channel (DC offset, Pk lev dB) on raw float64 samples. */
export function soxStats(data: Float64Array, rate: number, channels: number): SoxStats {
  return withRaw(data, (file) => {
    const res = spawnSync('sox', ['-t', 'f64', '-r', String(rate), '-c', String(channels), file, '-n', 'stats'], { encoding: 'utf8' });
    return parseSoxStats(res.stderr, channels);
  });
}

/** Parse sox stats output: per-channel columns follow the overall column when channels > 1. */
export function parseSoxStats(text: string, channels: number): SoxStats {
  const row = (name: string): number[] => {
    const line = text.split('\n').find((l) => l.startsWith(name));
    if (!line) throw new Error(`sox stats lacks ${name}: ${text}`);
    const vals = line.slice(name.length).trim().split(/\s+/).map((v) => (v === '-inf' ? -Infinity : Number(v)));
    return channels > 1 ? vals.slice(1) : vals;
  };
  return { dcOffset: row('DC offset'), pkLevDb: row('Pk lev dB') };
}

/** Decode an audio file to interleaved float64 with sox, plus its rate and channel count. */
export function decodeWithSox(path: string): { data: Float64Array; rate: number; channels: number } {
  const rate = Number(execFileSync('soxi', ['-r', path], { encoding: 'utf8' }).trim());
  const channels = Number(execFileSync('soxi', ['-c', path], { encoding: 'utf8' }).trim());
  const buf = execFileSync('sox', [path, '-t', 'f64', '-'], { maxBuffer: 1 << 30 });
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return { data: new Float64Array(copy.buffer), rate, channels };
}
