// The writer through an atomic FileSink: headers patched in a file (flushed and buffered
// parts), the result readable by sox and our reader, nothing under the target until commit.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAtomicOutput } from '../../../src/io/atomic.js';
import { openFileSource } from '../../../src/io/file-source.js';
import { readAudioHeader } from '../../../src/audio/index.js';
import { createAudioWriter, type WriteSpec } from '../../../src/audio/write/index.js';
import { expectedFloat, samplesFor, writeToMemory } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-write-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writer into an atomic file output', () => {
  it.each([16, 4096, 1 << 20])('buffer %i: same bytes as in memory, read back by sox and the reader', async (bufferSize) => {
    const spec: WriteSpec = {
      container: 'wav', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2,
      bext: { timeReference: 2n ** 33n, codingHistory: 'A=PCM' },
    };
    const frames = 5000;
    const samples = samplesFor(spec, frames) as Int32Array;
    const target = join(dir, `out-${bufferSize}.wav`);
    const result = await withAtomicOutput(target, { sink: { bufferSize } }, async (sink) => {
      const w = await createAudioWriter(sink, spec);
      for (let f = 0; f < frames; f += 999) {
        const m = Math.min(999, frames - f);
        await w.writeInt(samples.subarray(f * 2, (f + m) * 2), m);
      }
      const r = await w.finish();
      expect(existsSync(target)).toBe(false);
      return r;
    });
    expect(result.frames).toBe(frames);
    const mem = await writeToMemory(spec, samples, frames);
    const src = await openFileSource(target);
    try {
      const onDisk = await src.read(0, src.size);
      expect(Buffer.compare(onDisk, mem.bytes)).toBe(0);
      const { header, findings } = await readAudioHeader(src);
      expect(findings).toEqual([]);
      expect(header?.bext?.timeReference).toBe(2n ** 33n);
    } finally {
      await src.close();
    }
    const raw = new Uint8Array(execFileSync('sox', [target, '-t', 'f64', '-'], { maxBuffer: 1 << 26 }));
    expect(new Float64Array(raw.buffer, 0, raw.length / 8)).toEqual(expectedFloat(spec, samples));
    expect(readdirSync(dir).filter((n) => n.includes('stempack-tmp'))).toEqual([]);
  });
});
