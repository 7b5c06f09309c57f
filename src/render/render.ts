/**
 * The reference render (spec §9): every stem read once, block by block in lockstep, summed with
 * the spec's arithmetic into one accumulator per output, quantised and written as it goes.
 * Memory is a fixed set of block buffers whatever the length of the song or the number of outputs.
 * A block's bytes depend only on its input and position (see `kernel.ts`), so blocks may be
 * rendered on worker threads (`parallel-node.ts`) and still give the single-thread bytes.
 */
import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import { finding, atFrame } from '../model/finding.js';
import type { Version } from '../model/manifest.js';
import type { ReadIntoSource } from '../io/bytes-source.js';
import { gainFromDb } from '../dsp/sum.js';
import { createAudioWriter, type AudioWriter } from '../audio/write/index.js';
import { availableVersions } from '../manifest/index.js';
import { createSha256 } from '../analysis/hash.js';
import { openPackage, type OpenedPackage } from '../package/open.js';
import { planGains, renderability, versionEffectFinding } from './plan.js';
import type { RenderFormat, RenderOptions, RenderOutcome, RenderResult, RenderTarget } from './types.js';
import { createBlockKernel, type BlockOut, type KernelSpec } from './kernel.js';

const MAX_POSITIONS = 100;

/**
 * A renderer of blocks on other threads (Node: worker threads, see `parallel-node.ts`). Blocks
 * are rendered by the same {@link createBlockKernel} as on this thread, so the bytes are the same.
 */
export interface RenderEngine {
  /** Blocks in flight at most. */
  readonly depth: number;
  /** Render a block; `inputs` move to the engine and come back with the result. */
  run(inputs: Uint8Array[], start: number, frames: number): Promise<{ inputs: Uint8Array[]; out: BlockOut }>;
  /** Hand a block's output buffers back for reuse once they are written. */
  release(out: BlockOut): void;
  close(): void;
}

/** Makes an engine for a render pass, or null to render on this thread. */
export type RenderEngineFactory = (spec: KernelSpec, workers: number | undefined) => RenderEngine | null;

let engineFactory: RenderEngineFactory | null = null;

/** Register the parallel engine (Node: done by importing `parallel-node.js`); null: this thread only. */
export function setRenderEngineFactory(f: RenderEngineFactory | null): void {
  engineFactory = f;
}

/** Render one version of a package into `sink` (library API). */
export async function render(source: ByteSource, version: string | Version, sink: RenderTarget['sink'], opts: RenderOptions & { adjustments?: RenderTarget['adjustments'] } = {}): Promise<RenderResult> {
  const pkg = await openPackage(source);
  const v = typeof version === 'string' ? pkg.manifest && availableVersions(pkg.manifest).find((x) => x.name === version) : version;
  if (pkg.manifest && !v) {
    return { ok: false, outcomes: [], manifestSha256: null, findings: [finding('SP-REN-001', '/versions', { version: String(version) })] };
  }
  return renderPackage(pkg, [{ version: v as Version, sink, adjustments: opts.adjustments }], { packageName: source.name, ...opts });
}

