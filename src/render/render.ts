/**
 * The reference render (spec §9): every stem read once, block by block in lockstep, summed with
 * the spec's arithmetic into one accumulator per output, quantised and written as it goes.
 * Memory is a fixed set of block buffers whatever the length of the song or the number of outputs.
 */
import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import { finding, atFrame } from '../model/finding.js';
import type { Version } from '../model/manifest.js';
import { accumulate, gainFromDb } from '../dsp/sum.js';
import { mulberry32, quantize } from '../dsp/quantize.js';
import { decodeToFloat64 } from '../audio/index.js';
import { createAudioWriter, type AudioWriter } from '../audio/write/index.js';
import { availableVersions } from '../manifest/index.js';
import { createSha256 } from '../analysis/hash.js';
import { openPackage, type OpenedPackage } from '../package/open.js';
import { planGains, renderability } from './plan.js';
import type { RenderFormat, RenderOptions, RenderOutcome, RenderResult, RenderTarget } from './types.js';

const MAX_POSITIONS = 100;

/** Render one version of a package into `sink` (library API). */
export async function render(source: ByteSource, version: string | Version, sink: RenderTarget['sink'], opts: RenderOptions & { adjustments?: RenderTarget['adjustments'] } = {}): Promise<RenderResult> {
  const pkg = await openPackage(source);
  const v = typeof version === 'string' ? pkg.manifest && availableVersions(pkg.manifest).find((x) => x.name === version) : version;
  if (pkg.manifest && !v) {
    return { ok: false, outcomes: [], manifestSha256: null, findings: [finding('SP-REN-001', '/versions', { version: String(version) }, `the package has no version "${String(version)}"`)] };
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
  const decoded = stems.map((s) => new Float64Array(blockFrames * s.header!.channels));
  const mixAudio = pkg.audio[0]!;
  const wantMix = targets.some((t) => t.residual);
  // Every file read block by block in lockstep; the next block's reads are in flight while the
  // current block is summed (read() returns arrays the caller owns, so two blocks can coexist).
  const files = wantMix ? [...stems, mixAudio] : stems;
  const readBlock = (start: number, n: number): Promise<Uint8Array[]> =>
    Promise.all(files.map((f) => f.source!.read(f.header!.dataOffset + start * f.header!.blockAlign, n * f.header!.blockAlign)));
  let pending = frames > 0 ? readBlock(0, Math.min(blockFrames, frames)) : null;
  const mixDecoded = new Float64Array(wantMix ? blockFrames * channels : 0);
  const acc = targets.map(() => new Float64Array(blockFrames * channels));
  const ints = new Int32Array(blockFrames * channels);
  const linear = plans.map((p) => p.gains.map((g) => (g === null ? null : gainFromDb(g))));
  const prngs = targets.map(() => (opts.dither && format.sampleFormat === 'int' ? mulberry32(opts.dither.seed) : undefined));
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

  for (let done = 0; done < frames; ) {
    const n = Math.min(blockFrames, frames - done);
    const bytes = await pending!;
    pending = done + n < frames ? readBlock(done + n, Math.min(blockFrames, frames - done - n)) : null;
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      if (bytes[i]!.length !== n * f.header!.blockAlign) {
        pending?.catch(() => undefined); // the read ahead is abandoned with the render
        throw new Error(`render: ${f.item.path} ended early at frame ${done}`);
      }
      decodeToFloat64(bytes[i]!, f.header!.encoding, f.header!.channels, n, i < stems.length ? decoded[i]! : mixDecoded);
    }
    for (let t = 0; t < targets.length; t++) {
      const a = acc[t]!;
      a.fill(0, 0, n * channels);
      const g = linear[t]!;
      for (let i = 0; i < stems.length; i++) {
        const gi = g[i];
        if (gi === null || gi === undefined) continue;
        accumulate(a, decoded[i]!, gi, n, channels, stems[i]!.header!.channels);
      }
      if (targets[t]!.residual) for (let k = 0; k < n * channels; k++) a[k] = mixDecoded[k]! - a[k]!;
      const o = outcomes[t]!;
      if (format.sampleFormat === 'int') {
        o.clamped += quantize(a.subarray(0, n * channels), n * channels, format.bitDepth, ints, prngs[t], (k) => {
          if (o.clampPositions.length < maxPos) o.clampPositions.push({ frame: done + Math.floor(k / channels), channel: k % channels });
        });
        await writers[t]!.writeInt(ints.subarray(0, n * channels), n);
      } else {
        for (let k = 0; k < n * channels; k++) if (a[k]! > 1 || a[k]! < -1) o.overs++;
        await writers[t]!.writeFloat(a.subarray(0, n * channels), n);
      }
      o.frames += n;
    }
    done += n;
    opts.onProgress?.(done, frames);
  }
  for (let t = 0; t < targets.length; t++) {
    await writers[t]!.finish();
    const o = outcomes[t]!;
    if (o.clamped > 0) {
      const first = o.clampPositions[0]!;
      o.findings.push(
        finding('SP-REN-003', `version:${o.version}`, { clamped: o.clamped, positions: o.clampPositions.slice(0, 10).map((p) => ({ frame: p.frame, channel: p.channel })) }, `${o.clamped} samples clamped in version ${o.version}`, atFrame(first.frame, rate, { channel: first.channel })),
      );
    }
  }
  return { ok: true, outcomes, findings, manifestSha256 };
}
