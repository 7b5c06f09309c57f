// probe: a JSON-able, exact description and its text form.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { formatProbe, probeAudio } from '../../../src/audio/index.js';
import { openFileSource } from '../../../src/io/file-source.js';
import { BytesSource } from '../../../src/io/bytes-source.js';
import { CORPUS } from './corpus.js';

async function probe(rel: string) {
  const src = await openFileSource(join(CORPUS, rel), rel);
  try {
    return await probeAudio(src);
  } finally {
    await src.close();
  }
}

describe('probeAudio', () => {
  it('describes a BWF with its chunk list, TimeReference and findings', async () => {
    const r = await probe('music-metadata/issue-1163.bwf');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r).toMatchObject({ container: 'wav', formatTag: 1, codec: 'PCM', sampleRate: 48000, channels: 2, bitsPerSample: 24, validBits: 24, frames: 0 });
    expect(r.chunks[5]).toEqual({ id: 'data', offset: 16376, size: 0 });
    expect(r.bext).toMatchObject({ timeReference: '172800000', timecode: '01:00:00.000', originator: 'Pro Tools' });
    expect(r.findings.map((f) => [f.code, f.byteOffset])).toEqual([['SP-AUD-002', 16376]]);
    const text = formatProbe(r);
    for (const s of ['RIFF WAVE', '48000 Hz', '172800000 frames (01:00:00.000)', "'data' at 16376", 'SP-AUD-002']) expect(text).toContain(s);
  });

  it('extensible: sub-format, valid bits and channel mask', async () => {
    const r = await probe('wavefile/M1F1-int12WE-AFsp.wav');
    expect(r).toMatchObject({ formatTag: 0xfffe, subFormat: '00000001-0000-0010-8000-00aa00389b71', bitsPerSample: 16, validBits: 12, frames: 23493 });
    expect(formatProbe(r)).toContain('16 (valid 12)');
  });

  it('AIFF-C compression and an unreadable file', async () => {
    const r = await probe('aurora/lei16.aifc');
    expect(r).toMatchObject({ container: 'aifc', compression: 'sowt', byteOrder: 'le', frames: 347379 });
    const bad = await probeAudio(new BytesSource(new Uint8Array([1, 2, 3]), 'junk.wav'));
    expect(bad).toMatchObject({ container: null, frames: null, lossless: false });
    expect(bad.findings.map((f) => f.code)).toEqual(['SP-AUD-001']);
    expect(formatProbe(bad)).toContain('not recognised');
  });
});
