import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { formatPackSummary, pack, rfc3339, type PackProgress } from '../../src/pack/index.js';
import { workspaces, writeStemFolder } from './fixtures.js';

const workspace = workspaces();
function setup(): { dir: string; out: string } {
  const w = workspace();
  writeStemFolder(w.dir);
  return w;
}

describe('pack options', () => {
  it('metadata options and explicit manifest fields override inference; stems merge by id', async () => {
    const { dir, out } = setup();
    const r = await pack({
      inputs: [dir],
      output: out,
      artist: 'A',
      title: 'Song',
      versionName: 'Main Mix v3',
      isrc: 'USRC17607839',
      credits: [{ name: 'J. Doe', role: 'mixing engineer' }],
      nullTolerance: -90,
      manifest: {
        versions: [{ name: 'instrumental', rules: [{ role: 'vocals-lead', mute: true }] }],
        stems: [{ id: 'vox', name: 'Lead Vocal', 'x-note': 'double-tracked' } as never],
        'x-studio': 'Room B',
      },
    });
    expect(r.refusals).toEqual([]);
    const m = r.manifest!;
    expect(m).toMatchObject({ title: 'Song', versionName: 'Main Mix v3', isrc: 'USRC17607839', null: { tolerance: -90 }, 'x-studio': 'Room B' });
    expect(m.versions).toEqual([{ name: 'instrumental', rules: [{ role: 'vocals-lead', mute: true }] }]);
    expect(m.stems.find((s) => s.id === 'vox')).toMatchObject({ name: 'Lead Vocal', role: 'vocals-lead', 'x-note': 'double-tracked' });
    expect(r.findings.some((f) => f.code === 'SP-MAN-012')).toBe(false);
  });

  it('an invalid user field is refused with the manifest finding, not thrown', async () => {
    const { dir, out } = setup();
    const r = await pack({ inputs: [dir], output: out, artist: 'A', isrc: 'not-an-isrc' });
    expect(r.ok).toBe(false);
    expect(r.refusals.map((f) => [f.code, f.path])).toEqual([['SP-MAN-002', '/isrc']]);
  });

  it('created: explicit, else SOURCE_DATE_EPOCH, else the newest input mtime', async () => {
    const { dir, out } = setup();
    expect((await pack({ inputs: [dir], output: out, artist: 'A', created: '2020-05-06T07:08:09Z' })).manifest!.created).toBe('2020-05-06T07:08:09Z');
    process.env['SOURCE_DATE_EPOCH'] = '1700000000';
    try {
      expect((await pack({ inputs: [dir], output: out, artist: 'A', force: true })).manifest!.created).toBe('2023-11-14T22:13:20Z');
    } finally {
      delete process.env['SOURCE_DATE_EPOCH'];
    }
    expect((await pack({ inputs: [dir], output: out, artist: 'A', force: true })).manifest!.created).toBe('2024-01-02T03:04:05Z');
    expect(rfc3339(1500)).toBe('1970-01-01T00:00:01Z');
  });

  it('reports progress by phase, never beyond the total', async () => {
    const { dir, out } = setup();
    const seen: PackProgress[] = [];
    await pack({ inputs: [dir], output: out, artist: 'A', onProgress: (p) => seen.push(p) });
    expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['measure', 'write']));
    for (const p of seen) expect(p.bytesDone).toBeLessThanOrEqual(p.bytesTotal);
    const last = seen.at(-1)!;
    expect(last.bytesDone).toBe(last.bytesTotal);
  });

  it('formatPackSummary names the output, the stems and the refusals', async () => {
    const { dir, out } = setup();
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', title: 'Song' });
    const text = formatPackSummary(ok);
    expect(text).toContain(out);
    expect(text).toContain('stems/Drums.wav');
    expect(text).toContain('vocals-lead');
    const bad = await pack({ inputs: [dir], output: join(dir, '..', 'x.stempack') });
    expect(formatPackSummary(bad)).toMatch(/^Not packed: 1 problem/);
    // refused before reading a sample: says the audio is not checked yet, and the command that checks it
    expect(bad.samplesUnchecked).toEqual({ command: `stempack validate ${dir}` });
    expect(formatPackSummary(bad)).toMatch(/not checked yet: the levels and the null test.*stempack validate /);
  });

  it('walks subfolders, follows links without looping, lists a file given twice once', async () => {
    const { dir, out } = setup();
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const r = await pack({ inputs: [dir, join(dir, 'Bass.wav')], output: out, artist: 'A' });
    expect(r.refusals).toEqual([]);
    expect(r.manifest!.stems.map((s) => s.path)).toEqual(['stems/Bass.wav', 'stems/Drums.wav', 'stems/Vox.wav']);
  });

  it('an output name without .stempack is a warning (SP-ZIP-003) pack refuses unless allowed; a missing folder is a usage error', async () => {
    const { dir, out } = setup();
    const zipOut = out.replace(/\.stempack$/, '.zip');
    const r = await pack({ inputs: [dir], output: zipOut, artist: 'A' });
    expect(r.refusals.map((f) => [f.code, f.path])).toEqual([['SP-ZIP-003', zipOut]]);
    expect((await pack({ inputs: [dir], output: zipOut, artist: 'A', allow: ['SP-ZIP-003'] })).ok).toBe(true);
    await expect(pack({ inputs: [dir], output: join(dir, 'nope', 'x.stempack'), artist: 'A' })).rejects.toMatchObject({ code: 'EUSAGE' });
  });

  it('writes loudness only when asked to measure it', async () => {
    const { dir, out } = setup();
    const plain = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(plain.manifest!.mix.loudness).toBeUndefined();
    const loud = await pack({ inputs: [dir], output: out, artist: 'A', force: true, loudness: true });
    expect(loud.manifest!.mix.loudness).toEqual({ integrated: null, range: null, truePeak: expect.any(Number) });
  });
});
