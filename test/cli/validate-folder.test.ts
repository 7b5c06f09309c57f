// `stempack validate <folder>` judges every file of the folder as pack does (#16 item 3), and
// `stempack validate <audio file>` says what the file is instead of "not a ZIP archive" (item 9b).
import { describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stempack } from './run.js';
import { workspaces, writeStemFolder } from '../pack/fixtures.js';
import { reportValidator } from '../validate/report-schema.js';
import { encodeWav } from '../helpers/wav.js';
import type { Report } from '../../src/model/report.js';

const setup = workspaces();
const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0]);

/** Validate a folder as JSON (schema-checked) and as text. */
function validateBoth(dir: string): { code: number; report: Report; text: string } {
  const j = stempack(['validate', dir, '--json']);
  const report = JSON.parse(j.stdout) as Report;
  const schema = reportValidator();
  expect(schema(report), JSON.stringify(schema.errors)).toBe(true);
  const t = stempack(['validate', dir]);
  expect(t.code).toBe(j.code);
  return { code: j.code, report, text: t.stdout };
}

const errors = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path]);

describe('stempack validate <folder> judges every file', () => {
  it('a Pro Tools .ptx and an Ableton .als beside good stems: INVALID, SP-SES-001 naming both; pack refuses the same folder', () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    writeFileSync(join(dir, 'Song.ptx'), 'session');
    writeFileSync(join(dir, 'Song.als'), 'session');
    const { code, report, text } = validateBoth(dir);
    expect(code).toBe(1);
    expect(report.valid).toBe(false);
    expect(errors(report)).toEqual([['SP-SES-001', 'Song.als'], ['SP-SES-001', 'Song.ptx']]);
    expect(report.findings.filter((f) => f.code === 'SP-SES-001').map((f) => f.params)).toEqual([{ daw: 'Ableton Live', kind: 'file' }, { daw: 'Pro Tools', kind: 'file' }]);
    expect(report.null).toMatchObject({ exact: true });
    expect(text).toMatch(/INVALID/);
    for (const s of ['Song.ptx', 'Song.als', 'SP-SES-001', 'Pro Tools', 'Ableton Live']) expect(text).toContain(s);
    const p = stempack(['pack', dir, '-o', out, '--artist', 'A', '--title', 'T', '--json']);
    expect(p.code).toBe(1);
    const packed = JSON.parse(p.stdout) as { ok: boolean; findings: { code: string; path: string }[] };
    expect(packed.ok).toBe(false);
    expect(packed.findings.filter((f) => f.code === 'SP-SES-001').map((f) => f.path)).toEqual([join(dir, 'Song.als'), join(dir, 'Song.ptx')]);
  });

  it('a bass stem as MP3: SP-AUD-001 naming Bass.mp3 and MP3; the null is computed over the PCM files only', () => {
    const { dir } = setup();
    writeStemFolder(dir);
    rmSync(join(dir, 'Bass.wav'));
    writeFileSync(join(dir, 'Bass.mp3'), MP3);
    const { code, report, text } = validateBoth(dir);
    expect(code).toBe(1);
    const aud = report.findings.filter((f) => f.code === 'SP-AUD-001');
    expect(aud.map((f) => [f.path, f.severity, f.params['reason'], f.params['format']])).toEqual([['Bass.mp3', 'error', 'format', 'MP3']]);
    // the MP3 is neither summed nor silently missing: the files summed are the PCM ones
    expect(report.files.map((f) => f.path)).toEqual(['Mix.wav', 'Drums.wav', 'Vox.wav']);
    expect(report.null).toMatchObject({ pass: false });
    expect(typeof report.null!.residualPeakDbfs).toBe('number');
    for (const s of ['Bass.mp3', 'MP3', 'SP-AUD-001']) expect(text).toContain(s);
  });

  it('a FLAC stem, an A-law WAV, a nested zip and another .stempack in a subfolder: each named with its code and format', () => {
    const { dir } = setup();
    writeStemFolder(dir, { stems: ['Drums.wav', 'Bass.wav', 'Vox.wav'] });
    mkdirSync(join(dir, 'Extras'));
    writeFileSync(join(dir, 'Keys.flac'), new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22]));
    writeFileSync(join(dir, 'old.zip'), ZIP);
    writeFileSync(join(dir, 'Extras', 'Song v1.stempack'), ZIP);
    writeFileSync(join(dir, 'Strings.wav'), encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 8, samples: new Int32Array(9600), formatTag: 6 }));
    const { code, report, text } = validateBoth(dir);
    expect(code).toBe(1);
    // (the A-law file's 8 bits also differ from the mix's 24: SP-AUD-004 beside it, a header-level cascade)
    expect(errors(report).filter(([c]) => c !== 'SP-AUD-004')).toEqual([['SP-ZIP-011', 'Extras/Song v1.stempack'], ['SP-AUD-001', 'Keys.flac'], ['SP-AUD-001', 'Strings.wav'], ['SP-ZIP-011', 'old.zip']]);
    expect(report.findings.find((f) => f.path === 'Strings.wav')!.params).toMatchObject({ reason: 'codec', formatTag: 6, codec: 'A-law' });
    // not summed: the null over the PCM files is exact
    expect(report.files.map((f) => f.path)).not.toContain('Keys.flac');
    const by = new Map(report.findings.map((f) => [f.path, f.params]));
    expect(by.get('Keys.flac')).toMatchObject({ reason: 'format', format: 'FLAC' });
    expect(by.get('old.zip')).toMatchObject({ format: 'ZIP' });
    expect(by.get('Extras/Song v1.stempack')).toMatchObject({ format: 'stempack package' });
    expect(report.null).toMatchObject({ exact: true });
    for (const s of ['Keys.flac', 'FLAC', 'Strings.wav', 'A-law', 'old.zip', 'Extras/Song v1.stempack', 'SP-ZIP-011']) expect(text).toContain(s);
  });

  it('a README.txt and a .DS_Store: VALID, README.txt listed as ignored (JSON and text), the hidden file not mentioned', () => {
    const { dir } = setup();
    writeStemFolder(dir);
    writeFileSync(join(dir, 'README.txt'), 'notes');
    writeFileSync(join(dir, '.DS_Store'), 'x');
    const { code, report, text } = validateBoth(dir);
    expect(code).toBe(0);
    expect(report.valid).toBe(true);
    expect(report.ignored).toEqual([{ path: 'README.txt', reason: 'not-audio', format: 'txt' }]);
    expect(text).toMatch(/Ignored: 1 file/);
    expect(text).toContain('README.txt');
    expect(text).not.toContain('.DS_Store');
  });

  it('stems in a subfolder are validated as pack walks them, named by their relative path', () => {
    const { dir } = setup();
    writeStemFolder(dir, { frames: 4800, tweak: (name, s) => { if (name === 'Bass.wav') s.samples = s.samples.slice(0, 4799 * 2); } });
    mkdirSync(join(dir, 'Stems'));
    for (const n of ['Drums.wav', 'Bass.wav', 'Vox.wav']) renameSync(join(dir, n), join(dir, 'Stems', n));
    const { code, report } = validateBoth(dir);
    expect(code).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['Mix.wav', 'Stems/Bass.wav', 'Stems/Drums.wav', 'Stems/Vox.wav']);
    const len = report.findings.filter((f) => f.code === 'SP-LEN-001');
    expect(len.map((f) => [f.path, f.params['expected'], f.params['found']])).toEqual([['Stems/Bass.wav', 4800, 4799]]);
  });

  it('a folder with a mix and documents but no stem: SP-MAN-002 no-stems, as pack refuses it', () => {
    const { dir } = setup();
    writeStemFolder(dir, { stems: [] });
    writeFileSync(join(dir, 'README.txt'), 'notes');
    const { code, report } = validateBoth(dir);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path, f.params['reason']])).toEqual([['SP-MAN-002', '/stems', 'no-stems']]);
  });
});

