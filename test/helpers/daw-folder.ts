/**
 * DAW-style export folders for the journey tests: a short song (the demo synthesiser's parts,
 * 24-bit/48 kHz stereo Broadcast WAV with one TimeReference), named the way the P&E Wing delivery
 * recommendations name stems (`KOR_KeepOnRolling_AL3_Bass_48k24.wav`), the mix the exact sum of
 * the stems, and then exactly one common mistake made to it.
 *
 * Every figure a test asserts (frames late, dB hot, frames short) is a constant here, so the
 * test and the folder cannot drift apart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { partBlockInt, type Part } from '../../scripts/synth.js';
import { encodeWav } from './wav.js';

/** The mistakes a journey can make. */
export type Mistake =
  | 'none'
  /** Packed without --artist (the folder itself is fine). */
  | 'no-artist'
  /** The Pro Tools session and an Ableton set beside the stems. */
  | 'session-file'
  /** The bass stem delivered as an MP3. */
  | 'mp3-stem'
  /** The bass stem one frame late against the mix. */
  | 'late-stem'
  /** The keys stem 0.5 dB hotter than it is in the mix. */
  | 'hot-stem'
  /** The drums stem ends 0.5 s early (a region export) and the keys stem is 0.5 dB hot. */
  | 'lengths-and-bad-mix'
  /** Two stems named the way Pro Tools names new tracks (`Audio 1`, `Audio 2`). */
  | 'unclear-names'
  /** The guitar stem as a Pro Tools multiple-mono pair (`.L` / `.R`). */
  | 'split-mono';

export const RATE = 48000;
export const BITS = 24;
export const SECONDS = 6;
export const FRAMES = RATE * SECONDS;
/** BWF TimeReference of every file: 01:00:00:00 at 48 kHz. */
export const TIME_REFERENCE = RATE * 3600;
/** Frames the late stem lags behind the mix. */
export const LATE_FRAMES = 1;
/** dB the hot stem is louder than in the mix. */
export const HOT_DB = 0.5;
/** Frames the short stem lacks (0.5 s). */
export const SHORT_FRAMES = RATE / 2;
export const PREFIX = 'KOR_KeepOnRolling_AL3';

/** The parts of the song, with the stem name each is delivered under. */
export const PARTS: (Part & { stem: string })[] = [
  { id: 'drums', kind: 'drums', level: 0.3, pan: 0.04, stem: 'Drums' },
  { id: 'bass', kind: 'bass', level: 0.22, pan: -0.03, stem: 'Bass' },
  { id: 'keys', kind: 'keys', level: 0.12, pan: -0.3, stem: 'Keys' },
  { id: 'guitar', kind: 'guitars', level: 0.08, pan: 0.35, stem: 'Gtr' },
  { id: 'vox', kind: 'lead', level: 0.12, pan: 0.1, stem: 'LeadVox' },
];

/** A folder written by {@link writeDawFolder}. */
export interface DawFolder {
  dir: string;
  /** File name of the mix. */
  mix: string;
  /** File name each part was delivered under (the `.L` name for a split pair, the MP3 for the MP3 stem). */
  stems: Record<string, string>;
  /** Every file in the folder. */
  files: string[];
  cleanup(): void;
}

const fileName = (stem: string) => `${PREFIX}_${stem}_48k24.wav`;

function wav(samples: Int32Array, channels: number): Uint8Array {
  return encodeWav({ sampleRate: RATE, channels, sampleFormat: 'int', bitDepth: BITS, samples, bextTimeReference: TIME_REFERENCE });
}

/** Write the song into `dir` (created, emptied first) with `mistake` made to it. */
export function writeDawFolder(dir: string, mistake: Mistake): DawFolder {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stems = PARTS.map((p) => partBlockInt(p, 0, FRAMES, RATE, BITS, 2));
  const mix = new Int32Array(FRAMES * 2);
  for (const s of stems) for (let k = 0; k < mix.length; k++) mix[k] = mix[k]! + s[k]!;
  const files: string[] = [];
  const names: Record<string, string> = {};
  const put = (name: string, bytes: Uint8Array): void => {
    writeFileSync(join(dir, name), bytes);
    files.push(name);
  };
  const mixName = fileName('Mix');
  put(mixName, wav(mix, 2));

  PARTS.forEach((p, i) => {
    let x = stems[i]!;
    let name = fileName(p.stem);
    const hot = p.id === 'keys' && (mistake === 'hot-stem' || mistake === 'lengths-and-bad-mix');
    if (hot) {
      const g = Math.pow(10, HOT_DB / 20);
      x = x.map((v) => Math.round(v * g));
    }
    if (p.id === 'bass' && mistake === 'late-stem') {
      const late = new Int32Array(x.length);
      late.set(x.subarray(0, x.length - 2 * LATE_FRAMES), 2 * LATE_FRAMES);
      x = late;
    }
    if (p.id === 'drums' && mistake === 'lengths-and-bad-mix') x = x.slice(0, (FRAMES - SHORT_FRAMES) * 2);
    if (mistake === 'unclear-names' && (p.id === 'keys' || p.id === 'guitar')) name = p.id === 'keys' ? 'Audio 1.wav' : 'Audio 2.wav';
    if (p.id === 'guitar' && mistake === 'split-mono') {
      const n = x.length / 2;
      const l = new Int32Array(n);
      const r = new Int32Array(n);
      for (let f = 0; f < n; f++) {
        l[f] = x[2 * f]!;
        r[f] = x[2 * f + 1]!;
      }
      const base = `${PREFIX}_${p.stem}_48k24`;
      put(`${base}.L.wav`, wav(l, 1));
      put(`${base}.R.wav`, wav(r, 1));
      names[p.id] = `${base}.L.wav`;
      return;
    }
    if (p.id === 'bass' && mistake === 'mp3-stem') {
      const tmp = join(dir, '.bass-source.wav');
      writeFileSync(tmp, wav(x, 2));
      name = `${PREFIX}_${p.stem}_48k24.mp3`;
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', tmp, '-c:a', 'libmp3lame', '-b:a', '192k', join(dir, name)]);
      rmSync(tmp);
      files.push(name);
      names[p.id] = name;
      return;
    }
    put(name, wav(x, 2));
    names[p.id] = name;
  });

  if (mistake === 'session-file') {
    // what the DAWs leave beside their bounces: the session itself and its backup
    put('KeepOnRolling.ptx', new Uint8Array([0x03, 0x30, 0x30, 0x31, 0x30, 0x31, 0x31, 0x31, ...new Array(120).fill(0x5a)]));
    put('KeepOnRolling.als', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, ...new Array(60).fill(0x11)]));
  }
  return { dir, mix: mixName, stems: names, files: files.sort(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
