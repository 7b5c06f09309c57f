// One row per requirement validate can detect: build a package that breaks exactly that rule,
// assert exactly that code (with path and key numbers) and no unrelated error-level finding.
import { describe, it, expect } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { ALL_CODES } from '../../src/model/codes.js';
import type { Profile } from '../../src/model/profile.js';
import type { Report } from '../../src/model/report.js';
import { buildPackage, chunkOffset, sha256, type BuildOptions } from '../helpers/package-builder.js';
import { concat } from '../helpers/zip.js';
import { reportValidator } from './report-schema.js';
import { growData } from '../properties/mutators.js';
import { sshsigSync } from '../helpers/sign.js';

interface Row {
  code: string;
  build?: BuildOptions;
  name?: string;
  profile?: string | Profile;
  /** Expected path of (one of) the findings of `code`. */
  path?: string;
  /** Params the finding must carry (subset). */
  params?: Record<string, unknown>;
  /** Other error codes this break legitimately implies (documented cascades). */
  alsoErrors?: string[];
  /** Expected count of findings of `code` (default: at least one). */
  count?: number;
}

const enc = new TextEncoder();
const attachment = (path: string, text: string) => ({ path, mediaType: 'text/plain', sha256: sha256(enc.encode(text)), bytes: enc.encode(text).length });

/** Declare a `data` size past the end of the file. */
function dataPastEnd(file: Uint8Array): Uint8Array {
  const out = file.slice();
  const p = chunkOffset(out, 'data');
  const v = new DataView(out.buffer);
  v.setUint32(p + 4, v.getUint32(p + 4, true) + 6000, true);
  return out;
}

const stem = (id: string) => `stems/${id}.wav`;

/** Write [frame, channel, value] into a 32-bit float RIFF file of `channels` channels. */
function pokeFloat32(file: Uint8Array, at: [number, number, number][], channels = 2): Uint8Array {
  const out = file.slice();
  const data = chunkOffset(out, 'data') + 8;
  const v = new DataView(out.buffer);
  for (const [f, c, x] of at) v.setFloat32(data + (f * channels + c) * 4, x, true);
  return out;
}

/** A float package whose `vox` stem holds NaN and ±Infinity (SP-AUD-012), the rest intact. */
const nonFiniteBuild: BuildOptions = {
  sampleFormat: 'float',
  hooks: { file: (p, b) => (p === stem('vox') ? pokeFloat32(b, [[1000, 1, NaN], [1500, 0, -Infinity], [2000, 1, Infinity]]) : b) },
};

/** Set the compression method of the entry `name` in both its local header and its central record. */
export function setMethod(zip: Uint8Array, name: string, method: number): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  const want = enc.encode(name);
  const nameAt = (at: number, len: number) => len === want.length && want.every((b, i) => out[at + i] === b);
  for (let p = 0; p + 46 <= out.length; p++) {
    const sig = v.getUint32(p, true);
    if (sig === 0x04034b50 && nameAt(p + 30, v.getUint16(p + 26, true))) v.setUint16(p + 8, method, true);
    if (sig === 0x02014b50 && nameAt(p + 46, v.getUint16(p + 28, true))) v.setUint16(p + 10, method, true);
  }
  return out;
}

/** A stored attachment `docs/notes.txt` listed in the manifest. */
const withNotes = {
  manifest: (m: Parameters<NonNullable<NonNullable<BuildOptions['hooks']>['manifest']>>[0]) => void (m.attachments = [attachment('docs/notes.txt', 'hello')]),
  entries: (e: Parameters<NonNullable<NonNullable<BuildOptions['hooks']>['entries']>>[0]) => void e.push({ name: 'docs/notes.txt', data: enc.encode('hello') }),
};

