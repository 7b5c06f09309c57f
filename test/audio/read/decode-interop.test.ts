// Our Float64 decode equals sox's (integer PCM: sox normalises v / 2^(b-1) exactly as we do)
// or ffmpeg's (float: sox quantises floats through 32-bit integers, ffmpeg passes them through),
// on corpus files and on files sox/ffmpeg write here in every supported format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeToFloat64, readAudioHeader, readFrames, readSampleBlocks } from '../../../src/audio/index.js';
import { openFileSource } from '../../../src/io/file-source.js';
import type { AudioHeader } from '../../../src/model/audio.js';
import { CORPUS, corpusFacts } from './corpus.js';

const MAX = 1 << 28;

function soxF64(path: string): Float64Array {
  const out = execFileSync('sox', ['-D', path, '-t', 'raw', '-e', 'floating-point', '-b', '64', '-L', '-'], { maxBuffer: MAX, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Float64Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}

function ffF64(path: string): Float64Array {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f64le', '-c:a', 'pcm_f64le', '-'], { maxBuffer: MAX, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Float64Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}

async function ours(path: string): Promise<{ header: AudioHeader; samples: Float64Array; codes: string[] }> {
  const src = await openFileSource(path);
  try {
    const { header, findings } = await readAudioHeader(src);
    if (!header) throw new Error(`${path}: no header`);
    const samples = new Float64Array(header.frames * header.channels);
    let next = 0;
    // small blocks so that block boundaries are exercised
    for await (const b of readSampleBlocks(src, header, { blockFrames: 1000 })) {
      expect(b.frame).toBe(next);
      decodeToFloat64(b.bytes, header.encoding, header.channels, b.frames, samples.subarray(b.frame * header.channels));
      next = b.frame + b.frames;
    }
    expect(next).toBe(header.frames);
    return { header, samples, codes: findings.map((f) => f.code) };
  } finally {
    await src.close();
  }
}

function firstDiff(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('decoding agrees with sox/ffmpeg on the corpus', () => {
  const facts = corpusFacts();
  const SKIP = new Set(['music-metadata/ffmpeg-missing-chunksize.wav', 'music-metadata/issue-819.wav', 'music-metadata/odd-list-type.wav']);
  const rows = [...facts.entries()].filter(([rel, r]) => r.soxi_rate !== '' && !SKIP.has(rel) && /Integer PCM|Floating Point PCM/.test(r.soxi_enc!));

  it.each(rows.map(([rel]) => rel))('%s', async (rel) => {
    const path = join(CORPUS, rel);
    const { header, samples } = await ours(path);
    expect(header.lossless).toBe(true);
    const ref = header.encoding.sampleFormat === 'float' ? ffF64(path) : soxF64(path);
    expect(ref.length).toBe(samples.length);
    expect(firstDiff(samples, ref)).toBe(-1);
  });

  it.each(['wavefile/M1F1-int12WE-AFsp.wav', 'wavefile/27bit-8kHz-noBext-mono.wav', 'wavefile/RF64-16bit-8kHz-stereo-reaper.wav'])(
    '%s (sox refuses or is unsure; ffmpeg decodes the container bits)',
    async (rel) => {
      const path = join(CORPUS, rel);
      const { samples } = await ours(path);
      expect(firstDiff(samples, ffF64(path))).toBe(-1);
    },
  );
});

describe('decoding agrees with sox/ffmpeg on files they write', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stempack-decode-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const synth = ['synth', '0.05', 'sine', '440', 'sine', '1234', 'vol', '0.9'];
  const soxCases: [string, string[], string][] = [
    ['u8.wav', ['-b', '8', '-e', 'unsigned-integer'], 'sox'],
    ['s16.wav', ['-b', '16'], 'sox'],
    ['s24.wav', ['-b', '24'], 'sox'],
    ['s32.wav', ['-b', '32'], 'sox'],
    ['f32.wav', ['-b', '32', '-e', 'floating-point'], 'ff'],
    ['f64.wav', ['-b', '64', '-e', 'floating-point'], 'ff'],
    ['s8.aiff', ['-b', '8'], 'sox'],
    ['s16.aiff', ['-b', '16'], 'sox'],
    ['s24.aiff', ['-b', '24'], 'sox'],
    ['s32.aiff', ['-b', '32'], 'sox'],
  ];
  it.each(soxCases)('sox-written %s', async (name, args, refTool) => {
    const p = join(dir, name);
    execFileSync('sox', ['-D', '-n', '-r', '48000', '-c', '2', ...args, p, ...synth]);
    const { samples } = await ours(p);
    const ref = refTool === 'ff' ? ffF64(p) : soxF64(p);
    expect(samples.length).toBe(2400 * 2);
    expect(firstDiff(samples, ref)).toBe(-1);
  });

  const ffCases: [string, string[], Partial<AudioHeader>][] = [
    ['rf64.wav', ['-c:a', 'pcm_s24le', '-rf64', 'always'], { container: 'rf64' }],
    ['sowt.aifc', ['-c:a', 'pcm_s16le', '-f', 'aiff'], { container: 'aifc', compression: 'sowt' }],
    ['fl32.aifc', ['-c:a', 'pcm_f32be', '-f', 'aiff'], { container: 'aifc', compression: 'fl32' }],
    ['fl64.aifc', ['-c:a', 'pcm_f64be', '-f', 'aiff'], { container: 'aifc', compression: 'fl64' }],
    ['ext24.wav', ['-c:a', 'pcm_s24le', '-ac', '3'], { formatTag: 0xfffe }],
  ];
  it.each(ffCases)('ffmpeg-written %s', async (name, args, expected) => {
    const src = join(dir, `src-${name}.wav`);
    execFileSync('sox', ['-D', '-n', '-r', '44100', '-c', '2', '-b', '24', src, ...synth]);
    const p = join(dir, name);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, ...args, p]);
    const { header, samples } = await ours(p);
    expect(header).toMatchObject(expected);
    expect(header.lossless).toBe(true);
    const ref = ffF64(p);
    expect(firstDiff(samples, ref)).toBe(-1);
    if (header.encoding.sampleFormat === 'int') expect(firstDiff(samples, soxF64(p))).toBe(-1);
  });

  it('readFrames gives the same samples as streaming, clipped to the file', async () => {
    const p = join(dir, 'rf.wav');
    execFileSync('sox', ['-D', '-n', '-r', '48000', '-c', '2', '-b', '24', p, ...synth]);
    const all = soxF64(p);
    const src = await openFileSource(p);
    const { header } = await readAudioHeader(src);
    const part = await readFrames(src, header!, 1000, 50);
    expect([...part]).toEqual([...all.subarray(2000, 2100)]);
    const tail = await readFrames(src, header!, 2390, 100);
    expect(tail.length).toBe(20);
    expect((await readFrames(src, header!, 5000, 10)).length).toBe(0);
    await src.close();
  });
});

describe('streaming through a window of a file (a stored zip entry)', () => {
  it('readSampleBlocks over SliceSource(FileSource) equals the file decoded directly', async () => {
    const { SliceSource } = await import('../../../src/io/slice-source.js');
    const { readFileSync } = await import('node:fs');
    const rel = 'cpython/pluck-pcm24.wav';
    const file = readFileSync(join(CORPUS, rel));
    const dir = mkdtempSync(join(tmpdir(), 'stempack-slice-'));
    const p = join(dir, 'wrapped.bin');
    // 1000 bytes of junk, the WAV, 77 bytes of junk: as if inside a zip
    const { writeFileSync } = await import('node:fs');
    writeFileSync(p, Buffer.concat([Buffer.alloc(1000, 7), file, Buffer.alloc(77, 9)]));
    const f = await openFileSource(p);
    const src = new SliceSource(f, 1000, file.length, rel);
    const { header } = await readAudioHeader(src);
    expect(header!.frames).toBe(3307);
    const got = await readFrames(src, header!, 0, header!.frames);
    expect(firstDiff(got, soxF64(join(CORPUS, rel)))).toBe(-1);
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
