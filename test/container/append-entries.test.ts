// Appending and dropping small stored entries at the end of an archive (how signatures are added):
// every other entry keeps its bytes and offset; the result is read the same by our reader, yauzl,
// Info-ZIP unzip and Python's zipfile; Zip64 archives stay Zip64 (a sparse 5 GiB file).
import { describe, expect, it } from 'vitest';
import { closeSync, openSync, statSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/container/read-zip.js';
import { readEntryBytes } from '../../src/container/entry-data.js';
import { applyTailRewrite, planTailRewrite, RewriteError } from '../../src/container/append-entries.js';
import { layoutStoredPackage, MIMETYPE_BYTES } from '../../src/container/stored-layout.js';
import { crc32 } from '../../src/container/crc32.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { FileSource } from '../../src/io/file-source.js';
import { tempDir, text, writePackage } from './helpers.js';
import { python, unzipTest, yauzlList } from './interop.js';

const sig = (s: string) => ({ name: `signatures/${s}.sig`, data: text(`-----BEGIN SSH SIGNATURE-----\n${s}\n-----END SSH SIGNATURE-----\n`) });

describe('planTailRewrite', () => {
  it('appends entries after the last one; every other entry keeps its bytes at its offset; independent readers agree', async () => {
    const pkg = await writePackage([
      { name: 'stempack.json', data: text('{"title": "Song"}'), method: 'deflate' },
      { name: 'stems/a.wav', data: new Uint8Array(5000).map((_, i) => i & 255) },
      { name: 'docs/notes.txt', data: text('notes'), method: 'deflate' },
    ]);
    const src = new BytesSource(pkg);
    const zip = await readZip(src);
    const plan = await planTailRewrite(src, zip, () => false, [sig('mixer'), sig('label')]);
    expect(plan.keep).toBe(zip.directory!.offset);
    const out = await applyTailRewrite(src, plan);
    expect(Buffer.compare(out.subarray(0, plan.keep), pkg.subarray(0, plan.keep))).toBe(0);
    const again = await readZip(new BytesSource(out));
    expect(again.findings).toEqual([]);
    expect(again.entries.map((e) => e.name)).toEqual(['mimetype', 'stempack.json', 'stems/a.wav', 'docs/notes.txt', 'signatures/mixer.sig', 'signatures/label.sig']);
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'signed.stempack');
      writeFileSync(p, out);
      expect(unzipTest(p)).toMatch(/No errors detected/);
      const y = await yauzlList(p);
      expect(y.entries.every((e) => e.dataCrc === e.crc32)).toBe(true);
      expect(python(p, 'print(zipfile.ZipFile(p).read("signatures/mixer.sig").decode().splitlines()[1])').trim()).toBe('mixer');
    } finally {
      cleanup();
    }
    // dropping what was appended gives the archive back, byte for byte
    const back = await applyTailRewrite(new BytesSource(out), await planTailRewrite(new BytesSource(out), again, (e) => e.name.startsWith('signatures/'), []));
    expect(Buffer.compare(back, pkg)).toBe(0);
  });

  it('refuses to orphan an entry in the middle, to duplicate a name, and to rewrite a damaged archive', async () => {
    const pkg = await writePackage([{ name: 'stempack.json', data: text('{}') }, sig('mixer'), { name: 'stems/a.wav', data: new Uint8Array(100) }]);
    const src = new BytesSource(pkg);
    const zip = await readZip(src);
    await expect(planTailRewrite(src, zip, (e) => e.name === 'signatures/mixer.sig', [])).rejects.toThrow(/lies before stems\/a\.wav/);
    await expect(planTailRewrite(src, zip, () => false, [{ name: 'stems/a.wav', data: text('x') }])).rejects.toThrow(RewriteError);
    const cut = pkg.slice(0, pkg.length - 10);
    await expect(planTailRewrite(new BytesSource(cut), await readZip(new BytesSource(cut)), () => false, [sig('x')])).rejects.toThrow(/damaged/);
  });

  it('a Zip64 archive (an entry above 4 GiB, a sparse file) stays Zip64, with the new entry past 4 GiB', async () => {
    const BIG = 5 * 2 ** 30;
    const manifest = text('{"title": "Big"}');
    const layout = layoutStoredPackage([
      { name: 'stempack.json', size: manifest.length, crc32: crc32(manifest) },
      { name: 'stems/big.wav', size: BIG, crc32: 0 },
    ]);
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'big.stempack');
      const fd = openSync(p, 'w');
      ftruncateSync(fd, layout.size);
      for (const e of layout.entries) writeSync(fd, e.header, 0, e.header.length, e.headerOffset);
      writeSync(fd, MIMETYPE_BYTES, 0, MIMETYPE_BYTES.length, layout.entries[0]!.dataOffset);
      writeSync(fd, manifest, 0, manifest.length, layout.entries[1]!.dataOffset);
      writeSync(fd, layout.tail, 0, layout.tail.length, layout.directoryOffset);
      closeSync(fd);
      const src = await FileSource.open(p);
      let plan;
      try {
        const zip = await readZip(src);
        expect(zip.zip64).toBe(true);
        plan = await planTailRewrite(src, zip, () => false, [sig('mixer')]);
      } finally {
        await src.close();
      }
      expect(plan.keep).toBe(layout.directoryOffset);
      const fd2 = openSync(p, 'r+');
      writeSync(fd2, plan.tail, 0, plan.tail.length, plan.keep);
      ftruncateSync(fd2, plan.size);
      closeSync(fd2);
      const out = await FileSource.open(p);
      try {
        const r = await readZip(out);
        expect(r.findings).toEqual([]);
        expect(r.zip64).toBe(true);
        const s = r.entries.find((e) => e.name === 'signatures/mixer.sig')!;
        expect(s.localHeaderOffset).toBeGreaterThan(2 ** 32);
        expect(s.zip64).toBe(true);
        expect(new TextDecoder().decode((await readEntryBytes(out, s, 1000)).bytes!)).toContain('mixer');
      } finally {
        await out.close();
      }
      expect(python(p, 'z = zipfile.ZipFile(p)\nprint(z.namelist(), z.read("signatures/mixer.sig").decode().splitlines()[1])').trim()).toBe("['mimetype', 'stempack.json', 'stems/big.wav', 'signatures/mixer.sig'] mixer");
      expect(statSync(p).size).toBe(plan.size);
    } finally {
      cleanup();
    }
  });
});
