// Songs made in memory for the null-sum tests: several instruments at realistic levels, fixed seeds.
import { accumulate, gainFromDb } from '../../src/dsp/sum.js';
import { mulberry32 } from '../../src/dsp/quantize.js';
import { createNullSum, type NullResult } from '../../src/nullsum/null-sum.js';
import type { FrameAccess } from '../../src/nullsum/explain.js';

export interface Stem {
  id: string;
  channels: number;
  gainDb: number;
  data: Float64Array; // interleaved
}

export interface Song {
  sampleRate: number;
  channels: number;
  frames: number;
  stems: Stem[];
}

const TAU = 2 * Math.PI;

function midiHz(n: number): number {
  return 440 * Math.pow(2, (n - 69) / 12);
}

/** A four-stem song (drums stereo, bass mono, keys stereo, lead stereo panned right). */
export function makeSong(seed = 1, seconds = 12, sampleRate = 48000): Song {
  const sr = sampleRate;
  const frames = Math.round(seconds * sr);
  const rnd = mulberry32(seed);
  const rand = () => rnd() / 4294967296;
  const drums = new Float64Array(frames * 2);
  const bass = new Float64Array(frames);
  const keys = new Float64Array(frames * 2);
  const lead = new Float64Array(frames * 2);
  const beat = 0.5 + rand() * 0.1; // seconds per beat
  const beatF = Math.round(beat * sr);
  // kick: pitch-dropping decaying sine every beat
  for (let b = 0; b * beatF < frames; b++) {
    const s0 = b * beatF;
    let ph = 0;
    for (let n = 0; n < Math.min(sr * 0.3, frames - s0); n++) {
      const t = n / sr;
      const f = 50 + 90 * Math.exp(-t * 30);
      ph += (TAU * f) / sr;
      const v = 0.55 * Math.exp(-t * 12) * Math.sin(ph);
      drums[(s0 + n) * 2] += v;
      drums[(s0 + n) * 2 + 1] += v;
    }
  }
  // hats: high-passed noise bursts every eighth, slightly panned
  const hatF = beatF >> 1;
  for (let h = 0; h * hatF < frames; h++) {
    const s0 = h * hatF + (h % 2 ? Math.round(0.01 * sr) : 0);
    let prev = 0;
    for (let n = 0; n < Math.min(sr * 0.06, frames - s0); n++) {
      const x = rand() * 2 - 1;
      const hp = x - prev;
      prev = x;
      const v = 0.06 * Math.exp(-(n / sr) * 60) * hp;
      drums[(s0 + n) * 2] += 0.8 * v;
      drums[(s0 + n) * 2 + 1] += 1.1 * v;
    }
  }
  // bass: harmonic-rich notes, one per beat, mono
  const roots = [40, 40, 43, 45, 38, 38, 41, 43].map((n) => n + Math.floor(rand() * 3));
  for (let f = 0, ph = 0; f < frames; f++) {
    const b = Math.floor(f / beatF);
    const hz = midiHz(roots[b % roots.length]!);
    ph += (TAU * hz) / sr;
    const env = Math.min(1, ((f % beatF) / sr) * 200) * Math.exp(-((f % beatF) / sr) * 2);
    bass[f] = 0.22 * env * (Math.sin(ph) + 0.4 * Math.sin(2 * ph) + 0.2 * Math.sin(3 * ph));
  }
  // keys: chords changing every 4 beats, detuned stereo pair
  const chords = [[60, 64, 67], [57, 60, 64], [62, 65, 69], [55, 59, 62]];
  const phL = [0, 0, 0];
  const phR = [rand() * TAU, rand() * TAU, rand() * TAU];
  for (let f = 0; f < frames; f++) {
    const chord = chords[Math.floor(f / (beatF * 4)) % chords.length]!;
    let l = 0;
    let r = 0;
    for (let v = 0; v < 3; v++) {
      const hz = midiHz(chord[v]!);
      phL[v]! += (TAU * hz * 1.001) / sr;
      phR[v]! += (TAU * hz * 0.999) / sr;
      l += Math.sin(phL[v]!);
      r += Math.sin(phR[v]!);
    }
    keys[f * 2] = 0.05 * l;
    keys[f * 2 + 1] = 0.05 * r;
  }
  // lead: a melody with vibrato and note envelopes, panned right
  const mel = Array.from({ length: 16 }, () => 72 + [0, 2, 4, 7, 9, 12][Math.floor(rand() * 6)]!);
  let ph = 0;
  for (let f = 0; f < frames; f++) {
    const noteF = beatF >> 1;
    const i = Math.floor(f / noteF);
    const pos = (f % noteF) / sr;
    const hz = midiHz(mel[i % mel.length]!) * (1 + 0.004 * Math.sin(TAU * 5.5 * (f / sr)));
    ph += (TAU * hz) / sr;
    const env = Math.min(1, pos * 100) * Math.exp(-pos * 3);
    const v = 0.12 * env * (Math.sin(ph) + 0.3 * Math.sin(2 * ph));
    lead[f * 2] = 0.5 * v;
    lead[f * 2 + 1] = 1.0 * v;
  }
  return {
    sampleRate: sr,
    channels: 2,
    frames,
    stems: [
      { id: 'drums', channels: 2, gainDb: 0, data: drums },
      { id: 'bass', channels: 1, gainDb: 0, data: bass },
      { id: 'keys', channels: 2, gainDb: 0, data: keys },
      { id: 'lead', channels: 2, gainDb: 0, data: lead },
    ],
  };
}

