// A short fixed-seed fuzz round over the header reader, readZip, parseManifest, validate, the SSHSIG
// signature reader and the allowed signers reader:
// no throw, no hang (each input under a second), no allocation or read request beyond the
// input's size. `npm run fuzz -- --minutes N` runs the same targets at random for longer.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { buildFixture, loadRecipes } from '../../src/conformance/index.js';
import { inputArb, loadSeeds, applyOps, runTarget, TARGETS, entrySeeds, entryInputArb, applyEntryOps, type TargetName } from './targets.js';

/** Executions per target in CI (validate is slowest; it gets fewer). */
const RUNS: Record<TargetName, number> = { 'audio-header': 1500, 'read-zip': 1000, manifest: 1000, validate: 150, 'validate-entry': 150, sshsig: 1000, 'allowed-signers': 1000 };
const SEED = 20260101;

describe('fuzz (fixed seed)', () => {
  for (const target of TARGETS.filter((t) => t !== 'validate-entry')) {
    describe(target, () => {
      let seeds: Uint8Array[] = [];
      beforeAll(async () => {
        // a few conformance fixtures join the builder's packages as seeds (deflated, encrypted, Zip-level breaks)
        const book = loadRecipes();
        const extra = ['zip-006-deflated-stem', 'zip-007-local-name', 'zip-014-encrypted', 'valid-bext', 'aud-002-data-past-end', 'ch-002-split-mono'].map(
          (n) => buildFixture(book, n).bytes,
        );
        seeds = loadSeeds(target, [], extra);
        // warm up (schema compilation, lazy imports) outside the timed runs
        for (const s of seeds) await runTarget(target, s, 60_000);
      });

      it('every unmutated seed passes', async () => {
        expect(seeds.length).toBeGreaterThan(target === 'audio-header' ? 40 : 2);
        if (target === 'read-zip' || target === 'validate') expect(seeds.length).toBeGreaterThanOrEqual(10);
        for (const s of seeds) await runTarget(target, s, 5_000);
      });

      it(`${RUNS[target]} mutated inputs: no throw, no hang, bounded allocation`, async () => {
        await fc.assert(
          fc.asyncProperty(inputArb(seeds.length), async (inp) => {
            // generous time limit in CI (machines are shared); scripts/fuzz.ts enforces 1 s
            await runTarget(target, applyOps(seeds[inp.seed]!, inp.ops), 3_000);
          }),
          { seed: SEED, numRuns: RUNS[target] },
        );
      });
    });
  }

  describe('validate-entry (edits inside one entry, archive rewritten with correct CRCs)', () => {
    const lists = entrySeeds();
    it(`${RUNS['validate-entry']} mutated entries: no throw, no hang, bounded allocation`, async () => {
      await runTarget('validate-entry', applyEntryOps(lists, { seed: 0, entry: 0, ops: [{ op: 'flip', pos: 0, bit: 0 }] }), 60_000);
      await fc.assert(
        fc.asyncProperty(entryInputArb(lists.length), async (inp) => {
          await runTarget('validate-entry', applyEntryOps(lists, inp), 3_000);
        }),
        { seed: SEED, numRuns: RUNS['validate-entry'] },
      );
    });
  });
});
