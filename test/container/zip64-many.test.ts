// Zip64 for entry count: an archive of more than 65,535 (small) entries. Needed in CI.
// zip.js costs about 1-2 ms per entry in Node 20 (web-stream setup), so this takes a minute or more.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/container/read-zip.js';
import { createPackageZipWriter } from '../../src/container/zip-writer.js';
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
