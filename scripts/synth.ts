/**
 * A tiny deterministic synthesiser for the demo song and the benchmark packages.
 * Every part is a pure function of the frame index, so any block of any part can be
 * generated on its own (streaming, constant memory) and the result never depends on block size.
 */

export type PartKind = 'drums' | 'bass' | 'keys' | 'lead' | 'pad' | 'perc' | 'fx' | 'guitars' | 'strings' | 'vocals-backing';

export interface Part {
  id: string;
  kind: PartKind;
  /** Linear level of the part (peak of the part stays at or below this). */
  level: number;
  /** Stereo pan -1..1. */
  pan: number;
}

/** The demo song: four plausible parts. Sum peak stays well below full scale. */
export const DEMO_PARTS: Part[] = [
  { id: 'drums', kind: 'drums', level: 0.3, pan: 0.04 },
  { id: 'bass', kind: 'bass', level: 0.22, pan: -0.03 },
  { id: 'keys', kind: 'keys', level: 0.12, pan: -0.3 },
  { id: 'lead-vocal', kind: 'lead', level: 0.12, pan: 0.1 },
];

/** Ten parts for the benchmark package. Small pans keep every stem truly stereo (no dual mono). */
export const BENCH_PARTS: Part[] = [
  { id: 'drums', kind: 'drums', level: 0.16, pan: 0.04 },
  { id: 'perc', kind: 'perc', level: 0.06, pan: 0.4 },
  { id: 'bass', kind: 'bass', level: 0.12, pan: -0.03 },
  { id: 'guitars', kind: 'guitars', level: 0.06, pan: -0.5 },
  { id: 'keys', kind: 'keys', level: 0.06, pan: -0.2 },
  { id: 'synths', kind: 'pad', level: 0.05, pan: 0.3 },
  { id: 'strings', kind: 'strings', level: 0.05, pan: 0.2 },
  { id: 'lead-vocal', kind: 'lead', level: 0.08, pan: 0.02 },
  { id: 'backing-vocals', kind: 'vocals-backing', level: 0.05, pan: -0.1 },
  { id: 'fx', kind: 'fx', level: 0.03, pan: 0.6 },
];

const TAU = 2 * Math.PI;
const BPM = 120;

/** Deterministic white noise in [-1, 1) from a frame index and a seed (integer hash). */
function noise(i: number, seed: number): number {
  let h = (Math.imul(i, 0x9e3779b1) ^ Math.imul(seed + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2147483648 - 1;
}

const ROOTS = [45, 41, 48, 43]; // A, F, C, G (MIDI)
const MELODY = [69, 72, 76, 74, 72, 69, 67, 69, 72, 74, 76, 79, 76, 74, 72, 71];
const hz = (midi: number) => 440 * Math.pow(2, (midi - 69) / 12);

/** Mono value of a part at frame i (before level and pan), in [-1, 1]. */
function sample(kind: PartKind, i: number, rate: number): number {
  const t = i / rate;
  const beat = (t * BPM) / 60;
  const beatPos = beat - Math.floor(beat);
  const tb = (beatPos * 60) / BPM; // seconds since the beat
  const bar = Math.floor(beat / 4);
  const root = ROOTS[bar % ROOTS.length]!;
  switch (kind) {
    case 'drums': {
      const kick = Math.sin(TAU * (50 * tb + 60 * (1 - Math.exp(-tb * 30)) / 30)) * Math.exp(-tb * 9);
      const isSnare = Math.floor(beat) % 2 === 1;
      const snare = isSnare ? noise(i, 7) * Math.exp(-tb * 18) * 0.7 : 0;
      const half = beat * 2 - Math.floor(beat * 2);
      const hat = noise(i, 3) * Math.exp(-((half * 30) / BPM) * 80) * 0.25;
      return Math.max(-1, Math.min(1, kick * 0.8 + snare + hat));
    }
    case 'perc': {
      const q = beat * 4 - Math.floor(beat * 4);
      return noise(i, 11) * Math.exp(-((q * 15) / BPM) * 60) * 0.8;
    }
    case 'bass': {
      const f = hz(root - 12 + (Math.floor(beat * 2) % 4 === 3 ? 7 : 0));
      const env = Math.min(1, tb * 200) * Math.exp(-tb * 2);
      return (Math.sin(TAU * f * t) * 0.8 + Math.sin(TAU * 2 * f * t) * 0.2) * env;
    }
    case 'keys':
    case 'pad':
    case 'strings': {
      const chord = [0, 4, 7].map((n) => hz(root + 12 + n + (kind === 'strings' ? 12 : 0)));
      const env = kind === 'keys' ? Math.exp(-tb * 3) : 0.7 + 0.3 * Math.sin(TAU * 0.25 * t);
      let v = 0;
      for (const f of chord) v += Math.sin(TAU * f * t) + (kind === 'pad' ? 0.3 * Math.sin(TAU * f * 1.005 * t) : 0);
      return (v / (kind === 'pad' ? 4 : 3)) * env;
    }
    case 'guitars': {
      const f = hz(root + 12);
      const ph = (f * t) % 1;
      return (ph * 2 - 1) * 0.5 * Math.exp(-tb * 4);
    }
    case 'lead':
    case 'vocals-backing': {
      const step = Math.floor(beat * 2);
      const note = MELODY[step % MELODY.length]! + (kind === 'vocals-backing' ? -5 : 0);
      const half = beat * 2 - step;
      const vib = 1 + 0.004 * Math.sin(TAU * 5.5 * t);
      const env = Math.min(1, half * 20) * (1 - half * 0.5);
      const f = hz(note) * vib;
      return (Math.sin(TAU * f * t) * 0.7 + Math.sin(TAU * 2 * f * t) * 0.2 + Math.sin(TAU * 3 * f * t) * 0.1) * env;
    }
    case 'fx': {
      const sweep = (t % 8) / 8;
      return noise(i, 5) * sweep * 0.5 * (1 - sweep);
    }
  }
}

/**
 * Integer samples of one part for frames [start, start+frames), interleaved stereo (or mono),
 * quantised to `bits` by rounding. Deterministic and block-size independent.
 */
export function partBlockInt(part: Part, start: number, frames: number, rate: number, bits: number, channels: 1 | 2, out?: Int32Array): Int32Array {
  const o = out ?? new Int32Array(frames * channels);
  const scale = 2 ** (bits - 1);
  const gl = part.level * Math.min(1, 1 - part.pan);
  const gr = part.level * Math.min(1, 1 + part.pan);
  for (let f = 0; f < frames; f++) {
    const v = sample(part.kind, start + f, rate);
    if (channels === 1) o[f] = Math.round(v * part.level * scale);
    else {
      o[2 * f] = Math.round(v * gl * scale);
      o[2 * f + 1] = Math.round(v * gr * scale);
    }
  }
  return o;
}
