// Pack writes the package in the pass that measures it: the audio goes to its place while it is
// read, into a layout fixed beforehand around a manifest slot reserved from a worst-case bound.
// These tests pin what that must keep true: the streamed writer gives the two-pass writer's
// bytes, a slot too small falls back to the two-pass write, the padded manifest is valid, and a
// source that changes while it is read aborts with nothing left behind.
import { describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from '../../src/pack/index.js';
import { openStreamedPackage, writePackage, type PackageEntry } from '../../src/pack/write.js';
import { manifestReserve, padManifest, serializeManifest } from '../../src/pack/manifest-json.js';
import { measuresOf, worstCaseMeasures, type ItemMeasures } from '../../src/pack/manifest-build.js';
import type { FileAnalysis } from '../../src/analysis/analyze.js';
import { dbForJson } from '../../src/model/units.js';
import { crc32 } from '../../src/container/crc32.js';
import { readZip } from '../../src/container/read-zip.js';
import { openFileSource } from '../../src/io/file-source.js';
import { validate } from '../../src/validate/index.js';
import { rng, workspaces, writeStemFolder } from './fixtures.js';
import { readZipYauzl } from './zip-read.js';
import { unzipTest } from '../container/interop.js';

const setup = workspaces('Golden Song');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function bytes(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return new Uint8Array(n).map(() => Math.floor(r() * 256));
}

/** Feed `data` to entry `i` in pseudo-random chunk sizes, in order. */
function feed(w: { data(i: number, offset: number, b: Uint8Array): void }, i: number, data: Uint8Array, seed: number): void {
  const r = rng(seed);
  for (let off = 0; off < data.length; ) {
    const n = Math.min(data.length - off, 1 + Math.floor(r() * 300000));
    w.data(i, off, data.slice(off, off + n));
    off += n;
  }
}

/** Temp files and other leftovers beside `out` (names starting with a dot). */
const leftovers = (root: string) => readdirSync(root).filter((n) => n.startsWith('.'));

describe('the streamed package writer', () => {
  it('gives the bytes of the two-pass writer for the same manifest and entries', async () => {
    const { root } = setup();
    const manifest = padManifest(new TextEncoder().encode('{"stempack":"1.0"}\n'), 64)!;
    const streamed = [
      { name: 'mix/Mix.wav', data: bytes(3 * (1 << 20) + 4321, 1) },
      { name: 'stems/Bass.wav', data: bytes(0, 2) },
      { name: 'stems/Vöx.wav', data: bytes(70001, 3) },
    ];
    const doc = bytes(1234, 4);
    const docPath = join(root, 'notes.txt');
    writeFileSync(docPath, doc);
    const copied: PackageEntry[] = [{ name: 'docs/notes.txt', path: docPath, size: doc.length, crc32: crc32(doc) }];
    const a = join(root, 'a.stempack');
    let progress = 0;
    const w = await openStreamedPackage(a, { force: false }, manifest.length, streamed.map((e) => ({ name: e.name, size: e.data.length })), copied, (n) => (progress += n));
    // entries interleaved, as the lockstep pass hands them over
    feed(w, 2, streamed[2]!.data, 7);
    feed(w, 0, streamed[0]!.data, 8);
    expect(existsSync(a)).toBe(false);
    await w.finish(manifest, streamed.map((e) => crc32(e.data)));
    const b = join(root, 'b.stempack');
    const srcs = streamed.map((e, i) => {
      const p = join(root, `in${i}`);
      writeFileSync(p, e.data);
      return { name: e.name, path: p, size: e.data.length, crc32: crc32(e.data) };
    });
    await writePackage(b, { force: false }, manifest, [...srcs, ...copied]);
    expect(sha(readFileSync(a))).toBe(sha(readFileSync(b)));
    expect(progress).toBe(streamed.reduce((s, e) => s + e.data.length, 0) + doc.length);
    expect(leftovers(root)).toEqual([]);
    await w.abort(); // after finish: nothing to undo
    expect(existsSync(a)).toBe(true);
  });

  it('with nothing streamed, the copied entries follow the manifest', async () => {
    const { root } = setup();
    const manifest = new TextEncoder().encode('{}\n');
    const doc = bytes(99, 5);
    const docPath = join(root, 'notes.txt');
    writeFileSync(docPath, doc);
    const copied: PackageEntry[] = [{ name: 'docs/notes.txt', path: docPath, size: doc.length, crc32: crc32(doc) }];
    const w = await openStreamedPackage(join(root, 'a.stempack'), { force: false }, manifest.length, [], copied);
    await w.finish(manifest, []);
    await writePackage(join(root, 'b.stempack'), { force: false }, manifest, copied);
    expect(sha(readFileSync(join(root, 'a.stempack')))).toBe(sha(readFileSync(join(root, 'b.stempack'))));
  });

  it('refuses an entry that got fewer or more bytes than its size, or out of order, and leaves nothing', async () => {
    const { root } = setup();
    const out = join(root, 'out.stempack');
    const data = bytes(5000, 6);
    // short: the source shrank while it was read
    let w = await openStreamedPackage(out, { force: false }, 4, [{ name: 'mix/Mix.wav', size: data.length }], []);
    w.data(0, 0, data.subarray(0, 4000));
    await expect(w.checkComplete()).rejects.toThrow(/changed/);
    await expect(w.finish(new TextEncoder().encode('{}  '), [crc32(data)])).rejects.toThrow(/changed/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
    // long, and out of order
    w = await openStreamedPackage(out, { force: false }, 4, [{ name: 'mix/Mix.wav', size: data.length }], []);
    expect(() => w.data(0, 0, new Uint8Array(data.length + 1))).toThrow(/changed/);
    expect(() => w.data(0, 10, data.subarray(10, 20))).toThrow(/order/);
    await w.abort();
    // the file grew after it was opened: its bytes were all handed over, but it is not that file any more
    const p = join(root, 'in.wav');
    writeFileSync(p, data);
    w = await openStreamedPackage(out, { force: false }, 4, [{ name: 'mix/Mix.wav', size: data.length, path: p }], []);
    w.data(0, 0, data);
    appendFileSync(p, 'more');
    await expect(w.finish(new TextEncoder().encode('{}  '), [crc32(data)])).rejects.toThrow(/changed/);
    // a manifest that does not fill its slot exactly
    w = await openStreamedPackage(out, { force: false }, 8, [], []);
    await expect(w.finish(new TextEncoder().encode('{}'), [])).rejects.toThrow(/slot/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
  });
});

describe('the manifest slot', () => {
  it('manifestReserve rounds up to 64 bytes; padManifest pads with spaces after the final newline, or refuses', () => {
    expect([0, 1, 63, 64, 65, 1000].map(manifestReserve)).toEqual([0, 64, 64, 64, 128, 1024]);
    expect(() => manifestReserve(-1)).toThrow();
    const m = new TextEncoder().encode(serializeManifest({ stempack: '1.0.0', title: 'T' } as never));
    const p = padManifest(m, 100)!;
    expect(p.length).toBe(100);
    const text = new TextDecoder().decode(p);
    expect(text).toBe(new TextDecoder().decode(m) + ' '.repeat(100 - m.length));
    expect(JSON.parse(text)).toEqual({ stempack: '1.0.0', title: 'T' });
    expect(padManifest(m, m.length)).toEqual(m);
    expect(padManifest(m, m.length - 1)).toBeNull();
  });

  it('the worst-case measures print at least as long as any real ones', () => {
    const analysis = (peak: number, lufs: number | null, lra: number | null, tp: number | null, loud: boolean): FileAnalysis =>
      ({
        sha256: '0'.repeat(64),
        audioSha256: 'a'.repeat(64),
        crc32: 0,
        levels: { peakDbfs: peak, integratedLufs: lufs, loudnessRangeLu: lra, truePeakDbtp: tp, measured: { loudness: loud, truePeak: loud ? 'all' : 'none' } },
      }) as unknown as FileAnalysis;
    const len = (m: ItemMeasures) => JSON.stringify(m, null, 2).length;
    // the extremes of a double: the largest amplitude and the smallest subnormal
    const extremes = [20 * Math.log10(Number.MAX_VALUE), 20 * Math.log10(Number.MIN_VALUE), -0.004999, -123.456, 0, -Infinity, NaN];
    for (const x of extremes) {
      for (const loud of [false, true]) expect(len(measuresOf(analysis(x, x, x, x, loud)))).toBeLessThanOrEqual(len(worstCaseMeasures(loud)));
    }
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), fc.double(), fc.boolean(), (a, b, c, d, loud) => {
        const db = (v: number) => (Number.isFinite(v) && v > 0 ? 20 * Math.log10(v) : v);
        // dB figures of any double amplitude or power, the range a difference of two of them
        const m = measuresOf(analysis(db(Math.abs(a)), db(Math.abs(b)), db(Math.abs(b)) - db(Math.abs(c)), db(Math.abs(d)), loud));
        return len(m) <= len(worstCaseMeasures(loud)) && (m.peak === null || String(m.peak) === String(dbForJson(m.peak)));
      }),
    );
  });
});

