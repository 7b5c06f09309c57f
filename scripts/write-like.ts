/**
 * Writing a WAV in the format of a file read (the same integer depth, rate, channels and `bext`),
 * atomically, with the project's writer: the benchmark's and the demo's derived exports (a failing
 * variant, shortened stems) are written this way.
 */
import { openAtomicOutput } from '../src/io/index.js';
import { createAudioWriter } from '../src/audio/index.js';
import type { AudioHeader } from '../src/model/audio.js';

export type AudioWriter = Awaited<ReturnType<typeof createAudioWriter>>;

/** Write `to` (replacing it) as a `frames`-frame integer WAV like `h`; `body` writes the samples. */
export async function writeWavLike(to: string, h: AudioHeader, frames: number, body: (w: AudioWriter) => Promise<void>): Promise<void> {
  const out = await openAtomicOutput(to, { force: true });
  try {
    const w = await createAudioWriter(out.sink, {
      container: 'wav',
      sampleFormat: 'int',
      bitsPerSample: h.encoding.bitsPerSample as 8 | 16 | 24 | 32,
      sampleRate: h.sampleRate,
      channels: h.channels,
      ...(h.bext ? { bext: h.bext } : {}),
      expectedFrames: frames,
    });
    await body(w);
    await w.finish();
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
