// Byte layout of the headers and bext, and the writer's refusals of caller misuse.
import { describe, it, expect } from 'vitest';
import { MemorySink } from '../../../src/io/memory-sink.js';
import { BytesSource } from '../../../src/io/bytes-source.js';
import { readAudioHeader } from '../../../src/audio/index.js';
import { createAudioWriter, encodeBext, resolveSpec, type WriteSpec } from '../../../src/audio/write/index.js';
import { encodeFromFloat64, encodeFromInt32 } from '../../../src/audio/encode.js';
import type { ByteSink } from '../../../src/model/byte-source.js';
import { samplesFor, writeToMemory } from './helpers.js';

const id = (b: Uint8Array, o: number): string => String.fromCharCode(...b.subarray(o, o + 4));
const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const text = (b: Uint8Array, o: number, n: number): string => Buffer.from(b.subarray(o, o + n)).toString('latin1');
const wav16: WriteSpec = { container: 'wav', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 44100, channels: 2 };

/** Walk RIFF chunks: [id, offset, size]. */
function chunks(b: Uint8Array): [string, number, number][] {
  const out: [string, number, number][] = [];
  const v = dv(b);
  for (let o = 12; o + 8 <= b.length; ) {
    const size = v.getUint32(o + 4, id(b, 0) === 'FORM' ? false : true);
    out.push([id(b, o), o, size]);
    const body = id(b, o + 0) === 'data' && size === 0xffffffff ? b.length - o - 8 : size;
    o += 8 + body + (body & 1);
  }
  return out;
}

