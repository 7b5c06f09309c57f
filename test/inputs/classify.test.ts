// The one input classification pack and folder validation share (src/inputs): sessions,
// archives, WAV/AIFF, other audio formats and everything else, by name and by magic.
import { describe, expect, it } from 'vitest';
import { classifyInput, isHiddenPath, sessionBundleRoot, classifyFiles, inputFinding, INPUT_HEAD_BYTES } from '../../src/inputs/index.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { encodeWav } from '../helpers/wav.js';

const b = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const wav = encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 16, samples: new Int32Array(8) });
const aiff = encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 16, samples: new Int32Array(8), container: 'aiff' });
const mp3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]);
const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
const tar = (() => {
  const t = new Uint8Array(INPUT_HEAD_BYTES);
  t.set(b('ustar'), 257);
  return t;
})();
const asf = new Uint8Array([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c, 0, 0]);
const ogg = (packet: string) => {
  const o = new Uint8Array(64);
  o.set(b('OggS'), 0);
  o.set(b(packet), 28);
  return o;
};

describe('classifyInput', () => {
  it('sessions by name: files and bundle folders, and files inside bundles', () => {
    expect(classifyInput('Song.ptx', new Uint8Array(0))).toEqual({ kind: 'session', daw: 'Pro Tools', bundle: false });
    expect(classifyInput('sub/Song.als', wav)).toEqual({ kind: 'session', daw: 'Ableton Live', bundle: false });
    expect(classifyInput('Song.logicx/', new Uint8Array(0))).toEqual({ kind: 'session', daw: 'Logic Pro', bundle: true });
    expect(classifyInput('Song.logicx/Alternatives/000/ProjectData', new Uint8Array(0))).toEqual({ kind: 'session', daw: 'Logic Pro', bundle: true });
    expect(sessionBundleRoot('a/Song.logicx/Alternatives/000/ProjectData')).toBe('a/Song.logicx/');
    expect(sessionBundleRoot('a/Session File Backups/Song.ptx')).toBe('a/Session File Backups/');
    expect(sessionBundleRoot('Song.logicx/')).toBe('Song.logicx/');
    expect(sessionBundleRoot('a/Song.ptx')).toBeNull();
  });

  it('archives by name (even holding WAV) and by magic (even named .wav); another .stempack', () => {
    expect(classifyInput('old.zip', zip)).toEqual({ kind: 'archive', format: 'ZIP' });
    expect(classifyInput('take.zip', wav)).toMatchObject({ kind: 'archive' });
    expect(classifyInput('bass.wav', zip)).toEqual({ kind: 'archive', format: 'ZIP' });
    expect(classifyInput('Song v1.stempack', zip)).toEqual({ kind: 'archive', format: 'stempack package' });
    expect(classifyInput('x.rar', b('Rar!\x1a\x07'))).toEqual({ kind: 'archive', format: 'RAR' });
    expect(classifyInput('x.7z', new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))).toEqual({ kind: 'archive', format: '7z' });
    expect(classifyInput('stems.tar.gz', new Uint8Array([0x1f, 0x8b, 8]))).toEqual({ kind: 'archive', format: 'gzip' });
    expect(classifyInput('stems', tar)).toEqual({ kind: 'archive', format: 'tar' });
  });

  it('WAV and AIFF by magic, whatever the name; other audio by magic, then by name', () => {
    expect(classifyInput('bass.wav', wav)).toEqual({ kind: 'audio', format: 'WAV' });
    expect(classifyInput('bass.mp3', wav)).toEqual({ kind: 'audio', format: 'WAV' });
    expect(classifyInput('bass.aif', aiff)).toEqual({ kind: 'audio', format: 'AIFF' });
    expect(classifyInput('bass.mp3', mp3)).toEqual({ kind: 'unsupported-audio', format: 'MP3' });
    expect(classifyInput('bass.wav', mp3)).toEqual({ kind: 'unsupported-audio', format: 'MP3' });
    expect(classifyInput('bass.flac', b('fLaC\0\0\0\x22'))).toEqual({ kind: 'unsupported-audio', format: 'FLAC' });
    expect(classifyInput('bass.opus', ogg('OpusHead'))).toEqual({ kind: 'unsupported-audio', format: 'Opus' });
    expect(classifyInput('bass.ogg', ogg('\x01vorbis'))).toEqual({ kind: 'unsupported-audio', format: 'Ogg Vorbis' });
    expect(classifyInput('bass.m4a', b('\0\0\0\x20ftypM4A '))).toEqual({ kind: 'unsupported-audio', format: 'AAC/ALAC in MP4' });
    expect(classifyInput('bass.wma', asf)).toEqual({ kind: 'unsupported-audio', format: 'WMA' });
    expect(classifyInput('bass.wma', b('junk'))).toEqual({ kind: 'unsupported-audio', format: 'WMA' });
    expect(classifyInput('bass.wav', b('junk'))).toEqual({ kind: 'unsupported-audio', format: 'WAV (unreadable header)' });
  });

  it('everything else is other, with its extension', () => {
    expect(classifyInput('README.txt', b('hello'))).toEqual({ kind: 'other', format: 'txt' });
    expect(classifyInput('docs/Credits.pdf', b('%PDF-1.7'))).toEqual({ kind: 'other', format: 'pdf' });
    expect(classifyInput('LICENSE', b('MIT'))).toEqual({ kind: 'other', format: 'unknown' });
  });

  it('hidden paths: any segment starting with a dot', () => {
    expect(isHiddenPath('.DS_Store')).toBe(true);
    expect(isHiddenPath('sub/.git/config')).toBe(true);
    expect(isHiddenPath('sub/bass.wav')).toBe(false);
  });
});