const ROWS: Row[] = [
  // container
  { code: 'SP-ZIP-001', build: { hooks: { zip: (b) => b.subarray(0, 200) } }, path: '' },
  { code: 'SP-ZIP-002', build: { hooks: { entries: (e) => void (e[0]!.data = enc.encode('application/zip')) } }, path: 'mimetype' },
  { code: 'SP-ZIP-003', name: 'song.zip', path: '' },
  { code: 'SP-ZIP-004', build: { hooks: { entries: (e) => void e.splice(1, 1) } }, path: 'stempack.json' },
  { code: 'SP-ZIP-005', build: { hooks: { entries: (e) => void e.splice(2, 0, ...e.splice(1, 1)) } }, path: 'stempack.json' },
  { code: 'SP-ZIP-006', build: { hooks: { entries: (e) => void (e.find((x) => x.name === stem('bass'))!.method = 8) } }, path: stem('bass') },
  { code: 'SP-ZIP-007', build: { hooks: { entries: (e) => void (e.find((x) => x.name === 'mix/mix.wav')!.localName = 'mix/other.wav') } }, path: 'mix/mix.wav' },
  // a non-audio entry compressed with a method other than stored or deflate (bzip2 = 12, LZMA = 14)
  { code: 'SP-ZIP-007', build: { hooks: { ...withNotes, zip: (b) => setMethod(b, 'docs/notes.txt', 12) } }, path: 'docs/notes.txt', params: { reason: 'method', method: 12 }, count: 1 },
  { code: 'SP-ZIP-007', build: { hooks: { zip: (b) => setMethod(b, 'stempack.json', 14) } }, path: 'stempack.json', params: { reason: 'method', method: 14 }, count: 1 },
  { code: 'SP-ZIP-008', build: { hooks: { entries: (e) => void e.push({ name: '../evil.txt', data: enc.encode('x') }) } }, path: '../evil.txt' },
  // a session file written between two entries with no central record: a streaming reader extracts it
  {
    code: 'SP-ZIP-015',
    build: { hooks: { entries: (e) => void e.splice(3, 0, { name: 'Song.ptx', data: enc.encode('session'), hidden: true }) } },
    path: '',
    params: { reason: 'hidden-bytes', localNames: ['Song.ptx'] },
    count: 1,
  },
  { code: 'SP-ZIP-009', build: { hooks: { entries: (e) => void e.push({ name: 'stems/BASS.wav', data: enc.encode('x') }) } }, path: 'stems/BASS.wav' },
  { code: 'SP-ZIP-010', build: { hooks: { entries: (e) => void e.push({ name: 'docs/notes.txt', data: enc.encode('hello') }) } }, path: 'docs/notes.txt' },
  { code: 'SP-ZIP-011', build: { hooks: { entries: (e) => void e.push({ name: 'docs/old.zip', data: enc.encode('PK\u0003\u0004rest') }) } }, path: 'docs/old.zip' },
  // a listed stem whose content is a ZIP archive: SP-ZIP-011 alone, not also SP-AUD-001
  { code: 'SP-ZIP-011', build: { hooks: { file: (p, b) => (p === stem('vox') ? enc.encode('PK\u0003\u0004 an archive, not audio') : b) } }, path: stem('vox'), count: 1 },
  { code: 'SP-ZIP-012', build: { stems: [{ id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.3 }], path: 'audio/bass.wav' }] } },
  { code: 'SP-ZIP-013', build: { hooks: { entries: (e) => void (e.find((x) => x.name === stem('vox'))!.crc = 12345) } }, path: stem('vox'), params: { expected: 12345 } },
  { code: 'SP-ZIP-013', build: { hooks: { entries: (e) => void (e[1]!.crc = 1) } }, path: 'stempack.json', count: 1 },
  { code: 'SP-ZIP-014', build: { hooks: { entries: (e) => void (e.find((x) => x.name === stem('vox'))!.flags = 1) } }, path: stem('vox') },
  // WinZip AES (method 99) on a stem: SP-ZIP-014 alone, not also SP-ZIP-006
  { code: 'SP-ZIP-014', build: { hooks: { zip: (b) => setMethod(b, stem('vox'), 99) } }, path: stem('vox'), count: 1 },
  { code: 'SP-SES-001', build: { hooks: { entries: (e) => void e.push({ name: 'Song.ptx', data: enc.encode('session') }) } }, path: 'Song.ptx' },
  // manifest
  { code: 'SP-MAN-001', build: { hooks: { entries: (e) => void (e[1]!.data = enc.encode('{"stempack": ')) } }, path: 'stempack.json' },
  { code: 'SP-MAN-002', build: { hooks: { manifest: (m) => void ((m as unknown as Record<string, unknown>)['foo'] = 1) } } },
  { code: 'SP-MAN-003', build: { hooks: { entries: (e) => void e.splice(e.findIndex((x) => x.name === stem('vox')), 1) } }, path: stem('vox') },
  { code: 'SP-MAN-004', build: { hooks: { manifest: (m) => void (m.stems[0]!.bytes += 1) } }, path: stem('drums') },
  { code: 'SP-MAN-005', build: { hooks: { manifest: (m) => void (m.stems[2]!.id = 'bass') } } },
  {
    code: 'SP-MAN-006',
    build: {
      hooks: {
        manifest: (m) => void (m.attachments = [attachment('docs/a.txt', 'a'), attachment('docs/a.txt', 'a')]),
        entries: (e) => void e.push({ name: 'docs/a.txt', data: enc.encode('a') }),
      },
    },
  },
  { code: 'SP-MAN-007', build: { hooks: { manifest: (m) => void (m.stems[1]!.sha256 = '0'.repeat(64)) } }, path: stem('bass'), params: { expected: '0'.repeat(64) } },
  {
    code: 'SP-MAN-007',
    build: {
      hooks: {
        manifest: (m) => void (m.attachments = [{ ...attachment('docs/notes.txt', 'hello'), sha256: '2'.repeat(64) }]),
        entries: (e) => void e.push({ name: 'docs/notes.txt', data: enc.encode('hello'), method: 8 }),
      },
    },
    path: 'docs/notes.txt',
    params: { expected: '2'.repeat(64), found: sha256(enc.encode('hello')) },
    count: 1,
  },
  { code: 'SP-MAN-008', build: { hooks: { manifest: (m) => void (m.stems[1]!.audioSha256 = '1'.repeat(64)) } }, path: stem('bass'), params: { expected: '1'.repeat(64) } },
  { code: 'SP-MAN-009', build: { hooks: { manifest: (m) => void (m.stems[0]!.frames -= 1) } }, path: stem('drums'), params: { expected: 4799, found: 4800 } },
  { code: 'SP-MAN-010', build: { hooks: { manifest: (m) => void (m.mix.peak = (m.mix.peak ?? 0) - 0.5) } }, path: 'mix/mix.wav' },
  { code: 'SP-MAN-011', build: { hooks: { manifest: (m) => void (m.timeline.sampleRate = 44100) } } },
  { code: 'SP-MAN-012', build: { hooks: { manifest: (m) => void delete m.credits } } },
  { code: 'SP-MAN-013', build: { hooks: { manifest: (m) => void (m.stems[0]!.layout = '5.1') } } },
  // a stem's role written twice (the first a decoy, as a hostile manifest would): SP-MAN-014 alone,
  // the rest of the package checked with the last value
  {
    code: 'SP-MAN-014',
    build: { hooks: { entries: (e) => void (e[1]!.data = enc.encode(new TextDecoder().decode(e[1]!.data).replace('"role": "bass"', '"role": "vocals-lead",\n      "role": "bass"'))) } },
    path: '/stems/1/role',
    params: { name: 'role' },
    count: 1,
  },
  // audio
  { code: 'SP-AUD-001', build: { hooks: { file: (p, b) => (p === stem('vox') ? enc.encode('OggS not a wav file at all') : b) } }, path: stem('vox') },
  { code: 'SP-AUD-002', build: { hooks: { file: (p, b) => (p === stem('vox') ? dataPastEnd(b) : b) } }, path: stem('vox') },
  { code: 'SP-AUD-003', build: { hooks: { audio: (it) => void (it.id === 'bass' && (it.wav.container = 'aiff')) } }, path: stem('bass') },
  {
    code: 'SP-AUD-004',
    build: { hooks: { audio: (it) => void (it.id === 'bass' && ((it.wav.bitDepth = 32), (it.samples = Int32Array.from(it.samples, (x) => x * 256)))) } },
    path: stem('bass'),
  },
  { code: 'SP-AUD-005', build: { hooks: { audio: (it) => void (it.id === 'bass' && (it.wav.sampleRate = 44100)) } }, path: stem('bass'), params: { expected: 48000, found: 44100 } },
  { code: 'SP-AUD-006', build: { hooks: { manifest: (m) => void (m.session.bitDepth = 32) } }, path: 'mix/mix.wav' },
  { code: 'SP-AUD-007', build: { hooks: { manifest: (m) => void (m.format.container = 'aiff') } }, path: 'mix/mix.wav' },
  { code: 'SP-AUD-008', build: { stems: [{ id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.3 }], path: 'stems/bass.aif' }] }, path: 'stems/bass.aif' },
  // spec §6.1: `.wav` for RIFF, RIFX, RF64 and BW64 (`.wave` and `.bwf` do not match)
  { code: 'SP-AUD-008', build: { stems: [{ id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.3 }], path: 'stems/bass.wave' }] }, path: 'stems/bass.wave', params: { extension: 'wave', container: 'wav' }, count: 1 },
  { code: 'SP-AUD-008', build: { stems: [{ id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.3 }], path: 'stems/bass.bwf' }] }, path: 'stems/bass.bwf', params: { extension: 'bwf' }, count: 1 },
  // with the mix unreadable (SP-AUD-001), stems are checked against the manifest `format` and `session`
  {
    code: 'SP-AUD-007',
    build: { hooks: { file: (p, b) => (p === 'mix/mix.wav' ? enc.encode('OggS not a wav file') : b), audio: (it) => void (it.id === 'bass' && (it.wav.sampleRate = 96000)) } },
    path: stem('bass'),
    params: { fields: ['sampleRate'] },
    count: 1,
    alsoErrors: ['SP-AUD-001'],
  },
  {
    code: 'SP-AUD-006',
    build: { hooks: { file: (p, b) => (p === 'mix/mix.wav' ? enc.encode('OggS not a wav file') : b), manifest: (m) => void (m.session.sampleRate = 96000) } },
    path: stem('bass'),
    params: { sessionSampleRate: 96000, sampleRate: 48000 },
    count: 3,
    alsoErrors: ['SP-AUD-001'],
  },
  // the mix is the odd file (the stems agree with the manifest): the mix's SP-AUD-007 alone, no
  // SP-AUD-003/004/005 on every stem
  {
    code: 'SP-AUD-007',
    build: { hooks: { audio: (it) => void (it.isMix && ((it.wav.bitDepth = 32), (it.samples = Int32Array.from(it.samples, (x) => x * 256)))), manifest: (m) => void (m.format.bitDepth = 24) } },
    path: 'mix/mix.wav',
    params: { fields: ['bitDepth'] },
    count: 1,
  },
  {
    code: 'SP-AUD-007',
    build: { hooks: { audio: (it) => void (it.isMix && (it.wav.sampleRate = 44100)), manifest: (m) => void ((m.format.sampleRate = 48000), (m.timeline.sampleRate = 48000)) } },
    path: 'mix/mix.wav',
    params: { fields: ['sampleRate'] },
    count: 1,
    // 44.1 kHz is also below the 48 kHz session: a second requirement the same file breaks
    alsoErrors: ['SP-AUD-006'],
  },
  { code: 'SP-AUD-009', build: { bitDepth: 16 }, path: 'mix/mix.wav' },
  { code: 'SP-AUD-010', build: { hooks: { audio: (it) => void (it.id === 'bass' && ((it.wav.extensible = true), (it.wav.validBits = 20))) } }, path: stem('bass') },
  { code: 'SP-AUD-011', build: { sampleRate: 32000 }, path: 'mix/mix.wav' },
  {
    code: 'SP-AUD-012',
    build: nonFiniteBuild,
    path: stem('vox'),
    count: 1,
    params: { total: 3, channels: [{ channel: 0, count: 1, firstFrame: 1500 }, { channel: 1, count: 2, firstFrame: 1000 }] },
  },
  // length and start
  {
    code: 'SP-LEN-001',
    build: { hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } },
    path: stem('bass'),
    params: { expected: 4800, found: 4799, differenceFrames: -1, differenceMs: -0.021 },
    count: 1,
  },
  { code: 'SP-LEN-002', build: { hooks: { manifest: (m) => void (m.timeline.length += 1) } }, path: 'mix/mix.wav', params: { expected: 4801, found: 4800 }, count: 1 },
  // the mix one frame short while the stems have the timeline length: SP-LEN-002 at the mix only
  {
    code: 'SP-LEN-002',
    build: { hooks: { audio: (it) => void (it.isMix && (it.frames -= 1)), manifest: (m) => void (m.timeline.length = 4800) } },
    path: 'mix/mix.wav',
    params: { expected: 4800, found: 4799, differenceFrames: -1 },
    count: 1,
  },
  { code: 'SP-LEN-003', build: { hooks: { file: (p, b) => (p === stem('bass') ? growData(b, 2) : b) } }, path: stem('bass') },
  { code: 'SP-START-001', build: { bext: true, timelineStart: 1000, hooks: { audio: (it) => void (it.id === 'bass' && (it.wav.bextTimeReference = 999)) } }, path: stem('bass'), params: { expected: 1000, found: 999 }, count: 1 },
  // the mix starts elsewhere than the manifest while every stem agrees with the manifest: once, at the mix
  { code: 'SP-START-001', build: { bext: true, timelineStart: 1000, hooks: { audio: (it) => void (it.isMix && (it.wav.bextTimeReference = 1048)) } }, path: 'mix/mix.wav', params: { expected: 1000, found: 1048 }, count: 1 },
  // the manifest start is the odd one (every file agrees with the others): once, at the mix
  { code: 'SP-START-001', build: { bext: true, timelineStart: 1000, hooks: { manifest: (m) => void (m.timeline.start = 2000) } }, path: 'mix/mix.wav', params: { expected: 2000, found: 1000 }, count: 1 },
  { code: 'SP-START-002', build: { hooks: { audio: (it) => void (it.isMix && (it.wav.bextTimeReference = 0)) } }, path: stem('bass') },
  // channels
  { code: 'SP-CH-001', build: { hooks: { manifest: (m) => void ((m.stems[0]!.channels = 1), (m.stems[0]!.layout = 'mono')) } }, path: stem('drums'), params: { expected: 1, found: 2 } },
  {
    code: 'SP-CH-002',
    build: {
      stems: [
        { id: 'gtr-l', role: 'guitars', channels: 1, path: 'stems/Gtr.L.wav', parts: [{ kind: 'sine', freq: 200, amp: 0.2 }] },
        { id: 'gtr-r', role: 'guitars', channels: 1, path: 'stems/Gtr.R.wav', parts: [{ kind: 'sine', freq: 300, amp: 0.2 }] },
      ],
    },
    path: 'stems/Gtr.L.wav',
  },
  { code: 'SP-CH-003', build: { hooks: { audio: (it) => void (it.id === 'bass' && ((it.wav.extensible = true), (it.wav.channelMask = 0x7))) } }, path: stem('bass') },
  { code: 'SP-CH-004', build: { stems: [...stemsWith({ id: 'bass', role: 'bass', channels: 1, parts: [{ kind: 'sine', freq: 60, amp: 0.3 }] })] }, path: stem('bass') },
  // levels
  {
    code: 'SP-LVL-001',
    build: { stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 60, amp: 0.3 }], post: (x) => x.fill(8388607, 1000, 1100) }] },
    path: stem('synth'),
  },
  { code: 'SP-LVL-002', profile: { stempackProfile: '1.0', name: 'strict', maxPeakDbfs: -12 }, path: 'mix/mix.wav' },
  // default profile: a sample at the largest positive 24-bit code (just below 0 dBFS) is reported (spec §7.2)
  {
    code: 'SP-LVL-002',
    build: { stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 100, amp: 0.3 }], post: (x) => void (x[401] = 8388607) }] },
    path: stem('synth'),
    params: { limitDbfs: 0, peakDbfs: 0 },
  },
  { code: 'SP-LVL-003', build: { stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 1000, amp: 1, spread: 0 }] }] }, path: stem('synth') },
  { code: 'SP-LVL-004', build: { stems: [...stemsWith({ id: 'fx', role: 'fx', parts: [{ kind: 'silence' }] })] }, path: stem('fx'), count: 1 },
  { code: 'SP-LVL-005', build: { stems: [...stemsWith({ id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq: 300, amp: 0.1, spread: 0 }] })] }, path: stem('keys') },
  { code: 'SP-LVL-006', build: { stems: [...stemsWith({ id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq: 300, amp: 0.1 }], post: (x) => x.forEach((v, i) => (x[i] = v + 80000)) })] }, path: stem('keys') },
  {
    code: 'SP-LVL-007',
    build: { sampleFormat: 'float', stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 12000, amp: 1.2, phase: Math.PI / 4, spread: 0 }] }] },
    path: stem('synth'),
  },
  {
    code: 'SP-LVL-008',
    build: { stems: [...stemsWith({ id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq: 300, amp: 0.1, spread: 0 }], post: (x, ch, n) => { for (let f = 0; f < n; f++) x[f * ch + 1] = -x[f * ch]!; } })] },
    path: stem('keys'),
  },
  { code: 'SP-LVL-101', path: 'mix/mix.wav' },
  // null
  { code: 'SP-NULL-001', build: { hooks: { manifest: (m) => void (m.stems[1]!.gainDb = -3) } }, path: 'mix/mix.wav', count: 1 },
  { code: 'SP-NULL-002', build: { hooks: { manifest: (m) => void (m.null = { tolerance: -40 }) } } },
  { code: 'SP-NULL-101', path: 'mix/mix.wav', params: { exact: true } },
  { code: 'SP-NULL-102', build: { hooks: { manifest: (m) => void (m.stems[1]!.gainDb = -3) } }, alsoErrors: ['SP-NULL-001'] },
  {
    code: 'SP-NULL-103',
    build: { hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 480)) } },
    path: 'mix/mix.wav',
    params: { frames: 4320, seconds: 0.09, shortest: 'stems/bass.wav', mixFrames: 4800, beyond: [{ path: 'mix/mix.wav', frames: 4800, framesBeyond: 480, secondsBeyond: 0.01 }, { path: 'stems/drums.wav', frames: 4800, framesBeyond: 480, secondsBeyond: 0.01 }, { path: 'stems/vox.wav', frames: 4800, framesBeyond: 480, secondsBeyond: 0.01 }] },
    alsoErrors: ['SP-LEN-001'],
  },
  // versions
  { code: 'SP-REN-001', build: { hooks: { manifest: (m) => void (m.versions = [{ name: 'no-strings', rules: [{ role: 'strings', mute: true }] }]) } } },
  {
    code: 'SP-REN-002',
    build: { hooks: { manifest: (m) => void (m.versions = [{ name: 'alt', rules: [{ role: 'bass', mute: true }] }, { name: 'alt', rules: [{ role: 'drums', mute: true }] }]) } },
  },
  // profiles
  { code: 'SP-PRO-001', profile: '{"stempackProfile": "1.0"}' },
  { code: 'SP-PRO-002', profile: { stempackProfile: '1.0', name: 'strings', requiredRoles: ['strings'] }, params: { role: 'strings' } },
  { code: 'SP-PRO-003', profile: { stempackProfile: '1.0', name: 'cd', allowedSampleRates: [44100] }, path: 'mix/mix.wav' },
  { code: 'SP-PRO-004', profile: { stempackProfile: '1.0', name: 'caps', namingPattern: '^[A-Z]' }, path: 'mix/mix.wav' },
  // signatures (spec §3.6): one more entry after the others, over the stored manifest's bytes
  { code: 'SP-SIG-001', build: { hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: enc.encode('signed by the mixer\n') }) } }, path: 'signatures/mixer.sig', params: { reason: 'armour' } },
  { code: 'SP-SIG-002', build: { hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: enc.encode(sshsigSync(e[1]!.data, { namespace: 'git' })) }) } }, path: 'signatures/mixer.sig', params: { found: 'git' } },
  { code: 'SP-SIG-003', build: { hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: enc.encode(sshsigSync(e[1]!.data, { hashAlgorithm: 'sha256' })) }) } }, path: 'signatures/mixer.sig', params: { reason: 'hash' } },
  { code: 'SP-SIG-004', build: { hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: enc.encode(sshsigSync(e[1]!.data, { flip: 1 })) }) } }, path: 'signatures/mixer.sig', count: 1 },
  { code: 'SP-SIG-101', build: { hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: enc.encode(sshsigSync(e[1]!.data)) }) } }, path: 'signatures/mixer.sig', params: { keyType: 'ED25519', principal: null, trusted: null } },
  // versioning
  { code: 'SP-VER-001', build: { hooks: { manifest: (m) => void (m.stempack = '2.0.0') } } },
  { code: 'SP-VER-002', build: { hooks: { manifest: (m) => void (m.stempack = '1.9.0') } } },
];