describe('encoders', () => {
  it('encode integers in both byte orders, 8-bit unsigned or signed', () => {
    const out = new Uint8Array(8);
    encodeFromInt32(Int32Array.of(-0x800000, 0x123456), 2, { bitsPerSample: 24, byteOrder: 'le' }, out);
    expect([...out.subarray(0, 6)]).toEqual([0x00, 0x00, 0x80, 0x56, 0x34, 0x12]);
    encodeFromInt32(Int32Array.of(-0x800000, 0x123456), 2, { bitsPerSample: 24, byteOrder: 'be' }, out);
    expect([...out.subarray(0, 6)]).toEqual([0x80, 0x00, 0x00, 0x12, 0x34, 0x56]);
    encodeFromInt32(Int32Array.of(-128, 127), 2, { bitsPerSample: 8, byteOrder: 'le', unsigned8: true }, out);
    expect([...out.subarray(0, 2)]).toEqual([0, 255]);
    encodeFromInt32(Int32Array.of(-128, 127), 2, { bitsPerSample: 8, byteOrder: 'be', unsigned8: false }, out);
    expect([...out.subarray(0, 2)]).toEqual([0x80, 0x7f]);
    // odd byte offset takes the byte path
    const odd = new Uint8Array(9).subarray(1);
    encodeFromInt32(Int32Array.of(-2, 0x01020304), 2, { bitsPerSample: 32, byteOrder: 'le' }, odd);
    expect([...odd]).toEqual([0xfe, 0xff, 0xff, 0xff, 4, 3, 2, 1]);
    encodeFromInt32(Int32Array.of(-2), 1, { bitsPerSample: 16, byteOrder: 'be' }, out);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  });

  it('encode floats in both byte orders and alignments', () => {
    const out = new Uint8Array(17);
    encodeFromFloat64(Float64Array.of(1), 1, { bitsPerSample: 32, byteOrder: 'be' }, out);
    expect([...out.subarray(0, 4)]).toEqual([0x3f, 0x80, 0, 0]);
    encodeFromFloat64(Float64Array.of(-2), 1, { bitsPerSample: 64, byteOrder: 'le' }, out.subarray(1));
    expect([...out.subarray(1, 9)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0xc0]);
    expect(() => encodeFromFloat64(Float64Array.of(1), 1, { bitsPerSample: 24, byteOrder: 'le' }, out)).toThrow(RangeError);
    expect(() => encodeFromInt32(Int32Array.of(1, 2), 2, { bitsPerSample: 32, byteOrder: 'le' }, new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('WAV header', () => {
  it('plain 16-bit stereo: RIFF, JUNK(28), fmt (16), data; sizes and pad', async () => {
    const { bytes, result } = await writeToMemory({ ...wav16, channels: 1, bitsPerSample: 8 }, samplesFor({ ...wav16, channels: 1, bitsPerSample: 8 }, 3), 3);
    expect(chunks(bytes)).toEqual([
      ['JUNK', 12, 28],
      ['fmt ', 48, 16],
      ['data', 72, 3],
    ]);
    expect(result).toEqual({ frames: 3, dataOffset: 80, dataBytes: 3 });
    expect(bytes.length).toBe(84); // pad byte
    expect(bytes[83]).toBe(0);
    expect(dv(bytes).getUint32(4, true)).toBe(76);
    const v = dv(bytes);
    expect([v.getUint16(56, true), v.getUint16(58, true), v.getUint32(60, true), v.getUint32(64, true), v.getUint16(68, true), v.getUint16(70, true)]).toEqual([1, 1, 44100, 44100, 1, 8]);
  });

  it('extensible for 24-bit: 40-byte fmt, valid bits, mask, PCM GUID; float GUID for float', async () => {
    for (const [fmt, sub] of [['int', 1], ['float', 3]] as const) {
      const s: WriteSpec = { ...wav16, sampleFormat: fmt, bitsPerSample: fmt === 'int' ? 24 : 32 };
      const { bytes } = await writeToMemory(s, samplesFor(s, 2), 2);
      const [, off, size] = chunks(bytes).find(([i]) => i === 'fmt ')!;
      expect(size).toBe(40);
      const v = dv(bytes);
      const b = off + 8;
      expect(v.getUint16(b, true)).toBe(0xfffe);
      expect(v.getUint16(b + 16, true)).toBe(22);
      expect(v.getUint16(b + 18, true)).toBe(s.bitsPerSample);
      expect(v.getUint32(b + 20, true)).toBe(3);
      expect(Buffer.from(bytes.subarray(b + 24, b + 40)).toString('hex')).toBe(`0${sub}00000000001000800000aa00389b71`);
    }
    expect(resolveSpec({ ...wav16, channels: 1, extensible: true }).channelMask).toBe(4);
    expect(resolveSpec({ ...wav16, channels: 6, bitsPerSample: 24 }).channelMask).toBe(0);
    expect(resolveSpec({ ...wav16, channels: 6, channelMask: 0x3f }).formatTag).toBe(0xfffe);
    expect(resolveSpec({ ...wav16, sampleFormat: 'float', bitsPerSample: 32, extensible: false }).formatTag).toBe(3);
  });

  it('chunk order with bext and iXML, each padded to even size; the reader decodes them', async () => {
    const s: WriteSpec = { ...wav16, bext: { description: 'x', codingHistory: 'A=PCM' }, ixml: '<BWFXML>odd</BWFXML>!' };
    const { bytes } = await writeToMemory(s, samplesFor(s, 4), 4);
    const list = chunks(bytes).map(([i, , n]) => [i, n]);
    expect(list).toEqual([
      ['JUNK', 28],
      ['fmt ', 16],
      ['bext', 602 + 7],
      ['iXML', 21],
      ['data', 16],
    ]);
    const { header, findings } = await readAudioHeader(new BytesSource(bytes));
    expect(findings).toEqual([]);
    expect(header?.bext?.description).toBe('x');
    expect(header?.bext?.codingHistory).toBe('A=PCM\r\n');
    expect(header?.ixml?.raw).toBe('<BWFXML>odd</BWFXML>!');
  });
});

describe('bext', () => {
  it('puts every field at its EBU Tech 3285 offset', () => {
    const b = encodeBext({
      description: 'D'.repeat(256),
      originator: 'Orig',
      originatorReference: 'Ref',
      originationDate: '2026-11-25',
      originationTime: '14:30:00',
      timeReference: 2n ** 40n + 7n,
      umid: '0a'.repeat(64),
      loudnessValue: -2300,
      maxTruePeakLevel: -100,
      codingHistory: 'A=PCM,F=48000\nA=PCM,F=44100\r\n',
    });
    const v = dv(b);
    expect(text(b, 0, 256)).toBe('D'.repeat(256));
    expect(text(b, 256, 5)).toBe('Orig\0');
    expect(text(b, 288, 4)).toBe('Ref\0');
    expect(text(b, 320, 10)).toBe('2026-11-25');
    expect(text(b, 330, 8)).toBe('14:30:00');
    expect(v.getBigUint64(338, true)).toBe(2n ** 40n + 7n);
    expect(v.getUint16(346, true)).toBe(2);
    expect(b.subarray(348, 412).every((x) => x === 0x0a)).toBe(true);
    expect([412, 414, 416, 418, 420].map((o) => v.getInt16(o, true))).toEqual([-2300, 0x7fff, -100, 0x7fff, 0x7fff]);
    expect(b.subarray(422, 602).every((x) => x === 0)).toBe(true);
    expect(text(b, 602, b.length - 602)).toBe('A=PCM,F=48000\r\nA=PCM,F=44100\r\n');
  });

  it('version 0/1 leave reserved bytes zero; misuse throws RangeError', () => {
    const b = encodeBext({ version: 1, timeReference: 5 });
    expect(b.length).toBe(602);
    expect(dv(b).getUint16(346, true)).toBe(1);
    expect(b.subarray(348).every((x) => x === 0)).toBe(true);
    expect(() => encodeBext({ version: 1, loudnessValue: 1 })).toThrow(RangeError);
    expect(() => encodeBext({ version: 0, umid: '00' })).toThrow(RangeError);
    expect(() => encodeBext({ description: 'x'.repeat(257) })).toThrow(RangeError);
    expect(() => encodeBext({ originationDate: '25/11/2026' })).toThrow(RangeError);
    expect(() => encodeBext({ timeReference: -1 })).toThrow(RangeError);
    expect(() => encodeBext({ timeReference: 2n ** 64n })).toThrow(RangeError);
    expect(() => encodeBext({ loudnessValue: 40000 })).toThrow(RangeError);
  });
});

describe('AIFF header', () => {
  it('AIFF: FORM/AIFF, COMM(18) with 80-bit rate, SSND offset 0 block 0', async () => {
    const s: WriteSpec = { container: 'aiff', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 44100, channels: 1 };
    const { bytes, result } = await writeToMemory(s, samplesFor(s, 3), 3);
    const v = dv(bytes);
    expect(id(bytes, 0) + id(bytes, 8)).toBe('FORMAIFF');
    expect(v.getUint32(4, false)).toBe(bytes.length - 8);
    expect(chunks(bytes)).toEqual([
      ['COMM', 12, 18],
      ['SSND', 38, 8 + 9],
    ]);
    expect([v.getUint16(20, false), v.getUint32(22, false), v.getUint16(26, false)]).toEqual([1, 3, 24]);
    expect(Buffer.from(bytes.subarray(28, 38)).toString('hex')).toBe('400eac44000000000000');
    expect([v.getUint32(46, false), v.getUint32(50, false)]).toEqual([0, 0]);
    expect(result.dataOffset).toBe(54);
    expect(bytes.length).toBe(54 + 9 + 1);
  });

  it('AIFF-C: FVER, compression type and even-padded pascal name', async () => {
    const s: WriteSpec = { container: 'aifc', sampleFormat: 'float', bitsPerSample: 32, sampleRate: 48000, channels: 2 };
    const { bytes } = await writeToMemory(s, samplesFor(s, 2), 2);
    const v = dv(bytes);
    expect(id(bytes, 8)).toBe('AIFC');
    expect(chunks(bytes).map(([i, , n]) => [i, n])).toEqual([
      ['FVER', 4],
      ['COMM', 22 + 22],
      ['SSND', 8 + 16],
    ]);
    expect(v.getUint32(20, false)).toBe(0xa2805140);
    expect(id(bytes, 50)).toBe('fl32');
    expect(bytes[54]).toBe(21);
    expect(text(bytes, 55, 21)).toBe('32-bit floating point');
    expect(id(bytes, 76)).toBe('SSND'); // 1 + 21 bytes: already even
    // 'not compressed' (14 characters): 1 + 14 bytes get a pad byte
    const n: WriteSpec = { container: 'aifc', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 1 };
    const nb = (await writeToMemory(n, samplesFor(n, 2), 2)).bytes;
    expect(chunks(nb).map(([i, , k]) => [i, k])).toEqual([['FVER', 4], ['COMM', 22 + 16], ['SSND', 8 + 4]]);
    expect(id(nb, 50)).toBe('NONE');
    expect([nb[54], text(nb, 55, 14), nb[69]]).toEqual([14, 'not compressed', 0]);
  });
});

describe('misuse', () => {
  it('refuses bad specs with RangeError', () => {
    const bad: Partial<WriteSpec>[] = [
      { container: 'aiff', sampleFormat: 'float', bitsPerSample: 32 },
      { sampleFormat: 'float', bitsPerSample: 16 },
      { bitsPerSample: 64 },
      { sampleRate: 44100.5 },
      { sampleRate: 0 },
      { channels: 0 },
      { channels: 2.5 },
      { container: 'aifc', aifcCompression: 'fl32' },
      { aifcCompression: 'sowt' },
      { container: 'aiff', bext: {} },
      { channelMask: 0x7 },
      { extensible: false, channelMask: 3 },
      { expectedFrames: -1 },
    ];
    for (const b of bad) expect(() => resolveSpec({ ...wav16, ...b } as WriteSpec), JSON.stringify(b)).toThrow(RangeError);
  });

  it('refuses a sink without writeAt unless expectedFrames is given', async () => {
    const stream: ByteSink = { write: async () => {}, close: async () => {} };
    await expect(createAudioWriter(stream, wav16)).rejects.toThrow(RangeError);
    const w = await createAudioWriter(stream, { ...wav16, expectedFrames: 2 });
    await expect(w.writeInt(new Int32Array(6), 3)).rejects.toThrow(RangeError);
    const w2 = await createAudioWriter(stream, { ...wav16, expectedFrames: 2 });
    await w2.writeInt(new Int32Array(2), 1);
    await expect(w2.finish()).rejects.toThrow();
  });

  it('AIFF over 4 GiB is refused before anything is written', async () => {
    const sink = new MemorySink();
    const s: WriteSpec = { container: 'aiff', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2 };
    await expect(createAudioWriter(sink, { ...s, expectedFrames: 2 ** 32 / 6 })).rejects.toThrow(RangeError);
    await expect(createAudioWriter(sink, { ...wav16, rf64: 'never', expectedFrames: 2 ** 30 })).rejects.toThrow(RangeError);
    expect(sink.length).toBe(0);
    // growing past the limit while streaming: refused before the bytes go out
    const w = await createAudioWriter(sink, s);
    const before = sink.length;
    await expect(w.writeRaw({ length: 2 ** 32 } as Uint8Array)).rejects.toThrow(RangeError);
    expect(sink.length).toBe(before);
  });

  it('wrong sample kind, short arrays and partial frames throw', async () => {
    const w = await createAudioWriter(new MemorySink(), wav16);
    await expect(w.writeFloat(new Float64Array(4), 2)).rejects.toThrow(TypeError);
    const w2 = await createAudioWriter(new MemorySink(), wav16);
    await expect(w2.writeInt(new Int32Array(3), 2)).rejects.toThrow(RangeError);
    const w3 = await createAudioWriter(new MemorySink(), wav16);
    await w3.writeRaw(new Uint8Array(3));
    await expect(w3.finish()).rejects.toThrow(RangeError);
    await expect(w3.writeRaw(new Uint8Array(1))).rejects.toThrow(); // poisoned
  });

  it('calls made without awaiting are applied in call order', async () => {
    const a = await writeToMemory(wav16, samplesFor(wav16, 30), 30, 30);
    const sink = new MemorySink();
    const w = await createAudioWriter(sink, wav16);
    const data = samplesFor(wav16, 30) as Int32Array;
    const p = [w.writeInt(data.subarray(0, 20), 10), w.writeInt(data.subarray(20), 20), w.finish()];
    await Promise.all(p);
    expect(Buffer.compare(sink.bytes(), a.bytes)).toBe(0);
  });
});
