// Byte sources: clipping at the ends, windows, Blob reads, files above 4 GiB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobSource, BytesSource, SliceSource, openFileSource } from '../../src/io/index.js';
import type { ByteSource } from '../../src/model/byte-source.js';

const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);

async function contract(src: ByteSource, expected: Uint8Array): Promise<void> {
  expect(src.size).toBe(expected.length);
  expect([...(await src.read(0, 10))]).toEqual([...expected.subarray(0, 10)]);
  expect([...(await src.read(95, 10))]).toEqual([...expected.subarray(95)]);
  expect((await src.read(100, 10)).length).toBe(0);
  expect((await src.read(200, 10)).length).toBe(0);
  expect([...(await src.read(-5, 10))]).toEqual([...expected.subarray(0, 5)]); // [-5, 5) clipped to [0, 5)
  expect((await src.read(10, 0)).length).toBe(0);
  expect((await src.read(10, -3)).length).toBe(0);
  const [a, b] = await Promise.all([src.read(1, 3), src.read(50, 3)]);
  expect([...a, ...b]).toEqual([1, 2, 3, 50, 51, 52]);
}

describe('byte sources', () => {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'stempack-io-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('BytesSource returns views', async () => {
    const s = new BytesSource(bytes, 'b');
    await contract(s, bytes);
    const v = await s.read(10, 5);
    expect(v.buffer).toBe(bytes.buffer);
    expect(s.name).toBe('b');
  });

  it('BlobSource', async () => {
    await contract(new BlobSource(new Blob([bytes]), 'blob'), bytes);
  });

  it('SliceSource is a window, clipped to its parent', async () => {
    const parent = new BytesSource(Uint8Array.from({ length: 300 }, (_, i) => (i + 200) & 0xff));
    const s = new SliceSource(parent, 56, 100, 'entry');
    await contract(s, bytes);
    expect(s.name).toBe('entry');
    expect(new SliceSource(parent, 250, 100).size).toBe(50);
    expect(new SliceSource(parent, 400, 100).size).toBe(0);
    // nested windows
    const inner = new SliceSource(s, 10, 20);
    expect([...(await inner.read(0, 3))]).toEqual([10, 11, 12]);
    expect(inner.size).toBe(20);
  });

  it('FileSource returns fresh arrays and closes', async () => {
    const p = join(dir, 'f.bin');
    writeFileSync(p, bytes);
    const s = await openFileSource(p);
    await contract(s, bytes);
    expect(s.name).toBe(p);
    const a = await s.read(0, 4);
    const b = await s.read(4, 4);
    expect([...a]).toEqual([0, 1, 2, 3]); // not overwritten by the next read
    expect(a.buffer).not.toBe(b.buffer);
    await s.close();
    await expect(openFileSource(join(dir, 'missing'))).rejects.toThrow();
  });

  it('readInto: FileSource, and SliceSource over a file or over bytes', async () => {
    const p = join(dir, 'g.bin');
    writeFileSync(p, bytes);
    const f = await openFileSource(p);
    const t = new Uint8Array(8);
    expect(await f.readInto(96, t)).toBe(4);
    expect([...t.subarray(0, 4)]).toEqual([96, 97, 98, 99]);
    for (const parent of [f, new BytesSource(bytes)]) {
      const s = new SliceSource(parent, 10, 20);
      const u = new Uint8Array(8).fill(255);
      expect(await s.readInto(16, u)).toBe(4);
      expect([...u]).toEqual([26, 27, 28, 29, 255, 255, 255, 255]);
      expect(await s.readInto(30, u)).toBe(0);
    }
    await f.close();
  });

  it('readIntoSync: the same bytes as readInto (FileSource, SliceSource over a file); null over a source without it', async () => {
    const p = join(dir, 'h.bin');
    writeFileSync(p, bytes);
    const f = await openFileSource(p);
    const t = new Uint8Array(8);
    expect(f.readIntoSync(96, t)).toBe(4);
    expect([...t.subarray(0, 4)]).toEqual([96, 97, 98, 99]);
    expect(f.readIntoSync(200, t)).toBe(0);
    const s = new SliceSource(f, 10, 20);
    const u = new Uint8Array(8).fill(255);
    expect(s.readIntoSync(16, u)).toBe(4);
    expect([...u]).toEqual([26, 27, 28, 29, 255, 255, 255, 255]);
    expect(s.readIntoSync(30, u)).toBe(0);
    // into shared memory too (the analysis ring)
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    expect(s.readIntoSync(0, shared)).toBe(8);
    expect([...shared]).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(new SliceSource(new BytesSource(bytes), 10, 20).readIntoSync(0, u)).toBeNull();
    await f.close();
  });

  it('FileSource reads past 4 GiB (sparse file)', async () => {
    const p = join(dir, 'big.bin');
    const fd = openSync(p, 'w');
    const at = 2 ** 32 + 1234;
    ftruncateSync(fd, at + 16);
    writeSync(fd, Uint8Array.from([9, 8, 7, 6]), 0, 4, at);
    closeSync(fd);
    const s = await openFileSource(p, 'big');
    expect(s.size).toBe(at + 16);
    expect([...(await s.read(at - 1, 6))]).toEqual([0, 9, 8, 7, 6, 0]);
    expect((await s.read(at + 10, 100)).length).toBe(6);
    await s.close();
    rmSync(p);
  });
});
