// The overview pass against a brute-force reference (decode everything, bin it by hand): the
// min/max envelope of every file, the residual's peak per bin with gains and a mono stem, block
// size independence, and files of different lengths.
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../helpers/package-builder.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { computeOverviews, openPackageAudio, readRegion, type Overviews, type PackageAudio } from '../../src/report/index.js';
import { readFrames } from '../../src/audio/read/blocks.js';

async function reference(pkg: PackageAudio, bins: number): Promise<Overviews> {
  const frames = Math.max(...pkg.files.map((f) => f.header.frames));
  const fpb = Math.max(1, Math.ceil(frames / bins));
  const nb = Math.max(1, Math.ceil(frames / fpb));
  const data = await Promise.all(pkg.files.map((f) => readFrames(f.src, f.header, 0, f.header.frames)));
  const files = pkg.files.map((f, i) => {
    const min = new Array<number>(nb).fill(0);
    const max = new Array<number>(nb).fill(0);
    const ch = f.header.channels;
    for (let fr = 0; fr < f.header.frames; fr++) {
      const b = Math.floor(fr / fpb);
      for (let c = 0; c < ch; c++) {
        const v = data[i]![fr * ch + c]!;
        min[b] = Math.min(min[b]!, v);
        max[b] = Math.max(max[b]!, v);
      }
    }
    return { path: f.path, name: f.name ?? f.path, role: f.role ?? '', isMix: f.isMix, channels: ch, sampleRate: f.header.sampleRate, frames: f.header.frames, min, max };
  });
  const mi = pkg.files.findIndex((f) => f.isMix);
  const mix = pkg.files[mi]!;
  const ch = mix.header.channels;
  const rf = Math.min(...pkg.files.map((f) => f.header.frames));
  const peak = new Array<number>(nb).fill(0);
  for (let fr = 0; fr < rf; fr++) {
    for (let c = 0; c < ch; c++) {
      let s = 0;
      pkg.files.forEach((f, i) => {
        if (i === mi) return;
        const g = (f.gainDb ?? 0) === 0 ? 1 : Math.pow(10, f.gainDb! / 20);
        const x = data[i]![fr * f.header.channels + (f.header.channels === ch ? c : 0)]!;
        s = s + (g === 1 ? x : g * x);
      });
      const b = Math.floor(fr / fpb);
      peak[b] = Math.max(peak[b]!, Math.abs(data[mi]![fr * ch + c]! - s));
    }
  }
  return { frames, sampleRate: mix.header.sampleRate, bins: nb, framesPerBin: fpb, files, residual: { peak, frames: rf } };
}

describe('computeOverviews', () => {
  it('equals a brute-force reference (gains, a mono stem, a broken stretch) for any block size', async () => {
    const { bytes } = buildPackage({
      frames: 10_007,
      stems: [
        { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.2, seed: 3 }] },
        { id: 'bass', role: 'bass', channels: 1, gainDb: -3, parts: [{ kind: 'sine', freq: 55, amp: 0.3 }] },
        { id: 'vox', role: 'vocals-lead', parts: [{ kind: 'sine', freq: 330, amp: 0.2 }] },
      ],
      hooks: { audio: (it) => void (it.id === 'vox' && it.samples.fill(0, 6000, 7000)) },
    });
    const pkg = await openPackageAudio(new BytesSource(bytes, 'p.stempack'));
    expect(pkg.files.map((f) => f.path)).toEqual(['mix/mix.wav', 'stems/drums.wav', 'stems/bass.wav', 'stems/vox.wav']);
    const ref = await reference(pkg, 300);
    for (const blockFrames of [1, 97, 4096, 65536]) {
      const got = await computeOverviews(pkg.files, { bins: 300, blockFrames });
      expect(got).toEqual(ref);
    }
    // the broken stretch (vox zeroed over frames 3000..3500 of the interleaved array) shows in the residual only there
    const r = ref.residual!;
    const hot = r.peak.map((p, b) => (p > 1e-6 ? b : -1)).filter((b) => b >= 0);
    expect(hot.length).toBeGreaterThan(0);
    expect(Math.min(...hot) * ref.framesPerBin).toBeGreaterThanOrEqual(2999 - ref.framesPerBin);
    expect((Math.max(...hot) + 1) * ref.framesPerBin).toBeLessThanOrEqual(3500 + ref.framesPerBin);
  });

  it('covers the longest file; the residual stops at the shortest', async () => {
    const { bytes } = buildPackage({ frames: 5000, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1000)) } });
    const pkg = await openPackageAudio(new BytesSource(bytes, 'p.stempack'));
    const o = await computeOverviews(pkg.files, { bins: 50 });
    expect(o.frames).toBe(5000);
    expect(o.framesPerBin).toBe(100);
    expect(o.residual!.frames).toBe(4000);
    expect(o).toEqual(await reference(pkg, 50));
    const bass = o.files.find((f) => f.path === 'stems/bass.wav')!;
    expect(bass.max.slice(40).every((v) => v === 0)).toBe(true);
  });

  it('progress ends at the total; nothing to do gives one empty bin', async () => {
    const { bytes } = buildPackage({ frames: 3000 });
    const pkg = await openPackageAudio(new BytesSource(bytes, 'p.stempack'));
    const seen: number[] = [];
    await computeOverviews(pkg.files, { blockFrames: 1000, onProgress: (d, t) => void seen.push(d / t) });
    expect(seen).toEqual([1 / 3, 2 / 3, 1]);
    const empty = await computeOverviews([]);
    expect(empty).toMatchObject({ frames: 0, bins: 1, files: [] });
    expect(empty.residual).toBeUndefined();
  });
});

describe('readRegion', () => {
  it('decodes a file region and the residual region as the full decode has them', async () => {
    const { bytes } = buildPackage({ frames: 4800, hooks: { audio: (it) => void (it.id === 'drums' && it.samples.fill(0, 2000, 2400)) } });
    const pkg = await openPackageAudio(new BytesSource(bytes, 'p.stempack'));
    const mix = pkg.files[0]!;
    const all = await readFrames(mix.src, mix.header, 0, 4800);
    const r = (await readRegion(pkg, 'mix/mix.wav', 1000, 100))!;
    expect(r.channels.length).toBe(2);
    expect(r.channels[1]![5]).toBe(Math.fround(all[(1005) * 2 + 1]!));
    const res = (await readRegion(pkg, 'residual', 900, 400))!;
    const peakIn = Math.max(...res.channels.map((c) => Math.max(...c.subarray(100, 300).map(Math.abs))));
    const peakOut = Math.max(...res.channels.map((c) => Math.max(...[...c.subarray(0, 100), ...c.subarray(300)].map(Math.abs))));
    expect(peakIn).toBeGreaterThan(0.01);
    expect(peakOut).toBe(0);
    expect(await readRegion(pkg, 'nope.wav', 0, 10)).toBeNull();
    // past the end: clipped, not an error
    expect((await readRegion(pkg, 'residual', 4700, 1000))!.channels[0]!.length).toBe(100);
  });
});
