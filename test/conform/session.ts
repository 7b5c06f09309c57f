/**
 * DAW-style export folders for conform tests: a session of stems whose sound lies in a span of
 * the timeline, each exported over its own window (as Logic's audio tails, Pro Tools selections
 * or region exports give), in its own format, with or without a BWF TimeReference; the mix is
 * the exact sum of the stems over the session. Written with the independent test encoder.
 *
 * Sample values are multiples of 2^8 in 24-bit scale (16-bit values), so every format used here
 * (16/24/32-bit integer, 32-bit float, AIFF) holds them exactly and every conform repair is
 * lossless; a stem is digital zero outside its sound span, so windows may start or end anywhere
 * outside it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav, type WavSpec } from '../helpers/wav.js';
import { rng } from '../pack/fixtures.js';

export interface ExportFormat {
  sampleFormat: 'int' | 'float';
  bitDepth: number;
  container?: 'wav' | 'aiff';
}

export interface StemExport {
  /** File name (for a split stem: the joined name; the files are `<base>.L<ext>` and `.R`). */
  name: string;
  /** Session frames where the stem has sound (default: the whole session). */
  sound?: [number, number];
  /** Session frames the export covers (default: the whole session). */
  window?: [number, number];
  format?: ExportFormat;
  channels?: 1 | 2;
  /** Write as two mono files `.L` / `.R`. */
  split?: boolean;
  /** Write a bext (default: the session's `bext`). */
  bext?: boolean;
  /** A TimeReference other than the window's start (a wrong one). */
  timeReference?: number;
  /** Sound amplitude in 16-bit steps (default 1500). */
  amp?: number;
  /** Another sample rate than the session's (the samples stay the same numbers). */
  sampleRate?: number;
  /** A quiet tail after the sound: until this session frame, at this amplitude in 16-bit steps (1 = -90 dBFS). */
  tail?: { until: number; amp: number };
  /** Samples that a 24-bit integer cannot hold (float stems only): a tiny offset on this many samples. */
  inexact?: number;
}

export interface SessionSpec {
  frames: number;
  sampleRate?: number;
  /** TimeReference of session frame 0. */
  start?: number;
  bext?: boolean;
  seed?: number;
  stems: StemExport[];
  mix?: { name?: string; window?: [number, number]; format?: ExportFormat; bext?: boolean; sampleRate?: number };
}

/** What was written: per file, its path and session window; per stem the session samples. */
export interface Session {
  mix: string;
  files: { name: string; path: string; window: [number, number]; channels: number }[];
  /** Session-length interleaved stereo (or mono) 24-bit values of every stem, by name, and of the mix. */
  signals: Map<string, Int32Array>;
}

function encode(values: Int32Array, channels: number, fmt: ExportFormat, rate: number, timeRef: number | undefined, inexact = 0): Uint8Array {
  const spec: WavSpec = { sampleRate: rate, channels, sampleFormat: fmt.sampleFormat, bitDepth: fmt.bitDepth, samples: values, container: fmt.container ?? 'wav' };
  if (fmt.sampleFormat === 'float') {
    const x = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) x[i] = values[i]! / 8388608;
    for (let k = 0; k < inexact && k < x.length; k++) x[Math.floor((k * x.length) / Math.max(1, inexact))] += 2 ** -26;
    spec.samples = x;
  } else if (fmt.bitDepth !== 24) {
    const s = new Int32Array(values.length);
    const shift = fmt.bitDepth - 24;
    for (let i = 0; i < values.length; i++) s[i] = shift < 0 ? values[i]! >> -shift : values[i]! * 2 ** shift;
    spec.samples = s;
  }
  if (timeRef !== undefined) spec.bextTimeReference = timeRef;
  return encodeWav(spec);
}

