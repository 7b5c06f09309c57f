import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/analysis/hash-node.js';
import { BytesSource, MemorySink } from '../../src/io/index.js';
import { readAudioHeader, readFrames, decodeToInt32, readSampleBlocks } from '../../src/audio/index.js';
import { openPackage } from '../../src/package/open.js';
import { render, renderPackage } from '../../src/render/index.js';
import { buildPackage, type StemSpec } from '../helpers/package-builder.js';

async function decodeInts(bytes: Uint8Array): Promise<{ ints: Int32Array; header: NonNullable<Awaited<ReturnType<typeof readAudioHeader>>['header']> }> {
  const src = new BytesSource(bytes, 'out.wav');
  const { header } = await readAudioHeader(src);
  if (!header) throw new Error('unreadable render');
  const ints = new Int32Array(header.frames * header.channels);
  let k = 0;
  for await (const b of readSampleBlocks(src, header)) {
    const part = new Int32Array(b.frames * header.channels);
    decodeToInt32(b.bytes, header.encoding, part.length, part);
    ints.set(part, k);
    k += part.length;
  }
  return { ints, header };
}

async function renderBytes(pkgBytes: Uint8Array, version: string, opts: Parameters<typeof render>[3] = {}) {
  const sink = new MemorySink();
  const r = await render(new BytesSource(pkgBytes, 'song.stempack'), version, sink, opts);
  return { r, bytes: sink.bytes() };
}

