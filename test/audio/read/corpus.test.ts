// Every corpus file: header reading never throws, finishes fast, and agrees with sox and
// ffprobe wherever both agree (minus the disagreements corpus/README.md documents).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readAudioHeader } from '../../../src/audio/index.js';
import { openFileSource } from '../../../src/io/file-source.js';
import type { AudioHeader } from '../../../src/model/audio.js';
import type { Finding } from '../../../src/model/finding.js';
import { CORPUS, corpusFacts, corpusFiles } from './corpus.js';

/** A finding's params as a plain record (tests read keys of any code). */
const P = (f: { params: unknown }): Record<string, unknown> => f.params as Record<string, unknown>;

const facts = corpusFacts();
const files = corpusFiles();

async function read(rel: string): Promise<{ header: AudioHeader | null; findings: Finding[] }> {
  const src = await openFileSource(join(CORPUS, rel), rel);
  try {
    return await readAudioHeader(src);
  } finally {
    await src.close();
  }
}

/** Files where one tool is known wrong (corpus/README.md). */
const SOX_WRONG = new Set(['music-metadata/ffmpeg-missing-chunksize.wav', 'music-metadata/issue-819.wav', 'music-metadata/odd-list-type.wav']);

describe('corpus: every file', () => {
  it('has a facts row for every file and at least 80 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
    // facts.tsv lacks only the file whose name has spaces; it is asserted one by one below.
    expect(files.filter((f) => !facts.has(f))).toEqual(['music-metadata/No Sanctuary Here.aiff']);
  });

  it.each(files)('%s: no throw, findings carry the path, agrees with the tools', async (rel) => {
    const t0 = performance.now();
    const { header, findings } = await read(rel);
    expect(performance.now() - t0).toBeLessThan(2000);
    for (const f of findings) {
      expect(f.path).toBe(rel);
      expect(f.code).toMatch(/^SP-[A-Z]+-\d{3}$/);
    }
    const row = facts.get(rel);
    if (!row) return;
    const soxRefuses = row.soxi_rate === '';
    if (soxRefuses) {
      // sox refuses: we mark the file not lossless or report an audio finding.
      const flagged = header === null || !header.lossless || findings.some((f) => f.code.startsWith('SP-AUD-'));
      expect(flagged).toBe(true);
      return;
    }
    if (header === null) throw new Error(`${rel}: no header but sox reads it`);
    // Rate and channels: sox and ffprobe agree on every file sox reads.
    expect(header.sampleRate).toBe(Number(row.soxi_rate));
    expect(header.channels).toBe(Number(row.soxi_ch));
    if (!header.lossless) {
      expect(findings.some((f) => f.code === 'SP-AUD-001')).toBe(true);
      return;
    }
    const ffBits = row.ff_bits === '' ? null : Number(row.ff_bits);
    if (ffBits !== null && ffBits === Number(row.soxi_bits)) expect(header.encoding.bitsPerSample).toBe(ffBits);
    if (!SOX_WRONG.has(rel)) {
      expect(header.frames).toBe(Number(row.soxi_samples));
      // ffprobe duration agrees to its printed precision
      if (row.ff_dur !== '' && !findings.some((f) => f.code === 'SP-AUD-002')) expect(Math.abs(header.frames / header.sampleRate - Number(row.ff_dur))).toBeLessThan(1e-5);
    }
    if (row.bext_tref !== '') expect(header.bext?.timeReference).toBe(BigInt(row.bext_tref));
  });
});

