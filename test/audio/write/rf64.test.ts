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
