import { describe, expect, it } from 'vitest';
import { checkManifestSemantics } from '../../src/manifest/index.js';
import type { Manifest } from '../../src/model/index.js';
import { applyPatch, manifest } from './helpers.js';

type Op = Parameters<typeof applyPatch>[1][number];
const check = (...ops: Op[]) =>
  checkManifestSemantics(applyPatch(manifest(), ops) as Manifest).map((f) => [f.code, f.path, f.severity, f.params]);

describe('checkManifestSemantics', () => {
  it('finds nothing in the spec example', () => {
    expect(check()).toEqual([]);
  });

  it('reports a repeated id at the second occurrence (SP-MAN-005)', () => {
    expect(check({ op: 'replace', path: '/stems/3/id', value: 'mix' })).toEqual([
      ['SP-MAN-005', '/stems/3/id', 'error', { id: 'mix', first: '/mix/id' }],
    ]);
  });

  it('reports repeated paths, also across case and Unicode forms (SP-MAN-006)', () => {
    const p = 'stems/Caf\u00e9.wav';
    const q = 'stems/CAFE\u0301.wav';
    expect(
      check(
        { op: 'replace', path: '/stems/0/path', value: p },
        { op: 'replace', path: '/stems/2/path', value: q },
        { op: 'add', path: '/attachments', value: [{ path: 'mix/AB_MidnightTrain_CD3_Mix_48k24.wav', mediaType: 'audio/wav', sha256: '0'.repeat(64), bytes: 1 }] },
      ).map((r) => r.slice(0, 2)),
    ).toEqual([
      ['SP-MAN-006', '/stems/2/path'],
      ['SP-MAN-006', '/attachments/0/path'],
      ['SP-ZIP-012', '/attachments/0/path'],
    ]);
  });

  it('compares the timeline rate with the format rate (SP-MAN-011)', () => {
    expect(check({ op: 'replace', path: '/timeline/sampleRate', value: 96000 })).toEqual([
      ['SP-MAN-011', '/timeline/sampleRate', 'error', { expected: 48000, found: 96000 }],
    ]);
  });

  it('warns about missing credits and ISRC (SP-MAN-012)', () => {
    expect(check({ op: 'remove', path: '/credits' }, { op: 'remove', path: '/isrc' }).map((r) => r.slice(0, 3))).toEqual([
      ['SP-MAN-012', '/credits', 'warning'],
      ['SP-MAN-012', '/isrc', 'warning'],
    ]);
    expect(check({ op: 'replace', path: '/credits', value: [] }).map((r) => r[0])).toEqual(['SP-MAN-012']);
  });

  it('checks layouts against channel counts (SP-MAN-013)', () => {
    expect(check({ op: 'replace', path: '/mix/layout', value: '5.1' })).toEqual([
      ['SP-MAN-013', '/mix/layout', 'error', { layout: '5.1', expected: 6, found: 2 }],
    ]);
    expect(check({ op: 'replace', path: '/stems/0/layout', value: 'discrete' })).toEqual([]);
    expect(
      check({ op: 'replace', path: '/stems/0/layout', value: 'mono' }, { op: 'replace', path: '/stems/0/channels', value: 1 }),
    ).toEqual([]);
  });

  it('checks folders (SP-ZIP-012)', () => {
    expect(
      check(
        { op: 'replace', path: '/mix/path', value: 'AB_Mix.wav' },
        { op: 'replace', path: '/stems/1/path', value: 'stems/' },
        { op: 'replace', path: '/stems/2/path', value: 'Stems/gtr.wav' },
        { op: 'add', path: '/attachments', value: [{ path: 'docs/notes/session.txt', mediaType: 'text/plain', sha256: '0'.repeat(64), bytes: 1 }] },
      ).map((r) => [r[0], r[1], (r[3] as { expectedFolder: string }).expectedFolder]),
    ).toEqual([
      ['SP-ZIP-012', '/mix/path', 'mix/'],
      ['SP-ZIP-012', '/stems/1/path', 'stems/'],
      ['SP-ZIP-012', '/stems/2/path', 'stems/'],
    ]);
  });

  it('warns about a loose null tolerance (SP-NULL-002), -60 itself is fine', () => {
    expect(check({ op: 'replace', path: '/null/tolerance', value: -60 })).toEqual([]);
    expect(check({ op: 'replace', path: '/null/tolerance', value: -59.5 })).toEqual([
      ['SP-NULL-002', '/null/tolerance', 'warning', { tolerance: -59.5, limit: -60 }],
    ]);
  });

  it('checks version names and the roles and stems rules name (SP-REN-001, SP-REN-002)', () => {
    const versions = [
      { name: 'radio', rules: [{ role: 'vocals-lead', gainDb: 1 }, { stem: 'keys', mute: true }] },
      { name: 'radio', rules: [{ role: 'x-choir', mute: true }] },
    ];
    expect(check({ op: 'add', path: '/versions', value: versions }).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['SP-REN-001', '/versions/0/rules/1/stem', { version: 'radio', stem: 'keys' }],
      ['SP-REN-002', '/versions/1/name', { name: 'radio', first: '/versions/0/name' }],
      ['SP-REN-001', '/versions/1/rules/0/role', { version: 'radio', role: 'x-choir' }],
    ]);
  });
});
