// Hand-built headers: bext fields and 64-bit TimeReference, iXML file sets, RF64 ds64,
// chunk order, pad bytes, sizes that lie.
import { describe, expect, it } from 'vitest';
import { readAudioHeader, probeAudio, formatProbe } from '../../../src/audio/index.js';
import { BytesSource } from '../../../src/io/bytes-source.js';
import { aiff, ascii, bextBody, chunk, commBody, concat, fmtBody, ssndBody, u32, u64, wav } from './build.js';

/** A finding's params as a plain record (tests read keys of any code). */
const P = (f: { params: unknown }): Record<string, unknown> => f.params as Record<string, unknown>;

const read = (b: Uint8Array, name = 'x.wav') => readAudioHeader(new BytesSource(b, name));
const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('bext', () => {
  it.each([0n, 2n ** 31n + 5n, 2n ** 32n, 2n ** 32n + 1n, 172800000n * 48n + 7n, 2n ** 63n + 12345n, 2n ** 64n - 1n])(
    'TimeReference %s is exact',
    async (tr) => {
      const { header, findings } = await read(wav([chunk('bext', bextBody({ timeReference: tr })), chunk('fmt ', fmtBody({})), chunk('data', data(60))]));
      expect(findings).toEqual([]);
      expect(header!.bext!.timeReference).toBe(tr);
    },
  );

  it('reads every v2 field', async () => {
    const { header } = await read(wav([chunk('fmt ', fmtBody({})), chunk('bext', bextBody({ description: 'Hello', history: 'A=PCM,F=48000\r\n' })), chunk('data', data(6))]));
    expect(header!.bext).toEqual({
      description: 'Hello',
      originator: 'Originator',
      originatorReference: 'REF123',
      originationDate: '2024-01-02',
      originationTime: '03:04:05',
      timeReference: 0n,
      version: 2,
      umid: Array.from({ length: 64 }, (_, i) => i.toString(16).padStart(2, '0')).join(''),
      loudnessValue: -2300,
      loudnessRange: 500,
      maxTruePeakLevel: -100,
      maxMomentaryLoudness: -1500,
      maxShortTermLoudness: -1800,
      codingHistory: 'A=PCM,F=48000\r\n',
    });
  });

  it('v0 has no UMID or loudness; 0x7FFF loudness is unset', async () => {
    const v0 = await read(wav([chunk('fmt ', fmtBody({})), chunk('bext', bextBody({ version: 0 })), chunk('data', data(6))]));
    expect(v0.header!.bext).toMatchObject({ version: 0, umid: '', loudnessValue: null });
    const unset = await read(wav([chunk('fmt ', fmtBody({})), chunk('bext', bextBody({ loudness: [0x7fff, 1, 2, 3, 4] })), chunk('data', data(6))]));
    expect(unset.header!.bext).toMatchObject({ loudnessValue: null, loudnessRange: 1 });
  });

  it('probe prints TimeReference as an exact decimal string and timecode', async () => {
    const tr = 2n ** 32n + 48000n;
    const r = await probeAudio(new BytesSource(wav([chunk('fmt ', fmtBody({})), chunk('bext', bextBody({ timeReference: tr })), chunk('data', data(6))]), 'p.wav'));
    expect(r.bext!.timeReference).toBe('4295015296');
    expect(r.bext!.timecode).toBe('24:51:19.485');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(formatProbe(r)).toContain('4295015296');
  });
});

describe('iXML', () => {
  it('extracts FILE_SET fields', async () => {
    const xml = '<?xml version="1.0"?><BWFXML><FILE_SET><TOTAL_FILES>2</TOTAL_FILES><FAMILY_UID>ABC&amp;1</FAMILY_UID><FILE_SET_INDEX>B</FILE_SET_INDEX></FILE_SET></BWFXML>\0';
    const { header } = await read(wav([chunk('fmt ', fmtBody({ channels: 1 })), chunk('data', data(3)), chunk('iXML', ascii(xml))]));
    expect(header!.ixml!.fileSet).toEqual({ familyUid: 'ABC&1', totalFiles: 2, fileSetIndex: 'B' });
    expect(header!.ixml!.raw.endsWith('</BWFXML>')).toBe(true);
  });
});

