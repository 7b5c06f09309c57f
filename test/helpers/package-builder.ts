/**
 * Builds valid `.stempack` packages from synthetic stems, in memory or as a temp file, with
 * hooks to break exactly one thing. Shared by every test that needs a package.
 *
 * Pipeline (each step has a hook, in this order):
 *   1. stems are generated (sine / noise parts, integer or float samples); the mix is the exact
 *      sum of the stems at their gains (integer sum for int formats, no clipping by design);
 *   2. `audio(item)` may change any file's samples, frames, channels or format;
 *   3. each file is encoded (WAV by default); `file(path, bytes)` may rewrite the bytes;
 *   4. the manifest is computed FROM THE FINAL FILES (hashes, sizes, frames, peaks), so a break
 *      made in steps 2-3 shows up only as the rule it breaks; `manifest(m)` may edit it;
 *   5. zip entries (mimetype, stempack.json, mix, stems) are listed; `entries(list)` may edit;
 *   6. the archive is written; `zip(bytes)` may rewrite it.
 *
 * @example
 *   const { bytes, manifest } = buildPackage({ hooks: { audio: (it) => { if (it.id === 'bass') it.frames -= 1; } } });
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest, Role, Stem, AudioItem, Layout } from '../../src/model/manifest.js';
import { MIMETYPE, MANIFEST_NAME, SPEC_VERSION } from '../../src/model/manifest.js';
import { encodeWav, type WavSpec } from './wav.js';
import { writeZip, type ZipEntrySpec } from './zip.js';

/** A signal component of a generated stem. */
export type Part =
  | { kind: 'sine'; freq: number; amp: number; phase?: number; /** phase step per channel, radians (default 0.3) */ spread?: number }
  | { kind: 'noise'; amp: number; seed: number }
  | { kind: 'silence' };

/** A stem to generate. */
export interface StemSpec {
  id: string;
  role: Role;
  name?: string;
  /** Channels (default: the package channels). */
  channels?: number;
  parts: Part[];
  gainDb?: number;
  /** Entry path (default `stems/<id>.wav`). */
  path?: string;
  /** Change the generated samples before they are summed into the mix (so the null still holds). */
  post?(samples: Int32Array | Float64Array, channels: number, frames: number): void;
}

/** One audio file while building: hooks may change anything here. */
export interface BuildItem {
  id: string;
  isMix: boolean;
  path: string;
  channels: number;
  frames: number;
  /** Interleaved samples: integers (int) or floats in [-1, 1] (float). Trimmed/padded to `frames`. */
  samples: Int32Array | Float64Array;
  /** Encoder options for this file (format, extensible, bext...). */
  wav: Omit<WavSpec, 'samples' | 'channels'>;
}

/** Options of {@link buildPackage}. */
export interface BuildOptions {
  sampleRate?: number;
  bitDepth?: number;
  sampleFormat?: 'int' | 'float';
  container?: 'wav' | 'aiff';
  channels?: number;
  /** Length in frames (default 4,800 = 0.1 s at 48 kHz). */
  frames?: number;
  stems?: StemSpec[];
  /** Timeline start (BWF TimeReference); written as bext on every file when `bext` is true. */
  timelineStart?: number;
  bext?: boolean;
  mixBusProcessing?: boolean;
  hooks?: {
    audio?(item: BuildItem): void;
    file?(path: string, bytes: Uint8Array): Uint8Array;
    manifest?(m: Manifest): void;
    entries?(entries: ZipEntrySpec[]): void;
    zip?(bytes: Uint8Array): Uint8Array;
  };
}

/** What {@link buildPackage} returns. */
export interface BuiltPackage {
  bytes: Uint8Array;
  manifest: Manifest;
  /** Final bytes of every audio file by entry path. */
  files: Map<string, Uint8Array>;
}

