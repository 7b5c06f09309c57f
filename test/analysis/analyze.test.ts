// The single analysis pass: hashes and CRC agree with node:crypto and zlib over real and
// generated files, results do not depend on the block size, and the null-sum runs only when it can.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { crc32 as zcrc } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { analyzeFiles, createSha256, setSha256Factory, nodeSha256Factory, type AnalysisFile } from './analysis-api.js';
import { readAudioHeader, decodeToFloat64 } from '../../src/audio/index.js';
import { createNullSum } from '../../src/nullsum/index.js';
import { BytesSource } from '../../src/io/index.js';
import { buildPackage, type BuildOptions } from '../helpers/package-builder.js';

const CORPUS = resolve(import.meta.dirname, '../corpus');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function filesOf(opts: BuildOptions): Promise<{ files: AnalysisFile[]; bytes: Map<string, Uint8Array> }> {
  const b = buildPackage(opts);
  const files: AnalysisFile[] = [];
  for (const [path, bytes] of b.files) {
    const src = new BytesSource(bytes, path);
    const { header } = await readAudioHeader(src);
    files.push({ path, src, header: header! });
  }
  return { files, bytes: b.files };
}

describe('analyzeFiles', () => {
  // the corpus is part of the repository (test/corpus): a missing one fails here instead of skipping
  const corpus = readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(CORPUS, d.name)).filter((n) => /\.(wav|aiff?|aifc)$/i.test(n)).map((n) => join(d.name, n)));

  it('hashes, audio hashes and CRC-32 of real files agree with node:crypto and zlib', async () => {
    let checked = 0;
    for (const rel of corpus) {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, rel)));
      const src = new BytesSource(bytes, rel);
      const { header } = await readAudioHeader(src);
      if (!header) continue;
      const r = await analyzeFiles([{ path: rel, src, header }], { blockFrames: 4096 });
      const f = r.perFile[0]!;
      expect(f.sha256, rel).toBe(sha(bytes));
      expect(f.crc32, rel).toBe(zcrc(bytes) >>> 0);
      expect(f.audioSha256, rel).toBe(sha(bytes.subarray(header.dataOffset, Math.min(bytes.length, header.dataOffset + header.dataSize))));
      if (header.lossless) expect(f.levels?.frames, rel).toBe(header.frames);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('results do not depend on the block size (trailing chunks, odd sizes)', async () => {
    const { files, bytes } = await filesOf({
      frames: 3001,
      channels: 1,
      hooks: { audio: (it) => void (it.wav.trailingChunks = [{ id: 'LIST', body: new Uint8Array(13).fill(7) }]) },
    });
    const runs = [];
    for (const blockFrames of [1, 7, 1000, 32768]) {
      runs.push(JSON.stringify(await analyzeFiles(files, { mixIndex: 0, blockFrames })));
    }
    expect(new Set(runs).size).toBe(1);
    const r = JSON.parse(runs[0]!);
    files.forEach((f, i) => expect(r.perFile[i].sha256).toBe(sha(bytes.get(f.path)!)));
    expect(r.nullResult.exact).toBe(true);
  });

  it('the exact null passes; gains other than 0 dB take the stem-by-stem float path', async () => {
    const { files } = await filesOf({});
    const exact = await analyzeFiles(files, { mixIndex: 0 });
    expect(exact.nullResult).toMatchObject({ exact: true, pass: true });
    const gained = await analyzeFiles(files, { mixIndex: 0, gainsDb: [0, 0, -6, 0] });
    expect(gained.nullResult!.pass).toBe(false);
    expect(gained.nullResult!.residualPeakDbfs).toBeGreaterThan(-40);
  });

  it('integer stems at 0 dB are summed per thread (SIMD path for 24-bit stereo): same null result as summing stem by stem', async () => {
    // six stems (four summed in one pass, two one by one), a mix off by a few LSB in places
    const stems = [1, 2, 3, 4, 5, 6].map((k) => ({ id: `s${k}`, role: 'other' as const, parts: [{ kind: 'noise' as const, amp: 0.05 * k, seed: k }] }));
    for (const bitDepth of [24, 16]) {
      const { files } = await filesOf({
        bitDepth,
        frames: 9001,
        stems,
        hooks: {
          audio: (it) => {
            if (!it.isMix) return;
            for (let f = 100; f < 9001; f += 997) it.samples[2 * f + (f % 2)]! += (f % 5) - 2 || 1;
          },
        },
      });
      const r = await analyzeFiles(files, { mixIndex: 0, blockFrames: 1000, workers: 0 });
      // the reference: decode every file and push the stems themselves, block by block
      const ns = createNullSum({ channels: 2, sampleRate: 48000, stemChannels: [2, 2, 2, 2, 2, 2], gainsDb: [0, 0, 0, 0, 0, 0], tolerance: -80 });
      const dec = await Promise.all(
        files.map(async (f) => {
          const h = f.header;
          const out = new Float64Array(h.frames * 2);
          decodeToFloat64(await f.src.read(h.dataOffset, h.dataSize), h.encoding, 2, h.frames, out);
          return out;
        }),
      );
      for (let a = 0; a < 9001; a += 1000) {
        const n = Math.min(1000, 9001 - a);
        const part = (d: Float64Array) => d.subarray(2 * a, 2 * (a + n));
        ns.push(part(dec[0]!), dec.slice(1).map(part), n);
      }
      expect(r.nullResult, `${bitDepth}-bit`).toEqual(ns.result());
      expect(r.nullResult!.exact).toBe(false);
      expect(r.nullResult!.failingRanges.length).toBeGreaterThan(0);
    }
  });

  it('float files null exactly through the float path', async () => {
    const { files } = await filesOf({ sampleFormat: 'float' });
    const r = await analyzeFiles(files, { mixIndex: 0 });
    expect(r.nullResult!.residualPeakDbfs).toBeLessThan(-140);
  });

  it('runs the null over the common span when frame counts differ, skips it when rates differ, and still hashes every byte', async () => {
    const short = await filesOf({ hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } });
    const r = await analyzeFiles(short.files, { mixIndex: 0 });
    expect(r.nullSkipped).toBeUndefined();
    const frames = Math.min(...short.files.map((f) => f.header.frames));
    expect(r.nullFrames).toBe(frames);
    expect(r.nullResult?.exact).toBe(true); // the stems sum to the mix over the frames they all have
    short.files.forEach((f, i) => expect(r.perFile[i]!.sha256).toBe(sha(short.bytes.get(f.path)!)));
    const rate = await filesOf({ hooks: { audio: (it) => void (it.id === 'bass' && (it.wav.sampleRate = 44100)) } });
    expect((await analyzeFiles(rate.files, { mixIndex: 0 })).nullSkipped).toBe('rates-differ');
  });

  it('uses the registered SHA-256 implementation', async () => {
    let updates = 0;
    setSha256Factory(() => {
      const h = nodeSha256Factory();
      return { update: (b) => (updates++, h.update(b)), hex: () => h.hex() };
    });
    try {
      const { files } = await filesOf({ frames: 100 });
      await analyzeFiles(files, { levels: false, crc: false });
      expect(updates).toBeGreaterThan(0);
      expect(createSha256()).toBeDefined();
    } finally {
      setSha256Factory(nodeSha256Factory);
    }
  });

  it('reports progress to the total of all file sizes', async () => {
    const { files } = await filesOf({});
    let last: [number, number] = [0, 0];
    await analyzeFiles(files, { onProgress: (d, t) => (last = [d, t]) });
    expect(last[0]).toBe(files.reduce((s, f) => s + f.src.size, 0));
    expect(last[1]).toBe(last[0]);
  });
});
