import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { readZip } from '../../src/container/read-zip.js';
import { readEntryBytes, verifyEntryCrc, entrySource } from '../../src/container/entry-data.js';
import { crc32 } from '../../src/container/crc32.js';
import { basicSpecs, src, text, writePackage, type Spec } from './helpers.js';

describe('writer -> reader round trip', () => {
  it('writes a clean package our reader accepts with no findings', async () => {
    const specs = basicSpecs();
    const bytes = await writePackage(specs);
    expect(new TextDecoder().decode(bytes.subarray(30, 38))).toBe('mimetype');
    expect(new TextDecoder().decode(bytes.subarray(38, 66))).toBe('application/vnd.stempack+zip');
    const r = await readZip(src(bytes));
    expect(r.findings).toEqual([]);
    expect(r.zip64).toBe(false);
    expect(r.entries.map((e) => e.name)).toEqual(['mimetype', ...specs.map((s) => s.name)]);
    expect(r.entries[0]).toMatchObject({ method: 0, dataOffset: 38, localHeaderOffset: 0, size: 28, flags: 0, dataDescriptor: false });
    for (const [i, s] of specs.entries()) {
      const e = r.entries[i + 1]!;
      expect(e.size).toBe(s.data.length);
      expect(e.crc32).toBe(crc32(s.data));
      expect(e.method).toBe(s.method === 'deflate' ? 8 : 0);
      expect(e.readable).toBe(true);
      expect(await verifyEntryCrc(src(bytes), e)).toEqual([]);
      const got = await readEntryBytes(src(bytes), e, 1 << 20);
      expect(got.findings).toEqual([]);
      expect(got.bytes).toEqual(s.data);
    }
    const drums = r.entries[2]!;
    expect(drums.dataDescriptor).toBe(false);
    const es = entrySource(src(bytes), drums);
    expect(es.size).toBe(5000);
    expect(await es.read(10, 3)).toEqual(specs[1]!.data.subarray(10, 13));
  });

  it('streams with known size and crc without a data descriptor', async () => {
    const data = new Uint8Array(10_000).map((_, i) => i);
    const bytes = await writePackage([{ name: 'stempack.json', data: text('{}') }, { name: 'stems/a.wav', data, stream: true, known: true }], crc32);
    const r = await readZip(src(bytes));
    expect(r.findings).toEqual([]);
    expect(r.entries[2]).toMatchObject({ size: 10_000, crc32: crc32(data), dataDescriptor: false, zip64: false });
  });

  it('streams through empty chunks without stalling', { timeout: 5_000 }, async () => {
    const { createPackageZipWriter } = await import('../../src/container/zip-writer.js');
    const { MemorySink } = await import('../../src/io/memory-sink.js');
    const data = text('after an empty chunk');
    async function* gen(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(0);
      yield data;
      yield new Uint8Array(0);
    }
    const sink = new MemorySink();
    const w = createPackageZipWriter(sink);
    await w.addEntry('stempack.json', text('{}'), { method: 'stored' });
    await w.addEntry('docs/a.txt', gen(), { method: 'stored', size: data.length, crc32: crc32(data) });
    await w.addEntry('docs/empty.txt', (async function* () {})(), { method: 'stored', size: 0, crc32: 0 });
    await w.close();
    const r = await readZip(src(sink.bytes().slice()));
    expect(r.findings).toEqual([]);
    expect(r.entries.map((e) => [e.name, e.size])).toEqual([['mimetype', 28], ['stempack.json', 2], ['docs/a.txt', data.length], ['docs/empty.txt', 0]]);
  });

  it('handles many entries', async () => {
    const specs: Spec[] = [{ name: 'stempack.json', data: text('{}') }];
    for (let i = 0; i < 300; i++) specs.push({ name: `docs/n${i}.txt`, data: text('x'.repeat(i)), method: i % 2 ? 'deflate' : 'stored' });
    const bytes = await writePackage(specs);
    const r = await readZip(src(bytes));
    expect(r.findings).toEqual([]);
    expect(r.entries.length).toBe(302);
    expect(r.entries.map((e) => e.size)).toEqual([28, ...specs.map((s) => s.data.length)]);
    expect(r.entries.map((e) => e.crc32)).toEqual([crc32(text('application/vnd.stempack+zip')), ...specs.map((s) => crc32(s.data))]);
  });

  const entryArb = fc.record({
    name: fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9]{1,8}){0,2}\.(wav|txt)$/),
    data: fc.uint8Array({ maxLength: 3000 }),
    method: fc.constantFrom<'stored' | 'deflate'>('stored', 'deflate'),
    stream: fc.boolean(),
  });
  fcTest.prop([fc.uniqueArray(entryArb, { selector: (e) => e.name.toLowerCase(), maxLength: 8 })], { numRuns: 25 })(
    'same entries written twice give identical bytes and read back',
    async (entries) => {
      const specs: Spec[] = [{ name: 'stempack.json', data: text('{"a":1}') }, ...entries.filter((e) => e.name !== 'stempack.json')];
      const a = await writePackage(specs);
      const b = await writePackage(specs);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const r = await readZip(src(a));
      expect(r.findings).toEqual([]);
      expect(r.entries.slice(1).map((e) => [e.name, e.size, e.crc32])).toEqual(specs.map((s) => [s.name, s.data.length, crc32(s.data)]));
    },
  );
});