/** Default stems: three stereo stems (drums noise, bass sine, lead vocal sine). */
export const DEFAULT_STEMS: StemSpec[] = [
  { id: 'drums', role: 'drums', name: 'Drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] },
  { id: 'bass', role: 'bass', name: 'Bass', parts: [{ kind: 'sine', freq: 60, amp: 0.25 }] },
  { id: 'vox', role: 'vocals-lead', name: 'Lead Vocal', parts: [{ kind: 'sine', freq: 440, amp: 0.2 }, { kind: 'noise', amp: 0.01, seed: 7 }] },
];

/** Build a package in memory. */
export function buildPackage(opts: BuildOptions = {}): BuiltPackage {
  const sampleRate = opts.sampleRate ?? 48000;
  const sampleFormat = opts.sampleFormat ?? 'int';
  const bitDepth = opts.bitDepth ?? (sampleFormat === 'float' ? 32 : 24);
  const channels = opts.channels ?? 2;
  const frames = opts.frames ?? 4800;
  const stems = opts.stems ?? DEFAULT_STEMS;
  const start = opts.timelineStart ?? 0;
  const hooks = opts.hooks ?? {};
  const scale = 2 ** (bitDepth - 1);
  const baseWav: BuildItem['wav'] = {
    sampleRate,
    sampleFormat,
    bitDepth,
    container: opts.container ?? 'wav',
    ...(opts.bext ? { bextTimeReference: start } : {}),
  };
  const ext = (opts.container ?? 'wav') === 'aiff' ? 'aif' : 'wav';

  // 1. generate
  const items: BuildItem[] = [];
  const mix = sampleFormat === 'int' ? new Int32Array(frames * channels) : new Float64Array(frames * channels);
  for (const s of stems) {
    const ch = s.channels ?? channels;
    const x = generate(s.parts, frames, ch, sampleRate, sampleFormat === 'int' ? scale : 0);
    s.post?.(x, ch, frames);
    const g = s.gainDb ? Math.pow(10, s.gainDb / 20) : 1;
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < channels; c++) {
        const v = x[f * ch + (ch === channels ? c : 0)]!;
        mix[f * channels + c] += sampleFormat === 'int' ? Math.round(g * v) : g * v;
      }
    }
    items.push({ id: s.id, isMix: false, path: s.path ?? `stems/${s.id}.${ext}`, channels: ch, frames, samples: x, wav: { ...baseWav } });
  }
  items.unshift({ id: 'mix', isMix: true, path: `mix/mix.${ext}`, channels, frames, samples: mix, wav: { ...baseWav } });

  // 2-3. hook, encode, hook
  const files = new Map<string, Uint8Array>();
  for (const it of items) {
    hooks.audio?.(it);
    const samples = fit(it.samples, it.frames * it.channels);
    let bytes = encodeWav({ ...it.wav, channels: it.channels, samples });
    if (hooks.file) bytes = hooks.file(it.path, bytes);
    files.set(it.path, bytes);
    it.samples = samples;
  }

  // 4. manifest from the final files
  const describe = (it: BuildItem): AudioItem => {
    const bytes = files.get(it.path)!;
    const fullScale = it.wav.sampleFormat === 'int' ? 2 ** (it.wav.bitDepth - 1) : 1;
    let peak = 0;
    for (let i = 0; i < it.samples.length; i++) peak = Math.max(peak, Math.abs(it.samples[i]!));
    const peakDb = peak > 0 ? Math.round(20 * Math.log10(peak / fullScale) * 100) / 100 : null;
    return {
      id: it.id,
      name: it.isMix ? 'Main Mix' : (stems.find((s) => s.id === it.id)?.name ?? it.id),
      path: it.path,
      channels: it.channels,
      layout: layoutOf(it.channels),
      sha256: sha256(bytes),
      audioSha256: sha256(audioData(bytes)),
      bytes: bytes.length,
      frames: it.frames,
      peak: peakDb,
    };
  };
  const mixItem = items[0]!;
  const manifest: Manifest = {
    stempack: SPEC_VERSION,
    title: 'Test Song',
    artist: 'Test Artist',
    versionName: 'Main Mix v1',
    credits: [{ name: 'Test Mixer', role: 'mixing' }],
    isrc: 'XXA012600001',
    created: '2026-01-01T00:00:00Z',
    generator: 'stempack test builder',
    session: { sampleRate, bitDepth },
    timeline: { sampleRate, start, length: mixItem.frames },
    format: { container: opts.container ?? 'wav', sampleFormat, bitDepth, sampleRate },
    mix: describe(mixItem),
    stems: items.slice(1).map((it) => {
      const spec = stems.find((s) => s.id === it.id)!;
      const st: Stem = { ...describe(it), role: spec.role };
      if (spec.gainDb !== undefined) st.gainDb = spec.gainDb;
      return st;
    }),
    mixBusProcessing: opts.mixBusProcessing ?? false,
  };
  hooks.manifest?.(manifest);

  // 5-6. entries and archive
  const entries: ZipEntrySpec[] = [
    { name: 'mimetype', data: new TextEncoder().encode(MIMETYPE) },
    { name: MANIFEST_NAME, data: new TextEncoder().encode(JSON.stringify(manifest, null, 2)), method: 8 },
    ...items.map((it) => ({ name: it.path, data: files.get(it.path)! })),
  ];
  hooks.entries?.(entries);
  let bytes = writeZip(entries);
  if (hooks.zip) bytes = hooks.zip(bytes);
  return { bytes, manifest, files };
}

