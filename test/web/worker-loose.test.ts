// The worker's loose-file path without a browser: its report equals validateFolder's for the same
// files, every file is read in bounded Blob slices, every hash comes from the hash-wasm pool, and
// playback regions decode from the loose files.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage, writeLooseFiles } from '../helpers/package-builder.js';
import { validateFolder } from '../../src/validate/index.js';
import { runLooseValidation } from '../../src/browser/worker.js';
import { sha256Stats } from '../../src/browser/hash-wasm.js';
import { setSha256Factory } from '../../src/analysis/hash.js';
import { nodeSha256 } from '../../src/analysis/hash-node.js';
import { readRegion } from '../../src/report/package-audio.js';
import type { FromWorker } from '../../src/browser/protocol.js';

class CountingBlob extends Blob {
  slices: number[] = [];
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices.push((end ?? this.size) - (start ?? 0));
    return super.slice(start, end, type);
  }
}

describe('runLooseValidation (the worker, loose files)', () => {
  it('equals validateFolder, reads bounded slices, hashes from the pool, decodes regions', async () => {
    const frames = 5 * 48000;
    const l = writeLooseFiles(buildPackage({ frames }), (p) => (p === 'mix/mix.wav' ? 'Final Master.wav' : p.split('/').pop()!));
    const msgs: FromWorker[] = [];
    try {
      const names = readdirSync(l.dir);
      const blobs = names.map((n) => ({ name: n, file: new CountingBlob([readFileSync(join(l.dir, n))]) }));
      let pkg;
      try {
        pkg = (await runLooseValidation({ type: 'validate-loose', id: 7, files: blobs, folder: 'Song', bins: 500 }, (m) => void msgs.push(m))).pkg;
        expect(sha256Stats.fallback).toBe(0);
      } finally {
        setSha256Factory(nodeSha256);
      }
      const done = msgs.find((m) => m.type === 'done');
      if (done?.type !== 'done') throw new Error('no done message');
      const node = JSON.parse(JSON.stringify(await validateFolder(l.dir, { measure: 'all' })));
      node.package.path = 'Song';
      expect(JSON.parse(JSON.stringify(done.report))).toEqual(node);
      expect(done.loose).toEqual({ folder: 'Song', names: ['Final Master.wav', 'bass.wav', 'drums.wav', 'vox.wav'].sort(), mix: 'Final Master.wav', candidates: ['Final Master.wav'] });
      expect(done.overviews?.files.map((f) => [f.path, f.isMix])).toEqual([['Final Master.wav', true], ['bass.wav', false], ['drums.wav', false], ['vox.wav', false]]);
      expect(done.overviews?.residual?.peak.every((p) => p === 0)).toBe(true);
      // bounded reads: blocks, and the waveform pass's pieces of at most 4 MiB whatever the file's size
      for (const b of blobs) expect(Math.max(...b.file.slices)).toBeLessThanOrEqual(4 << 20);
      const r = await readRegion(pkg!, 'residual', 1000, 4800);
      expect(r?.channels[0]?.length).toBe(4800);
      expect(r!.channels.every((c) => c.every((x) => x === 0))).toBe(true);
    } finally {
      l.cleanup();
    }
  });
});

/** Every file under `dir` (hidden ones and bundle contents too), named relative to it, as the page's walker lists them. */
function listAll(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d) => {
    const r = rel ? `${rel}/${d.name}` : d.name;
    return d.isDirectory() ? listAll(dir, r) : [r];
  });
}

describe('runLooseValidation classifies every file as validateFolder (and pack) do', () => {
  it('subfolders, a session file and bundle, an MP3 stem, a zip, documents and hidden files: the same report', async () => {
    const l = writeLooseFiles(buildPackage({ frames: 4800 }));
    try {
      mkdirSync(join(l.dir, 'Stems'));
      renameSync(join(l.dir, 'drums.wav'), join(l.dir, 'Stems', 'drums.wav'));
      rmSync(join(l.dir, 'bass.wav'));
      writeFileSync(join(l.dir, 'Stems', 'bass.mp3'), new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]));
      writeFileSync(join(l.dir, 'Song.ptx'), 'x');
      mkdirSync(join(l.dir, 'Song.logicx', 'Alternatives', '000'), { recursive: true });
      writeFileSync(join(l.dir, 'Song.logicx', 'Alternatives', '000', 'ProjectData'), 'x');
      writeFileSync(join(l.dir, 'Song.logicx', 'Alternatives', '000', 'Audio.wav'), readFileSync(join(l.dir, 'vox.wav')));
      writeFileSync(join(l.dir, 'old.zip'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0]));
      writeFileSync(join(l.dir, 'README.txt'), 'notes');
      writeFileSync(join(l.dir, '.DS_Store'), 'x');
      const msgs: FromWorker[] = [];
      const files = listAll(l.dir).map((n) => ({ name: n, file: new Blob([readFileSync(join(l.dir, n))]) }));
      expect(files.map((f) => f.name)).toContain('Song.logicx/Alternatives/000/Audio.wav');
      try {
        await runLooseValidation({ type: 'validate-loose', id: 8, files, folder: 'Song', measureAll: false }, (m) => void msgs.push(m));
      } finally {
        setSha256Factory(nodeSha256);
      }
      const done = msgs.find((m) => m.type === 'done');
      if (done?.type !== 'done') throw new Error('no done message');
      const node = JSON.parse(JSON.stringify(await validateFolder(l.dir)));
      node.package.path = 'Song';
      expect(JSON.parse(JSON.stringify(done.report))).toEqual(node);
      expect(done.report.findings.filter((f) => f.severity === 'error' && f.code !== 'SP-NULL-001').map((f) => [f.code, f.path])).toEqual([
        ['SP-SES-001', 'Song.logicx/'],
        ['SP-SES-001', 'Song.ptx'],
        ['SP-AUD-001', 'Stems/bass.mp3'],
        ['SP-ZIP-011', 'old.zip'],
      ]);
      expect(done.report.ignored).toEqual([{ path: 'README.txt', reason: 'not-audio', format: 'txt' }]);
      expect(done.loose?.names).toEqual(['Stems/drums.wav', 'mix.wav', 'vox.wav']);
    } finally {
      l.cleanup();
    }
  });
});
