// The block kernel of the render against the reference arithmetic of spec §9 written out here
// the way the renderer did it before the kernel (decode to float64, accumulate, quantise with
// the TPDF generator run from the start, encode): same bytes, same clamp counts and positions.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AudioEncoding } from '../../src/model/audio.js';
import { decodeToFloat64, encodeFromFloat64, encodeFromInt32 } from '../../src/audio/index.js';
import { accumulate, mulberry32, quantize } from '../../src/dsp/index.js';
import { createBlockKernel, integerScale, mulberry32At, type KernelFile, type KernelSpec } from '../../src/render/kernel.js';
import { createS24Render } from '../../src/render/wasm-s24.js';

function enc(bits: number, order: 'le' | 'be', format: 'int' | 'float' = 'int', unsigned8 = false): AudioEncoding {
  return { sampleFormat: format, bitsPerSample: bits, validBits: bits, byteOrder: order, unsigned8: bits === 8 && unsigned8 };
}

/** The renderer's block as it was before the kernel: the dither generator drawn from the start of the render. */
function reference(spec: KernelSpec, inputs: Uint8Array[], start: number, frames: number) {
  const ch = spec.channels;
  const n = frames * ch;
  const dec = spec.stems.map((s, i) => {
    const d = new Float64Array(frames * s.channels);
    decodeToFloat64(inputs[i]!, s.encoding, s.channels, frames, d);
    return d;
  });
  const mix = new Float64Array(n);
  if (spec.mix) decodeToFloat64(inputs[spec.stems.length]!, spec.mix.encoding, ch, frames, mix);
  return spec.targets.map((t) => {
    const a = new Float64Array(n);
    t.gains.forEach((g, i) => {
      if (g !== null) accumulate(a, dec[i]!, g, frames, ch, spec.stems[i]!.channels);
    });
    if (t.residual) for (let k = 0; k < n; k++) a[k] = mix[k]! - a[k]!;
    const bytes = new Uint8Array(n * (spec.out.bitDepth >> 3));
    const positions: number[] = [];
    let clamped = 0;
    let overs = 0;
    if (spec.out.sampleFormat === 'int') {
      let prng: (() => number) | undefined;
      if (spec.ditherSeed !== null) {
        prng = mulberry32(spec.ditherSeed);
        for (let k = 0; k < 2 * start * ch; k++) prng();
      }
      const ints = new Int32Array(n);
      clamped = quantize(a, n, spec.out.bitDepth, ints, prng, (k) => {
        if (positions.length < spec.maxPositions) positions.push(k);
      });
      encodeFromInt32(ints, n, spec.out.encoding, bytes);
    } else {
      for (let k = 0; k < n; k++) if (a[k]! > 1 || a[k]! < -1) overs++;
      encodeFromFloat64(a, n, spec.out.encoding, bytes);
    }
    return { bytes, clamped, positions, overs };
  });
}

const intEncoding = fc
  .record({ bits: fc.constantFrom(8, 16, 24, 24, 24, 32), order: fc.constantFrom<'le' | 'be'>('le', 'le', 'be'), unsigned8: fc.boolean() })
  .map((e) => enc(e.bits, e.order, 'int', e.unsigned8));
const anyEncoding = fc.oneof({ weight: 4, arbitrary: intEncoding }, { weight: 1, arbitrary: fc.constantFrom(enc(32, 'le', 'float'), enc(64, 'be', 'float')) });

/**
 * Sample bytes for a file: random integers (full range, so sums clip; `quiet`: small ones; `edge`:
 * values whose sums land on and just past the clamp bounds), or floats within ±2.
 */
function samples(f: KernelFile, frames: number, seed: number, quiet: boolean, edge: boolean): Uint8Array {
  const n = frames * f.channels;
  const size = f.encoding.bitsPerSample >> 3;
  const b = new Uint8Array(n * size);
  const r = mulberry32(seed);
  if (f.encoding.sampleFormat === 'float') {
    const dv = new DataView(b.buffer);
    for (let k = 0; k < n; k++) {
      const v = (r() / 2 ** 31 - 1) * (quiet ? 0.1 : 2);
      if (size === 4) dv.setFloat32(4 * k, v, f.encoding.byteOrder === 'le');
      else dv.setFloat64(8 * k, v, f.encoding.byteOrder === 'le');
    }
    return b;
  }
  if (edge) {
    const h = 2 ** (f.encoding.bitsPerSample - 1);
    const values = [-h, h - 1, h / 2, -h / 2, h / 2 - 1, -h / 2 - 1, 1, -1, 0];
    const ints = Int32Array.from({ length: n }, () => values[r() % values.length]!);
    encodeFromInt32(ints, n, f.encoding, b);
    return b;
  }
  for (let k = 0; k < b.length; k++) b[k] = r() & 0xff;
  if (quiet) {
    // small integers: keep the sign byte of each sample 0x00 or 0xff (most significant byte)
    for (let k = 0; k < n; k++) {
      const msb = f.encoding.byteOrder === 'le' ? k * size + size - 1 : k * size;
      b[msb] = f.encoding.bitsPerSample === 8 && f.encoding.unsigned8 ? 0x80 : b[msb]! & 0x80 ? 0xff : 0x00;
    }
  }
  return b;
}

