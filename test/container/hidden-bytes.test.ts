// Bytes a streaming reader sees and the central directory does not (spec §3.3, SP-ZIP-015, issue
// #19): a local entry no central record points at (a hidden Song.ptx or ../../evil.sh), other
// bytes between entries, an end record signature inside the archive comment. Data descriptors
// (all four layouts of APPNOTE 4.3.9) belong to their entry.
import { describe, expect, it } from 'vitest';
import { readZip } from '../../src/container/read-zip.js';
import type { Finding } from '../../src/model/finding.js';
import { buildZip, MANIFEST, MIME, type RawEntry } from './raw-zip.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basicSpecs, src, tempDir, text, writePackage } from './helpers.js';
import { python } from './interop.js';

type Loose = Omit<Finding, 'params'> & { params: Record<string, any> };
const pick = (fs: Finding[], code: string) => (fs as unknown as Loose[]).filter((f) => f.code === code);
const pkg = (more: RawEntry[], opts: Parameters<typeof buildZip>[1] = {}) => buildZip([MIME, MANIFEST, ...more], opts);
const wav = (n: number) => new Uint8Array(n).map((_, i) => (i * 13) & 255);

/** The entries a streaming reader (ZipInputStream-like) lists: local headers walked from byte 0. */
function streamingNames(zip: Uint8Array): string[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: string[] = [];
  let p = 0;
  while (p + 30 <= zip.length && v.getUint32(p, true) === 0x04034b50) {
    const flags = v.getUint16(p + 6, true);
    const csize = v.getUint32(p + 18, true);
    const n = v.getUint16(p + 26, true);
    const x = v.getUint16(p + 28, true);
    out.push(new TextDecoder().decode(zip.subarray(p + 30, p + 30 + n)));
    p += 30 + n + x + csize;
    if (flags & 8) throw new Error('streamingNames: no data descriptors here');
  }
  return out;
}

