// validate(): levels, report shape, determinism, formatting, folders.
import { describe, it, expect } from 'vitest';
import { validate, validateFolder, formatReport, formatInspect, findMix } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import type { ByteSource } from '../../src/model/byte-source.js';
import { buildPackage, buildPackageFile, writeLooseFiles } from '../helpers/package-builder.js';
import { reportValidator } from './report-schema.js';
import { openFileSource } from '../../src/io/index.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** A ByteSource that counts the bytes read through it. */
class CountingSource implements ByteSource {
  bytesRead = 0;
  reads = 0;
  constructor(private readonly inner: ByteSource) {}
  get size(): number {
    return this.inner.size;
  }
  get name(): string {
    return this.inner.name;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const b = await this.inner.read(offset, length);
    this.bytesRead += b.length;
    this.reads++;
    return b;
  }
}

describe('validate on a valid generated package', () => {
  const built = buildPackage({ frames: 48000 * 5 });
  const src = () => new BytesSource(built.bytes, 'song.stempack');

  it('is valid at full level, no error, report conforms to the schema', async () => {
    const r = await validate({ source: src(), name: 'song.stempack' });
    expect(r.valid).toBe(true);
    expect(r.level).toBe('full');
    expect(r.profile).toBe('default');
    expect(r.counts.error).toBe(0);
    expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
    expect(r.null).toMatchObject({ exact: true, pass: true });
    const mix = r.files.find((f) => f.path === 'mix/mix.wav')!;
    expect(mix).toMatchObject({ sha256: built.manifest.mix.sha256, audioSha256: built.manifest.mix.audioSha256, frames: 240000, channels: 2, bitDepth: 24, sampleRate: 48000 });
    expect(mix.peakDbfs).toBe(built.manifest.mix.peak);
  });

  it('is deterministic: the same input gives byte-identical reports', async () => {
    const a = JSON.stringify(await validate({ source: src(), name: 'song.stempack' }));
    const b = JSON.stringify(await validate({ source: src(), name: 'song.stempack' }));
    expect(a).toBe(b);
  });

  it('structure and headers levels read only headers (the same bytes whatever the length)', async () => {
    const longer = buildPackage({ frames: 48000 * 20 });
    for (const level of ['structure', 'headers'] as const) {
      const counts: number[] = [];
      for (const b of [built, longer]) {
        const c = new CountingSource(new BytesSource(b.bytes, 'song.stempack'));
        const r = await validate({ source: c, name: 'song.stempack' }, { level });
        expect(r.valid).toBe(true);
        expect(r.level).toBe(level);
        counts.push(c.bytesRead);
      }
      expect(counts[1]).toBeLessThanOrEqual(counts[0]! + 1024);
      expect(counts[1]).toBeLessThan(longer.bytes.length / 40);
    }
  });

  it('full level reads each byte of audio about once', async () => {
    const c = new CountingSource(src());
    await validate({ source: c, name: 'song.stempack' });
    expect(c.bytesRead).toBeLessThan(built.bytes.length * 1.12);
  });

  it('reports progress up to the total', async () => {
    let last = [0, 0];
    await validate({ source: src(), name: 'song.stempack' }, { onProgress: (d, t) => (last = [d, t]) });
    expect(last[0]).toBe(last[1]);
    expect(last[1]).toBeGreaterThan(0);
  });

  it('names the profile and applies its severities', async () => {
    const r = await validate(
      { source: src(), name: 'song.zip' },
      { profile: { stempackProfile: '1.0', name: 'lenient', severity: { 'SP-ZIP-003': 'off', 'SP-LVL-101': 'off' } } },
    );
    expect(r.profile).toBe('lenient');
    expect(r.findings.map((f) => f.code)).not.toContain('SP-ZIP-003');
    expect(r.findings.map((f) => f.code)).not.toContain('SP-LVL-101');
  });

  it('measure: all adds loudness and the exact true peak to the report; explain runs on a passing null', async () => {
    const fast = await validate({ source: src(), name: 'song.stempack' });
    expect(fast.files[0]!.integratedLufs ?? null).toBeNull();
    const all = await validate({ source: src(), name: 'song.stempack' }, { measure: 'all', explain: true });
    expect(all.valid).toBe(true);
    expect(typeof all.files[0]!.integratedLufs).toBe('number');
    expect(typeof all.files[0]!.truePeakDbtp).toBe('number');
    expect(reportValidator()(all)).toBe(true);
  });

  it('works from a file on disk', async () => {
    const p = buildPackageFile();
    const fs = await openFileSource(p.path);
    try {
      const r = await validate({ source: fs, name: 'test.stempack' });
      expect(r.valid).toBe(true);
      expect(r.package.bytes).toBe(p.bytes.length);
    } finally {
      await fs.close();
      p.cleanup();
    }
  });
});

