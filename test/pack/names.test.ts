import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { inferRole, inferRoles } from '../../src/pack/roles.js';
import { findMix } from '../../src/pack/mix.js';
import { findSplitMonoPairs } from '../../src/pack/split-mono.js';
import { slugify, uniqueIds } from '../../src/pack/ids.js';
import { tokenize } from '../../src/pack/tokens.js';
import { sniff } from '../../src/inputs/sniff.js';
import { serializeManifest } from '../../src/pack/manifest-json.js';
import { interleaveBytes } from '../../src/pack/join.js';
import { layoutOf } from '../../src/pack/consistency.js';
import type { Manifest } from '../../src/model/manifest.js';

describe('tokenize', () => {
  it('splits separators, camelCase, acronyms and digits, drops the extension', () => {
    expect(tokenize('LeadVox_48k24.wav')).toEqual(['lead', 'vox', '48', 'k', '24']);
    expect(tokenize('BGVox-02.aif')).toEqual(['bg', 'vox', '02']);
    expect(tokenize('dir/Gtr2 (DI).wav')).toEqual(['gtr', '2', 'di']);
    expect(tokenize('Dèmo Piano.wav')).toEqual(['demo', 'piano']);
  });
});

describe('inferRole', () => {
  const table: [string, string][] = [
    ['Drums.wav', 'drums'],
    ['Kick.wav', 'drums'],
    ['Snare Top.wav', 'drums'],
    ['HiHat.wav', 'drums'],
    ['Overheads.wav', 'drums'],
    ['Bass Drum.wav', 'drums'],
    ['Perc.wav', 'percussion'],
    ['Shakers.wav', 'percussion'],
    ['Bass.wav', 'bass'],
    ['Sub.wav', 'bass'],
    ['Bass Guitar.wav', 'bass'],
    ['Gtr1.wav', 'guitars'],
    ['Acoustic Guitar.wav', 'guitars'],
    ['Keys.wav', 'keys'],
    ['Piano.wav', 'keys'],
    ['Organ.wav', 'keys'],
    ['Rhodes.wav', 'keys'],
    ['Synth.wav', 'synths'],
    ['Pad.wav', 'synths'],
    ['Lead Synth.wav', 'synths'],
    ['Strings.wav', 'strings'],
    ['Violins.wav', 'strings'],
    ['Brass.wav', 'brass'],
    ['Horns.wav', 'brass'],
    ['Trumpet.wav', 'brass'],
    ['Sax.wav', 'woodwinds'],
    ['Woodwinds.wav', 'woodwinds'],
    ['Flute.wav', 'woodwinds'],
    ['Vox.wav', 'vocals-lead'],
    ['Lead Vocal.wav', 'vocals-lead'],
    ['LV.wav', 'vocals-lead'],
    ['LeadVox_48k24.wav', 'vocals-lead'],
    ['BV.wav', 'vocals-backing'],
    ['Backing Vocals.wav', 'vocals-backing'],
    ['BGVox.wav', 'vocals-backing'],
    ['BGV.wav', 'vocals-backing'],
    ['Vocal Harmony.wav', 'vocals-backing'],
    ['Choir.wav', 'vocals-backing'],
    ['FX.wav', 'fx'],
    ['SFX.wav', 'fx'],
    ['Ambience.wav', 'ambience'],
    ['Room.wav', 'ambience'],
    ['Reverb.wav', 'ambience'],
    ['Other.wav', 'other'],
  ];
  it.each(table)('%s → %s', (name, role) => {
    const r = inferRole(name);
    expect(r.role).toBe(role);
    expect(r.ambiguous).toBe(false);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  // "Synth Bass" is bass (spec §5.4: bass holds synth bass); see test/pack/role-names.test.ts
  it.each(['Gtr and Keys.wav', 'Piano Reverb.wav', 'Kick and Bass.wav'])('%s is ambiguous (several roles)', (name) => {
    const r = inferRole(name);
    expect(r.role).toBeNull();
    expect(r.ambiguous).toBe(true);
    expect(r.candidates.length).toBeGreaterThan(1);
  });

  it.each(['Track 01.wav', 'Audio_3.wav', 'Bassoon-free thing.wav'.replace('Bassoon-free', 'Untitled')])('%s is ambiguous (no role)', (name) => {
    const r = inferRole(name);
    expect(r).toMatchObject({ role: null, ambiguous: true, candidates: [] });
  });

  it('does not read "bassoon" as bass', () => {
    expect(inferRole('Bassoon.wav').role).toBe('woodwinds');
  });

  it('inferRoles ignores words every name shares when a name is ambiguous alone', () => {
    const names = ['AB_BassLine_JD_Drums_48k24.wav', 'AB_BassLine_JD_Bass_48k24.wav', 'AB_BassLine_JD_Vox_48k24.wav'];
    expect(inferRoles(names).map((r) => r.role)).toEqual(['drums', 'bass', 'vocals-lead']);
  });
});

describe('findMix', () => {
  it.each([
    [['Drums.wav', 'Bass.wav', 'Mix.wav'], 'Mix.wav'],
    [['Drums.wav', 'Song_Master.wav'], 'Song_Master.wav'],
    [['Drums.wav', 'Full.wav'], 'Full.wav'],
    [['Drums.wav', 'Song 2mix.wav'], 'Song 2mix.wav'],
    [['Drums.wav', 'Stereo Mix.wav'], 'Stereo Mix.wav'],
    [['Drum Mix.wav', 'Vox Main.wav', 'Main.wav'], 'Main.wav'],
  ])('%j → %s', (names, mix) => {
    expect(findMix(names).mix).toBe(mix);
  });
  it('returns null with no candidate and with several', () => {
    expect(findMix(['Drums.wav', 'Bass.wav'])).toMatchObject({ mix: null, candidates: [] });
    expect(findMix(['Mix.wav', 'Master.wav', 'Bass.wav'])).toMatchObject({ mix: null, candidates: ['Mix.wav', 'Master.wav'] });
  });
});

describe('findSplitMonoPairs', () => {
  it.each([
    ['Vox.L.wav', 'Vox.R.wav', 'Vox.wav'],
    ['Vox_L.wav', 'Vox_R.wav', 'Vox.wav'],
    ['Vox-L.wav', 'Vox-R.wav', 'Vox.wav'],
    ['Vox L.wav', 'Vox R.wav', 'Vox.wav'],
    ['Vox.Left.aif', 'Vox.Right.aif', 'Vox.aif'],
  ])('%s + %s → %s', (l, r, joined) => {
    expect(findSplitMonoPairs([r, 'Drums.wav', l])).toEqual([{ left: l, right: r, joinedName: joined, style: expect.any(String) }]);
  });
  it('needs both sides; pairs like the validator does (any separator, case, folder or extension)', () => {
    expect(findSplitMonoPairs(['Vox.L.wav'])).toEqual([]);
    expect(findSplitMonoPairs(['Real.wav', 'Lol.wav', 'L.wav', 'R.wav'])).toEqual([]);
    const pairs = (names: string[]) => findSplitMonoPairs(names).map((p) => [p.left, p.right, p.joinedName]);
    expect(pairs(['Vox.L.wav', 'Vox_R.wav'])).toEqual([['Vox.L.wav', 'Vox_R.wav', 'Vox.wav']]);
    expect(pairs(['vox.l.wav', 'VOX-Right.wav'])).toEqual([['vox.l.wav', 'VOX-Right.wav', 'vox.wav']]);
    expect(pairs(['a/Vox.L.wav', 'b/Vox.R.wav'])).toEqual([['a/Vox.L.wav', 'b/Vox.R.wav', 'Vox.wav']]);
    expect(pairs(['Vox.L.wav', 'Vox.R.aif'])).toEqual([['Vox.L.wav', 'Vox.R.aif', 'Vox.wav']]);
    // each name used once
    expect(pairs(['Vox.L.wav', 'Vox_L.wav', 'Vox.R.wav'])).toEqual([['Vox.L.wav', 'Vox.R.wav', 'Vox.wav']]);
  });
});

describe('ids', () => {
  it('slugifies to the manifest id pattern', () => {
    expect(slugify('Lead Vox (Final).wav')).toBe('lead-vox-final');
    expect(slugify('__Bass.L.wav')).toBe('bass.l');
    expect(slugify('Ünïcode Ψ.wav')).toBe('unicode');
    expect(slugify('!!!.wav')).toBe('stem');
  });
  test.prop([fc.array(fc.string(), { maxLength: 20 })])('unique ids always match the pattern', (names) => {
    const ids = uniqueIds(names, ['mix']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('mix');
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
  });
});

describe('sniff', () => {
  const b = (s: string, extra: number[] = []) => new Uint8Array([...Buffer.from(s, 'latin1'), ...extra]);
  it('classifies by magic first', () => {
    expect(sniff(b('RIFF\0\0\0\0WAVE'), 'x.mp3').kind).toBe('audio');
    expect(sniff(b('FORM\0\0\0\0AIFC'), 'x.aifc').kind).toBe('audio');
    expect(sniff(b('ID3\x04\0'), 'x.wav')).toEqual({ kind: 'unsupported-audio', format: 'MP3' });
    expect(sniff(new Uint8Array([0xff, 0xfb, 0x90, 0x64]), 'x.wav')).toEqual({ kind: 'unsupported-audio', format: 'MP3' });
    expect(sniff(b('fLaC'), 'x.flac').format).toBe('FLAC');
    expect(sniff(b('\0\0\0\x20ftypM4A '), 'x.m4a').kind).toBe('unsupported-audio');
    expect(sniff(b('hello'), 'notes.txt').kind).toBe('other');
    expect(sniff(b('hello'), 'x.ogg').kind).toBe('unsupported-audio');
  });
});

describe('serializeManifest', () => {
  it('orders keys the same whatever the insertion order, ends with a newline', () => {
    const a = { title: 'T', stempack: '1.0.0', session: { bitDepth: 24, sampleRate: 48000 }, 'x-b': 1, 'x-a': 2 } as unknown as Manifest;
    const b = { 'x-a': 2, session: { sampleRate: 48000, bitDepth: 24 }, stempack: '1.0.0', 'x-b': 1, title: 'T' } as unknown as Manifest;
    expect(serializeManifest(a)).toBe(serializeManifest(b));
    expect(serializeManifest(a)).toBe('{\n  "stempack": "1.0.0",\n  "title": "T",\n  "session": {\n    "sampleRate": 48000,\n    "bitDepth": 24\n  },\n  "x-a": 2,\n  "x-b": 1\n}\n');
  });
});

describe('interleaveBytes', () => {
  it.each([1, 2, 3, 4, 8])('%i-byte samples, with and without byte swap', (bytesPer) => {
    const frames = 5;
    const l = Uint8Array.from({ length: frames * bytesPer }, (_, i) => i);
    const r = Uint8Array.from({ length: frames * bytesPer }, (_, i) => 100 + i);
    const out = new Uint8Array(frames * bytesPer * 2);
    interleaveBytes(l, r, bytesPer, frames, out, false);
    const expected: number[] = [];
    for (let f = 0; f < frames; f++) expected.push(...l.subarray(f * bytesPer, (f + 1) * bytesPer), ...r.subarray(f * bytesPer, (f + 1) * bytesPer));
    expect([...out]).toEqual(expected);
    interleaveBytes(l, r, bytesPer, frames, out, true);
    const swapped: number[] = [];
    for (let f = 0; f < frames; f++) swapped.push(...[...l.subarray(f * bytesPer, (f + 1) * bytesPer)].reverse(), ...[...r.subarray(f * bytesPer, (f + 1) * bytesPer)].reverse());
    expect([...out]).toEqual(swapped);
  });
});

describe('layoutOf', () => {
  it('names the layout of the channel count unless the mask says otherwise', () => {
    expect(layoutOf({ channels: 2 })).toBe('stereo');
    expect(layoutOf({ channels: 2, channelMask: 0x3 })).toBe('stereo');
    expect(layoutOf({ channels: 6, channelMask: 0x60f })).toBe('5.1');
    expect(layoutOf({ channels: 3, channelMask: 0x103 })).toBe('discrete');
    expect(layoutOf({ channels: 7 })).toBe('discrete');
  });
});

describe('distinctive stem ids', () => {
  it('drops the tokens every file name shares (delivery naming conventions)', async () => {
    const { distinctiveNames } = await import('../../src/pack/ids.js');
    expect(distinctiveNames(['AB_Song_CD1_Bass_48k24.wav', 'AB_Song_CD1_Keys_48k24.wav', 'AB_Song_CD1_Lead Vox_48k24.wav'])).toEqual(['Bass', 'Keys', 'Lead Vox']);
    expect(distinctiveNames(['Song-Drums.wav', 'Song-Bass.wav'])).toEqual(['Drums', 'Bass']);
    expect(distinctiveNames(['Drums.wav'])).toEqual(['Drums.wav']);
    expect(distinctiveNames(['Bass.wav', 'Bass 2.wav'])).toEqual(['Bass.wav', 'Bass 2.wav']);
    expect(distinctiveNames(['kick.wav', 'snare.wav'])).toEqual(['kick.wav', 'snare.wav']);
  });
});
