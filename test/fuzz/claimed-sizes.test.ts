// Size fields that claim far more than the input holds: the readers must check them against the
// source size instead of allocating or reading what they claim. Each input is tiny; growth of
// process.memoryUsage().arrayBuffers and the largest single read request stay small.
import { describe, it, expect } from 'vitest';
import { encodeWav } from '../helpers/wav.js';
import { buildPackage } from '../helpers/package-builder.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { checked, CountingSource, runTarget } from './targets.js';

const SMALL = 16 * 1024 * 1024;
const tone = Int32Array.from({ length: 96 }, (_, i) => (i * 7919) % 20000);
const wav = () => encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 24, samples: tone });

function findChunk(b: Uint8Array, id: string, le = true): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let p = 12; p + 8 <= b.length; ) {
    if (String.fromCharCode(...b.subarray(p, p + 4)) === id) return p;
    const n = v.getUint32(p + 4, le);
    p += 8 + n + (n & 1);
  }
  return -1;
}

/** Patch a central directory field of entry `index` (offset within the 46-byte record). */
function patchCentral(zip: Uint8Array, index: number, field: number, value: number, width: 2 | 4 = 4): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  const eocd = out.length - 22;
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < index; i++) p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  if (width === 4) v.setUint32(p + field, value >>> 0, true);
  else v.setUint16(p + field, value, true);
  return out;
}

async function bounded(target: Parameters<typeof runTarget>[0], bytes: Uint8Array): Promise<void> {
  const s = await runTarget(target, bytes, 10_000);
  expect(s.arrayBufferGrowth).toBeLessThan(SMALL);
  expect(s.maxRequest).toBeLessThanOrEqual(Math.max(bytes.length, 4 * 1024 * 1024));
}

describe('claimed sizes beyond the input', () => {
  it('WAV data chunk claiming 4 GiB outside RF64', async () => {
    const b = wav();
    new DataView(b.buffer).setUint32(findChunk(b, 'data') + 4, 0xfffffff0, true);
    await bounded('audio-header', b);
  });

  it('RF64 whose ds64 claims 2^50-byte RIFF and data sizes', async () => {
    const b = wav();
    const v = new DataView(b.buffer);
    b.set([0x52, 0x46, 0x36, 0x34], 0); // RF64
    v.setUint32(4, 0xffffffff, true);
    v.setUint32(findChunk(b, 'data') + 4, 0xffffffff, true);
    const ds64 = new Uint8Array(8 + 28);
    ds64.set([0x64, 0x73, 0x36, 0x34]);
    const dv = new DataView(ds64.buffer);
    dv.setUint32(4, 28, true);
    dv.setBigUint64(8, 2n ** 50n, true);
    dv.setBigUint64(16, 2n ** 50n, true);
    dv.setBigUint64(24, 2n ** 48n, true);
    const out = new Uint8Array(b.length + ds64.length);
    out.set(b.subarray(0, 12));
    out.set(ds64, 12);
    out.set(b.subarray(12), 12 + ds64.length);
    await bounded('audio-header', out);
  });

  it('AIFF COMM claiming 2^32-1 frames over a tiny SSND', async () => {
    const b = encodeWav({ sampleRate: 44100, channels: 2, sampleFormat: 'int', bitDepth: 16, samples: tone, container: 'aiff' });
    new DataView(b.buffer).setUint32(findChunk(b, 'COMM', false) + 8 + 2, 0xffffffff);
    await bounded('audio-header', b);
  });

  it('a fmt chunk claiming a 4 GiB body', async () => {
    const b = wav();
    new DataView(b.buffer).setUint32(12 + 4, 0xfffffff0, true);
    await bounded('audio-header', b);
  });

  it('a stored stem whose central record claims 4 GiB', async () => {
    const p = buildPackage({ frames: 96 }).bytes;
    const z = patchCentral(patchCentral(p, 3, 20, 0xfffffff0), 3, 24, 0xfffffff0);
    await bounded('read-zip', z);
    await bounded('validate', z);
  });

  it('a deflated manifest claiming a 4 GiB uncompressed size (inflate bomb claim)', async () => {
    const p = buildPackage({ frames: 96 }).bytes; // the builder deflates stempack.json (entry 1)
    const z = patchCentral(p, 1, 24, 0xfffffff0);
    await bounded('validate', z);
  });

  it('an end of central directory claiming 65,535 entries and a 4 GiB directory', async () => {
    const p = buildPackage({ frames: 96 }).bytes.slice();
    const v = new DataView(p.buffer);
    const e = p.length - 22;
    v.setUint16(e + 8, 0xffff, true);
    v.setUint16(e + 10, 0xffff, true);
    v.setUint32(e + 12, 0xfffffff0, true);
    await bounded('read-zip', p);
    await bounded('validate', p);
  });

  it('a name length field claiming 65,535 bytes in the last central record', async () => {
    const p = buildPackage({ frames: 96 }).bytes;
    await bounded('read-zip', patchCentral(p, 5, 28, 0xffff, 2));
  });
});

describe('the fuzz invariants catch what they claim to', () => {
  const src = () => new CountingSource(new BytesSource(new Uint8Array(100), 'x'));
  it('a reader that allocates a claimed size fails', async () => {
    let keep: Uint8Array | null = null;
    await expect(checked('alloc', 100, src(), async () => void (keep = new Uint8Array(256 * 1024 * 1024)))).rejects.toMatchObject({ kind: 'alloc' });
    expect(keep).not.toBeNull();
  });
  it('a reader that asks for a claimed size fails', async () => {
    const s = src();
    await expect(checked('read', 100, s, () => s.read(0, 0xffffffff))).rejects.toMatchObject({ kind: 'read' });
  });
  it('a throw and a slow input fail', async () => {
    await expect(checked('throw', 1, src(), async () => { throw new RangeError('x'); })).rejects.toMatchObject({ kind: 'throw' });
    await expect(checked('slow', 1, src(), () => new Promise((r) => setTimeout(r, 60)), 20)).rejects.toMatchObject({ kind: 'slow' });
  });
});