/** Sum stems at their gains with the spec's arithmetic. */
export function mixOf(song: Song, stems: Stem[] = song.stems): Float64Array {
  const acc = new Float64Array(song.frames * song.channels);
  for (const s of stems) accumulate(acc, s.data, gainFromDb(s.gainDb), song.frames, song.channels, s.channels);
  return acc;
}

/** Delay a stem by `d` frames (negative: earlier), zero-filled. */
export function shift(s: Stem, frames: number, d: number): Stem {
  const out = new Float64Array(s.data.length);
  const ch = s.channels;
  for (let f = 0; f < frames; f++) {
    const src = f - d;
    if (src < 0 || src >= frames) continue;
    for (let c = 0; c < ch; c++) out[f * ch + c] = s.data[src * ch + c]!;
  }
  return { ...s, data: out };
}

/** Scale a stem's samples (not its manifest gain). */
export function scale(s: Stem, g: number): Stem {
  return { ...s, data: s.data.map((v) => v * g) };
}

/** Swap left and right of an interleaved stereo buffer. */
export function swapLR(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k += 2) {
    out[k] = x[k + 1]!;
    out[k + 1] = x[k]!;
  }
  return out;
}

/** A 4:1 feed-forward compressor above −12 dBFS (peak detector, attack 5 ms, release 100 ms), stereo-linked. */
export function compress(x: Float64Array, sr: number, thresholdDb = -12, ratio = 4): Float64Array {
  const out = new Float64Array(x.length);
  const aA = Math.exp(-1 / (0.005 * sr));
  const aR = Math.exp(-1 / (0.1 * sr));
  let env = 0;
  for (let k = 0; k < x.length; k += 2) {
    const lvl = Math.max(Math.abs(x[k]!), Math.abs(x[k + 1]!));
    env = lvl > env ? aA * env + (1 - aA) * lvl : aR * env + (1 - aR) * lvl;
    const db = env > 0 ? 20 * Math.log10(env) : -200;
    const gr = db > thresholdDb ? (db - thresholdDb) * (1 - 1 / ratio) : 0;
    const g = Math.pow(10, -gr / 20);
    out[k] = x[k]! * g;
    out[k + 1] = x[k + 1]! * g;
  }
  return out;
}

/** An RBJ low shelf (S = 1) on each channel of an interleaved stereo buffer. */
export function lowShelf(x: Float64Array, sr: number, f0 = 200, gainDb = 3): Float64Array {
  const A = Math.pow(10, gainDb / 40);
  const w0 = (TAU * f0) / sr;
  const cw = Math.cos(w0);
  const alpha = (Math.sin(w0) / 2) * Math.sqrt(2);
  const sA = 2 * Math.sqrt(A) * alpha;
  const b0 = A * (A + 1 - (A - 1) * cw + sA);
  const b1 = 2 * A * (A - 1 - (A + 1) * cw);
  const b2 = A * (A + 1 - (A - 1) * cw - sA);
  const a0 = A + 1 + (A - 1) * cw + sA;
  const a1 = -2 * (A - 1 + (A + 1) * cw);
  const a2 = A + 1 + (A - 1) * cw - sA;
  const out = new Float64Array(x.length);
  for (let c = 0; c < 2; c++) {
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (let k = c; k < x.length; k += 2) {
      const x0 = x[k]!;
      const y0 = (b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0;
      out[k] = y0;
      x2 = x1; x1 = x0; y2 = y1; y1 = y0;
    }
  }
  return out;
}

/** Run the streaming null-sum over in-memory data in blocks of `block` frames. */
export function runNull(song: Song, mix: Float64Array, stems: Stem[], tolerance = -80, block = 4096): NullResult {
  const ns = createNullSum({
    channels: song.channels,
    sampleRate: song.sampleRate,
    stemChannels: stems.map((s) => s.channels),
    gainsDb: stems.map((s) => s.gainDb),
    tolerance,
  });
  const C = song.channels;
  for (let f = 0; f < song.frames; f += block) {
    const n = Math.min(block, song.frames - f);
    ns.push(mix.subarray(f * C, (f + n) * C), stems.map((s) => s.data.subarray(f * s.channels, (f + n) * s.channels)), n);
  }
  return ns.result();
}

/** Random access over in-memory data (copies, as a reader would return). */
export function memoryAccess(song: Song, mix: Float64Array, stems: Stem[]): FrameAccess & { reads: number } {
  const C = song.channels;
  const acc = {
    reads: 0,
    frames: song.frames,
    sampleRate: song.sampleRate,
    channels: C,
    mixPath: 'mix/mix.wav',
    stems: stems.map((s, i) => ({ id: s.id, name: s.id, role: s.id, channels: s.channels, gainDb: s.gainDb, path: `stems/${i}-${s.id}.wav` })),
    async readMix(start: number, count: number) {
      acc.reads++;
      return mix.slice(start * C, (start + count) * C);
    },
    async readStem(i: number, start: number, count: number) {
      acc.reads++;
      const s = stems[i]!;
      return s.data.slice(start * s.channels, (start + count) * s.channels);
    },
  };
  return acc;
}
