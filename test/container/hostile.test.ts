import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { deflateRawSync } from 'node:zlib';
import { readZip } from '../../src/container/read-zip.js';
import { readEntryBytes, verifyEntryCrc } from '../../src/container/entry-data.js';
import type { Finding } from '../../src/model/finding.js';
import { buildZip, MANIFEST, MIME, type RawEntry } from './raw-zip.js';
import { basicSpecs, src, writePackage } from './helpers.js';

const codes = (fs: Finding[]) => [...new Set(fs.map((f) => f.code))].sort();
/** Findings with params loosened for assertions on arbitrary keys. */
type Loose = Omit<Finding, 'params'> & { params: Record<string, any> };
const all = (fs: Finding[]) => fs as unknown as Loose[];
const pick = (fs: Finding[], code: string) => all(fs).filter((f) => f.code === code);
const pkg = (...more: RawEntry[]) => buildZip([MIME, MANIFEST, ...more]);

describe('raw builder sanity', () => {
  it('a clean hand-built package has no findings', async () => {
    const r = await readZip(src(pkg({ name: 'stems/a.wav', data: new Uint8Array(10) })));
    expect(r.findings).toEqual([]);
    expect(r.entries.length).toBe(3);
  });
});

describe('hostile archives give findings, not exceptions', () => {
  it('truncated archive: SP-ZIP-001 no-eocd', async () => {
    const good = await writePackage(basicSpecs());
    for (const cut of [good.length - 1, good.length - 30, Math.floor(good.length / 2), 10, 0]) {
      const r = await readZip(src(good.slice(0, cut)));
      expect(r.entries).toEqual([]);
      expect(codes(r.findings)).toEqual(['SP-ZIP-001']);
      expect(r.findings[0]!.params).toMatchObject({ reason: cut < 22 ? 'too-small' : 'no-eocd' });
    }
  });

  it('Zip64 EOCD claiming millions of entries in a tiny file: SP-ZIP-001 entry-count, no big allocation', async () => {
    const z = buildZip([MIME, MANIFEST], { zip64: { entries: 5_000_000 } });
    const r = await readZip(src(z));
    const f = pick(r.findings, 'SP-ZIP-001');
    expect(f.map((x) => x.params.reason)).toContain('entry-count');
    expect(f.find((x) => x.params.reason === 'entry-count')!.params).toMatchObject({ declared: 5_000_000 });
    expect(r.zip64).toBe(true);
    expect(r.entries.length).toBe(2);
  });

  it('classic EOCD claiming 65,535 entries: SP-ZIP-001, the entries present still listed', async () => {
    const r = await readZip(src(buildZip([MIME, MANIFEST], { eocdEntries: 0xfffe })));
    expect(pick(r.findings, 'SP-ZIP-001').map((f) => f.params.reason)).toEqual(['entry-count', 'entry-count-mismatch']);
    expect(r.entries.map((e) => e.name)).toEqual(['mimetype', 'stempack.json']);
  });

  it('entry count above maxEntries: SP-ZIP-001 too-many-entries', async () => {
    const r = await readZip(src(pkg({ name: 'a', data: new Uint8Array(1) })), { maxEntries: 2 });
    expect(pick(r.findings, 'SP-ZIP-001').map((f) => f.params)).toEqual([{ reason: 'too-many-entries', max: 2, declared: 3 }]);
    expect(r.entries.length).toBe(2);
  });

  it('central directory offset past EOF: SP-ZIP-001 cd-out-of-range', async () => {
    const r = await readZip(src(buildZip([MIME, MANIFEST], { cdOffset: 1_000_000 })));
    expect(all(r.findings).map((f) => [f.code, f.params.reason])).toEqual([['SP-ZIP-001', 'cd-out-of-range']]);
    const r2 = await readZip(src(buildZip([MIME, MANIFEST], { zip64: { cdOffset: 2 ** 40 } })));
    expect(all(r2.findings).map((f) => [f.code, f.params.reason])).toEqual([['SP-ZIP-001', 'cd-out-of-range']]);
  });

  it('garbage where the central directory should be: SP-ZIP-001 cd-signature', async () => {
    const r = await readZip(src(buildZip([MIME, MANIFEST], { cdOffset: 5 })));
    expect(all(r.findings).map((f) => f.params.reason)).toContain('cd-signature');
  });

  it('local header disagreeing with the central directory: SP-ZIP-007', async () => {
    const r = await readZip(
      src(
        pkg(
          { name: 'stems/a.wav', data: new Uint8Array(8), localName: 'stems/b.wav' },
          { name: 'stems/c.wav', data: new Uint8Array(8), localMethod: 8 },
          { name: 'stems/d.wav', data: new Uint8Array(8), localCrc: 1234 },
        ),
      ),
    );
    const f = pick(r.findings, 'SP-ZIP-007').map((x) => [x.path, x.params.reason]);
    expect(f).toEqual([
      ['stems/a.wav', 'local-name-mismatch'],
      ['stems/c.wav', 'local-method-mismatch'],
      ['stems/d.wav', 'local-crc32-mismatch'],
    ]);
    expect(pick(r.findings, 'SP-ZIP-007')[2]!.params).toMatchObject({ central: expect.any(Number), local: 1234 });
    expect(typeof pick(r.findings, 'SP-ZIP-007')[0]!.at?.byteOffset).toBe('number');
  });

  it('local header offset pointing at no header: SP-ZIP-007 local-signature', async () => {
    const r = await readZip(src(pkg({ name: 'x', data: new Uint8Array(100), lho: 40 })));
    expect(pick(r.findings, 'SP-ZIP-007').map((x) => [x.path, x.params.reason])).toEqual([['x', 'local-signature']]);
    expect(r.entries[2]!.readable).toBe(false);
  });

  it('data running into the central directory: SP-ZIP-007 data-out-of-range', async () => {
    const r = await readZip(src(pkg({ name: 'x', data: new Uint8Array(10), csize: 500, size: 500 })));
    expect(pick(r.findings, 'SP-ZIP-007').map((x) => x.params.reason)).toContain('data-out-of-range');
    expect(r.entries[2]!.readable).toBe(false);
  });

  it('two central records pointing at the same data: SP-ZIP-007 overlap', async () => {
    const r = await readZip(src(pkg({ name: 'stems/a.wav', data: new Uint8Array(50) }, { name: 'stems/b.wav', data: new Uint8Array(50), lhoOf: 2, localName: 'stems/a.wav' })));
    const ov = pick(r.findings, 'SP-ZIP-007').filter((f) => f.params.reason === 'overlap');
    expect(ov.map((f) => [f.path, f.params.other])).toEqual([['stems/b.wav', 'stems/a.wav']]);
  });

  it.each([
    ['../evil', 'dotdot'],
    ['stems/../../evil', 'dotdot'],
    ['/abs', 'absolute'],
    ['C:\\x', 'backslash'],
    ['C:x', 'drive'],
    ['stems\\a.wav', 'backslash'],
    ['a\u0000b', 'control'],
    ['a//b', 'empty-segment'],
  ])('unsafe name %j: SP-ZIP-008 %s', async (name, reason) => {
    const r = await readZip(src(pkg({ name, data: new Uint8Array(1) })));
    const f = pick(r.findings, 'SP-ZIP-008');
    expect(f.map((x) => [x.path, x.params.reason])).toEqual([[name, reason]]);
  });

  it('non-ASCII name without the UTF-8 flag: SP-ZIP-008 not-utf8, decoded as CP437', async () => {
    const r = await readZip(src(pkg({ name: new Uint8Array([0x61, 0x82, 0x2e, 0x77]), data: new Uint8Array(1) })));
    expect(r.entries[2]!.name).toBe('aé.w');
    expect(pick(r.findings, 'SP-ZIP-008').map((x) => x.params.reason)).toEqual(['not-utf8']);
  });

  it('invalid UTF-8 under the UTF-8 flag: SP-ZIP-008 invalid-utf8', async () => {
    const r = await readZip(src(pkg({ name: new Uint8Array([0x61, 0xff]), data: new Uint8Array(1), flags: 0x800 })));
    expect(pick(r.findings, 'SP-ZIP-008').map((x) => x.params.reason)).toEqual(['invalid-utf8']);
  });

  it('NFC/NFD and case collisions, exact duplicates: SP-ZIP-009', async () => {
    const r = await readZip(
      src(
        pkg(
          { name: 'stems/caf\u00e9.wav', data: new Uint8Array(1), flags: 0x800 },
          { name: 'stems/cafe\u0301.wav', data: new Uint8Array(1), flags: 0x800 },
          { name: 'Stems/A.wav', data: new Uint8Array(1) },
          { name: 'stems/a.wav', data: new Uint8Array(1) },
          { name: 'stems/a.wav', data: new Uint8Array(1) },
        ),
      ),
    );
    expect(pick(r.findings, 'SP-ZIP-009').map((f) => [f.path, f.params.kind, f.params.other])).toEqual([
      ['stems/cafe\u0301.wav', 'collision', 'stems/caf\u00e9.wav'],
      ['stems/a.wav', 'collision', 'Stems/A.wav'],
      ['stems/a.wav', 'duplicate', 'stems/a.wav'],
    ]);
  });

  it('encrypted entry: SP-ZIP-014', async () => {
    const r = await readZip(src(pkg({ name: 'stems/a.wav', data: new Uint8Array(12), flags: 1 })));
    expect(pick(r.findings, 'SP-ZIP-014').map((f) => f.path)).toEqual(['stems/a.wav']);
    expect(r.entries[2]!.encrypted).toBe(true);
    expect((await readEntryBytes(src(new Uint8Array(0)), r.entries[2]!, 100)).reason).toBe('encrypted');
  });

  it('0xFFFFFFFF sizes without a Zip64 extra: SP-ZIP-007 zip64-extra-missing', async () => {
    const r = await readZip(src(pkg({ name: 'stems/a.wav', data: new Uint8Array(4), size: 0xffffffff, csize: 0xffffffff })));
    const reasons = pick(r.findings, 'SP-ZIP-007').map((f) => f.params.reason);
    expect(reasons).toContain('zip64-extra-missing');
    expect(r.entries[2]!.readable).toBe(false);
  });

  it('declared size impossible for deflate: SP-ZIP-007 compression-ratio', async () => {
    const r = await readZip(src(pkg({ name: 'docs/a.txt', data: new Uint8Array(10), deflate: true, size: 50_000_000 })));
    expect(pick(r.findings, 'SP-ZIP-007').map((f) => f.params.reason)).toContain('compression-ratio');
    expect(r.entries[2]!.readable).toBe(false);
  });

  it('deflate bomb under a small declared size: readEntryBytes stops at the cap', async () => {
    const big = new Uint8Array(20 << 20);
    const comp = new Uint8Array(deflateRawSync(big));
    const z = pkg({ name: 'docs/bomb.txt', data: comp, method: 8, size: 1000, csize: comp.length });
    const r = await readZip(src(z));
    expect(r.findings).toEqual([]);
    const e = r.entries[2]!;
    const got = await readEntryBytes(src(z), e, 1 << 20);
    expect(got.bytes).toBeNull();
    expect(all(got.findings).map((f) => [f.code, f.params.reason, f.params.expected])).toEqual([['SP-ZIP-007', 'size-mismatch', 1000]]);
    const v = await verifyEntryCrc(src(z), e);
    expect(all(v).map((f) => f.params.reason)).toEqual(['size-mismatch']);
  });

  it('honestly declared entry above the cap is not read', async () => {
    const data = new Uint8Array(5000);
    const z = pkg({ name: 'docs/a.txt', data, deflate: true });
    const r = await readZip(src(z));
    const got = await readEntryBytes(src(z), r.entries[2]!, 4999);
    expect(got).toMatchObject({ bytes: null, findings: [], reason: 'too-large' });
  });

  it('corrupt deflate data and wrong CRC: SP-ZIP-007 inflate-error, SP-ZIP-013', async () => {
    const z = pkg(
      { name: 'docs/bad.txt', data: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8, size: 10 },
      { name: 'docs/crc.txt', data: new TextEncoder().encode('hello'), crc: 42, deflate: true },
      { name: 'stems/crc.wav', data: new TextEncoder().encode('hello'), crc: 43 },
    );
    const r = await readZip(src(z));
    expect(r.findings).toEqual([]);
    const [bad, crcD, crcS] = r.entries.slice(2);
    expect(all((await readEntryBytes(src(z), bad!, 100)).findings).map((f) => [f.code, f.params.reason])).toEqual([['SP-ZIP-007', 'inflate-error']]);
    expect(all((await readEntryBytes(src(z), crcD!, 100)).findings).map((f) => [f.code, f.params])).toEqual([['SP-ZIP-013', { expected: 42, found: 0x3610a686 }]]);
    expect((await verifyEntryCrc(src(z), crcS!)).map((f) => [f.code, f.path, f.params])).toEqual([['SP-ZIP-013', 'stems/crc.wav', { expected: 43, found: 0x3610a686 }]]);
  });
});

