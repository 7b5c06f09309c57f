// validateLoose (browser-safe core) equals validateFolder (Node wrapper) on the same files.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, validateFolder } from '../../src/validate/index.js';
import { validateLoose, orderLoose, mixCandidates } from '../../src/validate/loose.js';
import { findMix as findPackMix } from '../../src/names/mix.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { buildPackage, writeLooseFiles } from '../helpers/package-builder.js';
import { writeDawFolder } from '../helpers/daw-folder.js';

function bytesOf(dir: string): { name: string; source: BytesSource }[] {
  return readdirSync(dir).map((n) => ({ name: n, source: new BytesSource(new Uint8Array(readFileSync(join(dir, n))), n) }));
}

describe('validateLoose', () => {
  it('equals validateFolder on a clean folder (mix found by name), with non-audio files ignored and listed', async () => {
    const b = buildPackage({ frames: 9600 });
    const l = writeLooseFiles(b);
    try {
      writeFileSync(join(l.dir, 'notes.txt'), 'hi');
      writeFileSync(join(l.dir, '.DS_Store'), 'x');
      const node = await validateFolder(l.dir, { measure: 'all' });
      const loose = await validateLoose(bytesOf(l.dir).reverse(), { measure: 'all', path: l.dir });
      expect(JSON.parse(JSON.stringify(loose))).toEqual(JSON.parse(JSON.stringify(node)));
      expect(loose.valid).toBe(true);
      expect(loose.ignored).toEqual([{ path: 'notes.txt', reason: 'not-audio', format: 'txt' }]);
      expect(loose.files.map((f) => f.path)).toEqual(['mix.wav', 'bass.wav', 'drums.wav', 'vox.wav']);
      expect(loose.null).toMatchObject({ exact: true });
    } finally {
      l.cleanup();
    }
  });

  it('equals validateFolder with a named mix and a short stem (SP-LEN-001)', async () => {
    const b = buildPackage({ hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } });
    const l = writeLooseFiles(b, (p) => (p === 'mix/mix.wav' ? 'song.wav' : p.split('/').pop()!));
    try {
      const node = await validateFolder(l.dir, { mix: 'song.wav', profile: 'mastering' });
      const loose = await validateLoose(bytesOf(l.dir), { mix: 'song.wav', profile: 'mastering', path: l.dir });
      expect(JSON.parse(JSON.stringify(loose))).toEqual(JSON.parse(JSON.stringify(node)));
      const len = loose.findings.filter((f) => f.code === 'SP-LEN-001');
      expect(len.map((f) => [f.path, f.params['expected'], f.params['found']])).toEqual([['bass.wav', 4800, 4799]]);
      expect(loose.files[0]!.path).toBe('song.wav');
    } finally {
      l.cleanup();
    }
  });

  it('is an error (SP-MAN-002 mix-not-found) when no file is named as the mix, and passes once the mix is named', async () => {
    const built = buildPackage({ frames: 2400 });
    const files = [...built.files].map(([path, bytes]) => ({ name: path.split('/').pop()!.replace('mix.wav', 'song.wav'), source: new BytesSource(bytes, path) }));
    const r = await validateLoose(files, { level: 'headers' });
    expect(r.valid).toBe(false);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path, f.params.reason])).toEqual([['SP-MAN-002', '/mix', 'mix-not-found']]);
    const named = await validateLoose(files, { level: 'headers', mix: 'song.wav' });
    expect(named.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is an error (SP-MAN-002 mix-ambiguous, both names listed) when two files are named as the mix, as pack refuses', async () => {
    const built = buildPackage({ frames: 2400 });
    const files = [...built.files].map(([path, bytes]) => ({ name: path.split('/').pop()!.replace('bass.wav', 'Master.wav'), source: new BytesSource(bytes, path) }));
    const r = await validateLoose(files, { level: 'headers' });
    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.path, f.params.reason, f.params.candidates])).toEqual([['SP-MAN-002', '/mix', 'mix-ambiguous', ['Master.wav', 'mix.wav']]]);
    expect(errors[0]!.message).toMatch(/Master\.wav.*mix\.wav.*--mix/);
  });

  it('orders audio names with the mix first; takes the mix as pack does, none when the names are ambiguous', () => {
    const f = (name: string) => ({ name });
    const { ordered, mix } = orderLoose([f('b.wav'), f('Song Mix.wav'), f('a.aif'), f('Drum Mix.wav')]);
    // "Drum Mix" has an instrument word: a sub-mix stem, not the mix (as pack's findMix says)
    expect(mix).toBe('Song Mix.wav');
    expect(ordered.map((x) => x.name)).toEqual(['Song Mix.wav', 'Drum Mix.wav', 'a.aif', 'b.wav']);
    // two firm mix names: no guess, both listed, as pack refuses and asks for --mix
    expect(orderLoose([f('b.wav'), f('Main Mix.wav'), f('master.wav')]).mix).toBeUndefined();
    expect(mixCandidates(['Main Mix.wav', 'a.aif', 'b.wav', 'master.wav'])).toEqual(['Main Mix.wav', 'master.wav']);
    for (const names of [
      ['KOR_BassLine_AL3_Mix_48k24.wav', 'KOR_BassLine_AL3_Bass_48k24.wav', 'KOR_BassLine_AL3_Drums_48k24.wav'],
      ['Drum Mix.wav', 'Bass.wav', 'Song Full.wav'],
      ['Mix Bus FX.wav', 'Drum Mix.wav', 'Vox Main.wav'],
      ['Mix.wav', 'Master.wav', 'Bass.wav'],
    ]) {
      expect(orderLoose(names.map(f)).mix ?? null).toBe(findPackMix(names).mix);
    }
    expect(orderLoose([f('b.wav'), f('a.wav')], 'b.wav').ordered.map((x) => x.name)).toEqual(['b.wav', 'a.wav']);
  });

  it('a split-mono pair in a folder (SP-CH-002) skips the null: summed as two mono stems it would fail for that alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-split-'));
    try {
      const daw = writeDawFolder(join(dir, 'song'), 'split-mono');
      const r = await validateFolder(daw.dir);
      const left = daw.stems['guitar']!;
      const right = left.replace('.L.wav', '.R.wav');
      expect(r.findings.filter((f) => f.code === 'SP-CH-002').map((f) => f.params['pair'])).toEqual([[left, right]]);
      expect(r.findings.filter((f) => f.code.startsWith('SP-NULL-'))).toEqual([]);
      expect(r.null).toEqual({ skipped: 'split-mono-pair', tolerance: -80 });
      expect(formatReport(r, { color: false })).toMatch(/Null test: not run: the split-mono pair \S+\.L\.wav \+ \S+\.R\.wav \(SP-CH-002\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the null of a folder says which files it left out (not lossless PCM, SP-AUD-001), so its failure reads as their absence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-mp3-'));
    try {
      const daw = writeDawFolder(join(dir, 'song'), 'mp3-stem');
      const r = await validateFolder(daw.dir);
      expect(r.findings.filter((f) => f.code === 'SP-AUD-001').map((f) => f.path)).toEqual([daw.stems['bass']]);
      expect(r.null?.['stems']).not.toContain(daw.stems['bass']);
      expect(formatReport(r, { color: false })).toContain(`; not summed: ${daw.stems['bass']} (not lossless PCM, SP-AUD-001)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