describe('corpus: files asserted one by one', () => {
  const aud002 = (fs: Finding[]) => fs.filter((f) => f.code === 'SP-AUD-002');

  it('issue-1163.bwf: data chunk of size 0 followed by chunks gives 0 frames and SP-AUD-002 size-zero', async () => {
    const { header, findings } = await read('music-metadata/issue-1163.bwf');
    expect(header!.frames).toBe(0);
    expect(header!.bext!.timeReference).toBe(172800000n);
    const f = aud002(findings);
    expect(f).toHaveLength(1);
    expect(P(f[0]!)).toMatchObject({ reason: 'size-zero', chunk: 'data', declared: 0 });
    expect(f[0]!.at?.byteOffset).toBe(16376);
    expect(header!.chunks.map((c) => c.id)).toEqual(['JUNK', 'bext', 'fmt ', 'minf', 'elm1', 'data', 'regn', 'umid', 'DGDA', 'ID3 ']);
  });

  it('ffmpeg-missing-chunksize.wav: 0xFFFFFFFF data size, frames actually present', async () => {
    const { header, findings } = await read('music-metadata/ffmpeg-missing-chunksize.wav');
    const h = header!;
    expect(h.frames).toBe(Math.floor((110670 - h.dataOffset) / 4));
    const f = aud002(findings);
    expect(f).toHaveLength(1);
    expect(P(f[0]!)).toMatchObject({ reason: 'size-ffffffff', chunk: 'data', declared: 0xffffffff, available: 110670 - h.dataOffset, frames: h.frames });
  });

  it('issue-819.wav: data size past the end of the file', async () => {
    const { header, findings } = await read('music-metadata/issue-819.wav');
    const h = header!;
    expect(h.frames).toBe(Math.floor((5000 - h.dataOffset) / 2));
    expect(aud002(findings)[0]!.params).toMatchObject({ reason: 'size-past-end', chunk: 'data', available: 5000 - h.dataOffset });
  });

  it('odd-list-type.wav: truncated to 100 bytes, 3 whole frames and a partial one', async () => {
    const { header, findings } = await read('music-metadata/odd-list-type.wav');
    expect(header!.frames).toBe(3);
    expect(aud002(findings)[0]!.params).toMatchObject({ reason: 'size-past-end', chunk: 'data', declared: 0x02f35b90, available: 20, frames: 3 });
    const len = findings.find((f) => f.code === 'SP-LEN-003')!;
    expect(len.params).toEqual({ dataSize: 20, blockAlign: 6, remainder: 2 });
    expect(len.at).toMatchObject({ frame: 3, byteOffset: 98 });
  });

  it('libbw64 broken files give coded findings', async () => {
    const noriff = await read('libbw64/rect_24bit_noriff.wav');
    expect(noriff.header).toBeNull();
    expect(noriff.findings.map((f) => [f.code, P(f).reason])).toEqual([['SP-AUD-001', 'unrecognised']]);
    const nowave = await read('libbw64/rect_24bit_nowave.wav');
    expect(nowave.header).toBeNull();
    expect(nowave.findings[0]!.params).toMatchObject({ reason: 'unrecognised', magic: 'RF64', formType: 'WAV ' });
    const nods64 = await read('libbw64/rect_24bit_nods64.wav');
    expect(nods64.header!.frames).toBe(22050);
    expect(aud002(nods64.findings).map((f) => P(f).reason)).toEqual(['no-ds64']);
    const wrong = await read('libbw64/rect_24bit_wrong_fmt_size.wav');
    expect(wrong.header!.frames).toBe(0);
    expect(aud002(wrong.findings).map((f) => [P(f).reason, P(f).chunk])).toEqual([['chunk-id', 'ta??'], ['missing-chunk', 'data']]);
    const uneven = await read('libbw64/noise_24bit_uneven_data_chunk_size.wav');
    expect(uneven.header!.frames).toBe(13);
    expect(uneven.findings).toEqual([]);
    expect(uneven.header!.chunks.map((c) => c.id)).toEqual(['fmt ', 'data', 'chna']);
    const rf64 = await read('libbw64/rect_24bit_rf64.wav');
    expect(rf64.header).toMatchObject({ container: 'rf64', frames: 22050, lossless: true });
    expect(rf64.findings).toEqual([]);
  });

  it('aurora alaw.aifc is recognised and not lossless', async () => {
    const { header, findings } = await read('aurora/alaw.aifc');
    expect(header).toMatchObject({ container: 'aifc', compression: 'alaw', lossless: false, codecName: 'A-law', channels: 2, sampleRate: 44100 });
    expect(findings.map((f) => [f.code, P(f).reason, P(f).compression])).toEqual([['SP-AUD-001', 'codec', 'alaw']]);
  });

  it('non-PCM WAV tags are named and not lossless', async () => {
    const cases: [string, number, string][] = [
      ['music-metadata/issue-92.wav', 2, 'MS ADPCM'],
      ['music-metadata/alaw.wav', 6, 'A-law'],
      ['music-metadata/mulaw.wav', 7, 'µ-law'],
      ['music-metadata/dvi_adpcm.wav', 0x11, 'IMA ADPCM'],
      ['music-metadata/gsm610.wav', 0x31, 'GSM 6.10'],
      ['music-metadata/mpeglayer3.wav', 0x55, 'MPEG Layer 3'],
    ];
    for (const [rel, tag, name] of cases) {
      const { header, findings } = await read(rel);
      expect(header).toMatchObject({ formatTag: tag, codecName: name, lossless: false });
      expect(findings.filter((f) => f.code === 'SP-AUD-001').map((f) => P(f).formatTag)).toEqual([tag]);
    }
  });

  it('odd bit depths: 12 in 16 and 27 in 32 are decodable with SP-AUD-010', async () => {
    const w12 = await read('wavefile/M1F1-int12WE-AFsp.wav');
    expect(w12.header!.encoding).toMatchObject({ bitsPerSample: 16, validBits: 12 });
    expect(w12.header!.lossless).toBe(true);
    expect(w12.findings.map((f) => [f.code, f.params])).toEqual([['SP-AUD-010', { validBits: 12, bitsPerSample: 16 }]]);
    const w27 = await read('wavefile/27bit-8kHz-noBext-mono.wav');
    expect(w27.header!.encoding).toMatchObject({ bitsPerSample: 32, validBits: 27, sampleFormat: 'int' });
    expect(w27.header!.frames).toBe(48000);
  });

  it('AIFF-C edge cases: SSND before COMM, no SSND, trailing junk, zero-size COMM', async () => {
    const order = await read('music-metadata/Porder.aif');
    expect(order.header!.chunks.map((c) => c.id)).toEqual(['SSND', 'COMM', 'FVER']);
    expect(order.header!.compression).toBe('ULAW');
    const nossnd = await read('music-metadata/Pnossnd.aif');
    // COMM declares 0 frames, so a missing SSND is legal (AIFF-C §Sound Data Chunk).
    expect(nossnd.header).toMatchObject({ dataSize: 0, frames: 0 });
    expect(nossnd.findings.filter((f) => f.code === 'SP-AUD-002')).toEqual([]);
    const junk = await read('music-metadata/Ptjunk.aif');
    expect(junk.header!.chunks.map((c) => c.id)).toEqual(['COMM', 'FVER', 'SSND', 'zzzz']);
    const cwe = await read('music-metadata/CWE-835-01.aiff');
    expect(cwe.header).toBeNull();
    expect(aud002(cwe.findings).map((f) => P(f).reason)).toEqual(['chunk-id', 'fmt-size']);
  });

  it('RIFX is big-endian, RF64 uses ds64 sizes, 8-bit WAV unsigned and 8-bit AIFF signed', async () => {
    expect((await read('wavefile/RIFX-16bit-mono.wav')).header).toMatchObject({ container: 'rifx', frames: 48000, encoding: { byteOrder: 'be', bitsPerSample: 16 } });
    const rf = (await read('wavefile/RF64-64-bit-8kHz--mono-bext.wav')).header!;
    expect(rf).toMatchObject({ container: 'rf64', frames: 48000, encoding: { sampleFormat: 'float', bitsPerSample: 64 } });
    expect(rf.chunks[0]!.id).toBe('ds64');
    expect((await read('cpython/pluck-pcm8.wav')).header!.encoding.unsigned8).toBe(true);
    expect((await read('cpython/pluck-pcm8.aiff')).header!.encoding.unsigned8).toBe(false);
  });

  it('No Sanctuary Here.aiff (not in facts.tsv): as soxi reports it', async () => {
    const { header, findings } = await read('music-metadata/No Sanctuary Here.aiff');
    expect(header).toMatchObject({ container: 'aiff', sampleRate: 44100, channels: 2, frames: 22050, encoding: { bitsPerSample: 16 } });
    expect(findings).toEqual([]);
  });

  it('iXML is kept raw', async () => {
    const { header } = await read('music-metadata/riff_adobe_audition.wav');
    expect(header!.ixml!.raw).toContain('<BWFXML>');
  });
});