function stemsWith(extra: NonNullable<BuildOptions['stems']>[number]): NonNullable<BuildOptions['stems']> {
  const base: NonNullable<BuildOptions['stems']> = [
    { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] },
    { id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.25 }] },
  ];
  return [...base.filter((s) => s.id !== extra.id), extra];
}

/**
 * Codes validate cannot detect on a package alone: conformance of other tools and renders; trust
 * in signers, which needs allowed signers (test/sign/tamper.test.ts); receipts (test/sign/receipt.test.ts).
 */
const NOT_VALIDATE = new Set(['SP-PAK-001', 'SP-VAL-001', 'SP-VAL-002', 'SP-REN-003', 'SP-REN-004', 'SP-REN-005', 'SP-REN-006', 'SP-SIG-005', 'SP-SIG-006', 'SP-RCP-001', 'SP-RCP-002']);

async function run(row: Row): Promise<Report> {
  const b = buildPackage(row.build ?? {});
  const name = row.name ?? 'song.stempack';
  return validate({ source: new BytesSource(b.bytes, name), name }, row.profile !== undefined ? { profile: row.profile } : {});
}

describe('validate: one break, one code', () => {
  it('covers every code validate can detect', () => {
    const covered = new Set(ROWS.map((r) => r.code));
    expect(ALL_CODES.filter((c) => !covered.has(c) && !NOT_VALIDATE.has(c))).toEqual([]);
  });

  it('a valid package has no error and no warning but the informative ones', async () => {
    const r = await run({ code: '' });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.valid).toBe(true);
  });

  for (const row of ROWS) {
    it(`${row.code}${row.path !== undefined ? ` at ${row.path || '(package)'}` : ''}`, async () => {
      const r = await run(row);
      expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
      const hits = r.findings.filter((f) => f.code === row.code);
      expect(hits.length, JSON.stringify(r.findings.map((f) => [f.code, f.path, f.message]))).toBeGreaterThan(0);
      if (row.count !== undefined) expect(hits.length).toBe(row.count);
      if (row.path !== undefined) expect(hits.map((f) => f.path)).toContain(row.path);
      if (row.params) expect(hits.find((f) => row.path === undefined || f.path === row.path)!.params).toMatchObject(row.params);
      const allowed = new Set([row.code, ...(row.alsoErrors ?? [])]);
      const unrelated = r.findings.filter((f) => f.severity === 'error' && !allowed.has(f.code));
      expect(unrelated.map((f) => [f.code, f.path, f.message])).toEqual([]);
    });
  }
});