describe('stempack validate <audio file> (not a package)', () => {
  it('a WAV: exit 2, says WAV, depth, rate, channels, frames and length, points to probe and to folder validation and pack', () => {
    const { dir } = setup();
    writeStemFolder(dir);
    const take = join(dir, 'Bass.wav');
    for (const args of [['validate', take], ['validate', take, '--json']]) {
      const r = stempack(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      for (const s of ['Bass.wav', 'WAV', '24-bit', '48,000 Hz', '2 channels', '4,800 frames', '0:00.100', 'not a .stempack package', `stempack probe ${take}`, `stempack validate ${dir}`, `stempack pack ${dir}`]) {
        expect(r.stderr).toContain(s);
      }
    }
  });

  it('an AIFF, an MP3, a FLAC and a session file: exit 2 naming the format; a text file is still validated as a package', () => {
    const { dir } = setup();
    writeStemFolder(dir, { container: 'aiff', stems: ['Bass.aif'], mix: null, bitDepth: 16 });
    writeFileSync(join(dir, 'take.mp3'), MP3);
    writeFileSync(join(dir, 'take.flac'), new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22]));
    writeFileSync(join(dir, 'Song.ptx'), 'session');
    const aif = stempack(['validate', join(dir, 'Bass.aif')]);
    expect(aif.code).toBe(2);
    for (const s of ['AIFF', '16-bit', '48,000 Hz', '4,800 frames', 'stempack probe']) expect(aif.stderr).toContain(s);
    const mp3 = stempack(['validate', join(dir, 'take.mp3')]);
    expect(mp3.code).toBe(2);
    for (const s of ['take.mp3', 'MP3', 'WAV or AIFF', `stempack validate ${dir}`]) expect(mp3.stderr).toContain(s);
    expect(stempack(['validate', join(dir, 'take.flac')]).stderr).toContain('FLAC');
    const ses = stempack(['validate', join(dir, 'Song.ptx')]);
    expect(ses.code).toBe(2);
    expect(ses.stderr).toContain('Pro Tools session');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const txt = stempack(['validate', join(dir, 'notes.txt'), '--json']);
    expect(txt.code).toBe(1);
    expect((JSON.parse(txt.stdout) as Report).findings.map((f) => f.code)).toContain('SP-ZIP-001');
  });
});
