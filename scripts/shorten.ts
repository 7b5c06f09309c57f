/**
 * DAW exports whose stems stop early: a copy of a folder of exports in which chosen stems end
 * some seconds before the mix, as an export whose range trims the silence at the end does
 * (Logic 10.6+ "Range: trim end silence", region exports), and the mix without what those tails
 * held, so the stems padded back to the mix's length null against it exactly. Used by the
 * conform demo and the conform benchmark row. Integer PCM; written with the project's writer
 * (same format and `bext` as the originals).
 */
import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileSource, type FileSource } from '../src/io/index.js';
import { readAudioHeader, readSampleBlocks, decodeToInt32 } from '../src/audio/index.js';
import { writeWavLike } from './write-like.js';
import type { AudioHeader } from '../src/model/audio.js';

async function open(path: string): Promise<{ src: FileSource; h: AudioHeader }> {
  const src = await openFileSource(path);
  const { header } = await readAudioHeader(src);
  if (!header || header.encoding.sampleFormat !== 'int') throw new Error(`${path}: shortened exports need integer PCM`);
  return { src, h: header };
}

/**
 * Write into `dst` the exports of `src` (`.wav` files, the mix named `*_Mix.wav`) with stem `i`
 * (in name order) `cut(name, i)` seconds shorter (0: as it is, hard-linked) and the mix without
 * what the cut tails held. Returns the stems cut.
 */
export async function writeShortenedExports(src: string, dst: string, cut: (name: string, index: number) => number): Promise<string[]> {
  await mkdir(dst, { recursive: true });
  const names = (await readdir(src)).filter((f) => f.endsWith('.wav')).sort();
  const mixName = names.find((n) => n.endsWith('_Mix.wav'))!;
  const stemNames = names.filter((n) => n !== mixName);
  const stems = await Promise.all(stemNames.map((n) => open(join(src, n))));
  const mix = await open(join(src, mixName));
  const shortened: string[] = [];
  try {
    const N = mix.h.frames;
    const ends = stems.map((s, i) => N - Math.round(cut(stemNames[i]!, i) * s.h.sampleRate));
    for (const [i, s] of stems.entries()) {
      const to = join(dst, stemNames[i]!);
      if (ends[i] === N) {
        await link(join(src, stemNames[i]!), to).catch(() => copyFile(join(src, stemNames[i]!), to));
        continue;
      }
      shortened.push(to);
      await writeWavLike(to, s.h, ends[i]!, async (w) => {
        for await (const b of readSampleBlocks(s.src, s.h, { endFrame: ends[i]! })) await w.writeRaw(b.bytes);
      });
    }
    // the mix: what the cut tails held taken out of it
    const ch = mix.h.channels;
    const start = Math.min(...ends);
    await writeWavLike(join(dst, mixName), mix.h, N, async (w) => {
      let m = new Int32Array(0);
      let t = new Int32Array(0);
      for await (const b of readSampleBlocks(mix.src, mix.h, { blockFrames: 96000 })) {
        const n = b.frames * ch;
        if (b.frame + b.frames <= start) {
          await w.writeRaw(b.bytes);
          continue;
        }
        if (m.length < n) m = new Int32Array(n);
        decodeToInt32(b.bytes, mix.h.encoding, n, m);
        for (const [i, s] of stems.entries()) {
          const from = Math.max(b.frame, ends[i]!);
          if (from >= b.frame + b.frames) continue;
          const bytes = await s.src.read(s.h.dataOffset + from * s.h.blockAlign, (b.frame + b.frames - from) * s.h.blockAlign);
          const k = (b.frame + b.frames - from) * ch;
          if (t.length < k) t = new Int32Array(k);
          decodeToInt32(bytes, s.h.encoding, k, t);
          const o = (from - b.frame) * ch;
          for (let j = 0; j < k; j++) m[o + j] = m[o + j]! - t[j]!;
        }
        await w.writeInt(m, b.frames);
      }
    });
  } finally {
    for (const s of [...stems, mix]) await s.src.close();
  }
  return shortened;
}
