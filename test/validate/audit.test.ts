// Behaviour the spec audit (test/validate/coverage.md) settled: the package digest, deflated audio,
// the reference file in folder mode, full-scale samples under the default headroom limit, and
// non-finite float samples.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { validate, validateFolder } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import type { Report } from '../../src/model/report.js';
import { buildPackage, writeLooseFiles, type BuildOptions } from '../helpers/package-builder.js';
import { reportValidator } from './report-schema.js';

const stem = (id: string) => `stems/${id}.wav`;
const of = (r: Report, code: string) => r.findings.filter((f) => f.code === code);
const errors = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path]);

async function run(build: BuildOptions, opts: Parameters<typeof validate>[1] = {}): Promise<Report> {
  const b = buildPackage(build);
  const r = await validate({ source: new BytesSource(b.bytes, 'song.stempack'), name: 'song.stempack' }, opts);
  expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
  return r;
}

describe('report.package.sha256 (spec §12)', () => {
  it('is null unless asked for, then the SHA-256 of the whole package, at every level', async () => {
    const b = buildPackage({});
    const want = createHash('sha256').update(b.bytes).digest('hex');
    const src = () => new BytesSource(b.bytes, 'song.stempack');
    expect((await validate({ source: src(), name: 'song.stempack' })).package.sha256).toBeNull();
    for (const level of ['structure', 'headers', 'full'] as const) {
      const r = await validate({ source: src(), name: 'song.stempack' }, { level, hashPackage: true });
      expect(r.package).toEqual({ path: 'song.stempack', bytes: b.bytes.length, sha256: want });
      expect(reportValidator()(r)).toBe(true);
    }
  });
});

describe('deflated audio (SP-ZIP-006)', () => {
  it('is reported once; its header and samples are not read, its CRC is still checked', async () => {
    const deflate = (crc?: number): BuildOptions => ({
      hooks: {
        entries: (e) => {
          const x = e.find((y) => y.name === stem('bass'))!;
          x.method = 8;
          if (crc !== undefined) x.crc = crc;
        },
      },
    });
    const r = await run(deflate());
    expect(errors(r)).toEqual([['SP-ZIP-006', stem('bass')]]);
    expect(r.files.find((f) => f.path === stem('bass'))).toEqual({ path: stem('bass'), role: 'bass', id: 'bass' });
    expect(r.null).toMatchObject({ skipped: 'unreadable-files' });
    const bad = await run(deflate(0x1234));
    expect(errors(bad)).toEqual([
      ['SP-ZIP-006', stem('bass')],
      ['SP-ZIP-013', stem('bass')],
    ]);
  });
});

describe('folder mode without a mix', () => {
  it('compares every file with the first one and names it (no "the mix")', async () => {
    const b = buildPackage({ hooks: { audio: (it) => void (it.id === 'drums' && (it.wav.sampleRate = 44100)) } });
    const l = writeLooseFiles(b, (p) => (p === 'mix/mix.wav' ? 'zz.wav' : p.split('/').pop()!));
    try {
      const r = await validateFolder(l.dir, { level: 'headers' });
      const hits = of(r, 'SP-AUD-005');
      expect(hits).toMatchObject([{ path: 'drums.wav', params: { expected: 48000, found: 44100, reference: 'bass.wav' } }]);
      expect(hits[0]!.message).toContain('bass.wav');
      expect(hits[0]!.message).not.toContain('the mix');
    } finally {
      l.cleanup();
    }
  });
});

describe('folder mode: start (SP-START-001 without a manifest)', () => {
  it('every TimeReference is compared with the mix\'s, as the packer takes the start', async () => {
    const b = buildPackage({ bext: true, timelineStart: 172800000, hooks: { audio: (it) => void (it.id === 'vox' && (it.wav.bextTimeReference = 172800000 + 480)) } });
    const l = writeLooseFiles(b);
    try {
      const r = await validateFolder(l.dir, { mix: 'mix.wav', level: 'headers' });
      expect(of(r, 'SP-START-001')).toMatchObject([{ path: 'vox.wav', params: { expected: 172800000, found: 172800480 } }]);
    } finally {
      l.cleanup();
    }
  });
});

describe('full-scale samples under the default profile (spec §7.2)', () => {
  it('a 24-bit file reaching the largest positive code is reported by SP-LVL-002', async () => {
    const r = await run({ stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 100, amp: 0.3 }], post: (x) => void (x[200] = 8388607) }] });
    expect(of(r, 'SP-LVL-002').map((f) => [f.path, f.severity, f.params['limitDbfs']]).sort()).toEqual([
      ['mix/mix.wav', 'warning', 0],
      [stem('synth'), 'warning', 0],
    ]);
    expect(errors(r)).toEqual([]);
  });

  it('a code one below full scale is not', async () => {
    const r = await run({ stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 100, amp: 0.3 }], post: (x) => void (x[200] = 8388606) }] });
    expect(of(r, 'SP-LVL-002')).toEqual([]);
  });
});

