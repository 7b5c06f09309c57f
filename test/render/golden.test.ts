// The golden render vectors of spec/golden/: regenerated and rendered with this implementation.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BytesSource, MemorySink } from '../../src/io/index.js';
import { readAudioHeader } from '../../src/audio/index.js';
import '../../src/analysis/hash-node.js';
import { render } from '../../src/render/index.js';
import type { Role } from '../../src/model/manifest.js';
import { buildPackage } from '../helpers/package-builder.js';
import { recipeInts, type GoldenCase } from './golden.js';

const file = resolve(import.meta.dirname, '../../spec/golden/render-vectors.json');
const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: GoldenCase[] };
const update = process.env.UPDATE_GOLDEN === '1';

async function renderCase(c: GoldenCase): Promise<{ pcmSha256: string; clamped: number }> {
  const pkg = buildPackage({
    sampleRate: c.sampleRate,
    bitDepth: c.bitDepth,
    sampleFormat: c.sampleFormat,
    channels: c.channels,
    frames: c.frames,
    mixBusProcessing: true,
    stems: c.stems.map((s) => ({
      id: s.id,
      role: s.role as Role,
      channels: s.channels,
      ...(s.gainDb !== undefined ? { gainDb: s.gainDb } : {}),
      parts: [{ kind: 'silence' as const }],
      post: (x: Int32Array | Float64Array) => {
        const ints = recipeInts(s.signal, c.frames, s.channels, c.sampleFormat === 'int' ? c.bitDepth : 24);
        if (c.sampleFormat === 'int') x.set(ints);
        else for (let k = 0; k < ints.length; k++) x[k] = ints[k]! / 2 ** 23;
      },
    })),
  });
  const sink = new MemorySink();
  const r = await render(new BytesSource(pkg.bytes, `${c.name}.stempack`), c.version, sink, {
    format: { sampleFormat: c.output.sampleFormat, bitDepth: c.output.bitDepth as 16 },
    ...(c.output.dither ? { dither: c.output.dither } : {}),
    adjustments: { rules: (c.extraRules ?? []) as never },
  });
  expect(r.ok, JSON.stringify(r.findings)).toBe(true);
  const bytes = sink.bytes();
  const { header } = await readAudioHeader(new BytesSource(bytes, 'out'));
  const pcm = bytes.subarray(header!.dataOffset, header!.dataOffset + header!.dataSize);
  return { pcmSha256: createHash('sha256').update(pcm).digest('hex'), clamped: r.outcomes[0]!.clamped };
}

describe('golden render vectors (spec/golden/render-vectors.json)', () => {
  it('has cases covering unity sums, gains, mutes, mono stems, quantisation, dither, float and clamping', () => {
    expect(doc.cases.length).toBeGreaterThanOrEqual(8);
    expect(new Set(doc.cases.map((c) => c.name)).size).toBe(doc.cases.length);
  });

  for (const c of doc.cases) {
    it(`${c.name}: ${c.description}`, async () => {
      const got = await renderCase(c);
      if (update) c.expect = got;
      else expect(got).toEqual(c.expect);
    });
  }

  if (update) it('writes the updated digests', () => writeFileSync(file, JSON.stringify(doc, null, 2) + '\n'));
});
