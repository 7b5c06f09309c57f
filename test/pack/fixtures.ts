/**
 * Stem folders for pack tests: deterministic pseudo-random stems and their exact-sum mix,
 * written with the independent test encoder (test/helpers/wav.ts) into a temp folder.
 */
import { mulberry32 } from '../../src/dsp/quantize.js';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, type WavSpec } from '../helpers/wav.js';

export interface StemFolderSpec {
  sampleRate?: number;
  bitDepth?: number;
  sampleFormat?: 'int' | 'float';
  container?: 'wav' | 'aiff';
  channels?: number;
  frames?: number;
  /** Stem file names (default Drums, Bass, Vox). */
  stems?: string[];
  /** Mix file name; null for none. */
  mix?: string | null;
  bext?: number;
  seed?: number;
  /** Change one file's spec before writing (by name). */
  tweak?: (name: string, spec: WavSpec) => void;
}

/** A small deterministic PRNG in [0, 1): the spec's mulberry32 (src/dsp/quantize.ts) scaled. */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** Negate every odd frame's samples of the frame before: noise with no DC offset at all. */
function antithetic<T extends Int32Array | Float64Array>(s: T, channels: number): T {
  for (let i = channels; i + channels <= s.length; i += 2 * channels) {
    for (let c = 0; c < channels; c++) s[i + c] = -s[i - channels + c]! + 0;
  }
  return s;
}

/** A fresh temp folder; remember to `rmSync(dir, { recursive: true })`. */
export function tempDir(prefix = 'stempack-pack-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a stem folder into `dir`; returns the file names written. Every file gets mtime 2024-01-02T03:04:05Z. */
export function writeStemFolder(dir: string, spec: StemFolderSpec = {}): string[] {
  const sampleRate = spec.sampleRate ?? 48000;
  const sampleFormat = spec.sampleFormat ?? 'int';
  const bitDepth = spec.bitDepth ?? (sampleFormat === 'float' ? 32 : 24);
  const channels = spec.channels ?? 2;
  const frames = spec.frames ?? 4800;
  const names = spec.stems ?? ['Drums.wav', 'Bass.wav', 'Vox.wav'];
  const mixName = spec.mix === undefined ? 'Mix.wav' : spec.mix;
  const rand = rng(spec.seed ?? 1);
  const n = frames * channels;
  // amplitude so that the sum of all stems stays well inside full scale
  const maxInt = 2 ** (bitDepth - 1) - 1;
  const amp = Math.floor(maxInt / (2 * Math.max(1, names.length)));
  const stems = names.map(() => {
    if (sampleFormat === 'float') {
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) s[i] = Math.fround((rand() * 2 - 1) * (0.5 / names.length));
      return antithetic(s, channels);
    }
    const s = new Int32Array(n);
    for (let i = 0; i < n; i++) s[i] = Math.round((rand() * 2 - 1) * amp);
    return antithetic(s, channels);
  });
  const write = (name: string, samples: Int32Array | Float64Array) => {
    const ws: WavSpec = { sampleRate, channels, sampleFormat, bitDepth, samples, container: spec.container ?? 'wav' };
    if (spec.bext !== undefined) ws.bextTimeReference = spec.bext;
    spec.tweak?.(name, ws);
    writeFileSync(join(dir, name), encodeWav(ws));
    utimesSync(join(dir, name), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
  };
  names.forEach((name, k) => write(name, stems[k]!));
  if (mixName !== null) {
    const mix = sampleFormat === 'float' ? new Float64Array(n) : new Int32Array(n);
    for (const s of stems) for (let i = 0; i < n; i++) mix[i] = mix[i]! + s[i]!;
    write(mixName, mix);
    return [...names, mixName];
  }
  return names;
}

/** SHA-256 of every file under `dir` (recursive), for "inputs unchanged" checks. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (statSync(p).isDirectory()) walk(p, r);
      else out[r] = createHash('sha256').update(readFileSync(p)).digest('hex') + ':' + statSync(p).mtimeMs;
    }
  };
  walk(dir, '');
  return out;
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/**
 * Per-test workspaces: call once at a test file's top level; each call of the returned function
 * makes a temp root with an empty input folder (`folder`, default `stems`) and an output path
 * beside it. Everything is removed after each test.
 */
export function workspaces(folder = 'stems'): () => { dir: string; out: string; root: string } {
  const dirs: string[] = [];
  afterEach(() => cleanup(...dirs.splice(0)));
  return () => {
    const root = tempDir();
    dirs.push(root);
    const dir = join(root, folder);
    mkdirSync(dir);
    return { dir, out: join(root, 'out.stempack'), root };
  };
}
