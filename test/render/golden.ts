// Builds the stems of a golden render vector (spec/golden/README.md) from its recipe.
import { mulberry32 } from '../../src/dsp/quantize.js';

export type Signal =
  | { kind: 'prng'; seed: number; attenuation: number }
  | { kind: 'square'; period: number; amplitude: number }
  | { kind: 'ramp'; step: number; amplitude: number };

export interface GoldenStem {
  id: string;
  role: string;
  channels: number;
  gainDb?: number;
  signal: Signal;
}

export interface GoldenCase {
  name: string;
  description: string;
  sampleRate: number;
  bitDepth: number;
  sampleFormat: 'int' | 'float';
  channels: number;
  frames: number;
  stems: GoldenStem[];
  version: string;
  extraRules?: { role?: string; stem?: string; gainDb?: number; mute?: boolean }[];
  output: { sampleFormat: 'int' | 'float'; bitDepth: number; dither?: { type: 'tpdf'; seed: number } };
  expect: { pcmSha256: string; clamped: number };
}

/** Integer samples of a recipe at `bits` bits. */
export function recipeInts(s: Signal, frames: number, channels: number, bits: number): Int32Array {
  const out = new Int32Array(frames * channels);
  if (s.kind === 'prng') {
    const next = mulberry32(s.seed);
    const shift = 32 - bits + s.attenuation;
    for (let k = 0; k < out.length; k++) out[k] = (next() | 0) >> shift;
  } else if (s.kind === 'square') {
    for (let f = 0; f < frames; f++) {
      const v = f % s.period < s.period / 2 ? s.amplitude : -s.amplitude;
      for (let c = 0; c < channels; c++) out[f * channels + c] = v;
    }
  } else {
    for (let f = 0; f < frames; f++) {
      const v = ((f * s.step) % (2 * s.amplitude)) - s.amplitude;
      for (let c = 0; c < channels; c++) out[f * channels + c] = v;
    }
  }
  return out;
}