/** Build a package and write it to a temp file; call `cleanup()` when done. */
export function buildPackageFile(opts: BuildOptions = {}, fileName = 'test.stempack'): BuiltPackage & { path: string; cleanup(): void } {
  const built = buildPackage(opts);
  const dir = mkdtempSync(join(tmpdir(), 'stempack-test-'));
  const path = join(dir, fileName);
  writeFileSync(path, built.bytes);
  return { ...built, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write loose files (stems + mix, as before packing) to a temp folder. */
export function writeLooseFiles(built: BuiltPackage, rename?: (path: string) => string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stempack-loose-'));
  for (const [p, b] of built.files) writeFileSync(join(dir, rename ? rename(p) : p.split('/').pop()!), b);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lowercase hex SHA-256. */
export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** The body of the `data` (or `SSND` sample) chunk of a RIFF/AIFF file written by the test encoder. */
export function audioData(file: Uint8Array): Uint8Array {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const le = file[0] === 0x52; // RIFF
  let p = 12;
  while (p + 8 <= file.length) {
    const id = String.fromCharCode(file[p]!, file[p + 1]!, file[p + 2]!, file[p + 3]!);
    const size = v.getUint32(p + 4, le);
    if (id === 'data') return file.subarray(p + 8, Math.min(file.length, p + 8 + size));
    if (id === 'SSND') return file.subarray(p + 16, Math.min(file.length, p + 8 + size));
    p += 8 + size + (size & 1);
  }
  return new Uint8Array(0);
}

/** Byte offset of a chunk's header in a RIFF file (or -1). */
export function chunkOffset(file: Uint8Array, id: string): number {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let p = 12;
  while (p + 8 <= file.length) {
    const cid = String.fromCharCode(file[p]!, file[p + 1]!, file[p + 2]!, file[p + 3]!);
    if (cid === id) return p;
    const size = v.getUint32(p + 4, true);
    p += 8 + size + (size & 1);
  }
  return -1;
}

function layoutOf(ch: number): Layout {
  return ch === 1 ? 'mono' : ch === 2 ? 'stereo' : ch === 6 ? '5.1' : 'discrete';
}

function fit<T extends Int32Array | Float64Array>(x: T, n: number): T {
  if (x.length === n) return x;
  const out = new (x.constructor as { new (n: number): T })(n);
  out.set(x.subarray(0, Math.min(n, x.length)) as never);
  return out;
}

/** Generate interleaved samples; `scale` > 0 gives integers at that full scale, 0 gives floats. */
function generate(parts: Part[], frames: number, channels: number, rate: number, scale: number): Int32Array | Float64Array {
  const acc = new Float64Array(frames * channels);
  for (const p of parts) {
    if (p.kind === 'silence') continue;
    if (p.kind === 'sine') {
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < channels; c++) {
          acc[f * channels + c] += p.amp * Math.sin(2 * Math.PI * p.freq * (f / rate) + (p.phase ?? 0) + c * (p.spread ?? 0.3));
        }
      }
    } else {
      let s = p.seed >>> 0;
      for (let i = 0; i < acc.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        acc[i] += p.amp * (s / 2 ** 31 - 1);
      }
    }
  }
  if (scale === 0) return acc;
  const out = new Int32Array(acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = Math.round(acc[i]! * (scale - 1));
  return out;
}
