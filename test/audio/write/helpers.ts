// Shared helpers for the writer tests: deterministic sample generators and file writing.
import { writeFileSync } from 'node:fs';
import { MemorySink } from '../../../src/io/memory-sink.js';
import { createAudioWriter, type WriteSpec, type WriteResult } from '../../../src/audio/write/index.js';

/** Deterministic interleaved integer samples in range for `bits`, starting with the extremes. */
export function intSamples(n: number, bits: number, seed = 1): Int32Array {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  const a = new Int32Array(n);
  const fixed = [min, max, 0, -1, 1, min + 1, max - 1];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    if (i < fixed.length) {
      a[i] = fixed[i]!;
      continue;
    }
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = bits === 32 ? s | 0 : min + Math.floor((s / 2 ** 32) * (max - min + 1));
  }
  return a;
}

/** Deterministic interleaved float samples in [-1, 1], starting with the extremes. */
export function floatSamples(n: number, seed = 1): Float64Array {
  const a = new Float64Array(n);
  const fixed = [-1, 1, 0, -0, 2 ** -40, -(2 ** -30), 0.5, -0.999999];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    if (i < fixed.length) {
      a[i] = fixed[i]!;
      continue;
    }
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

/** Samples a file of this spec would hold, as the writer takes them. */
export function samplesFor(spec: WriteSpec, frames: number, seed = 1): Int32Array | Float64Array {
  const n = frames * spec.channels;
  return spec.sampleFormat === 'int' ? intSamples(n, spec.bitsPerSample, seed) : floatSamples(n, seed);
}

/** Write `samples` in blocks of `block` frames into memory; returns the bytes and the result. */
export async function writeToMemory(
  spec: WriteSpec,
  samples: Int32Array | Float64Array,
  frames: number,
  block = 4096,
): Promise<{ bytes: Uint8Array; result: WriteResult }> {
  const sink = new MemorySink();
  const w = await createAudioWriter(sink, spec);
  const ch = spec.channels;
  for (let f = 0; f < frames; f += block) {
    const m = Math.min(block, frames - f);
    const part = samples.subarray(f * ch, (f + m) * ch);
    if (part instanceof Int32Array) await w.writeInt(part, m);
    else await w.writeFloat(part, m);
  }
  const result = await w.finish();
  await sink.close();
  return { bytes: sink.bytes().slice(), result };
}

export async function writeFile(path: string, spec: WriteSpec, samples: Int32Array | Float64Array, frames: number): Promise<WriteResult> {
  const { bytes, result } = await writeToMemory(spec, samples, frames);
  writeFileSync(path, bytes);
  return result;
}

/** The value sox reports for a written sample: v / 2^(bits-1) for integers, float32 rounding for fl32. */
export function expectedFloat(spec: WriteSpec, samples: Int32Array | Float64Array): Float64Array {
  const out = new Float64Array(samples.length);
  if (spec.sampleFormat === 'int') {
    const scale = 2 ** (spec.bitsPerSample - 1);
    for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / scale;
  } else if (spec.bitsPerSample === 32) {
    for (let i = 0; i < samples.length; i++) out[i] = Math.fround(samples[i]!);
  } else {
    out.set(samples);
  }
  return out;
}
