// The builder's own checks: a second ZIP reader (yauzl) and sox agree the packages are well formed.
import { describe, it, expect } from 'vitest';
import yauzl from 'yauzl';
import { execFileSync, spawnSync } from 'node:child_process';
import { buildPackage, buildPackageFile, writeLooseFiles, sha256 } from './package-builder.js';

function listZip(path: string): Promise<string[]> {
  return new Promise((res, rej) => {
    yauzl.open(path, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return rej(err);
      const names: string[] = [];
      zf.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zf.readEntry();
      });
      zf.on('end', () => res(names));
      zf.on('error', rej);
      zf.readEntry();
    });
  });
}

describe('package builder', () => {
  it('writes a zip a second reader lists, with mimetype first and the manifest second', async () => {
    const p = buildPackageFile();
    try {
      expect(await listZip(p.path)).toEqual(['mimetype', 'stempack.json', 'mix/mix.wav', 'stems/drums.wav', 'stems/bass.wav', 'stems/vox.wav']);
      execFileSync('unzip', ['-tq', p.path]);
    } finally {
      p.cleanup();
    }
  });

  it('mix is the exact sum of the stems (sox null test) and the manifest hashes match', () => {
    const b = buildPackage();
    expect(b.manifest.mix.sha256).toBe(sha256(b.files.get('mix/mix.wav')!));
    const l = writeLooseFiles(b);
    try {
      const args = ['-m', '-v', '-1', `${l.dir}/mix.wav`, ...b.manifest.stems.flatMap((s) => ['-v', '1', `${l.dir}/${s.id}.wav`]), '-n', 'stats'];
      const r = spawnSync('sox', args, { encoding: 'utf8' });
      expect(r.stderr).toMatch(/Pk lev dB\s+-inf/);
    } finally {
      l.cleanup();
    }
  });
});
