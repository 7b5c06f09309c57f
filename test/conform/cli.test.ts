// stempack conform --plan / -o and stempack pack --conform, run as a user runs them: exit codes,
// what the text says (file, reason, figures), nothing written on a refusal, inputs untouched.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hashTree, workspaces } from '../pack/fixtures.js';
import { stempack } from '../cli/run.js';
import { writeSession, type SessionSpec } from './session.js';
import { errorsOf, validateFile } from './helpers.js';

const ws = workspaces();

/** The first line of `text` holding every part (a figure and its file on one line), else undefined. */
const lineWith = (text: string, ...parts: string[]): string | undefined => text.split('\n').find((l) => parts.every((p) => l.includes(p)));
const HOUR = 48000 * 3600;

const SHORT: SessionSpec = {
  frames: 9600,
  bext: true,
  start: HOUR,
  stems: [{ name: 'Drums.wav' }, { name: 'Guitar.wav', sound: [0, 4800], window: [0, 4800] }, { name: 'Keys.wav', sound: [2400, 9600], window: [2400, 9600], format: { sampleFormat: 'int', bitDepth: 16 } }],
};

describe('stempack conform', () => {
  it('--plan prints one line per repair and writes nothing', () => {
    const { dir } = ws();
    writeSession(dir, SHORT);
    const before = hashTree(dir);
    const r = stempack(['conform', dir, '--plan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing written');
    // one line per repair, holding the file and its figures
    expect(lineWith(r.stdout, 'Guitar.wav', 'padded', '4,800 frames', '0.10 s', 'end')).toBeDefined();
    expect(lineWith(r.stdout, 'Keys.wav', 'padded', '2,400 frames', '0.05 s', 'start')).toBeDefined();
    expect(lineWith(r.stdout, 'Keys.wav', '16-bit', '24-bit')).toBeDefined();
    expect(lineWith(r.stdout, 'Keys.wav', 'TimeReference', '172,802,400', '172,800,000')).toBeDefined();
    expect(hashTree(dir)).toEqual(before);
  });

  it('--plan of stems whose names say no role (Audio 7, Audio 8): conform needs no roles, so it plans', () => {
    const { dir } = ws();
    writeSession(dir, { ...SHORT, stems: [{ name: 'Audio 7.wav' }, { name: 'Audio 8.wav', sound: [0, 4800], window: [0, 4800] }] });
    const r = stempack(['conform', dir, '--plan']);
    expect(r.stderr).not.toContain('SP-MAN-002');
    expect(r.code).toBe(0);
    expect(lineWith(r.stdout, 'Audio 8.wav', 'padded', '4,800 frames')).toBeDefined();
  });

  it('--plan --json gives the operations per file', () => {
    const { dir } = ws();
    writeSession(dir, SHORT);
    const r = stempack(['conform', dir, '--plan', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { ok: boolean; files: { name: string; changed: boolean; operations: { op: string }[] }[] };
    expect(j.ok).toBe(true);
    expect(j.files.find((f) => f.name === 'Guitar.wav')!.operations).toEqual([{ op: 'pad', start: 0, end: 4800 }]);
    expect(j.files.find((f) => f.name === 'Drums.wav')!.changed).toBe(false);
  });

  it('-o writes the conformed set and conform.json, refuses to overwrite without --force, and the set packs without conform', () => {
    const { dir, root } = ws();
    writeSession(dir, SHORT);
    const before = hashTree(dir);
    const outDir = join(root, 'conformed');
    const r = stempack(['conform', dir, '-o', outDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['Drums.wav', 'Guitar.wav', 'Keys.wav', 'Song_Mix.wav', 'conform.json']);
    const rec = JSON.parse(readFileSync(join(outDir, 'conform.json'), 'utf8')) as { files: { path: string; originals: { sha256: string }[] }[] };
    expect(rec.files.map((f) => f.path)).toEqual(['Guitar.wav', 'Keys.wav']);
    expect(r.stdout).toMatch(/null of the conformed set: residual peak exact/);
    expect(hashTree(dir)).toEqual(before);
    // again: the files exist
    const again = stempack(['conform', dir, '-o', outDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
    expect(stempack(['conform', dir, '-o', outDir, '--force']).code).toBe(0);
    // the conformed files are one valid set: pack needs no conform (the record stays beside them)
    const pkg = join(root, 'plain.stempack');
    const p = stempack(['pack', outDir, '-o', pkg, '--artist', 'A', '--allow', 'SP-MAN-012']);
    expect(p.stderr + p.stdout).not.toMatch(/Not packed/);
    expect(p.code).toBe(0);
  });

  it('-o into the input folder: never over the inputs without --force, never over a conformed file\'s own original', () => {
    const { dir } = ws();
    writeSession(dir, SHORT);
    const before = hashTree(dir);
    const r = stempack(['conform', dir, '-o', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Guitar\.wav is an original/);
    const f = stempack(['conform', dir, '-o', dir, '--force']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/Guitar\.wav is an original/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('conformed files hold the original samples at the recorded offset (checked with sox)', () => {
    const { dir, root } = ws();
    writeSession(dir, SHORT);
    const outDir = join(root, 'conformed');
    expect(stempack(['conform', dir, '-o', outDir]).code).toBe(0);
    // Keys: 16-bit, 2,400 frames late: the conformed 24-bit file, from frame 2,400 on, is the original
    const raw = (file: string, ...trim: string[]) => spawnSync('sox', [file, '-t', 'raw', '-e', 'signed', '-b', '32', '-', ...trim], { maxBuffer: 64 << 20 }).stdout as Buffer;
    const conformed = raw(join(outDir, 'Keys.wav'), 'trim', '2400s');
    const original = raw(join(dir, 'Keys.wav'));
    expect(original.length).toBe(7200 * 2 * 4);
    expect(Buffer.compare(conformed, original)).toBe(0);
    const pad = raw(join(outDir, 'Keys.wav'), 'trim', '0', '2400s');
    expect(pad.length).toBe(2400 * 2 * 4);
    expect(pad.every((b) => b === 0)).toBe(true);
    // Guitar: the first 4,800 frames are the original, the rest silence
    expect(Buffer.compare(raw(join(outDir, 'Guitar.wav'), 'trim', '0', '4800s'), raw(join(dir, 'Guitar.wav')))).toBe(0);
    expect(raw(join(outDir, 'Guitar.wav'), 'trim', '4800s').every((b) => b === 0)).toBe(true);
  });
});

describe('refusals: exit 1, nothing written, the text names the file and the reason', () => {
  const refuses = (spec: SessionSpec, file: RegExp, reason: RegExp, setup?: (dir: string) => void, code = 'SP-PAK-002') => {
    const { dir, out, root } = ws();
    writeSession(dir, spec);
    setup?.(dir);
    const r = stempack(['pack', dir, '-o', out, '--artist', 'A', '--conform', '--allow', 'SP-MAN-012']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((n) => n !== 'stems')).toEqual([]);
    const text = r.stdout + r.stderr;
    expect(text).toMatch(file);
    expect(text).toMatch(reason);
    // the refusal's code beside the file it names
    expect(text.split('\n').some((l) => l.includes(code) && file.test(l)), `${code} and ${file} on one line`).toBe(true);
    const plan = stempack(['conform', dir, '--plan']);
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toMatch(file);
    return text;
  };

  it('a 44.1 kHz stem in a 48 kHz set', () => {
    const text = refuses({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav', sampleRate: 44100 }] }, /Bass\.wav/, /44,100 Hz in a 48,000 Hz set; conform never resamples/);
    expect(text).toMatch(/export it again at 48000 Hz/);
  });

  it('a float stem with samples 24-bit integers cannot hold', () => {
    refuses(
      { frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Pad.wav', format: { sampleFormat: 'float', bitDepth: 32 }, inexact: 5 }] },
      /Pad\.wav/,
      /5 samples that 24-bit integers cannot hold exactly.*conform never quantises/,
    );
  });

  it('an MP3 stem', () => {
    const text = refuses({ frames: 2400, stems: [{ name: 'Drums.wav' }] }, /Vox\.mp3/, /MP3/, (dir) => {
      writeFileSync(join(dir, 'Vox.mp3'), Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x00]));
    }, 'SP-AUD-001');
    expect(text).toMatch(/WAV or AIFF/);
  });

  it('a stem with sound after the mix ends', () => {
    refuses({ frames: 6000, stems: [{ name: 'Drums.wav', sound: [0, 4800] }, { name: 'Verb.wav' }], mix: { window: [0, 4800] } }, /Verb\.wav/, /0\.03 s \(1,200 frames\) of sound after the mix ends/);
  });
});

describe('pack --conform', () => {
  it('prints one line per repair, and the package validates', async () => {
    const { dir, out } = ws();
    writeSession(dir, SHORT);
    const r = stempack(['pack', dir, '-o', out, '--artist', 'A', '--conform', '--allow', 'SP-MAN-012', '--allow', 'SP-AUD-009']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Guitar.wav: padded 4,800 frames (0.10 s) of silence at the end');
    expect(errorsOf(await validateFile(out))).toEqual([]);
    // the receiver sees what was changed
    const i = stempack(['inspect', out]);
    expect(i.stdout).toContain('stems/Guitar.wav: padded 4,800 frames (0.10 s) of silence at the end');
    expect(i.stdout).toMatch(/stems\/Keys\.wav: widened from 16-bit integer to 24-bit/);
  });

  it('--pad-mix needs --conform', () => {
    const { dir, out } = ws();
    writeSession(dir, SHORT);
    const r = stempack(['pack', dir, '-o', out, '--artist', 'A', '--pad-mix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--conform/);
  });
});