describe('Zip64 extra field', () => {
  const u64 = (...vals: number[]) => {
    const b = new Uint8Array(4 + 8 * vals.length);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, 1, true);
    dv.setUint16(2, 8 * vals.length, true);
    vals.forEach((v, i) => dv.setBigUint64(4 + 8 * i, BigInt(v), true));
    return b;
  };
  it('holds only the saturated fields, in order (offset only)', async () => {
    const plain = await readZip(src(pkg({ name: 'a.wav', data: new Uint8Array(7) })));
    const lho = plain.entries[2]!.localHeaderOffset;
    const r = await readZip(src(pkg({ name: 'a.wav', data: new Uint8Array(7), lho: 0xffffffff, centralExtra: u64(lho) })));
    expect(r.findings).toEqual([]);
    expect(r.entries[2]).toMatchObject({ localHeaderOffset: lho, size: 7, zip64: true, readable: true });
  });
  it('sizes and offset all saturated', async () => {
    const plain = await readZip(src(pkg({ name: 'a.wav', data: new Uint8Array(7) })));
    const lho = plain.entries[2]!.localHeaderOffset;
    const r = await readZip(
      src(pkg({ name: 'a.wav', data: new Uint8Array(7), size: 0xffffffff, csize: 0xffffffff, lho: 0xffffffff, centralExtra: u64(7, 7, lho), localExtra: u64(7, 7), flags: 0 })),
    );
    // The local header carries 0xFFFFFFFF sizes with a Zip64 extra of the real ones.
    expect(all(r.findings).map((f) => f.params.reason)).toEqual([]);
    expect(r.entries[2]).toMatchObject({ localHeaderOffset: lho, size: 7, compressedSize: 7, readable: true });
  });
  it('a Zip64 extra too short for its saturated fields: SP-ZIP-007 zip64-extra-short', async () => {
    const r = await readZip(src(pkg({ name: 'a.wav', data: new Uint8Array(7), size: 0xffffffff, csize: 0xffffffff, centralExtra: u64(7) })));
    expect(pick(r.findings, 'SP-ZIP-007').map((f) => f.params.reason)).toContain('zip64-extra-short');
  });
});

