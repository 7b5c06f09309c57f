// Every format the writer produces is read by sox and ffprobe/ffmpeg with the right
// parameters, and decodes to exactly the samples written.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WriteSpec } from '../../../src/audio/write/index.js';
import { expectedFloat, samplesFor, writeFile } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-write-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): Buffer {
  return execFileSync(cmd, args, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}
function f64(buf: Buffer): Float64Array {
  const copy = new Uint8Array(buf);
  return new Float64Array(copy.buffer, 0, copy.length / 8);
}
function ffprobe(path: string): { stream: Record<string, unknown>; format: Record<string, unknown> } {
  const j = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path]).toString());
  return { stream: j.streams[0], format: j.format };
}
function soxi(path: string, flag: string): string {
  return run('sox', ['--i', flag, path]).toString().trim();
}

type Case = [string, WriteSpec, string /* ffprobe codec */];
const wav = (s: Partial<WriteSpec>): WriteSpec => ({ container: 'wav', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 2, ...s });
const CASES: Case[] = [
  ['wav-u8', wav({ bitsPerSample: 8, channels: 1, sampleRate: 22050 }), 'pcm_u8'],
  ['wav-16', wav({ sampleRate: 44100 }), 'pcm_s16le'],
  ['wav-24', wav({ bitsPerSample: 24 }), 'pcm_s24le'],
  ['wav-32', wav({ bitsPerSample: 32, sampleRate: 96000 }), 'pcm_s32le'],
  ['wav-f32', wav({ sampleFormat: 'float', bitsPerSample: 32 }), 'pcm_f32le'],
  ['wav-f64', wav({ sampleFormat: 'float', bitsPerSample: 64, channels: 1 }), 'pcm_f64le'],
  ['wav-16-ext', wav({ extensible: true }), 'pcm_s16le'],
  ['wav-24-plain', wav({ bitsPerSample: 24, extensible: false }), 'pcm_s24le'],
  ['wav-f32-tag3', wav({ sampleFormat: 'float', bitsPerSample: 32, extensible: false }), 'pcm_f32le'],
  ['wav-6ch-mask', wav({ bitsPerSample: 24, channels: 6, channelMask: 0x3f }), 'pcm_s24le'],
  ['wav-8ch', wav({ bitsPerSample: 24, channels: 8 }), 'pcm_s24le'],
  ['wav-rf64', wav({ bitsPerSample: 24, rf64: 'always' }), 'pcm_s24le'],
  ['wav-norf64', wav({ bitsPerSample: 24, rf64: 'never' }), 'pcm_s24le'],
  ['wav-24-mono-odd', wav({ bitsPerSample: 24, channels: 1 }), 'pcm_s24le'],
  ['aiff-8', { container: 'aiff', sampleFormat: 'int', bitsPerSample: 8, sampleRate: 44100, channels: 1 }, 'pcm_s8'],
  ['aiff-16', { container: 'aiff', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 44100, channels: 2 }, 'pcm_s16be'],
  ['aiff-24', { container: 'aiff', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2 }, 'pcm_s24be'],
  ['aiff-32', { container: 'aiff', sampleFormat: 'int', bitsPerSample: 32, sampleRate: 88200, channels: 2 }, 'pcm_s32be'],
  ['aifc-none', { container: 'aifc', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2 }, 'pcm_s24be'],
  ['aifc-twos', { container: 'aifc', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 48000, channels: 2, aifcCompression: 'twos' }, 'pcm_s16be'],
  ['aifc-sowt16', { container: 'aifc', sampleFormat: 'int', bitsPerSample: 16, sampleRate: 44100, channels: 2, aifcCompression: 'sowt' }, 'pcm_s16le'],
  ['aifc-sowt24', { container: 'aifc', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 48000, channels: 2, aifcCompression: 'sowt' }, 'pcm_s24le'],
  ['aifc-fl32', { container: 'aifc', sampleFormat: 'float', bitsPerSample: 32, sampleRate: 48000, channels: 2 }, 'pcm_f32be'],
  ['aifc-fl64', { container: 'aifc', sampleFormat: 'float', bitsPerSample: 64, sampleRate: 96000, channels: 1, aifcCompression: 'fl64' }, 'pcm_f64be'],
];

const FRAMES = 1001;

