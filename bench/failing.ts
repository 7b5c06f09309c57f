/**
 * The failing variant of a benchmark song for the forensics row (issue 7: "forensics on a failing
 * 5-minute, 10-stem package finishes within 10 seconds"): the same exports, except that one stem is
 * late by one sample and another is 0.5 dB louder than the mix was made from, so the null fails
 * and `validate` runs the null forensics (which should name both). Written with the project's
 * reader and writer (same format and `bext` as the originals); the other files are hard links to
 * the originals (copies where links are not possible).
 */
import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileSource } from '../src/io/index.js';
import { readAudioHeader, readSampleBlocks, decodeToInt32 } from '../src/audio/index.js';
import { writeWavLike } from '../scripts/write-like.js';

/** Which stems are changed, and how (file names end with `_<id>.wav`). */
export const FAILING_CHANGES = { delayedStem: 'drums', delayFrames: 1, louderStem: 'bass', louderDb: 0.5 } as const;

/**
 * Write `dst` as `src` (a folder of exports) with {@link FAILING_CHANGES} applied. Integer PCM only
 * (the benchmark songs are 24-bit). Returns the changed files.
 */
export async function writeFailingExports(src: string, dst: string): Promise<string[]> {
  await mkdir(dst, { recursive: true });
  const names = (await readdir(src)).filter((f) => f.endsWith('.wav')).sort();
  const changed: string[] = [];
  for (const name of names) {
    const from = join(src, name);
    const to = join(dst, name);
    const delay = name.endsWith(`_${FAILING_CHANGES.delayedStem}.wav`) ? FAILING_CHANGES.delayFrames : 0;
    const gain = name.endsWith(`_${FAILING_CHANGES.louderStem}.wav`) ? 10 ** (FAILING_CHANGES.louderDb / 20) : 1;
    if (delay === 0 && gain === 1) {
      await link(from, to).catch(() => copyFile(from, to));
      continue;
    }
    await rewrite(from, to, delay, gain);
    changed.push(to);
  }
  return changed;
}

/** Copy one file, its samples `delay` frames later (same length: zeros first, the end dropped) and times `gain`. */
async function rewrite(from: string, to: string, delay: number, gain: number): Promise<void> {
  const src = await openFileSource(from);
  try {
    const { header } = await readAudioHeader(src);
    const h = header!;
    if (h.encoding.sampleFormat !== 'int') throw new Error(`${from}: the failing variant needs integer PCM`);
    const ch = h.channels;
    const max = 2 ** (h.encoding.bitsPerSample - 1) - 1;
    await writeWavLike(to, h, h.frames, async (w) => {
      // the samples delayed: `carry` holds the last `delay` frames of the previous block
      let carry = new Int32Array(delay * ch);
      let block = new Int32Array(0);
      let written = 0;
      for await (const b of readSampleBlocks(src, h)) {
        const n = b.frames * ch;
        if (block.length < n + carry.length) block = new Int32Array(n + carry.length);
        block.set(carry, 0);
        decodeToInt32(b.bytes, h.encoding, n, block.subarray(carry.length, carry.length + n));
        if (gain !== 1) for (let k = 0; k < n; k++) block[k] = Math.max(-max - 1, Math.min(max, Math.round(block[k]! * gain)));
        await w.writeInt(block, b.frames);
        written += b.frames;
        carry = block.slice(n, n + carry.length);
      }
      if (written !== h.frames) throw new Error(`${from}: read ${written} of ${h.frames} frames`);
    });
  } finally {
    await src.close();
  }
}
