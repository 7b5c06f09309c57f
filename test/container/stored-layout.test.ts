// The precomputed stored layout (what pack writes with positional copies) must be byte for
// byte what the zip.js package writer produces for the same entries: small archives of many
// shapes here, and a Zip64 archive (an entry of exactly 0xFFFFFFFF bytes, offsets past 4 GiB)
// compared as a stream, without keeping or writing its 6 GiB.
import { describe, expect, it } from 'vitest';
import { createPackageZipWriter } from '../../src/container/zip-writer.js';
import { layoutStoredPackage, MIMETYPE_BYTES, type StoredEntrySpec, type StoredZipLayout } from '../../src/container/stored-layout.js';
import { crc32 } from '../../src/container/crc32.js';
import { readZip } from '../../src/container/read-zip.js';
import { MemorySink } from '../../src/io/memory-sink.js';
import { mulberry32 } from '../../src/dsp/index.js';
import { src, text } from './helpers.js';

/** The archive bytes from a layout and each entry's content. */
function assemble(layout: StoredZipLayout, contents: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(layout.size);
  layout.entries.forEach((e, i) => {
    out.set(e.header, e.headerOffset);
    out.set(i === 0 ? MIMETYPE_BYTES : contents[i - 1]!, e.dataOffset);
  });
  out.set(layout.tail, layout.directoryOffset);
  return out;
}

async function* chunks(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < data.length; o += size) yield data.slice(o, o + size);
}

/** What pack wrote through zip.js: the manifest as bytes, every other entry streamed with size and CRC. */
async function viaZipJs(entries: { name: string; data: Uint8Array }[]): Promise<Uint8Array> {
  const sink = new MemorySink();
  const w = createPackageZipWriter(sink);
  for (const [i, e] of entries.entries()) {
    if (i === 0) await w.addEntry(e.name, e.data, { method: 'stored' });
    else await w.addEntry(e.name, chunks(e.data, 777), { method: 'stored', size: e.data.length, crc32: crc32(e.data) });
  }
  await w.close();
  return sink.bytes().slice();
}

const NAMES = ['stempack.json', 'mix/Song.wav', 'stems/drums.wav', 'stems/bass gtr.wav', 'stems/Straße.wav', 'stems/音.wav', 'docs/a\tb.txt', 'docs/x~y.pdf', 'stems/e\u0301.aif'];

describe('stored layout', () => {
  it('matches the zip.js writer byte for byte on random small packages', async () => {
    const next = mulberry32(20260101);
    const rnd = (): number => next() / 2 ** 32;
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(rnd() * NAMES.length);
      const names = ['stempack.json', ...NAMES.slice(1).sort(() => rnd() - 0.5)].slice(0, n);
      const entries = names.map((name) => {
        const size = rnd() < 0.15 ? 0 : Math.floor(rnd() * 5000);
        return { name, data: new Uint8Array(size).map(() => Math.floor(rnd() * 256)) };
      });
      const expected = await viaZipJs(entries);
      const layout = layoutStoredPackage(entries.map((e) => ({ name: e.name, size: e.data.length, crc32: crc32(e.data) })));
      const got = assemble(
        layout,
        entries.map((e) => e.data),
      );
      expect(got.length).toBe(expected.length);
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
      const r = await readZip(src(got));
      // a control character in a name is the reader's SP-ZIP-008; nothing else may be reported
      expect(r.findings.filter((f) => f.code !== 'SP-ZIP-008')).toEqual([]);
      expect(r.entries.map((e) => e.name)).toEqual(['mimetype', ...names]);
    }
  });

  it('puts mimetype first with its content at byte 38', () => {
    const l = layoutStoredPackage([{ name: 'stempack.json', size: 2, crc32: crc32(text('{}')) }]);
    expect(l.entries[0]).toMatchObject({ name: 'mimetype', headerOffset: 0, dataOffset: 38, size: MIMETYPE_BYTES.length });
    expect(l.entries[1]!.headerOffset).toBe(38 + MIMETYPE_BYTES.length);
  });

  it('refuses what the package writer refuses or never writes', () => {
    const ok: StoredEntrySpec = { name: 'stempack.json', size: 1, crc32: 0 };
    expect(() => layoutStoredPackage([ok, { ...ok }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, name: 'mimetype' }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, name: 'docs/' }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, size: -1 }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, size: 1.5 }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, crc32: 2 ** 32 }])).toThrow();
    expect(() => layoutStoredPackage([{ ...ok, name: 'x'.repeat(65536) }])).toThrow();
  });

  it(
    'matches zip.js on a Zip64 package: an entry of exactly 0xFFFFFFFF bytes, entries and directory past 4 GiB',
    { timeout: 600_000 },
    async () => {
      const CHUNK = 8 << 20;
      const zeros = new Uint8Array(CHUNK);
      const specs: StoredEntrySpec[] = [
        { name: 'stempack.json', size: 2, crc32: crc32(text('{}')) },
        { name: 'mix/mix.wav', size: 2 ** 31 + 3, crc32: 0x12345678 },
        { name: 'stems/big.wav', size: 0xffffffff, crc32: 0x9abcdef0 },
        { name: 'stems/after.wav', size: 5, crc32: 0xfedcba98 },
        { name: 'docs/é.txt', size: 0, crc32: 0 },
      ];
      const layout = layoutStoredPackage(specs);
      expect(layout.entries[4]!.headerOffset).toBeGreaterThan(0xffffffff);
      /** Expected archive byte at [pos, pos + n): headers, zero content (the JSON excepted), tail. */
      const expectedAt = (pos: number, n: number): Uint8Array => {
        const out = new Uint8Array(n);
        for (const [i, e] of layout.entries.entries()) {
          put(out, pos, e.header, e.headerOffset);
          if (i === 0) put(out, pos, MIMETYPE_BYTES, e.dataOffset);
          if (e.name === 'stempack.json') put(out, pos, text('{}'), e.dataOffset);
        }
        put(out, pos, layout.tail, layout.directoryOffset);
        return out;
      };
      let pos = 0;
      let mismatch = -1;
      const sink = {
        write: async (c: Uint8Array) => {
          if (mismatch < 0 && !Buffer.from(c.buffer, c.byteOffset, c.length).equals(expectedAt(pos, c.length))) mismatch = pos;
          pos += c.length;
        },
        close: async () => undefined,
      };
      const w = createPackageZipWriter(sink);
      await w.addEntry('stempack.json', text('{}'), { method: 'stored' });
      for (const s of specs.slice(1)) {
        async function* data(): AsyncGenerator<Uint8Array> {
          for (let o = 0; o < s.size; o += CHUNK) yield zeros.subarray(0, Math.min(CHUNK, s.size - o));
        }
        await w.addEntry(s.name, data(), { method: 'stored', size: s.size, crc32: s.crc32 });
      }
      await w.close();
      expect(mismatch).toBe(-1);
      expect(pos).toBe(layout.size);
    },
  );
});

/** Copy the part of `bytes` (placed at archive offset `at`) that falls in the window starting at `pos`. */
function put(out: Uint8Array, pos: number, bytes: Uint8Array, at: number): void {
  const a = Math.max(pos, at);
  const b = Math.min(pos + out.length, at + bytes.length);
  if (a < b) out.set(bytes.subarray(a - at, b - at), a - pos);
}