/** A copy of `b` at byte offset `shift` in a larger buffer (inputs need not be aligned). */
function at(b: Uint8Array, shift: number): Uint8Array {
  const big = new Uint8Array(b.length + shift);
  big.set(b, shift);
  return big.subarray(shift);
}

const cases = (eligibleOnly: boolean) =>
  fc
    .record({
      ch: fc.constantFrom(1, 2, 2, 3),
      stems: fc.array(fc.record({ enc: eligibleOnly ? intEncoding.filter((e) => e.bitsPerSample <= 24) : anyEncoding, mono: fc.boolean(), gain: eligibleOnly ? fc.constantFrom<number | null>(1, 1, 1, null) : fc.constantFrom<number | null>(1, 1, null, 0.5, 1.122018454301963) }), { minLength: 1, maxLength: 6 }),
      outBits: fc.constantFrom(8, 16, 24, 24, 32),
      outOrder: fc.constantFrom<'le' | 'be'>('le', 'le', 'be'),
      outUnsigned8: fc.boolean(),
      outFloat: eligibleOnly ? fc.constant(false) : fc.boolean(),
      residual: fc.boolean(),
      mixEnc: eligibleOnly ? intEncoding.filter((e) => e.bitsPerSample <= 24) : anyEncoding,
      dither: eligibleOnly ? fc.constant(null) : fc.option(fc.integer({ min: -5, max: 2 ** 32 + 5 })),
      frames: fc.integer({ min: 0, max: 41 }),
      start: fc.integer({ min: 0, max: 300 }),
      seed: fc.integer(),
      quiet: fc.boolean(),
      edge: fc.boolean(),
      shift: fc.constantFrom(0, 0, 1, 2, 3),
      maxPositions: fc.constantFrom(0, 3, 100),
    })
    .map((c) => {
      const stems: KernelFile[] = c.stems.map((s) => ({ encoding: s.enc, channels: s.mono ? 1 : c.ch }));
      const outFloat = c.outFloat;
      const spec: KernelSpec = {
        stems,
        mix: c.residual ? { encoding: c.mixEnc, channels: c.ch } : null,
        channels: c.ch,
        out: outFloat
          ? { sampleFormat: 'float', bitDepth: c.outBits === 8 || c.outBits === 16 ? 32 : 64, encoding: enc(c.outBits === 8 || c.outBits === 16 ? 32 : 64, c.outOrder, 'float') }
          : { sampleFormat: 'int', bitDepth: c.outBits, encoding: enc(c.outBits, c.outOrder, 'int', c.outUnsigned8) },
        targets: [
          { gains: c.stems.map((s) => s.gain), residual: false },
          { gains: c.stems.map(() => 1), residual: c.residual },
          { gains: c.stems.map((s, i) => (i === 0 ? null : s.gain)), residual: c.residual },
        ],
        ditherSeed: outFloat ? null : c.dither,
        blockFrames: Math.max(1, c.frames + (c.seed & 7)),
        maxPositions: c.maxPositions,
      };
      const files = c.residual ? [...stems, spec.mix!] : stems;
      const inputs = files.map((f, i) => at(samples(f, c.frames, c.seed + i, c.quiet, c.edge), c.shift));
      return { spec, inputs, start: c.start, frames: c.frames };
    });

function check({ spec, inputs, start, frames }: { spec: KernelSpec; inputs: Uint8Array[]; start: number; frames: number }): number {
  const want = reference(spec, inputs, start, frames);
  const kernel = createBlockKernel(spec);
  // twice: scratch buffers reused from a previous block change nothing
  kernel.run(inputs, start, frames);
  const got = kernel.run(inputs, start, frames);
  for (let t = 0; t < want.length; t++) {
    expect(Buffer.from(got.bytes[t]!).equals(Buffer.from(want[t]!.bytes))).toBe(true);
    expect(got.clamped[t]).toBe(want[t]!.clamped);
    expect(got.positions[t]).toEqual(want[t]!.positions);
    expect(got.overs[t]).toBe(want[t]!.overs);
  }
  return spec.targets.filter((t) => integerScale(spec, t) > 0).length;
}

