// The worker-thread engine (Node) gives bit-identical results to the single-thread path:
// file-backed sources (blocks moved to the workers) and in-memory ones (copied), the integer
// and float null paths, gains, files the pass cannot decode, odd block sizes, progress totals.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFiles, setCrc32Implementation, type AnalysisFile, type AnalysisOptions } from './analysis-api.js';
import { crc32Update } from '../../src/container/crc32.js';
import { crc32 as zcrc } from 'node:zlib';
import { readAudioHeader } from '../../src/audio/index.js';
import { BytesSource, openFileSource, SliceSource, type FileSource } from '../../src/io/index.js';
import { buildPackage, type BuildOptions } from '../helpers/package-builder.js';
import { analysisWorkerUrl } from '../../src/analysis/parallel-node.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-parallel-'));
const open: FileSource[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The files of a generated package three ways: in memory, as files, as windows of one file. */
async function sources(opts: BuildOptions): Promise<AnalysisFile[][]> {
  const b = buildPackage(opts);
  const mem: AnalysisFile[] = [];
  const disk: AnalysisFile[] = [];
  const windows: AnalysisFile[] = [];
  const all = [...b.files.values()];
  const joined = new Uint8Array(all.reduce((s, x) => s + x.length + 3, 0));
  let at = 0;
  const offsets: number[] = [];
  for (const x of all) {
    joined.set(x, at + 3);
    offsets.push(at + 3);
    at += x.length + 3;
  }
  const jp = join(dir, `joined-${Math.random().toString(36).slice(2)}.bin`);
  writeFileSync(jp, joined);
  const whole = await openFileSource(jp);
  open.push(whole);
  let k = 0;
  for (const [path, bytes] of b.files) {
    const { header } = await readAudioHeader(new BytesSource(bytes, path));
    mem.push({ path, src: new BytesSource(bytes, path), header: header! });
    const p = join(dir, `${k}-${path.replace(/[\\/]/g, '_')}`);
    writeFileSync(p, bytes);
    const fs = await openFileSource(p, path);
    open.push(fs);
    disk.push({ path, src: fs, header: header! });
    windows.push({ path, src: new SliceSource(whole, offsets[k]!, bytes.length, path), header: header! });
    k++;
  }
  return [mem, disk, windows];
}

async function same(files: AnalysisFile[], opts: AnalysisOptions): Promise<void> {
  const one = JSON.stringify(await analyzeFiles(files, { ...opts, workers: 0 }));
  for (const workers of [1, 2, 3]) {
    let total = 0;
    const r = JSON.stringify(await analyzeFiles(files, { ...opts, workers, onProgress: (d) => (total = d) }));
    expect(r).toBe(one);
    expect(total).toBe(files.reduce((s, f) => s + f.src.size, 0));
  }
}

describe('parallel analysis engine', () => {
  it('finds its worker script (so the comparisons below really run in workers)', () => {
    expect(analysisWorkerUrl()).not.toBeNull();
  });

  it('summed integer null path, levels and hashes match the single thread (memory, files, windows)', async () => {
    for (const files of await sources({ frames: 20011 })) {
      await same(files, { mixIndex: 0, blockFrames: 1000, levels: { truePeak: true, loudness: true } });
      await same(files, { mixIndex: 0 });
    }
  });

  it('many small blocks: the shared ring fills and empties thousands of times without reordering a hash stream', async () => {
    const [, disk, windows] = await sources({ frames: 30011 });
    for (const files of [disk!, windows!]) await same(files, { mixIndex: 0, blockFrames: 7 });
  });

  it('the native CRC-32 (Node) and the portable one agree through the pass', async () => {
    const [mem] = await sources({ frames: 3001 });
    const native = JSON.stringify(await analyzeFiles(mem!, { workers: 0, blockFrames: 100 }));
    setCrc32Implementation(crc32Update);
    try {
      expect(JSON.stringify(await analyzeFiles(mem!, { workers: 0, blockFrames: 100 }))).toBe(native);
    } finally {
      setCrc32Implementation((c, b) => zcrc(b, c >>> 0));
    }
  });

  it('float path (gains, float files), trailing chunks, no CRC, no levels', async () => {
    const [, disk] = await sources({ frames: 7001, hooks: { audio: (it) => void (it.wav.trailingChunks = [{ id: 'LIST', body: new Uint8Array(13).fill(7) }]) } });
    await same(disk!, { mixIndex: 0, gainsDb: [0, 0, -6, 0], blockFrames: 333 });
    await same(disk!, { crc: false, levels: false, blockFrames: 4096 });
    const [, fl] = await sources({ frames: 5000, sampleFormat: 'float' });
    await same(fl!, { mixIndex: 0, blockFrames: 777 });
  });

  it('frames that differ: both engines null over the common span (ending mid-block, on the exact and the float path); a file the pass cannot decode is still hashed', async () => {
    const [, short] = await sources({ frames: 3000, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } });
    await same(short!, { mixIndex: 0, blockFrames: 100 });
    // a shorter stem that is also 1 dB hot, and a longer one: the span ends inside a block
    const [, uneven] = await sources({
      frames: 3000,
      hooks: {
        audio: (it) => {
          if (it.id === 'bass') it.frames -= 137;
          if (it.id === 'drums') it.frames += 55;
        },
        manifest: (m) => void (m.stems[0]!.gainDb = 1),
      },
    });
    for (const gainsDb of [undefined, [0, 1, 0, 0]]) {
      await same(uneven!, { mixIndex: 0, blockFrames: 100, ...(gainsDb ? { gainsDb } : {}) });
      const r = await analyzeFiles(uneven!, { mixIndex: 0, blockFrames: 100, workers: 0, ...(gainsDb ? { gainsDb } : {}) });
      expect(r.nullFrames).toBe(3000 - 137);
    }
    const [mem] = await sources({ frames: 3000 });
    const odd = mem!.map((f, i) => (i === 1 ? { ...f, header: { ...f.header, blockAlign: f.header.blockAlign + 1 } } : f));
    await same(odd, { mixIndex: 0, blockFrames: 512 });
  });

  it('onData hands over every byte of every file exactly once, in file order (both engines; trailing chunks; a file the pass cannot decode)', async () => {
    const [mem, disk, windows] = await sources({ frames: 5003, hooks: { audio: (it) => void (it.wav.trailingChunks = [{ id: 'LIST', body: new Uint8Array(13).fill(7) }]) } });
    for (const files of [mem!, disk!, windows!, mem!.map((f, i) => (i === 2 ? { ...f, header: { ...f.header, blockAlign: f.header.blockAlign + 1 } } : f))]) {
      for (const workers of [0, 2]) {
        const copies = files.map((f) => ({ bytes: new Uint8Array(f.src.size), next: 0 }));
        const r = await analyzeFiles(files, {
          mixIndex: 0,
          blockFrames: 777,
          workers,
          // a heavy caller: this thread keeps fewer hash streams, the results stay the same
          onDataCost: workers === 0 ? 0 : 5,
          onData: (i, offset, bytes) => {
            const c = copies[i]!;
            expect(offset).toBe(c.next);
            c.bytes.set(bytes, offset);
            c.next = offset + bytes.length;
          },
        });
        expect(JSON.stringify(r)).toBe(JSON.stringify(await analyzeFiles(files, { mixIndex: 0, blockFrames: 777, workers: 0 })));
        for (const [i, f] of files.entries()) {
          expect(copies[i]!.next).toBe(f.src.size);
          expect(Buffer.from(copies[i]!.bytes).equals(Buffer.from(await f.src.read(0, f.src.size)))).toBe(true);
        }
      }
    }
  });

  it('a read that fails part-way (sync or async) rejects the pass: no hang, the workers end', async () => {
    const [, disk] = await sources({ frames: 20011 });
    for (const mode of ['sync', 'async'] as const) {
      let reads = 0;
      const failing = disk!.map((f, i) => {
        if (i !== 2) return f;
        const src = f.src as FileSource;
        const boom = (): never => {
          throw new Error('EIO: simulated read error');
        };
        const wrapped = {
          size: src.size,
          name: src.name,
          read: (o: number, n: number) => src.read(o, n),
          readInto: async (o: number, t: Uint8Array) => (++reads > 5 ? boom() : src.readInto(o, t)),
          ...(mode === 'sync' ? { readIntoSync: (o: number, t: Uint8Array) => (++reads > 5 ? boom() : src.readIntoSync(o, t)) } : {}),
        };
        return { ...f, src: wrapped };
      });
      await expect(analyzeFiles(failing, { mixIndex: 0, blockFrames: 500, workers: 1 })).rejects.toThrow(/simulated read error/);
      expect(reads).toBeGreaterThan(5);
    }
  });
});
