// Zip64 in practice: one stored entry above 4 GiB, written streaming to a temp file (about
// 4.3 GB, deleted afterwards). Needed in CI. The >65,535-entry case is in zip64-many.test.ts.
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/container/read-zip.js';
import { entrySource } from '../../src/container/entry-data.js';
import { createPackageZipWriter } from '../../src/container/zip-writer.js';
import { FileSink } from '../../src/io/file-sink.js';
import { FileSource } from '../../src/io/file-source.js';
import { tempDir, text } from './helpers.js';
import { python, unzipTest, yauzlList, yauzlRange } from './interop.js';

const BIG = 2 ** 32 + (32 << 20); // 4 GiB + 32 MiB
const CHUNK = 4 << 20;
/** Chunk k of the pattern starts with k; the rest is a fixed ramp. */
const pattern = new Uint8Array(CHUNK).map((_, i) => (i * 31 + 7) & 255);

async function* bigData(): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < BIG; o += CHUNK) yield pattern.subarray(0, Math.min(CHUNK, BIG - o));
}

describe('Zip64', () => {
  it('a stored entry over 4 GiB: our reader, unzip -t, zipfile and yauzl agree on the exact size', { timeout: 900_000 }, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'big.stempack');
      const t0 = performance.now();
      const w = createPackageZipWriter(await FileSink.open(p));
      await w.addEntry('stempack.json', text('{}'), { method: 'stored' });
      await w.addEntry('stems/big.wav', bigData(), { method: 'stored', size: BIG });
      await w.addEntry('docs/after.txt', text('after the big one'), { method: 'stored' });
      await w.close();
      const tWrite = performance.now();

      const fsrc = await FileSource.open(p);
      try {
        const r = await readZip(fsrc);
        expect(r.findings).toEqual([]);
        expect(r.zip64).toBe(true);
        const big = r.entries.find((e) => e.name === 'stems/big.wav')!;
        expect(big).toMatchObject({ size: BIG, compressedSize: BIG, method: 0, zip64: true, readable: true });
        const after = r.entries.find((e) => e.name === 'docs/after.txt')!;
        expect(after.localHeaderOffset).toBeGreaterThan(2 ** 32);
        expect(after.zip64).toBe(true);
        const tail = await entrySource(fsrc, big).read(BIG - 16, 16);
        expect(Array.from(tail)).toEqual(Array.from(pattern.subarray(CHUNK - 16)));
      } finally {
        await fsrc.close();
      }

      // unzip -t reads the whole entry and checks its CRC.
      expect(unzipTest(p)).toMatch(/No errors detected/);
      const tUnzip = performance.now();
      const out = python(p, `z = zipfile.ZipFile(p)\ni = z.getinfo("stems/big.wav")\nf = z.open(i)\nf.seek(${BIG - 16})\nprint(i.file_size, i.compress_type, f.read().hex(), z.read("docs/after.txt").decode())`);
      expect(out.trim()).toBe(`${BIG} 0 ${Buffer.from(pattern.subarray(CHUNK - 16)).toString('hex')} after the big one`);
      const y = await yauzlList(p, (n) => n !== 'stems/big.wav');
      expect(y.entries.map((e) => [e.name, e.size])).toEqual([['mimetype', 28], ['stempack.json', 2], ['stems/big.wav', BIG], ['docs/after.txt', 17]]);
      expect(y.entries.filter((e) => e.dataCrc !== undefined).every((e) => e.dataCrc === e.crc32)).toBe(true);
      const range = await yauzlRange(p, 'stems/big.wav', BIG - 16, BIG);
      expect(Array.from(range)).toEqual(Array.from(pattern.subarray(CHUNK - 16)));
      console.log(`zip64 big entry: ${statSync(p).size} bytes; write ${((tWrite - t0) / 1000).toFixed(1)} s, unzip -t ${((tUnzip - tWrite) / 1000).toFixed(1)} s`);
    } finally {
      cleanup();
    }
  });
});