describe('formatReport and formatInspect', () => {
  it('groups by file with the numbers that matter', async () => {
    const b = buildPackage({ hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } });
    const r = await validate({ source: new BytesSource(b.bytes, 'x.stempack'), name: 'x.stempack' });
    const text = formatReport(r, { color: false });
    expect(text).toContain('INVALID');
    expect(text).toContain('stems/bass.wav');
    // the numbers: found and expected frames, the difference in frames and ms
    for (const figure of ['4,799 frames', '4,800', '1 frame', '0.02 ms', 'short']) expect(text).toContain(figure);
    // the file with the error comes before files with info only
    expect(text.indexOf('stems/bass.wav')).toBeLessThan(text.indexOf('mix/mix.wav'));
    expect(formatReport(r, { color: true })).toContain('\u001b[31m');
  });

  it('inspect lists every stem with role, channels, frames and peak', () => {
    const b = buildPackage();
    const t = formatInspect(b.manifest);
    for (const s of b.manifest.stems) {
      expect(t).toContain(s.path);
      expect(t).toContain(String(s.role));
    }
    expect(t).toContain('4,800');
  });
});

describe('validateFolder (loose files before packing)', () => {
  it('finds the mix by name and applies the audio rules', async () => {
    const b = buildPackage({ hooks: { audio: (it) => void (it.id === 'vox' && (it.frames -= 2)) } });
    const l = writeLooseFiles(b, (p) => (p === 'mix/mix.wav' ? 'Song_FullMix.wav' : p.split('/').pop()!));
    try {
      const r = await validateFolder(l.dir);
      expect(reportValidator()(r)).toBe(true);
      const len = r.findings.filter((f) => f.code === 'SP-LEN-001');
      expect(len.map((f) => [f.path, f.params['expected'], f.params['found']])).toEqual([['vox.wav', 4800, 4798]]);
      expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['SP-LEN-001']);
      // the null still runs, over the 4,798 frames every file has (spec §8.1), and says so
      expect(r.null).toMatchObject({ commonSpan: true, frames: 4798, exact: true });
      const span = r.findings.find((f) => f.code === 'SP-NULL-103');
      expect(span?.params).toMatchObject({ frames: 4798, shortest: 'vox.wav', mixFrames: 4800 });
    } finally {
      l.cleanup();
    }
  });

  it('a clean folder nulls exactly against the named mix', async () => {
    const b = buildPackage();
    const l = writeLooseFiles(b);
    try {
      const r = await validateFolder(l.dir, { mix: 'mix.wav' });
      expect(r.valid).toBe(true);
      expect(r.null).toMatchObject({ exact: true });
    } finally {
      l.cleanup();
    }
  });

  it('findMix prefers the given name, then mix/master/full/main words', () => {
    expect(findMix(['bass.wav', 'Song Master.wav', 'vox.wav'])).toBe('Song Master.wav');
    expect(findMix(['bass.wav', 'remixer.wav'])).toBeUndefined();
    expect(findMix(['a.wav', 'b.wav'], 'b.wav')).toBe('b.wav');
  });
});

describe('validateFolder on real files from other tools', () => {
  const dir = resolve(import.meta.dirname, '../corpus/cpython');
  it.skipIf(!existsSync(dir))('mixed encodings: lossy codecs and format differences are findings, never throws', async () => {
    const r = await validateFolder(dir, { mix: 'pluck-pcm24.wav' });
    expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
    const by = (code: string) => r.findings.filter((f) => f.code === code).map((f) => f.path).sort();
    expect(by('SP-AUD-001')).toEqual(['pluck-alaw.aifc', 'pluck-ulaw.aifc']);
    expect(by('SP-AUD-004')).toContain('pluck-pcm16.wav');
    expect(by('SP-AUD-003')).toContain('pluck-pcm24.aiff');
    expect(r.files[0]!.path).toBe('pluck-pcm24.wav');
  });
});
