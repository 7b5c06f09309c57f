// RF64 (EBU Tech 3306): the reserved JUNK chunk becomes ds64 when the file passes the threshold.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BytesSource } from '../../../src/io/bytes-source.js';
import { MemorySink } from '../../../src/io/memory-sink.js';
import { readAudioHeader } from '../../../src/audio/index.js';
import { createAudioWriter, type WriteSpec } from '../../../src/audio/write/index.js';
import { expectedFloat, samplesFor, writeToMemory } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-rf64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec: WriteSpec = { container: 'wav', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2, rf64: 'auto', rf64Threshold: 5000 };
const id = (b: Uint8Array, o: number): string => String.fromCharCode(...b.subarray(o, o + 4));
const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

function tools(path: string, frames: number, s: WriteSpec, samples: Int32Array | Float64Array): void {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]).toString()).streams[0];
  expect(probe.duration_ts).toBe(frames);
  expect(probe.codec_name).toBe('pcm_s24le');
  expect(Number(execFileSync('sox', ['--i', '-s', path]).toString())).toBe(frames);
  const raw = new Uint8Array(execFileSync('sox', [path, '-t', 'f64', '-'], { maxBuffer: 1 << 26 }));
  expect(new Float64Array(raw.buffer, 0, raw.length / 8)).toEqual(expectedFloat(s, samples));
}

describe('rf64 auto', () => {
  it('switches to RF64 past the threshold: ds64 sizes right, readable by sox, ffprobe and the reader', async () => {
    const frames = 1001; // 6006 data bytes: past 5000
    const samples = samplesFor(spec, frames);
    const { bytes, result } = await writeToMemory(spec, samples, frames, 100);
    const v = dv(bytes);
    expect(id(bytes, 0)).toBe('RF64');
    expect(v.getUint32(4, true)).toBe(0xffffffff);
    expect(id(bytes, 8)).toBe('WAVE');
    expect(id(bytes, 12)).toBe('ds64');
    expect(v.getUint32(16, true)).toBe(28);
    expect(v.getBigUint64(20, true)).toBe(BigInt(bytes.length - 8));
    expect(v.getBigUint64(28, true)).toBe(6006n);
    expect(v.getBigUint64(36, true)).toBe(1001n);
    expect(v.getUint32(44, true)).toBe(0);
    expect(id(bytes, result.dataOffset - 8)).toBe('data');
    expect(v.getUint32(result.dataOffset - 4, true)).toBe(0xffffffff);
    const path = join(dir, 'switched.wav');
    writeFileSync(path, bytes);
    tools(path, frames, spec, samples);
    const { header, findings } = await readAudioHeader(new BytesSource(bytes));
    expect(findings).toEqual([]);
    expect(header?.container).toBe('rf64');
    expect(header?.frames).toBe(frames);
    expect(header?.dataSize).toBe(6006);
  });

  it('stays a normal WAV with the JUNK chunk below the threshold', async () => {
    const frames = 500;
    const samples = samplesFor(spec, frames);
    const { bytes } = await writeToMemory(spec, samples, frames);
    const v = dv(bytes);
    expect(id(bytes, 0)).toBe('RIFF');
    expect(v.getUint32(4, true)).toBe(bytes.length - 8);
    expect(id(bytes, 12)).toBe('JUNK');
    expect(v.getUint32(16, true)).toBe(28);
    expect(bytes.subarray(20, 48).every((x) => x === 0)).toBe(true);
    expect(id(bytes, 48)).toBe('fmt ');
    const path = join(dir, 'junk.wav');
    writeFileSync(path, bytes);
    tools(path, frames, spec, samples);
    const { header, findings } = await readAudioHeader(new BytesSource(bytes));
    expect(findings).toEqual([]);
    expect(header?.container).toBe('wav');
    expect(header?.frames).toBe(frames);
  });

  it('a stream sink with expectedFrames past the threshold writes the same RF64 bytes up front', async () => {
    const frames = 1001;
    const samples = samplesFor(spec, frames) as Int32Array;
    const { bytes } = await writeToMemory(spec, samples, frames);
    const mem = new MemorySink();
    const w = await createAudioWriter({ write: (c) => mem.write(c), close: () => mem.close() }, { ...spec, expectedFrames: frames });
    await w.writeInt(samples, frames);
    await w.finish();
    expect(Buffer.compare(mem.bytes(), bytes)).toBe(0);
  });

  it("rf64 'never' writes no JUNK chunk (canonical 44-byte header)", async () => {
    const s: WriteSpec = { container: 'wav', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 44100, channels: 2, rf64: 'never' };
    const { bytes, result } = await writeToMemory(s, samplesFor(s, 10), 10);
    expect(result.dataOffset).toBe(44);
    expect(id(bytes, 12)).toBe('fmt ');
    expect(bytes.length).toBe(84);
  });
});

/** A sink that keeps only the first bytes (the header) and counts the rest: 4 GiB+ without the memory. */
class HeadSink {
  readonly head = new Uint8Array(4096);
  length = 0;
  async write(c: Uint8Array): Promise<void> {
    if (this.length < this.head.length) this.head.set(c.subarray(0, this.head.length - this.length), this.length);
    this.length += c.length;
  }
  async writeAt(o: number, c: Uint8Array): Promise<void> {
    if (o + c.length > this.length) throw new RangeError('writeAt past end');
    if (o < this.head.length) this.head.set(c.subarray(0, this.head.length - o), o);
  }
  async close(): Promise<void> {}
}

describe('past 4 GiB with the default threshold', () => {
  const block = new Uint8Array(1 << 22); // 4 MiB of silence, whole 16-bit stereo frames
  const blocks = 1025; // 4 GiB + 4 MiB

  it("rf64 'auto' turns into RF64 with 64-bit sizes in ds64", async () => {
    const sink = new HeadSink();
    const s: WriteSpec = { container: 'wav', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 2 };
    const w = await createAudioWriter(sink, s);
    for (let i = 0; i < blocks; i++) await w.writeRaw(block);
    const r = await w.finish();
    const data = blocks * block.length;
    expect(r).toEqual({ frames: data / 4, dataOffset: 80, dataBytes: data });
    const v = dv(sink.head);
    expect(id(sink.head, 0)).toBe('RF64');
    expect(v.getBigUint64(20, true)).toBe(BigInt(sink.length - 8));
    expect(v.getBigUint64(28, true)).toBe(BigInt(data));
    expect(v.getBigUint64(36, true)).toBe(BigInt(data / 4));
    expect(v.getUint32(76, true)).toBe(0xffffffff);
    // the reader agrees, given a source of the right size whose header bytes are these
    const src = { size: sink.length, name: 'big', read: async (o: number, n: number) => sink.head.subarray(o, Math.min(o + n, 4096)) };
    const { header } = await readAudioHeader(src);
    expect(header?.frames).toBe(data / 4);
    expect(header?.container).toBe('rf64');
  });

  it("rf64 'never' and AIFF refuse the write that would pass 4 GiB", async () => {
    for (const s of [
      { container: 'wav', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 2, rf64: 'never' },
      { container: 'aiff', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 2 },
    ] as WriteSpec[]) {
      const sink = new HeadSink();
      const w = await createAudioWriter(sink, s);
      let err: unknown;
      let i = 0;
      for (; i < blocks && !err; i++) await w.writeRaw(block).catch((e: unknown) => (err = e));
      expect(err).toBeInstanceOf(RangeError);
      expect(i).toBe(1024); // the 1024th block would pass 2^32 with the header
      expect(sink.length).toBeLessThan(2 ** 32);
    }
  });
});