/** Write the session's exports into `dir`. */
export function writeSession(dir: string, spec: SessionSpec): Session {
  const rate = spec.sampleRate ?? 48000;
  const T = spec.frames;
  const start = spec.start ?? 0;
  const rand = rng(spec.seed ?? 7);
  const signals = new Map<string, Int32Array>();
  const mix = new Int32Array(T * 2);
  const files: Session['files'] = [];
  for (const st of spec.stems) {
    const ch = st.split ? 2 : (st.channels ?? 2);
    const [s0, s1] = st.sound ?? [0, T];
    const amp = st.amp ?? 1500;
    const v = new Int32Array(T * ch);
    // noise without DC: every second frame is the negative of the one before
    for (let f = s0; f < s1; f++) for (let c = 0; c < ch; c++) v[f * ch + c] = (f - s0) % 2 === 1 ? -v[(f - 1) * ch + c]! : Math.round((rand() * 2 - 1) * amp) * 256;
    if (st.tail) for (let f = s1; f < Math.min(T, st.tail.until); f++) for (let c = 0; c < ch; c++) v[f * ch + c] = (f % 2 === 0 ? 1 : -1) * st.tail.amp * 256;
    signals.set(st.name, v);
    for (let f = 0; f < T; f++) for (let c = 0; c < 2; c++) mix[f * 2 + c] = mix[f * 2 + c]! + v[f * ch + (ch === 1 ? 0 : c)]!;
    const [w0, w1] = st.window ?? [0, T];
    const fmt = st.format ?? { sampleFormat: 'int', bitDepth: 24 };
    const bext = st.bext ?? spec.bext ?? false;
    const tr = st.timeReference ?? start + w0;
    // a window may reach outside the session: silence there
    const windowed = (k: number, c0: number, chOut: number): Int32Array => {
      const out = new Int32Array((w1 - w0) * chOut);
      for (let f = w0; f < w1; f++) for (let c = 0; c < chOut; c++) out[(f - w0) * chOut + c] = f >= 0 && f < T ? v[f * k + c0 + c]! : 0;
      return out;
    };
    const ext = (fmt.container ?? 'wav') === 'aiff' ? '.aif' : '.wav';
    const base = st.name.replace(/\.[^.]+$/, '');
    if (st.split) {
      for (const [side, c] of [['L', 0], ['R', 1]] as const) {
        const name = `${base}.${side}${ext}`;
        writeFileSync(join(dir, name), encode(windowed(2, c, 1), 1, fmt, st.sampleRate ?? rate, bext ? tr : undefined));
        files.push({ name, path: join(dir, name), window: [w0, w1], channels: 1 });
      }
    } else {
      const name = `${base}${ext}`;
      writeFileSync(join(dir, name), encode(windowed(ch, 0, ch), ch, fmt, st.sampleRate ?? rate, bext ? tr : undefined, st.inexact));
      files.push({ name, path: join(dir, name), window: [w0, w1], channels: ch });
    }
  }
  const m = spec.mix ?? {};
  const mixFmt = m.format ?? { sampleFormat: 'int', bitDepth: 24 };
  const mixName = `${(m.name ?? 'Song_Mix.wav').replace(/\.[^.]+$/, '')}${(mixFmt.container ?? 'wav') === 'aiff' ? '.aif' : '.wav'}`;
  const [w0, w1] = m.window ?? [0, T];
  const mixWin = new Int32Array((w1 - w0) * 2);
  for (let f = w0; f < w1; f++) for (let c = 0; c < 2; c++) mixWin[(f - w0) * 2 + c] = f >= 0 && f < T ? mix[f * 2 + c]! : 0;
  writeFileSync(join(dir, mixName), encode(mixWin, 2, mixFmt, m.sampleRate ?? rate, (m.bext ?? spec.bext) ? start + w0 : undefined));
  files.push({ name: mixName, path: join(dir, mixName), window: [w0, w1], channels: 2 });
  signals.set(mixName, mix);
  return { mix: join(dir, mixName), files, signals };
}
