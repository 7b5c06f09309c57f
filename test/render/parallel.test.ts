// Rendering blocks on worker threads writes the same bytes, clamp counts and positions as one
// thread, for every path (integer sum, gains, dither, float, residual, several outputs).
// The workers run the built dist/ copy of the worker script (the global setup builds it).
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/analysis/hash-node.js';
import { BytesSource, MemorySink } from '../../src/io/index.js';
import { openPackage } from '../../src/package/open.js';
import { availableVersions } from '../../src/manifest/index.js';
import { renderPackage, type RenderOptions, type RenderTarget } from '../../src/render/index.js';
import { setRenderEngineFactory } from '../../src/render/render.js';
import { createRenderEngine, renderWorkerUrl } from '../../src/render/parallel-node.js';
import { buildPackage, type BuildOptions, type StemSpec } from '../helpers/package-builder.js';

let engines = 0;
setRenderEngineFactory((spec, workers) => {
  const e = createRenderEngine(spec, workers);
  if (e) engines++;
  return e;
});
afterAll(() => setRenderEngineFactory(createRenderEngine));

async function renderWith(pkgBytes: Uint8Array, targets: { version: string; residual?: boolean; rules?: NonNullable<RenderTarget['adjustments']>['rules'] }[], opts: RenderOptions) {
  const pkg = await openPackage(new BytesSource(pkgBytes, 'song.stempack'));
  const vs = availableVersions(pkg.manifest!);
  const sinks = targets.map(() => new MemorySink());
  const r = await renderPackage(
    pkg,
    targets.map((t, i) => ({ version: vs.find((v) => v.name === t.version)!, sink: sinks[i]!, residual: t.residual, adjustments: { rules: t.rules } })),
    { packageName: 'song.stempack', ...opts },
  );
  return { r, bytes: sinks.map((s) => Buffer.from(s.bytes())) };
}

const loud: StemSpec[] = [
  { id: 'a', role: 'synths', parts: [{ kind: 'sine', freq: 100, amp: 0.6 }] },
  { id: 'b', role: 'keys', channels: 1, parts: [{ kind: 'sine', freq: 100, amp: 0.6 }] },
  { id: 'v', role: 'vocals-lead', parts: [{ kind: 'noise', amp: 0.2, seed: 3 }] },
];

const cases: { name: string; build: BuildOptions; targets: Parameters<typeof renderWith>[1]; opts: RenderOptions }[] = [
  { name: 'integer sum, 24-bit', build: { frames: 9001 }, targets: [{ version: 'full' }], opts: {} },
  { name: 'integer sum to 16-bit, clipping, few positions kept', build: { frames: 9001, stems: loud, mixBusProcessing: true }, targets: [{ version: 'full' }], opts: { format: { bitDepth: 16 }, maxClampPositions: 7 } },
  { name: 'gains, several outputs in one pass', build: { frames: 9001, stems: loud, mixBusProcessing: true }, targets: [{ version: 'vocals-up' }, { version: 'instrumental' }, { version: 'full', rules: [{ stem: 'a', gainDb: -0.5 }] }], opts: {} },
  { name: 'TPDF dither', build: { frames: 9001 }, targets: [{ version: 'full' }, { version: 'vocals-down' }], opts: { format: { bitDepth: 16 }, dither: { type: 'tpdf', seed: 12345 } } },
  { name: 'float output and the residual', build: { frames: 9001, stems: loud, mixBusProcessing: true }, targets: [{ version: 'full' }, { version: 'full', residual: true }], opts: { format: { sampleFormat: 'float', bitDepth: 32 } } },
  { name: '16-bit AIFF stems', build: { frames: 9001, bitDepth: 16, container: 'aiff' }, targets: [{ version: 'full' }, { version: 'a-cappella' }], opts: {} },
  { name: 'float stems', build: { frames: 9001, sampleFormat: 'float' }, targets: [{ version: 'full' }], opts: { format: { sampleFormat: 'int', bitDepth: 24 } } },
];

describe('parallel render', () => {
  it('has the worker script built', () => {
    expect(renderWorkerUrl()).not.toBeNull();
  });

  for (const c of cases) {
    it(`${c.name}: worker threads write the bytes one thread writes`, async () => {
      const pkg = buildPackage(c.build);
      const before = engines;
      const one = await renderWith(pkg.bytes, c.targets, { ...c.opts, blockFrames: 1000, workers: 0 });
      expect(engines).toBe(before);
      for (const [workers, blockFrames] of [
        [2, 1000],
        [3, 777],
        [1, 4096],
      ] as const) {
        const many = await renderWith(pkg.bytes, c.targets, { ...c.opts, blockFrames, workers });
        expect(many.r.ok).toBe(true);
        for (let t = 0; t < c.targets.length; t++) expect(many.bytes[t]!.equals(one.bytes[t]!)).toBe(true);
        expect(many.r.outcomes).toEqual(one.r.outcomes);
      }
      expect(engines).toBe(before + 3);
    });
  }

  it('keeps the clamp count exact and the first positions in order across blocks', async () => {
    const pkg = buildPackage({ frames: 9001, stems: loud, mixBusProcessing: true });
    const { r } = await renderWith(pkg.bytes, [{ version: 'full', rules: [{ stem: 'a', gainDb: 6 }] }], { blockFrames: 500, workers: 2, maxClampPositions: 40 });
    const o = r.outcomes[0]!;
    expect(o.clamped).toBeGreaterThan(40);
    expect(o.clampPositions.length).toBe(40);
    const keys = o.clampPositions.map((p) => p.frame * 2 + p.channel);
    expect(keys).toEqual([...keys].sort((x, y) => x - y));
    expect(new Set(keys).size).toBe(40);
  });

  it('a render that fails in a block (a stem shorter than its header says) rejects and stops the workers', async () => {
    const pkg = buildPackage({ frames: 9001 });
    const opened = await openPackage(new BytesSource(pkg.bytes, 'song.stempack'));
    // cut the last stem's window short: its reads end early
    const a = opened.audio[opened.audio.length - 1]!;
    const src = a.source!;
    a.source = { name: src.name, size: src.size - 3000, read: (o: number, n: number) => src.read(o, Math.max(0, Math.min(n, src.size - 3000 - o))) };
    const vs = availableVersions(opened.manifest!);
    await expect(renderPackage(opened, [{ version: vs[0]!, sink: new MemorySink() }], { blockFrames: 1000, workers: 2 })).rejects.toThrow();
  });
});
