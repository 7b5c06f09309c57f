// Zip64 for entry count: an archive of more than 65,535 (small) entries. Needed in CI.
// zip.js costs about 1-2 ms per entry in Node 20 (web-stream setup), so this takes a minute or more.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/container/read-zip.js';
import { createPackageZipWriter } from '../../src/container/zip-writer.js';
import { layoutStoredPackage, MIMETYPE_BYTES } from '../../src/container/stored-layout.js';
import { crc32 } from '../../src/container/crc32.js';
import { MemorySink } from '../../src/io/memory-sink.js';
import { src, tempDir, text } from './helpers.js';
import { python, unzipTest, yauzlList } from './interop.js';

describe('Zip64', () => {
  it('more than 65,535 entries: Zip64 end records, every reader counts them', { timeout: 600_000 }, async () => {
    const N = 65_600;
    const sink = new MemorySink(8 << 20);
    const w = createPackageZipWriter(sink);
    await w.addEntry('stempack.json', text('{}'), { method: 'stored' });
    for (let i = 0; i < N; i++) await w.addEntry(`docs/${i}.txt`, new Uint8Array([i & 255]), { method: 'stored' });
    await w.close();
    const bytes = sink.bytes().slice();
    const r = await readZip(src(bytes));
    expect(r.findings).toEqual([]);
    expect(r.zip64).toBe(true);
    expect(r.entries.length).toBe(N + 2);
    expect(r.entries[N + 1]).toMatchObject({ name: `docs/${N - 1}.txt`, size: 1 });
    // the precomputed stored layout (pack's writer) gives the same bytes, Zip64 end records included
    const specs = [{ name: 'stempack.json', data: text('{}') }, ...Array.from({ length: N }, (_, i) => ({ name: `docs/${i}.txt`, data: new Uint8Array([i & 255]) }))];
    const layout = layoutStoredPackage(specs.map((s) => ({ name: s.name, size: s.data.length, crc32: crc32(s.data) })));
    const ours = new Uint8Array(layout.size);
    layout.entries.forEach((e, i) => {
      ours.set(e.header, e.headerOffset);
      ours.set(i === 0 ? MIMETYPE_BYTES : specs[i - 1]!.data, e.dataOffset);
    });
    ours.set(layout.tail, layout.directoryOffset);
    expect(Buffer.from(ours).equals(Buffer.from(bytes))).toBe(true);
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'many.stempack');
      writeFileSync(p, bytes);
      expect(unzipTest(p)).toMatch(/No errors detected/);
      expect(python(p, 'z = zipfile.ZipFile(p)\nprint(len(z.infolist()), z.testzip())').trim()).toBe(`${N + 2} None`);
      const y = await yauzlList(p, () => false);
      expect(y.entryCount).toBe(N + 2);
      expect(y.entries.length).toBe(N + 2);
    } finally {
      cleanup();
    }
  });
});
