// Packing real files written by other tools (test/corpus), each copied as mix and stem so the
// null is exact: chunks around the data (LIST, DISP, iXML, _PMX, bext, FLLR) are carried unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pack, formatPackSummary } from '../../src/pack/index.js';
import { openFileSource } from '../../src/io/file-source.js';
import { validate } from '../../src/validate/index.js';
import { cleanup, tempDir } from './fixtures.js';
import { readZipYauzl } from './zip-read.js';

const corpus = resolve(import.meta.dirname, '../corpus');
const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('pack: real files from the corpus', () => {
  it.each([
    ['music-metadata/riff_adobe_audition.wav', 0],
    ['libbw64/rect_24bit_bext.wav', 0],
    ['aurora/bei24.aiff', 0],
  ])('%s packs byte-identical and validates', async (file, start) => {
    const root = tempDir();
    dirs.push(root);
    const dir = join(root, 'in');
    mkdirSync(dir);
    const ext = file.endsWith('.aiff') ? '.aiff' : '.wav';
    copyFileSync(join(corpus, file), join(dir, `Mix${ext}`));
    copyFileSync(join(corpus, file), join(dir, `Keys${ext}`));
    const out = join(root, 'out.stempack');
    const r = await pack({ inputs: [dir], output: out, artist: 'A', allow: ['SP-LVL-002', 'SP-LVL-003', 'SP-LVL-001', 'SP-LVL-007', 'SP-LVL-005', 'SP-LVL-006'] });
    expect(r.refusals, formatPackSummary(r)).toEqual([]);
    expect(r.manifest!.timeline.start).toBe(start);
    const yz = await readZipYauzl(out);
    expect(sha(yz.find((e) => e.name === `stems/Keys${ext}`)!.data)).toBe(sha(readFileSync(join(corpus, file))));
    const src = await openFileSource(out);
    try {
      const report = await validate({ source: src, name: 'out.stempack' });
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    } finally {
      await src.close();
    }
  });

  it('refuses a real file whose data chunk runs past the end (SP-AUD-002)', async () => {
    const root = tempDir();
    dirs.push(root);
    const dir = join(root, 'in');
    mkdirSync(dir);
    copyFileSync(join(corpus, 'music-metadata/issue-1163.bwf'), join(dir, 'Mix.wav'));
    copyFileSync(join(corpus, 'music-metadata/issue-1163.bwf'), join(dir, 'Keys.wav'));
    const out = join(root, 'out.stempack');
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.ok).toBe(false);
    expect(r.refusals.map((f) => [f.code, f.path])).toEqual([
      ['SP-AUD-002', join(dir, 'Keys.wav')],
      ['SP-AUD-002', join(dir, 'Mix.wav')],
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