describe('non-finite float samples (SP-AUD-012, spec §6.1, §8.1)', () => {
  const withSample = (v: number): BuildOptions => ({
    sampleFormat: 'float',
    stems: [
      { id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.2 }] },
      // `post` runs before the stem is summed into the mix: the mix carries the same sample
      { id: 'drums', role: 'drums', parts: [{ kind: 'sine', freq: 90, amp: 0.2 }], post: (x) => void (x[100] = v) },
    ],
  });

  for (const v of [Infinity, -Infinity, NaN]) {
    it(`${v}: SP-AUD-012 on the stem and the mix (frame 50, channel 0), levels finite, the null skipped`, async () => {
      const r = await run(withSample(v));
      expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
      expect(of(r, 'SP-AUD-012').map((f) => [f.path, f.params, f.at?.frame, f.at?.channel]).sort()).toEqual([
        ['mix/mix.wav', { total: 1, channels: [{ channel: 0, count: 1, firstFrame: 50 }] }, 50, 0],
        [stem('drums'), { total: 1, channels: [{ channel: 0, count: 1, firstFrame: 50 }] }, 50, 0],
      ]);
      // +Inf is no longer a full-scale sample
      expect(of(r, 'SP-LVL-002')).toEqual([]);
      expect(r.null).toMatchObject({ skipped: 'non-finite-samples' });
      expect(r.findings.filter((f) => f.code.startsWith('SP-NULL-'))).toEqual([]);
      for (const f of of(r, 'SP-LVL-101')) expect(typeof f.params['peakDbfs']).toBe('number');
      expect(r.valid).toBe(false);
    });
  }

  it('folder mode reports it too and skips the null', async () => {
    const l = writeLooseFiles(buildPackage(withSample(NaN)));
    try {
      const r = await validateFolder(l.dir, { mix: 'mix.wav' });
      expect(of(r, 'SP-AUD-012').map((f) => [f.path, f.params['total']]).sort()).toEqual([['drums.wav', 1], ['mix.wav', 1]]);
      expect(r.null).toMatchObject({ skipped: 'non-finite-samples' });
      expect(r.findings.filter((f) => f.code.startsWith('SP-NULL-'))).toEqual([]);
    } finally {
      l.cleanup();
    }
  });
});

describe('a manifest of a future major version (SP-VER-001, spec §11)', () => {
  it('checks only the container: no audio file is read, session files and archives still are', async () => {
    const enc = new TextEncoder();
    const r = await run({
      hooks: {
        manifest: (m) => void (m.stempack = '2.0.0'),
        entries: (e) => void e.push({ name: 'Song.ptx', data: enc.encode('session') }, { name: 'docs/old.zip', data: enc.encode('PK\u0003\u0004rest') }),
      },
    });
    expect(r.files).toEqual([]);
    expect(r.null).toBeUndefined();
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['SP-VER-001', '/stempack'],
      ['SP-SES-001', 'Song.ptx'],
      ['SP-ZIP-011', 'docs/old.zip'],
    ]);
  });
});

describe('reading on past unknown manifest members (spec §11, SP-VAL-001)', () => {
  it('an unknown member is SP-MAN-002 and the other checks still run', async () => {
    const r = await run({
      hooks: {
        manifest: (m) => {
          (m.stems[0] as unknown as Record<string, unknown>)['colour'] = '#009E73';
          (m as unknown as Record<string, unknown>)['studio'] = 'B';
          m.stems[1]!.bytes += 1;
        },
        entries: (e) => void e.push({ name: 'docs/unlisted.txt', data: new TextEncoder().encode('x') }),
      },
    });
    expect(errors(r)).toEqual([
      ['SP-MAN-002', '/stems/0/colour'],
      ['SP-MAN-002', '/studio'],
      ['SP-ZIP-010', 'docs/unlisted.txt'],
      ['SP-MAN-004', stem('bass')],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));
    expect(r.files.map((f) => f.id)).toEqual(['mix', 'drums', 'bass', 'vox']);
    expect(r.null).toMatchObject({ exact: true });
  });

  it('an unknown member and a repeated member name together: both reported, the other checks still run', async () => {
    const r = await run({
      hooks: {
        manifest: (m) => void ((m as unknown as Record<string, unknown>)['studio'] = 'B'),
        entries: (e) => {
          const j = e.find((x) => x.name === 'stempack.json')!;
          const text = new TextDecoder().decode(j.data);
          expect(text).toContain('"artist":');
          j.data = new TextEncoder().encode(text.replace('"artist":', '"artist": "Someone Else", "artist":'));
        },
      },
    });
    expect(errors(r)).toEqual([
      ['SP-MAN-014', '/artist'],
      ['SP-MAN-002', '/studio'],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));
    expect(r.files.map((f) => f.id)).toEqual(['mix', 'drums', 'bass', 'vox']);
    expect(r.null).toMatchObject({ exact: true });
  });

  it('a value of the wrong type still stops the manifest from being used', async () => {
    const r = await run({ hooks: { manifest: (m) => void ((m.stems[1] as unknown as Record<string, unknown>)['frames'] = 'many') } });
    expect(errors(r).map((e) => e[0])).toEqual(['SP-MAN-002']);
    expect(r.files.every((f) => f.id === undefined)).toBe(true);
  });
});