/** Render several outputs of an opened package in one pass over the stems. */
export async function renderPackage(pkg: OpenedPackage, targets: RenderTarget[], opts: RenderOptions = {}): Promise<RenderResult> {
  const blocking = renderability(pkg);
  const m = pkg.manifest;
  if (!m || blocking.length > 0) return { ok: false, outcomes: [], findings: blocking, manifestSha256: null };
  const mixHeader = pkg.audio[0]!.header!;
  const stems = pkg.audio.slice(1);
  const channels = mixHeader.channels;
  const rate = mixHeader.sampleRate;
  const frames = mixHeader.frames;
  const format: RenderFormat = {
    container: opts.format?.container ?? m.format.container,
    sampleFormat: opts.format?.sampleFormat ?? m.format.sampleFormat,
    bitDepth: (opts.format?.bitDepth ?? m.format.bitDepth) as RenderFormat['bitDepth'],
  };
  if (format.sampleFormat === 'float' && format.bitDepth !== 32 && format.bitDepth !== 64) format.bitDepth = 32;
  const h = createSha256();
  h.update(pkg.manifestBytes!);
  const manifestSha256 = h.hex();
  const pkgName = (opts.packageName ?? 'package').split(/[\\/]/).pop();

  const plans = targets.map((t) => planGains(m, t.version, t.adjustments));
  const findings: Finding[] = plans.flatMap((p) => p.findings);
  // SP-REN-006: silence, or the mix again (residual outputs are what they are); refused up front with `strict`
  const effects = targets.map((t, i) => (t.residual ? null : versionEffectFinding(m, plans[i]!.version, plans[i]!.gains, !!(t.adjustments?.rules?.length || t.adjustments?.solo?.length), frames / rate)));
  if (opts.strict && effects.some((f) => f !== null)) {
    return { ok: false, outcomes: [], findings: [...findings, ...effects.filter((f): f is Finding => f !== null)], manifestSha256 };
  }
  const writers: AudioWriter[] = [];
  for (let i = 0; i < targets.length; i++) {
    const mode = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : 'multichannel';
    writers.push(
      await createAudioWriter(targets[i]!.sink, {
        container: format.container,
        sampleFormat: format.sampleFormat,
        bitsPerSample: format.bitDepth,
        sampleRate: rate,
        channels,
        expectedFrames: frames,
        ...(format.container === 'wav'
          ? {
              bext: {
                description: `stempack ${targets[i]!.residual ? 'null residual' : 'render'} of "${m.title}" by ${m.artist}, version ${plans[i]!.version.name}`,
                originator: 'stempack',
                originatorReference: manifestSha256.slice(0, 32),
                timeReference: BigInt(m.timeline.start),
                codingHistory: `A=${format.sampleFormat === 'float' ? 'PCM_FLOAT' : 'PCM'},F=${rate},W=${format.bitDepth},M=${mode},T=stempack ${targets[i]!.residual ? 'residual' : 'render'};package=${pkgName};manifest-sha256=${manifestSha256};version=${plans[i]!.version.name}`,
              },
            }
          : {}),
      }),
    );
  }

  const blockFrames = Math.max(1, opts.blockFrames ?? 65536);
  const maxPos = opts.maxClampPositions ?? MAX_POSITIONS;
  const mixAudio = pkg.audio[0]!;
  const wantMix = targets.some((t) => t.residual);
  const files = wantMix ? [...stems, mixAudio] : stems;
  const kspec: KernelSpec = {
    stems: stems.map((s) => ({ encoding: s.header!.encoding, channels: s.header!.channels })),
    mix: wantMix ? { encoding: mixAudio.header!.encoding, channels: mixAudio.header!.channels } : null,
    channels,
    out: { sampleFormat: format.sampleFormat, bitDepth: format.bitDepth, encoding: writers[0]?.spec.encoding ?? { bitsPerSample: format.bitDepth, byteOrder: 'le' } },
    targets: plans.map((p, t) => ({ gains: p.gains.map((g) => (g === null ? null : gainFromDb(g))), residual: targets[t]!.residual === true })),
    ditherSeed: opts.dither && format.sampleFormat === 'int' ? opts.dither.seed : null,
    blockFrames,
    maxPositions: maxPos,
  };
  const outcomes: RenderOutcome[] = targets.map((_, i) => ({
    version: plans[i]!.version.name,
    gainsDb: plans[i]!.gains,
    frames: 0,
    channels,
    sampleRate: rate,
    format,
    clamped: 0,
    clampPositions: [],
    overs: 0,
    findings: [],
  }));
  effects.forEach((f, i) => f && outcomes[i]!.findings.push(f));

  const engine = targets.length > 0 && frames > 0 ? (engineFactory?.(kspec, opts.workers) ?? null) : null;
  const kernel = engine ? null : createBlockKernel(kspec);
  // Every file read block by block in lockstep into buffers reused from block to block; the
  // next blocks' reads (and, with worker threads, their renders) are in flight while the current
  // block is written. Blocks are written in order.
  const pools: ArrayBuffer[][] = files.map(() => []);
  const readFile = async (i: number, start: number, n: number): Promise<Uint8Array> => {
    const f = files[i]!;
    const h = f.header!;
    const len = n * h.blockAlign;
    const pooled = pools[i]!.pop();
    const buf = new Uint8Array(pooled && pooled.byteLength >= len ? pooled : new ArrayBuffer(blockFrames * h.blockAlign), 0, len);
    const src = f.source! as ByteSource & Partial<ReadIntoSource>;
    const off = h.dataOffset + start * h.blockAlign;
    let got: number;
    if (typeof src.readInto === 'function') got = await src.readInto(off, buf);
    else {
      const b = await src.read(off, len);
      got = Math.min(b.length, len);
      buf.set(b.subarray(0, got));
    }
    if (got !== len) throw new Error(`render: ${f.item.path} ended early at frame ${start}`);
    return buf;
  };
  const recycle = (inputs: readonly Uint8Array[]): void => {
    inputs.forEach((b, i) => {
      if (b.buffer.byteLength > 0 && pools[i]!.length < 4) pools[i]!.push(b.buffer as ArrayBuffer);
    });
  };
  interface Job {
    start: number;
    n: number;
    p: Promise<{ inputs: Uint8Array[]; out?: BlockOut }>;
  }
  const jobs: Job[] = [];
  let next = 0;
  const launch = (): void => {
    const start = next;
    const n = Math.min(blockFrames, frames - start);
    next += n;
    const reads = Promise.all(files.map((_, i) => readFile(i, start, n)));
    const p = engine ? reads.then((inputs) => engine.run(inputs, start, n)) : reads.then((inputs) => ({ inputs }));
    p.catch(() => undefined); // a block abandoned with a failed render
    jobs.push({ start, n, p });
  };
  const depth = engine ? engine.depth : 2;
  try {
    while (next < frames && jobs.length < depth) launch();
    while (jobs.length > 0) {
      const job = jobs.shift()!;
      const r = await job.p;
      const out = kernel ? kernel.run(r.inputs, job.start, job.n) : r.out!;
      recycle(r.inputs);
      while (next < frames && jobs.length < depth) launch();
      for (let t = 0; t < targets.length; t++) {
        const o = outcomes[t]!;
        o.clamped += out.clamped[t]!;
        o.overs += out.overs[t]!;
        for (const k of out.positions[t]!) {
          if (o.clampPositions.length >= maxPos) break;
          o.clampPositions.push({ frame: job.start + Math.floor(k / channels), channel: k % channels });
        }
        await writers[t]!.writeRaw(out.bytes[t]!);
        o.frames += job.n;
      }
      engine?.release(out);
      opts.onProgress?.(job.start + job.n, frames);
    }
  } finally {
    engine?.close();
  }
  for (let t = 0; t < targets.length; t++) {
    await writers[t]!.finish();
    const o = outcomes[t]!;
    if (o.clamped > 0) {
      const first = o.clampPositions[0]!;
      o.findings.push(
        finding('SP-REN-003', `version:${o.version}`, { clamped: o.clamped, version: o.version, positions: o.clampPositions.slice(0, 10).map((p) => ({ frame: p.frame, channel: p.channel })) }, atFrame(first.frame, rate, { channel: first.channel })),
      );
    }
  }
  return { ok: true, outcomes, findings, manifestSha256 };
}