describe.each(CASES)('%s', (name, spec, codec) => {
  const path = join(dir, `${name}.${spec.container === 'wav' ? 'wav' : 'aif'}`);
  const samples = samplesFor(spec, FRAMES);

  it('ffprobe reads codec, rate, channels, bits and frames', async (ctx) => {
    await writeFile(path, spec, samples, FRAMES);
    // ffmpeg 5.1's AIFF demuxer maps 'sowt' to pcm_s16le whatever the bit depth (its limitation,
    // not the file's: sox reads it exactly below).
    if (name === 'aifc-sowt24') ctx.skip();
    const { stream, format } = ffprobe(path);
    expect(stream.codec_name).toBe(codec);
    expect(Number(stream.sample_rate)).toBe(spec.sampleRate);
    expect(stream.channels).toBe(spec.channels);
    expect(stream.bits_per_sample).toBe(spec.bitsPerSample);
    expect(stream.duration_ts).toBe(FRAMES);
    expect(format.format_name).toBe(spec.container === 'wav' ? 'wav' : 'aiff');
  });

  it('sox reads the same parameters and decodes the exact samples', () => {
    expect(Number(soxi(path, '-r'))).toBe(spec.sampleRate);
    expect(Number(soxi(path, '-c'))).toBe(spec.channels);
    expect(Number(soxi(path, '-s'))).toBe(FRAMES);
    if (spec.sampleFormat === 'int') expect(Number(soxi(path, '-b'))).toBe(spec.bitsPerSample);
    const got = f64(run('sox', [path, '-t', 'f64', '-']));
    const want = expectedFloat(spec, samples);
    expect(got.length).toBe(want.length);
    if (spec.sampleFormat === 'int') {
      expect(got).toEqual(want);
    } else {
      // sox holds samples as 32-bit integers internally: floats come back within 2^-31, +1.0 clipped.
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - Math.min(want[i]!, 1 - 2 ** -31)));
      expect(worst).toBeLessThanOrEqual(2 ** -31);
    }
  });

  it.runIf(spec.sampleFormat === 'float')('ffmpeg decodes the exact float samples', () => {
    const got = f64(run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f64le', '-']));
    expect(got).toEqual(expectedFloat(spec, samples));
  });
});

describe('sample rates', () => {
  it.each([8000, 44100, 192000, 384000])('WAV %i Hz', async (rate) => {
    const spec = wav({ sampleRate: rate, channels: 1 });
    const path = join(dir, `rate-${rate}.wav`);
    await writeFile(path, spec, samplesFor(spec, 10), 10);
    expect(Number(soxi(path, '-r'))).toBe(rate);
    expect(Number(ffprobe(path).stream.sample_rate)).toBe(rate);
  });

  it.each([22050.5, 44100, 176400, 7999.75])('AIFF %d Hz (80-bit extended)', async (rate) => {
    const spec: WriteSpec = { container: 'aiff', sampleFormat: 'int', bitsPerSample: 16, sampleRate: rate, channels: 1 };
    const path = join(dir, `rate-${rate}.aif`);
    await writeFile(path, spec, samplesFor(spec, 10), 10);
    expect(Number(soxi(path, '-r'))).toBe(rate);
  });
});

describe('Broadcast WAV', () => {
  it('ffprobe shows the bext fields, TimeReference above 2^32 exactly', async () => {
    const tr = 2n ** 35n + 123_456_789n;
    const spec = wav({
      bitsPerSample: 24,
      bext: {
        description: 'Drums stem',
        originator: 'stempack',
        originatorReference: 'REF-0001',
        originationDate: '2026-11-25',
        originationTime: '14:30:00',
        timeReference: tr,
        codingHistory: 'A=PCM,F=48000,W=24,M=stereo,T=stempack\n',
        loudnessValue: -2300,
      },
      ixml: '<?xml version="1.0"?><BWFXML><IXML_VERSION>2.10</IXML_VERSION></BWFXML>',
    });
    const path = join(dir, 'bwf.wav');
    await writeFile(path, spec, samplesFor(spec, FRAMES), FRAMES);
    const { format, stream } = ffprobe(path);
    const tags = format.tags as Record<string, string>;
    expect(tags.time_reference).toBe(tr.toString());
    expect(tags.comment).toBe('Drums stem');
    expect(tags.encoded_by).toBe('stempack');
    expect(tags.originator_reference).toBe('REF-0001');
    expect(tags.date).toBe('2026-11-25');
    expect(tags.creation_time).toBe('14:30:00');
    expect(tags.coding_history).toBe('A=PCM,F=48000,W=24,M=stereo,T=stempack\r\n');
    expect(stream.duration_ts).toBe(FRAMES);
    const got = f64(run('sox', [path, '-t', 'f64', '-']));
    expect(got).toEqual(expectedFloat(spec, samplesFor(spec, FRAMES)));
  });

  it('TimeReference given as a number', async () => {
    const spec = wav({ bext: { timeReference: 48000 * 3600 * 10 } });
    const path = join(dir, 'bwf-num.wav');
    await writeFile(path, spec, samplesFor(spec, 5), 5);
    expect((ffprobe(path).format.tags as Record<string, string>).time_reference).toBe(String(48000 * 3600 * 10));
  });
});
