// Profiles end to end (spec §10): the built-in `mastering` and `remix` profiles and custom
// profile JSON (naming pattern, required roles, allowed formats, severity overrides, requireNull).
import { describe, it, expect } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import type { Profile } from '../../src/model/profile.js';
import type { Report } from '../../src/model/report.js';
import { buildPackage, type BuildOptions } from '../helpers/package-builder.js';
import { reportValidator } from './report-schema.js';

const stem = (id: string) => `stems/${id}.wav`;
const FILES = ['mix/mix.wav', stem('drums'), stem('bass'), stem('vox')];

async function run(build: BuildOptions, profile: string | Profile): Promise<Report> {
  const b = buildPackage(build);
  const r = await validate({ source: new BytesSource(b.bytes, 'song.stempack'), name: 'song.stempack' }, { profile });
  expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
  return r;
}
const of = (r: Report, code: string) => r.findings.filter((f) => f.code === code);
const notInfo = (r: Report) => r.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity, f.path]);
/** One stereo stem (so the mix equals it) of a sine at `amp`. */
const single = (amp: number, spread?: number): BuildOptions => ({ stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 1000, amp, ...(spread !== undefined ? { spread } : {}) }] }] });

describe('profile mastering', () => {
  it('accepts a clean 24-bit package (peaks below -3 dBFS, exact null)', async () => {
    const r = await run({}, 'mastering');
    expect(r.profile).toBe('mastering');
    expect(notInfo(r)).toEqual([]);
  });

  it('refuses 16-bit integer PCM (minBitDepth 24): SP-PRO-003 per file, an error', async () => {
    const r = await run({ bitDepth: 16 }, 'mastering');
    const pro = of(r, 'SP-PRO-003');
    expect(pro.map((f) => f.path).sort()).toEqual([...FILES].sort());
    for (const f of pro) expect(f).toMatchObject({ severity: 'error', params: { fields: ['bitDepth'], bitDepth: 16, profile: 'mastering' } });
    expect(r.valid).toBe(false);
  });

  it('accepts 32-bit float (minBitDepth applies to integer PCM only)', async () => {
    const r = await run({ sampleFormat: 'float' }, 'mastering');
    expect(of(r, 'SP-PRO-003')).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('a peak at -2.5 dBFS breaks the -3 dBFS headroom limit: SP-LVL-002 as an error', async () => {
    const r = await run(single(0.75), 'mastering');
    const hits = of(r, 'SP-LVL-002');
    expect(hits.map((f) => f.path).sort()).toEqual(['mix/mix.wav', stem('synth')]);
    for (const f of hits) expect(f).toMatchObject({ severity: 'error', params: { limitDbfs: -3, peakDbfs: -2.5 } });
    // the same file under the default profile: below 0 dBFS, no finding
    expect(of(await run(single(0.75), 'default'), 'SP-LVL-002')).toEqual([]);
  });

  it('a peak at -3.1 dBFS passes', async () => {
    expect(of(await run(single(0.7), 'mastering'), 'SP-LVL-002')).toEqual([]);
  });

  it('normalised files (peak 0.00 dBFS) are an error (SP-LVL-003 raised)', async () => {
    const r = await run(single(1, 0), 'mastering');
    const hits = of(r, 'SP-LVL-003');
    expect(hits.map((f) => f.path).sort()).toEqual(['mix/mix.wav', stem('synth')]);
    for (const f of hits) expect(f.severity).toBe('error');
    // default profile: a warning
    for (const f of of(await run(single(1, 0), 'default'), 'SP-LVL-003')) expect(f.severity).toBe('warning');
  });

  it('requires the null: a stem at the wrong gain is SP-NULL-001, an error', async () => {
    const r = await run({ hooks: { manifest: (m) => void (m.stems[1]!.gainDb = -3) } }, 'mastering');
    expect(of(r, 'SP-NULL-001')).toMatchObject([{ severity: 'error', path: 'mix/mix.wav', params: { tolerance: -80 } }]);
  });

  it('declared mix-bus processing: the null is information only', async () => {
    const r = await run({ mixBusProcessing: true, hooks: { manifest: (m) => void (m.stems[1]!.gainDb = -3) } }, 'mastering');
    expect(of(r, 'SP-NULL-001')).toEqual([]);
    expect(of(r, 'SP-NULL-101')).toMatchObject([{ severity: 'info', params: { pass: false } }]);
  });
});

describe('profile remix', () => {
  it('accepts stereo stems at 48 kHz', async () => {
    expect(notInfo(await run({}, 'remix'))).toEqual([]);
  });

  it('refuses a mono stem (stemChannels 2): SP-PRO-003 at that stem only', async () => {
    const r = await run(
      { stems: [{ id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] }, { id: 'bass', role: 'bass', channels: 1, parts: [{ kind: 'sine', freq: 60, amp: 0.3 }] }] },
      'remix',
    );
    expect(of(r, 'SP-PRO-003')).toMatchObject([{ severity: 'error', path: stem('bass'), params: { fields: ['channels'], channels: 1, profile: 'remix' } }]);
    expect(of(r, 'SP-CH-004').map((f) => f.severity)).toEqual(['warning']);
  });

  it('refuses 32 kHz (minSampleRate 44100): SP-PRO-003 per file', async () => {
    const r = await run({ sampleRate: 32000 }, 'remix');
    const pro = of(r, 'SP-PRO-003');
    expect(pro.map((f) => f.path).sort()).toEqual([...FILES].sort());
    for (const f of pro) expect(f.params).toMatchObject({ fields: ['sampleRate'], sampleRate: 32000 });
  });

  it('accepts 44.1 kHz', async () => {
    expect(of(await run({ sampleRate: 44100 }, 'remix'), 'SP-PRO-003')).toEqual([]);
  });
});

describe('custom profile JSON', () => {
  const base = { stempackProfile: '1.0', name: 'label' } as const;

  it('namingPattern: each non-matching base name is SP-PRO-004, a warning', async () => {
    const r = await run({}, JSON.stringify({ ...base, namingPattern: '^(mix|drums)\\.wav$' }));
    expect(r.profile).toBe('label');
    expect(of(r, 'SP-PRO-004').map((f) => [f.path, f.severity])).toEqual([
      [stem('bass'), 'warning'],
      [stem('vox'), 'warning'],
    ]);
    expect(of(r, 'SP-PRO-004')[0]!.params).toMatchObject({ name: 'bass.wav', pattern: '^(mix|drums)\\.wav$' });
  });

  it('requiredRoles: one SP-PRO-002 per missing role, at /stems', async () => {
    const r = await run({}, { ...base, requiredRoles: ['drums', 'strings', 'vocals-backing'] });
    expect(of(r, 'SP-PRO-002').map((f) => [f.path, f.severity, f.params['role']])).toEqual([
      ['/stems', 'error', 'strings'],
      ['/stems', 'error', 'vocals-backing'],
    ]);
  });

  it.each<[string, Partial<Profile>, string]>([
    ['allowedContainers', { allowedContainers: ['aiff'] }, 'container'],
    ['allowedSampleFormats', { allowedSampleFormats: ['float'] }, 'sampleFormat'],
    ['allowedBitDepths', { allowedBitDepths: [16, 32] }, 'bitDepth'],
    ['allowedSampleRates', { allowedSampleRates: [44100, 96000] }, 'sampleRate'],
  ])('%s: SP-PRO-003 on every file, naming the field', async (_k, p, field) => {
    const r = await run({}, { ...base, ...p });
    const pro = of(r, 'SP-PRO-003');
    expect(pro.map((f) => f.path).sort()).toEqual([...FILES].sort());
    for (const f of pro) expect(f.params['fields']).toEqual([field]);
  });

  it('allowed formats that include the package: no finding', async () => {
    const r = await run({}, { ...base, allowedContainers: ['wav'], allowedSampleFormats: ['int'], allowedBitDepths: [24], allowedSampleRates: [48000], stemChannels: 2 });
    expect(notInfo(r)).toEqual([]);
  });

  it('severity overrides: raise, lower and turn off', async () => {
    const build: BuildOptions = { bitDepth: 16, hooks: { manifest: (m) => void delete m.credits } };
    const plain = await run(build, { ...base });
    expect(of(plain, 'SP-AUD-009').map((f) => f.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(of(plain, 'SP-MAN-012').map((f) => f.severity)).toEqual(['warning']);
    const r = await run(build, { ...base, severity: { 'SP-AUD-009': 'error', 'SP-MAN-012': 'off', 'SP-LVL-101': 'off' } });
    expect(of(r, 'SP-AUD-009').map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error']);
    expect(of(r, 'SP-MAN-012')).toEqual([]);
    expect(of(r, 'SP-LVL-101')).toEqual([]);
    expect(r.counts).toEqual({ error: 4, warning: 0, info: r.findings.filter((f) => f.severity === 'info').length });
    expect(r.valid).toBe(false);
  });

  it('requireNull false makes SP-NULL-001 a warning; a severity entry still wins over it', async () => {
    const build: BuildOptions = { hooks: { manifest: (m) => void (m.stems[1]!.gainDb = -3) } };
    const lax = await run(build, { ...base, requireNull: false });
    expect(of(lax, 'SP-NULL-001').map((f) => f.severity)).toEqual(['warning']);
    expect(lax.valid).toBe(true);
    const strict = await run(build, { ...base, requireNull: false, severity: { 'SP-NULL-001': 'error' } });
    expect(of(strict, 'SP-NULL-001').map((f) => f.severity)).toEqual(['error']);
  });

  it('nullTolerance overrides the manifest: a one-LSB residual fails at -140 dBFS', async () => {
    const build: BuildOptions = { hooks: { audio: (it) => void (it.isMix && (it.samples[10]! += 1)) } };
    expect(of(await run(build, 'default'), 'SP-NULL-001')).toEqual([]);
    const r = await run(build, { ...base, nullTolerance: -140 });
    expect(of(r, 'SP-NULL-001')).toMatchObject([{ severity: 'error', params: { tolerance: -140, residualPeakDbfs: -138.47 } }]);
  });

  it('a namingPattern that is no valid ECMAScript regular expression with the u flag is SP-PRO-001', async () => {
    const r = await run({}, { ...base, namingPattern: '\\p{Foo}(' });
    expect(of(r, 'SP-PRO-001')).toMatchObject([{ path: '/namingPattern', severity: 'error', params: { reason: 'regex' } }]);
    expect(of(r, 'SP-PRO-004')).toEqual([]);
  });

  it('a broken profile is SP-PRO-001 and the default profile applies', async () => {
    const r = await run({}, '{"stempackProfile": "1.0", "name": "x", "severity": {"SP-LVL-01": "error"}}');
    expect(of(r, 'SP-PRO-001').length).toBeGreaterThan(0);
    expect(r.profile).toBe('default');
  });
});
