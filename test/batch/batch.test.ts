// Batch validation: inputs expand from folders and globs, the package digest is stable and
// changes with size, mtime or manifest, the pool (worker threads) and the single thread give the
// same lines, broken and unreadable packages are counted apart, and resume skips by digest.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs, packageIdentity, readResumeDigests, validateBatch, type BatchLine } from '../../src/batch/index.js';
import { buildPackage } from '../helpers/package-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-batch-'));
const good = buildPackage({ frames: 4800 }).bytes;
const short = buildPackage({ frames: 4800, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } }).bytes;

beforeAll(() => {
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'a.stempack'), good);
  utimesSync(join(dir, 'a.stempack'), new Date(2021, 0, 1), new Date(2021, 0, 1));
  writeFileSync(join(dir, 'sub', 'b.stempack'), good);
  writeFileSync(join(dir, 'sub', 'deeper', 'short.stempack'), short);
  writeFileSync(join(dir, 'sub', 'truncated.stempack'), good.subarray(0, 1000));
  writeFileSync(join(dir, 'notes.txt'), 'not a package');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const strip = (ls: BatchLine[]) => ls.map(({ seconds: _s, ...rest }) => rest).sort((x, y) => x.path.localeCompare(y.path));

describe('batch', () => {
  it('expands folders recursively and globs, sorted and without duplicates', async () => {
    const all = await expandInputs([dir]);
    expect(all.map((p) => p.slice(dir.length + 1).replace(/\\/g, '/'))).toEqual(['a.stempack', 'sub/b.stempack', 'sub/deeper/short.stempack', 'sub/truncated.stempack']);
    expect(await expandInputs([join(dir, '*.stempack'), join(dir, 'a.stempack')])).toEqual([join(dir, 'a.stempack')]);
    expect((await expandInputs([join(dir, '**', '*.stempack')])).length).toBe(4);
    await expect(expandInputs([join(dir, '*.nothing')])).rejects.toThrow();
    expect(await expandInputs(['https://example.org/x.stempack'])).toEqual(['https://example.org/x.stempack']);
  });

  it('package digest: size, mtime and the manifest entry; stable across reads', async () => {
    const p = join(dir, 'a.stempack');
    const a = await packageIdentity(p);
    expect(a.digest).toBe((await packageIdentity(p)).digest);
    expect(a.bytes).toBe(good.length);
    expect(a.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.digest).toBe(`${a.bytes}-${a.mtimeMs}-${a.manifestSha256}`);
    const c = join(dir, 'copy.stempack');
    writeFileSync(c, good);
    utimesSync(c, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const b = await packageIdentity(c);
    expect(b.manifestSha256).toBe(a.manifestSha256);
    expect(b.digest).not.toBe(a.digest);
    rmSync(c);
    expect((await packageIdentity(join(dir, 'sub', 'deeper', 'short.stempack'))).manifestSha256).not.toBe(a.manifestSha256);
  });

  it('pool and single thread give the same lines; invalid and unreadable packages are counted apart', async () => {
    const inputs = [...(await expandInputs([dir])), join(dir, 'missing.stempack')];
    const runs: BatchLine[][] = [];
    for (const jobs of [1, 3]) {
      const lines: BatchLine[] = [];
      const sum = await validateBatch(inputs, { level: 'full', jobs, onLine: (l) => lines.push(l) });
      expect(sum).toMatchObject({ type: 'summary', packages: 5, valid: 2, invalid: 2, failed: 1, skipped: 0 });
      runs.push(lines);
    }
    expect(strip(runs[1]!)).toEqual(strip(runs[0]!));
    const byName = new Map(runs[0]!.map((l) => [l.path.slice(dir.length + 1).replace(/\\/g, '/'), l]));
    expect(byName.get('a.stempack')).toMatchObject({ valid: true, nullPass: true, level: 'full', profile: 'default' });
    expect(byName.get('sub/deeper/short.stempack')!.codes['SP-LEN-001']).toBe(1);
    expect(byName.get('sub/truncated.stempack')!.codes['SP-ZIP-001']).toBeGreaterThan(0);
    expect(byName.get('missing.stempack')).toMatchObject({ valid: null, digest: null, error: 'ENOENT' });
  });

  it('resume skips packages reported with the same digest (torn and failed lines run again)', async () => {
    const lines: BatchLine[] = [];
    const inputs = await expandInputs([dir]);
    await validateBatch(inputs, { level: 'headers', jobs: 2, onLine: (l) => lines.push(l) });
    const file = join(dir, 'done.jsonl');
    const first = lines.filter((l) => !l.path.endsWith('a.stempack'));
    writeFileSync(file, first.map((l) => JSON.stringify(l)).join('\n') + '\n{"type":"package","path":"x","digest":"tor');
    const skip = await readResumeDigests(file);
    expect(skip.size).toBe(new Set(first.map((l) => l.digest)).size);
    const again: BatchLine[] = [];
    const sum = await validateBatch(inputs, { level: 'headers', jobs: 2, skip, onLine: (l) => again.push(l) });
    // b.stempack has the same bytes as a.stempack but another mtime: it is skipped, a runs again
    expect(again.map((l) => l.path)).toEqual([join(dir, 'a.stempack')]);
    expect(sum.skipped).toBe(3);
    expect(await readResumeDigests(join(dir, 'none.jsonl'))).toEqual(new Set());
  });
});
