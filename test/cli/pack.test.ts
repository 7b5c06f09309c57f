// `stempack pack` from a folder of DAW-style exports, as a mixer runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stempack } from './run.js';
import { writeSong } from '../../scripts/song.js';
import { DEMO_PARTS } from '../../scripts/synth.js';
import { writeStemFolder } from '../pack/fixtures.js';

let dir: string;
let exportsDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sp-cli-pack-'));
  exportsDir = join(dir, 'exports');
  await writeSong({ dir: exportsDir, parts: DEMO_PARTS, seconds: 2, prefix: 'AB_Song_CD1', timeReference: 1000 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = ['--title', 'Song', '--artist', 'AB', '--isrc', 'XXA012600001', '--credit', 'CD=mix engineer', '--created', '2026-01-01T00:00:00Z'];

describe('stempack pack', () => {
  it('packs a folder into a package that validates, reproducibly, and refuses to overwrite without --force', () => {
    const out = join(dir, 'song.stempack');
    const r = stempack(['pack', exportsDir, '-o', out, ...meta, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.manifest.stems.map((s: { id: string; role: string }) => [s.id, s.role])).toEqual([
      ['bass', 'bass'],
      ['drums', 'drums'],
      ['keys', 'keys'],
      ['lead-vocal', 'vocals-lead'],
    ]);
    expect(j.manifest.timeline).toEqual({ sampleRate: 48000, start: 1000, length: 96000 });
    expect(stempack(['validate', out]).code).toBe(0);
    const first = readFileSync(out);
    expect(stempack(['pack', exportsDir, '-o', out, ...meta]).code).toBe(2);
    expect(stempack(['pack', exportsDir, '-o', out, ...meta, '--force']).code).toBe(0);
    expect(readFileSync(out).equals(first)).toBe(true);
  });

  it('--loudness writes integrated loudness, range and true peak into the manifest', () => {
    const out = join(dir, 'loud.stempack');
    const r = stempack(['pack', exportsDir, '-o', out, ...meta, '--loudness', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).manifest;
    expect(typeof m.mix.loudness.integrated).toBe('number');
    expect(typeof m.mix.loudness.truePeak).toBe('number');
  });

  it('refuses (exit 1, nothing written) when a stem is shorter than the mix, naming the file and the numbers', async () => {
    const bad = join(dir, 'bad');
    await writeSong({ dir: bad, parts: DEMO_PARTS.slice(0, 2), seconds: 1, prefix: 'X' });
    const stem = join(bad, 'X_bass.wav');
    truncateSync(stem, statSync(stem).size - 6); // one 24-bit stereo frame short
    const out = join(dir, 'bad.stempack');
    const r = stempack(['pack', bad, '-o', out, ...meta, '--json']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const f = JSON.parse(r.stdout).findings.find((x: { code: string }) => x.code === 'SP-LEN-001');
    expect(f.params).toMatchObject({ expected: 48000, found: 47999, differenceFrames: -1 });
  });

  it('exits 2 on usage errors', () => {
    expect(stempack(['pack', exportsDir]).code).toBe(2); // no -o
    expect(stempack(['pack', exportsDir, '-o', join(dir, 'x.stempack'), '--allow', 'SP-NOPE-001']).code).toBe(2);
    expect(stempack(['pack', exportsDir, '-o', join(dir, 'x.stempack'), '--allow', 'SP-LEN-001', ...meta]).code).toBe(2);
  });

  describe('roles', () => {
    let unclear: string;
    beforeAll(() => {
      unclear = join(dir, 'unclear');
      mkdirSync(unclear);
      writeStemFolder(unclear, { stems: ['Audio 1.wav', 'Audio 2.wav', 'Drums.wav'] });
    });
    const base = () => ['pack', unclear, '-o', join(dir, 'unclear.stempack'), '--artist', 'AB', '--created', '2026-01-01T00:00:00Z'];

    it('lists every unclear name at once with a ready-to-run --role command line (text)', () => {
      const r = stempack(base());
      expect(r.code).toBe(1);
      const text = r.stdout + r.stderr;
      expect(text).toContain('Audio 1.wav');
      expect(text).toContain('Audio 2.wav');
      expect(text).toContain(`stempack pack ${unclear} -o ${join(dir, 'unclear.stempack')} --artist AB --created 2026-01-01T00:00:00Z --role "Audio 1.wav=<role>" --role "Audio 2.wav=<role>"`);
    });

    it('carries the files, the command and a roles.json template in the finding (--json)', () => {
      const r = stempack([...base(), '--json']);
      expect(r.code).toBe(1);
      const f = JSON.parse(r.stdout).findings.find((x: { params: { reason?: string } }) => x.params.reason === 'roles-unclear');
      expect(f).toMatchObject({ code: 'SP-MAN-002', path: '/stems' });
      expect(f.params.files.map((u: { key: string }) => u.key)).toEqual(['Audio 1.wav', 'Audio 2.wav']);
      expect(f.params.command).toContain('--role "Audio 1.wav=<role>" --role "Audio 2.wav=<role>"');
      expect(f.params.template).toEqual({ 'Audio 1.wav': '<role>', 'Audio 2.wav': '<role>' });
    });

    it('--roles roles.json gives them; --role wins over the file', () => {
      const file = join(dir, 'roles.json');
      writeFileSync(file, JSON.stringify({ 'Audio 1.wav': 'bass', 'Audio *': 'keys' }));
      const r = stempack(['pack', unclear, '-o', join(dir, 'given.stempack'), '--artist', 'AB', '--roles', file, '--role', 'Audio 2=synths', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).manifest.stems.map((s: { id: string; role: string }) => [s.id, s.role])).toEqual([['audio-1', 'bass'], ['audio-2', 'synths'], ['drums', 'drums']]);
    });

    it('bad JSON, another shape, unknown roles and --role keys naming no stem: exit 2 naming the file and the key', () => {
      const bad = join(dir, 'bad-roles.json');
      writeFileSync(bad, '{ "Audio 1.wav": "bass", }');
      let r = stempack([...base(), '--roles', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(bad);
      writeFileSync(bad, '["bass"]');
      r = stempack([...base(), '--roles', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('an array');
      writeFileSync(bad, JSON.stringify({ 'Audio 1.wav': 'bass', 'Audio 2.wav': 'tenor sax' }));
      r = stempack([...base(), '--roles', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(bad);
      expect(r.stderr).toContain('"Audio 2.wav"');
      expect(r.stderr).toContain('"tenor sax" is not a role');
      r = stempack([...base(), '--roles', join(dir, 'missing.json')]);
      expect(r.code).toBe(2);
      r = stempack([...base(), '--role', 'Audio 1.wav=<role>']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('"<role>" is not a role');
      r = stempack([...base(), '--role', 'Audio 9.wav=bass']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no stem is named Audio 9.wav');
    });

    it('--help documents --roles and the keys', () => {
      const r = stempack(['pack', '--help']);
      expect(r.stdout).toContain('--roles <json>');
      expect(r.stdout).toContain('roles.json');
      expect(r.stdout).toMatch(/pattern with \* and \?/);
    });
  });
});
