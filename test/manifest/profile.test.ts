import { describe, expect, it } from 'vitest';
import {
  BUILTIN_PROFILES,
  applySeverity,
  clipRunFrames,
  loadProfile,
  nullToleranceInForce,
} from '../../src/manifest/index.js';
import { finding } from '../../src/model/index.js';
import type { Finding, GenericParams } from '../../src/model/index.js';
import { manifest } from './helpers.js';

describe('loadProfile', () => {
  it('loads the built-ins by name', () => {
    for (const name of ['default', 'mastering', 'remix']) {
      const r = loadProfile(name);
      expect(r.findings).toEqual([]);
      expect(r.profile).toBe(BUILTIN_PROFILES[name]);
    }
    expect(BUILTIN_PROFILES.mastering).toMatchObject({ minBitDepth: 24, maxPeakDbfs: -3, requireNull: true });
    expect(BUILTIN_PROFILES.mastering!.severity).toEqual({ 'SP-LVL-002': 'error', 'SP-LVL-003': 'error' });
    expect(BUILTIN_PROFILES.remix).toMatchObject({ minSampleRate: 44100, stemChannels: 2 });
  });

  it('refuses an unknown name', () => {
    const r = loadProfile('broadcast');
    expect(r.profile).toBeNull();
    expect(r.findings.map((f) => [f.code, (f.params as GenericParams).reason])).toEqual([['SP-PRO-001', 'unknown-profile']]);
  });

  it('loads JSON text and parsed values', () => {
    const p = { stempackProfile: '1.0', name: 'mine', stemChannels: 2 };
    expect(loadProfile(JSON.stringify(p)).profile).toEqual(p);
    expect(loadProfile(p).profile).toEqual(p);
    expect(loadProfile('{"name": ').findings.map((f) => f.code)).toEqual(['SP-PRO-001']);
  });

  it('reports schema faults, unregistered codes and bad regular expressions as SP-PRO-001', () => {
    expect(loadProfile({ name: 'x' }).findings.map((f) => [f.code, f.path])).toEqual([['SP-PRO-001', '/stempackProfile']]);
    const r = loadProfile({ stempackProfile: '1.0', name: 'x', severity: { 'SP-LVL-999': 'off' }, namingPattern: '([a-z' });
    expect(r.profile).toBeNull();
    expect(r.findings.map((f) => [f.code, f.path, (f.params as GenericParams).reason])).toEqual([
      ['SP-PRO-001', '/severity/SP-LVL-999', 'unknown-code'],
      ['SP-PRO-001', '/namingPattern', 'regex'],
    ]);
  });
});

describe('applySeverity', () => {
  const fs: Finding[] = [
    finding('SP-LVL-003', 'mix/a.wav', { peakDbfs: 0, roundValueDbfs: 0, files: 1 }),
    finding('SP-NULL-001', 'mix/a.wav', { residualPeakDbfs: -40, tolerance: -80, residualRmsDbfs: -60, depthDb: 30, failingFrames: 10, failingRanges: [] }),
    finding('SP-MAN-012', '/credits', { field: 'credits' }),
  ];

  it('leaves findings alone without overrides', () => {
    expect(applySeverity(fs, BUILTIN_PROFILES.default!)).toEqual(fs);
  });

  it('raises, lowers and drops by code, and does not mutate its input', () => {
    const p = { stempackProfile: '1.0', name: 'p', severity: { 'SP-LVL-003': 'error', 'SP-MAN-012': 'off', 'SP-NULL-001': 'info' } } as const;
    const out = applySeverity(fs, { ...p, severity: { ...p.severity } });
    expect(out.map((f) => [f.code, f.severity])).toEqual([
      ['SP-LVL-003', 'error'],
      ['SP-NULL-001', 'info'],
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['warning', 'error', 'warning']);
  });

  it('makes SP-NULL-001 a warning when the null is not required, unless a severity says otherwise', () => {
    const base = { stempackProfile: '1.0', name: 'p', requireNull: false };
    expect(applySeverity(fs, base).find((f) => f.code === 'SP-NULL-001')!.severity).toBe('warning');
    expect(applySeverity(fs, { ...base, severity: { 'SP-NULL-001': 'error' } }).find((f) => f.code === 'SP-NULL-001')!.severity).toBe('error');
  });
});

describe('thresholds in force', () => {
  it('null tolerance: profile, then manifest, then -80', () => {
    const m = manifest();
    expect(nullToleranceInForce(null, null)).toBe(-80);
    expect(nullToleranceInForce(null, m)).toBe(-90);
    expect(nullToleranceInForce({ stempackProfile: '1.0', name: 'p', nullTolerance: -100 }, m)).toBe(-100);
    const { null: _n, ...noNull } = m;
    expect(nullToleranceInForce(BUILTIN_PROFILES.mastering!, noNull)).toBe(-80);
  });

  it('clip run length scales with the rate, rounding up', () => {
    expect([44100, 48000, 96000, 192000, 8000].map((r) => clipRunFrames(null, r))).toEqual([12, 12, 24, 48, 2]);
    expect(clipRunFrames({ stempackProfile: '1.0', name: 'p', clipRunFrames48k: 3 }, 44100)).toBe(3);
  });
});