describe('SP-ZIP-015: every byte before the central directory is a listed entry', () => {
  it('a hidden local entry: listed by a streaming reader, not by the central directory; reported with its name, offset and length', async () => {
    const hidden: RawEntry = { name: 'Song.ptx', data: text('a Pro Tools session'), hidden: true };
    const z = pkg([{ name: 'stems/a.wav', data: wav(100) }, hidden, { name: 'mix/mix.wav', data: wav(50) }]);
    expect(streamingNames(z)).toEqual(['mimetype', 'stempack.json', 'stems/a.wav', 'Song.ptx', 'mix/mix.wav']);
    const r = await readZip(src(z));
    expect(r.entries.map((e) => e.name)).toEqual(['mimetype', 'stempack.json', 'stems/a.wav', 'mix/mix.wav']);
    const f = pick(r.findings, 'SP-ZIP-015');
    expect(f.length).toBe(1);
    const a = r.entries[2]!;
    const start = a.dataOffset + a.compressedSize;
    expect(f[0]!.params).toEqual({ reason: 'hidden-bytes', offset: start, length: 30 + 'Song.ptx'.length + 19, localNames: ['Song.ptx'] });
    expect(f[0]!.path).toBe('');
    expect(f[0]!.at?.byteOffset).toBe(start);
    expect(f[0]!.message).toContain('"Song.ptx"');
    expect(r.findings.filter((x) => x.code !== 'SP-ZIP-015')).toEqual([]);
  });

  it('several hidden entries in one place are named (a path traversal among them); bytes that are no header are reported without names', async () => {
    const z = pkg([{ name: 'stems/a.wav', data: wav(10) }, { name: '../../evil.sh', data: text('rm -rf ~'), hidden: true }, { name: 'x', data: wav(3), hidden: true }, { name: 'mix/mix.wav', data: wav(10) }]);
    expect(pick((await readZip(src(z))).findings, 'SP-ZIP-015').map((f) => f.params.localNames)).toEqual([['../../evil.sh', 'x']]);
    const junk = pkg([{ name: 'stems/a.wav', data: wav(10), after: text('JUNKJUNK') }, { name: 'mix/mix.wav', data: wav(10), after: new Uint8Array(3) }]);
    const r = await readZip(src(junk));
    expect(pick(r.findings, 'SP-ZIP-015').map((f) => [f.params.length, f.params.localNames])).toEqual([[8, undefined], [3, undefined]]);
    expect(r.findings.length).toBe(2);
  });

  it('bytes before the first entry (a prefix) are reported at offset 0', async () => {
    const z = pkg([{ name: 'mix/mix.wav', data: wav(10) }]);
    const prefixed = new Uint8Array(7 + z.length);
    prefixed.set(text('MZprefx'));
    prefixed.set(z, 7);
    // shift every offset of the central directory and the end record by 7
    const v = new DataView(prefixed.buffer);
    for (let p = 7; p + 46 <= prefixed.length; p++) if (v.getUint32(p, true) === 0x02014b50) v.setUint32(p + 42, v.getUint32(p + 42, true) + 7, true);
    const eocd = prefixed.length - 22;
    v.setUint32(eocd + 16, v.getUint32(eocd + 16, true) + 7, true);
    const f = pick((await readZip(src(prefixed))).findings, 'SP-ZIP-015');
    expect(f.map((x) => [x.params.offset, x.params.length])).toEqual([[0, 7]]);
  });

  it('data descriptors of every layout belong to their entry; one that does not match is SP-ZIP-007, not also hidden bytes', async () => {
    for (const d of [{ signature: true }, { signature: false }, { signature: true, zip64: true }, { signature: false, zip64: true }]) {
      const z = pkg([{ name: 'docs/a.txt', data: text('hello hello hello'), deflate: true, descriptor: d }, { name: 'mix/mix.wav', data: wav(10) }]);
      const r = await readZip(src(z));
      expect(r.findings, JSON.stringify(d)).toEqual([]);
    }
    const bad = pkg([{ name: 'docs/a.txt', data: text('hello'), deflate: true, descriptor: { signature: true, bad: true } }, { name: 'mix/mix.wav', data: wav(10) }]);
    const r = await readZip(src(bad));
    expect(r.findings.map((f) => [f.code, f.path, (f.params as Record<string, unknown>).reason])).toEqual([['SP-ZIP-007', 'docs/a.txt', 'data-descriptor']]);
    // our writer (zip.js: data descriptors for deflated entries) writes nothing hidden
    expect((await readZip(src(await writePackage(basicSpecs())))).findings).toEqual([]);
  });

  it('an end record signature inside the archive comment, either way round', async () => {
    const plain = pkg([{ name: 'mix/mix.wav', data: wav(10) }]);
    const sig = Uint8Array.of(0x50, 0x4b, 0x05, 0x06);
    const z = pkg([{ name: 'mix/mix.wav', data: wav(10) }], { comment: new Uint8Array([...text('note '), ...sig, 1, 2]) });
    const f = pick((await readZip(src(z))).findings, 'SP-ZIP-015');
    const eocdAt = plain.length - 22;
    expect(f.map((x) => x.params)).toEqual([{ reason: 'eocd-in-comment', offset: eocdAt + 22 + 5, eocdOffset: eocdAt }]);
    // a second, complete end record in the comment, ending where the file ends: readers that take
    // the last record (this reader) and readers that take the first see different archives
    const fake = new Uint8Array(22);
    fake.set(sig);
    const both = pkg([{ name: 'mix/mix.wav', data: wav(10) }], { comment: fake });
    const g = pick((await readZip(src(both))).findings, 'SP-ZIP-015');
    expect(g.map((x) => x.params)).toEqual([{ reason: 'eocd-in-comment', offset: eocdAt + 22, eocdOffset: eocdAt }]);
    // a comment without the signature is fine
    expect((await readZip(src(pkg([{ name: 'mix/mix.wav', data: wav(10) }], { comment: text('PK\u0005 nearly') })))).findings).toEqual([]);
    // why it matters: Python's zipfile takes the last signature it finds and refuses the archive
    // this reader (and unzip) read from the real end record
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'c.zip'), z);
      writeFileSync(join(dir, 'ok.zip'), plain);
      expect(python(join(dir, 'ok.zip'), 'print(len(zipfile.ZipFile(p).namelist()))').trim()).toBe('3');
      expect(python(join(dir, 'c.zip'), 'try:\n  zipfile.ZipFile(p); print("read")\nexcept zipfile.BadZipFile: print("refused")').trim()).toBe('refused');
    } finally {
      cleanup();
    }
  });

  it('a central directory cut short (SP-ZIP-001) or a missing local header (SP-ZIP-007) does not also report hidden bytes', async () => {
    const z = pkg([{ name: 'stems/a.wav', data: wav(10) }, { name: 'mix/mix.wav', data: wav(10) }], { eocdEntries: 5 });
    const r = await readZip(src(z));
    expect(pick(r.findings, 'SP-ZIP-001').length).toBeGreaterThan(0);
    expect(pick(r.findings, 'SP-ZIP-015')).toEqual([]);
    const moved = pkg([{ name: 'stems/a.wav', data: wav(10), lho: 3 }]);
    const r2 = await readZip(src(moved));
    expect(pick(r2.findings, 'SP-ZIP-007').length).toBeGreaterThan(0);
    expect(pick(r2.findings, 'SP-ZIP-015')).toEqual([]);
  });
});
