// Property: a random song with one random fault of known size is explained with that fault and its size.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding, Json } from '../../src/model/finding.js';
import { explainNull } from '../../src/nullsum/explain.js';
import { makeSong, memoryAccess, mixOf, runNull, scale, shift } from './song.js';

const P = (f: Finding) => f.params as { [k: string]: Json };

type Fault = { kind: 'offset'; lag: number } | { kind: 'gain'; db: number } | { kind: 'polarity' };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.integer({ min: -2000, max: 2000 }).filter((d) => d !== 0).map((lag) => ({ kind: 'offset' as const, lag })),
  fc.double({ min: -3, max: 3, noNaN: true }).filter((db) => Math.abs(db) >= 0.1).map((db) => ({ kind: 'gain' as const, db })),
  fc.constant({ kind: 'polarity' as const }),
);

describe('explainNull property', () => {
  it('recovers a random single fault with its size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1 << 30 }), fc.nat(3), fault, async (seed, which, fl) => {
        const song = makeSong(seed, 3);
        const mix = mixOf(song);
        const s = song.stems[which]!;
        const broken =
          fl.kind === 'offset' ? shift(s, song.frames, fl.lag) : fl.kind === 'gain' ? scale(s, Math.pow(10, fl.db / 20)) : scale(s, -1);
        const stems = song.stems.map((x, j) => (j === which ? broken : x));
        const result = runNull(song, mix, stems);
        expect(result.pass).toBe(false);
        const fs = await explainNull(memoryAccess(song, mix, stems), result, { maxLagSeconds: 0.05, analysisSeconds: 2 });
        expect(fs).toHaveLength(1);
        const p = P(fs[0]!);
        expect(p['kind']).toBe(fl.kind);
        expect(p['stem']).toBe(s.id);
        if (fl.kind === 'offset') expect(p['lagFrames']).toBe(fl.lag);
        if (fl.kind === 'gain') expect(Math.abs((p['gainErrorDb'] as number) - fl.db)).toBeLessThanOrEqual(0.05);
        expect((p['residualAfterDbfs'] as number | null) ?? -Infinity).toBeLessThan(-100);
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});