describe('reference render', () => {
  it('the full render of a conforming package reproduces the integer mix exactly', async () => {
    const pkg = buildPackage({ frames: 9000 });
    const { r, bytes } = await renderBytes(pkg.bytes, 'full');
    expect(r.ok).toBe(true);
    expect(r.outcomes[0]!.clamped).toBe(0);
    const out = await decodeInts(bytes);
    const mix = await decodeInts(pkg.files.get(pkg.manifest.mix.path)!);
    expect(out.header.frames).toBe(9000);
    expect(Buffer.from(out.ints.buffer).equals(Buffer.from(mix.ints.buffer))).toBe(true);
  });

  it('carries the timeline start as BWF TimeReference and names package, manifest digest and version in the coding history', async () => {
    const pkg = buildPackage({ frames: 1000, timelineStart: 5_000_000_000, bext: true });
    const { r, bytes } = await renderBytes(pkg.bytes, 'instrumental');
    const { header } = await readAudioHeader(new BytesSource(bytes, 'x'));
    expect(header!.bext!.timeReference).toBe(5_000_000_000n);
    expect(header!.bext!.codingHistory).toContain(`manifest-sha256=${r.manifestSha256}`);
    expect(header!.bext!.codingHistory).toContain('version=instrumental');
    expect(header!.bext!.codingHistory).toContain('package=song.stempack');
  });

  it('instrumental mutes the vocal stems; muting every stem gives digital silence', async () => {
    const pkg = buildPackage({ frames: 2000 });
    const { r } = await renderBytes(pkg.bytes, 'instrumental');
    expect(r.outcomes[0]!.gainsDb).toEqual([0, 0, null]);
    const { bytes } = await renderBytes(pkg.bytes, 'full', { adjustments: { rules: pkg.manifest.stems.map((s) => ({ stem: s.id, mute: true })) } });
    const out = await decodeInts(bytes);
    expect(out.ints.every((v) => v === 0)).toBe(true);
  });

  it('SP-REN-006: a version that mutes every stem or changes none is rendered with the warning; strict refuses before writing', async () => {
    const pkg = buildPackage({ frames: 2000, stems: [{ id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] }] });
    const a = await renderBytes(pkg.bytes, 'a-cappella');
    expect(a.r.ok).toBe(true);
    expect(a.r.outcomes[0]!.findings.map((f) => [f.code, (f.params as Record<string, unknown>)['effect']])).toEqual([['SP-REN-006', 'silence']]);
    const i = await renderBytes(pkg.bytes, 'instrumental');
    expect(i.r.outcomes[0]!.findings.map((f) => [f.code, (f.params as Record<string, unknown>)['effect']])).toEqual([['SP-REN-006', 'same-as-full']]);
    // the full version, and full with an adjustment that changes something, are not warned about
    expect((await renderBytes(pkg.bytes, 'full')).r.outcomes[0]!.findings).toEqual([]);
    expect((await renderBytes(pkg.bytes, 'full', { adjustments: { rules: [{ role: 'drums', gainDb: -1 }] } })).r.outcomes[0]!.findings).toEqual([]);
    // full with adjustments that mute everything is silence
    expect(((await renderBytes(pkg.bytes, 'full', { adjustments: { solo: ['bass'] } })).r.outcomes[0]!.findings[0]!.params as Record<string, unknown>)['effect']).toBe('silence');
    const s = await renderBytes(pkg.bytes, 'a-cappella', { strict: true });
    expect(s.r.ok).toBe(false);
    expect(s.r.findings.map((f) => f.code)).toEqual(['SP-REN-006']);
    expect(s.bytes.length).toBe(0);
  });

  it('solo keeps only the named roles', async () => {
    const pkg = buildPackage({ frames: 1000 });
    const { r } = await renderBytes(pkg.bytes, 'full', { adjustments: { solo: ['bass'] } });
    expect(r.outcomes[0]!.gainsDb).toEqual([null, 0, null]);
  });

  it('a gain of g dB on one stem equals that stem alone scaled by 10^(g/20), within half an LSB', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -12, max: 6, noNaN: true }), async (g) => {
        const pkg = buildPackage({ frames: 600 });
        const { bytes } = await renderBytes(pkg.bytes, 'full', { format: { sampleFormat: 'float', bitDepth: 64 }, adjustments: { solo: ['bass'], rules: [{ stem: 'bass', gainDb: g }] } });
        const src = new BytesSource(bytes, 'o');
        const { header } = await readAudioHeader(src);
        const out = await readFrames(src, header!, 0, 600);
        const bass = new BytesSource(pkg.files.get('stems/bass.wav')!, 'bass');
        const bh = (await readAudioHeader(bass)).header!;
        const x = await readFrames(bass, bh, 0, 600);
        const gain = Math.pow(10, g / 20);
        const halfLsb = 0.5 / 2 ** 23;
        for (let k = 0; k < x.length; k++) expect(Math.abs(out[k]! - x[k]! * gain)).toBeLessThanOrEqual(halfLsb);
      }),
      { numRuns: 10 },
    );
  });

  it('is independent of block size and linear (render of a+b = render of a + render of b in float64)', async () => {
    const pkg = buildPackage({ frames: 5000 });
    const a = await renderBytes(pkg.bytes, 'full', { blockFrames: 65536 });
    const b = await renderBytes(pkg.bytes, 'full', { blockFrames: 777 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const f = { format: { sampleFormat: 'float' as const, bitDepth: 64 as const } };
    const all = await renderBytes(pkg.bytes, 'full', f);
    const drums = await renderBytes(pkg.bytes, 'full', { ...f, adjustments: { solo: ['drums'] } });
    const rest = await renderBytes(pkg.bytes, 'full', { ...f, adjustments: { rules: [{ stem: 'drums', mute: true }] } });
    const read = async (x: Uint8Array) => {
      const s = new BytesSource(x, 'x');
      return readFrames(s, (await readAudioHeader(s)).header!, 0, 5000);
    };
    const [A, D, R] = [await read(all.bytes), await read(drums.bytes), await read(rest.bytes)];
    for (let k = 0; k < A.length; k++) expect(Math.abs(A[k]! - (D[k]! + R[k]!))).toBeLessThan(1e-15);
  });

  it('counts and locates clamped samples and never clamps silently', async () => {
    const loud: StemSpec[] = [
      { id: 'a', role: 'synths', parts: [{ kind: 'sine', freq: 100, amp: 0.9 }] },
      { id: 'b', role: 'keys', parts: [{ kind: 'sine', freq: 100, amp: 0.9 }] },
    ];
    const pkg = buildPackage({ frames: 4800, stems: loud, mixBusProcessing: true, hooks: { audio: (it) => { if (it.isMix) it.samples.fill(0); } } });
    const { r } = await renderBytes(pkg.bytes, 'full');
    const o = r.outcomes[0]!;
    expect(o.clamped).toBeGreaterThan(0);
    expect(o.findings.map((f) => f.code)).toEqual(['SP-REN-003']);
    expect(o.clampPositions[0]!.frame).toBeGreaterThanOrEqual(0);
    expect(o.findings[0]!.params).toMatchObject({ clamped: o.clamped });
  });

  it('TPDF dither is deterministic for a seed and differs between seeds', async () => {
    const pkg = buildPackage({ frames: 2000 });
    const f = { format: { bitDepth: 16 as const } };
    const a = await renderBytes(pkg.bytes, 'full', { ...f, dither: { type: 'tpdf', seed: 1 } });
    const b = await renderBytes(pkg.bytes, 'full', { ...f, dither: { type: 'tpdf', seed: 1 } });
    const c = await renderBytes(pkg.bytes, 'full', { ...f, dither: { type: 'tpdf', seed: 2 } });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
  });

  it('renders several versions in one pass, each identical to its own render', async () => {
    const pkg = buildPackage({ frames: 3000 });
    const opened = await openPackage(new BytesSource(pkg.bytes, 'song.stempack'));
    const names = ['full', 'instrumental', 'vocals-up'];
    const sinks = names.map(() => new MemorySink());
    const { availableVersions } = await import('../../src/manifest/index.js');
    const vs = availableVersions(opened.manifest!);
    const r = await renderPackage(opened, names.map((n, i) => ({ version: vs.find((v) => v.name === n)!, sink: sinks[i]! })), { packageName: 'song.stempack' });
    expect(r.ok).toBe(true);
    for (let i = 0; i < names.length; i++) {
      const single = await renderBytes(pkg.bytes, names[i]!);
      expect(Buffer.from(sinks[i]!.bytes()).equals(Buffer.from(single.bytes))).toBe(true);
    }
  });

  it('refuses packages whose stems differ in length, writing nothing', async () => {
    const pkg = buildPackage({ frames: 1000, hooks: { audio: (it) => { if (it.id === 'bass') it.frames = 999; } } });
    const { r, bytes } = await renderBytes(pkg.bytes, 'full');
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.code)).toContain('SP-LEN-001');
    expect(bytes.length).toBe(0);
  });

  it('sums a mono stem into every channel and refuses a stem of another channel count (SP-REN-005)', async () => {
    const mono: StemSpec[] = [
      { id: 'kick', role: 'drums', channels: 1, parts: [{ kind: 'sine', freq: 50, amp: 0.3 }] },
      { id: 'pad', role: 'synths', parts: [{ kind: 'sine', freq: 300, amp: 0.2 }] },
    ];
    const ok = buildPackage({ frames: 1200, stems: mono });
    const { r, bytes } = await renderBytes(ok.bytes, 'full');
    expect(r.ok).toBe(true);
    const out = await decodeInts(bytes);
    const mix = await decodeInts(ok.files.get(ok.manifest.mix.path)!);
    expect(Buffer.from(out.ints.buffer).equals(Buffer.from(mix.ints.buffer))).toBe(true);
    const bad = buildPackage({ frames: 1200, stems: [{ ...mono[0]!, channels: 3 }, mono[1]!], mixBusProcessing: true });
    const refused = await renderBytes(bad.bytes, 'full');
    expect(refused.r.ok).toBe(false);
    expect(refused.r.findings.map((f) => [f.code, f.path])).toEqual([['SP-REN-005', 'stems/kick.wav']]);
  });

  it('equals sox -m -v 1 of the same stems, sample for sample', async () => {
    const pkg = buildPackage({ frames: 4800 });
    const dir = mkdtempSync(join(tmpdir(), 'sp-render-sox-'));
    try {
      const args: string[] = ['-m'];
      for (const s of pkg.manifest.stems) {
        const p = join(dir, `${s.id}.wav`);
        writeFileSync(p, pkg.files.get(s.path)!);
        args.push('-v', '1', p);
      }
      const soxOut = execFileSync('sox', [...args, '-t', 'raw', '-e', 'signed-integer', '-b', '32', '-L', '-'], { maxBuffer: 1 << 26 });
      const soxInts = new Int32Array(soxOut.buffer, soxOut.byteOffset, soxOut.length / 4);
      const { bytes } = await renderBytes(pkg.bytes, 'full');
      const ours = await decodeInts(bytes);
      expect(soxInts.length).toBe(ours.ints.length);
      for (let k = 0; k < ours.ints.length; k++) expect(soxInts[k]! >> 8).toBe(ours.ints[k]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