describe('walker', () => {
  it('data before fmt, unknown chunks listed with offsets, odd chunks padded', async () => {
    const b = wav([chunk('data', data(12)), chunk('odd!', data(3)), chunk('fmt ', fmtBody({ bits: 16 }))]);
    const { header, findings } = await read(b);
    expect(findings).toEqual([]);
    expect(header!.chunks).toEqual([
      { id: 'data', offset: 12, size: 12 },
      { id: 'odd!', offset: 32, size: 3 },
      { id: 'fmt ', offset: 44, size: 16 },
    ]);
    expect(header).toMatchObject({ dataOffset: 20, dataSize: 12, frames: 3 });
  });

  it('tolerates a missing pad byte when the next id only makes sense unpadded', async () => {
    const b = wav([chunk('fmt ', fmtBody({ channels: 1, bits: 8 })), chunk('data', data(5), true, 5, false), chunk('LIST', ascii('INFO'))]);
    const { header, findings } = await read(b);
    expect(findings).toEqual([]);
    expect(header!.chunks.map((c) => c.id)).toEqual(['fmt ', 'data', 'LIST']);
    expect(header!.frames).toBe(5);
  });

  it('RIFX big-endian header', async () => {
    const b = wav([chunk('fmt ', fmtBody({ le: false, bits: 16 }), false), chunk('data', data(8), false)], 'RIFX');
    expect((await read(b)).header).toMatchObject({ container: 'rifx', frames: 2, encoding: { byteOrder: 'be' } });
  });

  it('RF64: 64-bit data size from ds64, with a table entry', async () => {
    const ds64 = concat(u64(0n), u64(24n), u64(4n), u32(1), ascii('big '), u64(6n));
    const b = wav([chunk('ds64', ds64), chunk('fmt ', fmtBody({})), chunk('big ', data(6), true, 0xffffffff), chunk('data', data(24), true, 0xffffffff)], 'RF64', 0xffffffff);
    const { header, findings } = await read(b);
    expect(findings).toEqual([]);
    expect(header!.frames).toBe(4);
    expect(header!.chunks.find((c) => c.id === 'big ')!.size).toBe(6);
  });

  it('0xFFFFFFFF data size outside RF64: frames present plus SP-AUD-002', async () => {
    const { header, findings } = await read(wav([chunk('fmt ', fmtBody({})), chunk('data', data(61), true, 0xffffffff, false)]));
    expect(header!.frames).toBe(10);
    expect(findings.map((f) => [f.code, P(f).reason])).toEqual([
      ['SP-AUD-002', 'size-ffffffff'],
      ['SP-LEN-003', undefined],
    ]);
  });

  it('missing fmt gives null; missing data gives a header with 0 frames', async () => {
    const nofmt = await read(wav([chunk('data', data(6))]));
    expect(nofmt.header).toBeNull();
    expect(nofmt.findings.map((f) => P(f).chunk)).toEqual(['fmt ']);
    const nodata = await read(wav([chunk('fmt ', fmtBody({}))]));
    expect(nodata.header!.frames).toBe(0);
    expect(nodata.findings.map((f) => [f.code, P(f).reason, P(f).chunk])).toEqual([['SP-AUD-002', 'missing-chunk', 'data']]);
  });

  it('a wrong RIFF size is not a finding when the data is intact', async () => {
    const { findings } = await read(wav([chunk('fmt ', fmtBody({})), chunk('data', data(6))], 'RIFF', 12345678));
    expect(findings).toEqual([]);
  });

  it('empty and tiny sources', async () => {
    for (const b of [new Uint8Array(0), ascii('RIFF'), ascii('RIFF\0\0\0\0WAVE'), ascii('FORM\0\0\0\0AIFF')]) {
      const { header, findings } = await read(b);
      expect(header).toBeNull();
      expect(findings.length).toBeGreaterThan(0);
    }
  });
});

describe('AIFF', () => {
  it('SSND before COMM, offset honoured, COMM frames authoritative but capped', async () => {
    const s = ssndBody(data(40), 4);
    const b = aiff([chunk('SSND', s, false), chunk('COMM', commBody({ frames: 9, rate: 44099.5 }), false)]);
    const { header, findings } = await read(b, 'a.aif');
    expect(header).toMatchObject({ container: 'aiff', sampleRate: 44099.5, frames: 9, dataOffset: 12 + 8 + 8 + 4, dataSize: 36 });
    expect(findings).toEqual([]);
    const short = await read(aiff([chunk('COMM', commBody({ frames: 20 }), false), chunk('SSND', s, false)]), 'b.aif');
    expect(short.header!.frames).toBe(10);
    expect(short.findings.map((f) => [f.code, f.params])).toEqual([['SP-AUD-002', { reason: 'frames-past-end', chunk: 'SSND', declared: 80, available: 40, frames: 10 }]]);
  });

  it.each([
    ['sowt', 'le', 'int', true],
    ['twos', 'be', 'int', true],
    ['NONE', 'be', 'int', true],
    ['fl32', 'be', 'float', true],
    ['FL32', 'be', 'float', true],
    ['fl64', 'be', 'float', true],
    ['ulaw', 'be', 'int', false],
    ['ima4', 'be', 'int', false],
  ] as const)('AIFF-C %s', async (type, order, fmt, lossless) => {
    const bits = type.toLowerCase() === 'fl64' ? 64 : type.toLowerCase() === 'fl32' ? 32 : 16;
    const { header, findings } = await read(aiff([chunk('COMM', commBody({ frames: 1, bits, compression: type }), false), chunk('SSND', ssndBody(data(16)), false)], true), 'c.aifc');
    expect(header).toMatchObject({ compression: type, lossless, encoding: { byteOrder: order, sampleFormat: fmt } });
    expect(findings.some((f) => f.code === 'SP-AUD-001')).toBe(!lossless);
  });
});
