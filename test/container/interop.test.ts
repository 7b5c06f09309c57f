import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../../src/container/crc32.js';
import { basicSpecs, tempDir, text, writePackage, type Spec } from './helpers.js';
import { python, unzipTest, yauzlList } from './interop.js';

describe('independent readers accept our archives', () => {
  it('yauzl, unzip -t and Python zipfile read a small package with every entry kind', async () => {
    const specs: Spec[] = [
      ...basicSpecs(),
      { name: 'docs/notes – café.txt', data: text('naïve ünïcode'), method: 'deflate' },
      { name: 'docs/empty.txt', data: new Uint8Array(0) },
      { name: 'stems/known.wav', data: new Uint8Array(4096).map((_, i) => i), stream: true, known: true },
      { name: 'stems/streamed.wav', data: new Uint8Array(4096).map((_, i) => i * 5), stream: true },
    ];
    const bytes = await writePackage(specs, crc32);
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'small.stempack');
      writeFileSync(p, bytes);
      const y = await yauzlList(p);
      expect(y.entries.map((e) => [e.name, e.size, e.crc32, e.dataCrc])).toEqual([
        ['mimetype', 28, crc32(text('application/vnd.stempack+zip')), crc32(text('application/vnd.stempack+zip'))],
        ...specs.map((s) => [s.name, s.data.length, crc32(s.data), crc32(s.data)]),
      ]);
      expect(unzipTest(p)).toMatch(/No errors detected/);
      const out = python(p, `z = zipfile.ZipFile(p)\nprint(z.testzip())\nprint("|".join(f"{i.filename}:{i.file_size}" for i in z.infolist()))\nprint(z.read("mimetype").decode())`);
      const [bad, list, mime] = out.trim().split('\n');
      expect(bad).toBe('None');
      expect(list).toBe(['mimetype:28', ...specs.map((s) => `${s.name}:${s.data.length}`)].join('|'));
      expect(mime).toBe('application/vnd.stempack+zip');
    } finally {
      cleanup();
    }
  });
});