describe('render block kernel', () => {
  it('has the WebAssembly SIMD sum of 24-bit stems (so the properties below exercise it)', () => {
    const sum = createS24Render(1 << 16)!;
    expect(sum).not.toBeNull();
    const b = new Uint8Array(sum.mem.buffer);
    // -1, 2^23 - 1, -2^23, 5 as 3-byte little-endian at offset 64; acc at 0
    b.set([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00], 64);
    sum.set(64, 0, 1);
    sum.add(64, 0, 1);
    expect([...new Int32Array(sum.mem.buffer, 0, 4)]).toEqual([-2, 2 ** 24 - 2, -(2 ** 24), 10]);
  });

  it('the exact integer path gives the bytes, clamp counts and positions of the float64 reference (random stems, clipping sums)', () => {
    let fast = 0;
    let clamped = 0;
    fc.assert(
      fc.property(cases(true), (c) => {
        fast += check(c);
        clamped += reference(c.spec, c.inputs, c.start, c.frames).reduce((s, r) => s + r.clamped, 0);
      }),
      { numRuns: 400, seed: 11 },
    );
    // the property did run the integer path, and through clipping sums
    expect(fast).toBeGreaterThan(800);
    expect(clamped).toBeGreaterThan(1000);
  });

  it('clamps a sum one past either bound and keeps one at the bound, wherever it sits in a block', () => {
    const h = 2 ** 22;
    const s24: KernelFile = { encoding: enc(24, 'le'), channels: 2 };
    for (const [a, b] of [
      [h, h - 1],
      [h, h],
      [-h, -h],
      [-h, -h - 1],
    ] as const) {
      for (const at of [0, 3, 5, 9]) {
        const frames = 5;
        const x = new Int32Array(frames * 2);
        const y = new Int32Array(frames * 2);
        x[at] = a;
        y[at] = b;
        const inputs = [x, y].map((v) => {
          const bytes = new Uint8Array(v.length * 3);
          encodeFromInt32(v, v.length, s24.encoding, bytes);
          return bytes;
        });
        const spec: KernelSpec = {
          stems: [s24, s24],
          mix: null,
          channels: 2,
          out: { sampleFormat: 'int', bitDepth: 24, encoding: enc(24, 'le') },
          targets: [{ gains: [1, 1], residual: false }],
          ditherSeed: null,
          blockFrames: 8,
          maxPositions: 10,
        };
        check({ spec, inputs, start: 0, frames });
      }
    }
  });

  it('every path (gains, float stems and output, dither at any position, residual) equals the reference', () => {
    fc.assert(
      fc.property(cases(false), (c) => {
        check(c);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('takes the integer path only for unity gains, integer stems and output, no dither, and sums that fit 32 bits', () => {
    const s24 = { encoding: enc(24, 'le'), channels: 2 };
    const base: KernelSpec = {
      stems: [s24, s24],
      mix: null,
      channels: 2,
      out: { sampleFormat: 'int', bitDepth: 16, encoding: enc(16, 'le') },
      targets: [],
      ditherSeed: null,
      blockFrames: 16,
      maxPositions: 10,
    };
    expect(integerScale(base, { gains: [1, 1], residual: false })).toBe(24);
    expect(integerScale(base, { gains: [1, null], residual: false })).toBe(24);
    expect(integerScale(base, { gains: [1, 0.5], residual: false })).toBe(0);
    expect(integerScale({ ...base, ditherSeed: 0 }, { gains: [1, 1], residual: false })).toBe(0);
    expect(integerScale({ ...base, out: { sampleFormat: 'float', bitDepth: 32, encoding: enc(32, 'le', 'float') } }, { gains: [1, 1], residual: false })).toBe(0);
    expect(integerScale({ ...base, stems: [s24, { encoding: enc(32, 'le', 'float'), channels: 2 }] }, { gains: [1, 1], residual: false })).toBe(0);
    const s32 = { encoding: enc(32, 'le'), channels: 2 };
    expect(integerScale({ ...base, stems: [s32, s32] }, { gains: [1, 1], residual: false })).toBe(0);
    expect(integerScale({ ...base, stems: Array.from({ length: 256 }, () => s24) }, { gains: Array.from({ length: 256 }, () => 1), residual: false })).toBe(0);
    expect(integerScale({ ...base, stems: Array.from({ length: 255 }, () => s24) }, { gains: Array.from({ length: 255 }, () => 1), residual: false })).toBe(24);
  });

  it('mulberry32At(seed, k) continues as mulberry32(seed) after k draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 33), max: 2 ** 33 }), fc.integer({ min: 0, max: 3000 }), (seed, k) => {
        const a = mulberry32(seed);
        for (let i = 0; i < k; i++) a();
        const b = mulberry32At(seed, k);
        for (let i = 0; i < 5; i++) expect(b()).toBe(a());
      }),
      { numRuns: 200, seed: 13 },
    );
    // positions beyond 2^32 draws wrap as the generator's 32-bit state does
    const c = mulberry32At(7, 2 ** 32 + 5)();
    expect(c).toBe(mulberry32At(7, 5)());
  });
});