describe('pack in one pass', () => {
  /** The golden folder of write.test.ts. */
  const golden = () => {
    const s = setup();
    writeStemFolder(s.dir, { seed: 11, frames: 48000, stems: ['Drums.wav', 'Bass.wav', 'Gtr L.wav', 'Vox.wav'] });
    const notes = join(s.root, 'notes.txt');
    writeFileSync(notes, 'recorded package\n');
    return { ...s, opts: { inputs: [s.dir], output: s.out, artist: 'The Testers', title: 'Golden', created: '2026-01-01T00:00:00Z', attachments: [notes] } };
  };

  it('writes a padded manifest that validates, and the audio byte for byte', async () => {
    const { dir, out, opts } = golden();
    const r = await pack(opts);
    expect(r.ok).toBe(true);
    const yz = await readZipYauzl(out);
    expect(yz.map((e) => e.name)).toEqual(['mimetype', 'stempack.json', 'mix/Mix.wav', 'stems/Bass.wav', 'stems/Drums.wav', 'stems/Gtr L.wav', 'stems/Vox.wav', 'docs/notes.txt']);
    for (const n of ['Mix.wav', 'Bass.wav', 'Drums.wav', 'Gtr L.wav', 'Vox.wav']) {
      expect(sha(yz.find((e) => e.name.endsWith(`/${n}`))!.data)).toBe(sha(readFileSync(join(dir, n))));
    }
    const m = yz[1]!.data.toString('utf8');
    expect(m.length % 64).toBe(0);
    const json = serializeManifest(r.manifest!);
    expect(m.length).toBeGreaterThan(json.length);
    expect(m).toBe(json + ' '.repeat(m.length - json.length));
    expect(unzipTest(out)).toMatch(/No errors detected/);
    const src = await openFileSource(out);
    try {
      expect((await readZip(src)).findings).toEqual([]);
      const report = await validate({ source: src, name: 'out.stempack' });
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    } finally {
      await src.close();
    }
  });

  it('falls back to the two-pass write when the manifest outgrows its slot: the earlier recorded bytes', async () => {
    const { out, root, opts } = golden();
    const bounds: number[] = [];
    const r = await pack(opts, { manifestReserve: (b) => (bounds.push(b), 10) });
    expect(r.ok).toBe(true);
    expect(bounds.length).toBe(1);
    // the package pack wrote before the single pass (unpadded manifest), recorded in write.test.ts
    expect(sha(readFileSync(out))).toBe('39485bd9b39257350911184f9d080884254447bdd6c0cf9b1d890e12dab26158');
    expect(leftovers(root)).toEqual([]);
    // and a slot of exactly the manifest's length: no padding, the same bytes
    const exact = serializeManifest(r.manifest!).length;
    await pack({ ...opts, force: true }, { manifestReserve: () => exact });
    expect(sha(readFileSync(out))).toBe('39485bd9b39257350911184f9d080884254447bdd6c0cf9b1d890e12dab26158');
  });

  it('refuses after measuring without leaving the package or its temp file', async () => {
    const { dir, out, root } = setup();
    writeStemFolder(dir, { tweak: (name, s) => { if (name === 'Mix.wav') s.samples = Int32Array.from(s.samples as Int32Array, (v) => Math.round(v * 0.5)); } });
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.ok).toBe(false);
    expect(r.refusals.map((f) => f.code)).toEqual(['SP-NULL-001']);
    expect(readdirSync(root).sort()).toEqual(['Golden Song']);
  });

  it.each([
    ['shrinks', (p: string) => truncateSync(p, Math.floor(statSync(p).size / 2))],
    ['grows', (p: string) => appendFileSync(p, new Uint8Array(4096))],
  ])('aborts when a source %s while it is read, leaving nothing', async (_label, change) => {
    const { dir, out, root } = setup();
    writeStemFolder(dir, { frames: 4 * 32768 });
    const drums = join(dir, 'Drums.wav');
    let changed = false;
    const p = pack({
      inputs: [dir],
      output: out,
      artist: 'A',
      onProgress: (x) => {
        // the first progress comes from the header regions, before any sample data is read
        if (x.phase === 'measure' && !changed) {
          changed = true;
          change(drums);
        }
      },
    });
    // a short block stops the decoder; a file that grew is caught by its size after the pass
    await expect(p).rejects.toThrow(_label === 'grows' ? /changed/ : /./);
    expect(changed).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['Golden Song']);
  });
});
