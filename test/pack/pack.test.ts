import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from '../../src/pack/index.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { MIMETYPE } from '../../src/model/manifest.js';
import { workspaces, hashTree, writeStemFolder } from './fixtures.js';
import { readZipYauzl } from './zip-read.js';

const setup = workspaces('My Song');

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('pack: a clean stem folder', () => {
  it('writes a valid package whose audio entries are byte-identical to the inputs', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    writeFileSync(join(dir, 'notes.txt'), 'not attached');
    const before = hashTree(dir);
    const r = await pack({ inputs: [dir], output: out, artist: 'The Testers' });
    expect(r.refusals).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.output).toBe(out);
    expect(r.ignored).toEqual([join(dir, 'notes.txt')]);
    expect(hashTree(dir)).toEqual(before);

    const entries = await readZipYauzl(out);
    expect(entries.map((e) => e.name)).toEqual(['mimetype', 'stempack.json', 'mix/Mix.wav', 'stems/Bass.wav', 'stems/Drums.wav', 'stems/Vox.wav']);
    expect(entries.every((e) => e.method === 0)).toBe(true);
    expect(entries[0]!.data.toString()).toBe(MIMETYPE);
    for (const e of entries.slice(2)) {
      expect(sha(e.data)).toBe(sha(readFileSync(join(dir, e.name.split('/')[1]!))));
    }
    const parsed = parseManifest(entries[1]!.data);
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const m = parsed.manifest!;
    expect(m).toMatchObject({
      title: 'My Song',
      artist: 'The Testers',
      versionName: 'Mix',
      created: '2024-01-02T03:04:05Z',
      session: { sampleRate: 48000, bitDepth: 24 },
      timeline: { sampleRate: 48000, start: 0, length: 4800 },
      format: { container: 'wav', sampleFormat: 'int', bitDepth: 24, sampleRate: 48000 },
      mixBusProcessing: false,
    });
    expect(m.stems.map((s) => [s.id, s.role, s.path])).toEqual([
      ['bass', 'bass', 'stems/Bass.wav'],
      ['drums', 'drums', 'stems/Drums.wav'],
      ['vox', 'vocals-lead', 'stems/Vox.wav'],
    ]);
    expect(m.mix.sha256).toBe(sha(readFileSync(join(dir, 'Mix.wav'))));
    expect(m.mix.bytes).toBe(readFileSync(join(dir, 'Mix.wav')).length);
    expect(m.mix.frames).toBe(4800);
    expect(typeof m.mix.peak).toBe('number');
    expect(JSON.stringify(r.manifest)).toBe(JSON.stringify(m));
    expect(r.findings.find((f) => f.code === 'SP-NULL-101')?.params).toMatchObject({ exact: true, pass: true });
    expect(readdirSync(join(out, '..')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('is deterministic: packing twice gives identical bytes', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { seed: 7 });
    await pack({ inputs: [dir], output: out, artist: 'A' });
    const a = readFileSync(out);
    const r2 = await pack({ inputs: [dir], output: out, artist: 'A', force: true });
    expect(r2.ok).toBe(true);
    expect(sha(readFileSync(out))).toBe(sha(a));
  });
});
