// validateLoose (browser-safe core) equals validateFolder (Node wrapper) on the same files.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFolder } from '../../src/validate/index.js';
import { validateLoose, orderLoose, mixCandidates } from '../../src/validate/loose.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { buildPackage, writeLooseFiles } from '../helpers/package-builder.js';

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

  it('orders audio names with the mix first and lists ambiguous mix candidates', () => {
    const f = (name: string) => ({ name });
    const { ordered, mix } = orderLoose([f('b.wav'), f('Main Mix.wav'), f('a.aif'), f('master.wav')]);
    expect(mix).toBe('Main Mix.wav');
    expect(ordered.map((x) => x.name)).toEqual(['Main Mix.wav', 'a.aif', 'b.wav', 'master.wav']);
    expect(mixCandidates(['Main Mix.wav', 'a.aif', 'b.wav', 'master.wav'])).toEqual(['Main Mix.wav', 'master.wav']);
    expect(orderLoose([f('b.wav'), f('a.wav')], 'b.wav').ordered.map((x) => x.name)).toEqual(['b.wav', 'a.wav']);
  });
});
