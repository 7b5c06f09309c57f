// music-metadata@11 agrees with our rate, channels, bits and duration wherever it returns them
// (on files whose header we find consistent and lossless).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { readAudioHeader } from '../../../src/audio/index.js';
import { openFileSource } from '../../../src/io/file-source.js';
import { CORPUS, corpusFiles } from './corpus.js';

describe('music-metadata cross-check', () => {
  let compared = 0;
  it.each(corpusFiles())('%s', async (rel) => {
    const src = await openFileSource(join(CORPUS, rel), rel);
    const { header, findings } = await readAudioHeader(src);
    await src.close();
    if (!header || !header.lossless || findings.some((f) => f.code === 'SP-AUD-002' || f.code === 'SP-LEN-003')) return;
    let mm;
    try {
      mm = (await parseFile(join(CORPUS, rel), { duration: true })).format;
    } catch {
      return; // music-metadata refuses a file we read: nothing to compare
    }
    compared++;
    if (mm.sampleRate !== undefined) expect(header.sampleRate).toBe(mm.sampleRate);
    if (mm.numberOfChannels !== undefined) expect(header.channels).toBe(mm.numberOfChannels);
    if (mm.bitsPerSample !== undefined) expect([header.encoding.bitsPerSample, header.encoding.validBits]).toContain(mm.bitsPerSample);
    if (mm.duration !== undefined) expect(Math.abs(header.frames / header.sampleRate - mm.duration)).toBeLessThan(1e-6);
  });

  it('compared most of the corpus', () => {
    expect(compared).toBeGreaterThan(50);
  });
});