describe('validate: non-finite float samples (SP-AUD-012)', () => {
  it('points at the first bad frame, skips the null and keeps the levels finite', async () => {
    const r = await run({ code: 'SP-AUD-012', build: nonFiniteBuild });
    const f = r.findings.find((x) => x.code === 'SP-AUD-012')!;
    expect(f.at).toMatchObject({ frame: 1000, channel: 1 });
    expect(f.at!.seconds).toBeCloseTo(1000 / 48000, 12);
    expect(r.null).toMatchObject({ skipped: 'non-finite-samples' });
    expect(r.findings.filter((x) => x.code.startsWith('SP-NULL-'))).toEqual([]);
    const lv = r.findings.find((x) => x.code === 'SP-LVL-101' && x.path === stem('vox'))!;
    expect(typeof (lv.params as { peakDbfs: unknown }).peakDbfs).toBe('number');
  });

  it('with mix-bus processing declared, still reports it', async () => {
    const hooks = { ...nonFiniteBuild.hooks, manifest: (m: { mixBusProcessing: boolean }) => void (m.mixBusProcessing = true) };
    const r = await run({ code: 'SP-AUD-012', build: { ...nonFiniteBuild, hooks } });
    expect(r.findings.filter((x) => x.code === 'SP-AUD-012').map((x) => x.params)).toEqual([
      { total: 3, channels: [{ channel: 0, count: 1, firstFrame: 1500 }, { channel: 1, count: 2, firstFrame: 1000 }] },
    ]);
  });

  it('a float package with finite samples does not report it', async () => {
    const r = await run({ code: '', build: { sampleFormat: 'float' } });
    expect(r.findings.filter((x) => x.code === 'SP-AUD-012')).toEqual([]);
    expect(r.null).not.toHaveProperty('skipped');
  });
});
