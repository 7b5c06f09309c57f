/**
 * Writes a generated song as a folder of DAW-style exports: one stereo Broadcast WAV per part and
 * the mix as their exact integer sum (so it nulls exactly), all with the same TimeReference.
 * Streaming: each file is written block by block in constant memory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAudioWriter } from '../src/audio/write/index.js';
import { openAtomicOutput } from '../src/io/index.js';
import { partBlockInt, type Part } from './synth.js';

export interface SongOptions {
  dir: string;
  parts: Part[];
  seconds: number;
  sampleRate?: number;
  bits?: 16 | 24;
  /** BWF TimeReference of the first frame (frames since midnight). */
  timeReference?: number;
  /** File name prefix, e.g. "AB_DemoSong_CD1". */
  prefix?: string;
  force?: boolean;
  blockFrames?: number;
}

export interface SongFiles {
  mix: string;
  stems: { id: string; path: string }[];
  frames: number;
}

export async function writeSong(o: SongOptions): Promise<SongFiles> {
  const rate = o.sampleRate ?? 48000;
  const bits = o.bits ?? 24;
  const frames = Math.round(o.seconds * rate);
  const block = o.blockFrames ?? 48000;
  const prefix = o.prefix ?? 'Demo';
  const tref = o.timeReference ?? 0;
  await mkdir(o.dir, { recursive: true });
  const bext = (desc: string) => ({
    description: desc,
    originator: 'stempack demo',
    originatorReference: '',
    originationDate: '2026-01-01',
    originationTime: '00:00:00',
    timeReference: BigInt(tref),
    codingHistory: `A=PCM,F=${rate},W=${bits},M=stereo,T=stempack demo synth`,
  });
  const open = async (name: string, desc: string) => {
    const out = await openAtomicOutput(join(o.dir, name), { force: o.force ?? false });
    const w = await createAudioWriter(out.sink, {
      container: 'wav', sampleFormat: 'int', bitsPerSample: bits, sampleRate: rate, channels: 2,
      bext: bext(desc), expectedFrames: frames,
    });
    return { out, w };
  };
  const stems = [];
  const writers = [];
  for (const p of o.parts) {
    const name = `${prefix}_${p.id}.wav`;
    stems.push({ id: p.id, path: join(o.dir, name) });
    writers.push(await open(name, p.id));
  }
  const mixName = `${prefix}_Mix.wav`;
  const mix = await open(mixName, 'mix');
  const bufs = o.parts.map(() => new Int32Array(block * 2));
  const sum = new Int32Array(block * 2);
  for (let start = 0; start < frames; start += block) {
    const n = Math.min(block, frames - start);
    sum.fill(0);
    for (let i = 0; i < o.parts.length; i++) {
      const b = partBlockInt(o.parts[i]!, start, n, rate, bits, 2, bufs[i]);
      for (let k = 0; k < n * 2; k++) sum[k] = sum[k]! + b[k]!;
      await writers[i]!.w.writeInt(b, n);
    }
    await mix.w.writeInt(sum, n);
  }
  for (const x of [...writers, mix]) {
    await x.w.finish();
    await x.out.commit();
  }
  return { mix: join(o.dir, mixName), stems, frames };
}
