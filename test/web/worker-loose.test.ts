// The worker's loose-file path without a browser: its report equals validateFolder's for the same
// files, every file is read in bounded Blob slices, every hash comes from the hash-wasm pool, and
// playback regions decode from the loose files.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
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