describe('bounded reading', () => {
  it('readZip reads headers, not entry data: bytes read stay small beside large entries', async () => {
    const entries: RawEntry[] = [];
    for (let i = 0; i < 20; i++) entries.push({ name: `stems/${i}.wav`, data: new Uint8Array(1 << 20) });
    const z = pkg(...entries);
    const inner = src(z);
    let bytesRead = 0;
    let reads = 0;
    const counting = { size: inner.size, name: inner.name, read: async (o: number, n: number) => { reads++; const b = await inner.read(o, n); bytesRead += b.length; return b; } };
    const r = await readZip(counting);
    expect(r.findings).toEqual([]);
    expect(r.entries.length).toBe(22);
    // EOCD tail (<= 65,557) + central directory + ~1 KiB per local header.
    expect(bytesRead).toBeLessThan(65_557 + 4096 + 22 * 2048);
    expect(reads).toBeLessThan(60);
  });
});

describe('package layout', () => {
  it('missing mimetype and manifest: SP-ZIP-002, SP-ZIP-004', async () => {
    const r = await readZip(src(buildZip([{ name: 'stems/a.wav', data: new Uint8Array(3) }])));
    expect(all(r.findings).map((f) => [f.code, f.params.reason ?? null])).toEqual([
      ['SP-ZIP-002', 'missing'],
      ['SP-ZIP-004', null],
    ]);
  });

  it('mimetype compressed, second, with extra field or wrong content: SP-ZIP-002 reasons', async () => {
    const r1 = await readZip(src(buildZip([MANIFEST, { ...MIME, deflate: true }])));
    expect(pick(r1.findings, 'SP-ZIP-002').map((f) => f.params.reason)).toEqual(['not-first-in-directory', 'not-first-in-archive', 'compressed', 'content']);
    const r2 = await readZip(src(buildZip([{ ...MIME, localExtra: new Uint8Array([0x55, 0x54, 0, 0]) }, MANIFEST])));
    expect(pick(r2.findings, 'SP-ZIP-002').map((f) => [f.params.reason, f.params.extraLength ?? null])).toEqual([['extra-field', 4]]);
    const r3 = await readZip(src(buildZip([{ name: 'mimetype', data: new TextEncoder().encode('application/zip') }, MANIFEST])));
    expect(pick(r3.findings, 'SP-ZIP-002').map((f) => f.params.reason)).toEqual(['content']);
  });

  it('manifest not second: SP-ZIP-005 warning', async () => {
    const r = await readZip(src(buildZip([MIME, { name: 'stems/a.wav', data: new Uint8Array(3) }, MANIFEST])));
    expect(all(r.findings).map((f) => [f.code, f.severity])).toEqual([['SP-ZIP-005', 'warning']]);
  });
});

describe('never throws', () => {
  fcTest.prop([fc.uint8Array({ maxLength: 2000 })], { numRuns: 300 })('arbitrary bytes', async (bytes) => {
    const r = await readZip(src(bytes));
    expect(Array.isArray(r.findings)).toBe(true);
  });

  let base: Uint8Array | undefined;
  fcTest.prop(
    [fc.array(fc.record({ pos: fc.nat(), val: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 12 }), fc.option(fc.nat(), { nil: undefined })],
    { numRuns: 300 },
  )('mutated valid archives (byte flips and truncation), including entry reads', async (muts, cut) => {
    base ??= await writePackage(basicSpecs());
    const z = base.slice(0, cut === undefined ? base.length : Math.max(0, base.length - (cut % 200)));
    for (const m of muts) if (z.length) z[m.pos % z.length] = m.val;
    const s = src(z);
    const r = await readZip(s);
    for (const e of r.entries) {
      await readEntryBytes(s, e, 1 << 16);
      await verifyEntryCrc(s, e);
    }
    expect(Array.isArray(r.findings)).toBe(true);
  });
});