describe('inputFinding', () => {
  it('SP-SES-001, SP-ZIP-011 and SP-AUD-001 naming the file and its format; none for WAV/AIFF and other files', () => {
    expect(inputFinding('Song.ptx', classifyInput('Song.ptx', new Uint8Array(0)))).toMatchObject({ code: 'SP-SES-001', severity: 'error', path: 'Song.ptx', params: { daw: 'Pro Tools', kind: 'file' } });
    expect(inputFinding('old.zip', classifyInput('old.zip', zip))).toMatchObject({ code: 'SP-ZIP-011', severity: 'error', path: 'old.zip', params: { format: 'ZIP' } });
    const f = inputFinding('bass.mp3', classifyInput('bass.mp3', mp3))!;
    expect(f).toMatchObject({ code: 'SP-AUD-001', severity: 'error', path: 'bass.mp3', params: { reason: 'format', format: 'MP3' } });
    expect(f.message).toContain('bass.mp3');
    expect(f.message).toContain('MP3');
    expect(inputFinding('bass.wav', classifyInput('bass.wav', wav))).toBeNull();
    expect(inputFinding('README.txt', classifyInput('README.txt', b('hi')))).toBeNull();
  });
});

describe('classifyFiles', () => {
  it('sorts files by class: audio, findings, ignored; hidden skipped; one finding per session bundle', async () => {
    const src = (name: string, bytes: Uint8Array) => ({ name, source: new BytesSource(bytes, name) });
    const r = await classifyFiles([
      src('mix.wav', wav),
      src('Stems/bass.mp3', mp3),
      src('Stems/drums.aif', aiff),
      src('README.txt', b('hi')),
      src('.DS_Store', b('x')),
      src('Stems/.hidden.mp3', mp3),
      src('Song.logicx/Alternatives/000/ProjectData', b('x')),
      src('Song.logicx/Resources/Audio.wav', wav),
      src('Song.ptx', b('x')),
      src('old.zip', zip),
    ]);
    expect(r.audio.map((f) => f.name)).toEqual(['Stems/drums.aif', 'mix.wav']);
    expect(r.findings.map((f) => { const p = f.params as Record<string, unknown>; return [f.code, f.path, p['format'] ?? p['daw']]; })).toEqual([
      ['SP-SES-001', 'Song.logicx/', 'Logic Pro'],
      ['SP-SES-001', 'Song.ptx', 'Pro Tools'],
      ['SP-AUD-001', 'Stems/bass.mp3', 'MP3'],
      ['SP-ZIP-011', 'old.zip', 'ZIP'],
    ]);
    expect(r.ignored).toEqual([{ path: 'README.txt', reason: 'not-audio', format: 'txt' }]);
  });
});
