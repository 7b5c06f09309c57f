// A short fixed-seed fuzz round over the header reader, readZip, parseManifest, validate, the SSHSIG
// signature reader and the allowed signers reader:
// no throw, no hang (each input under a second), no allocation or read request beyond the
// input's size; the HTTP source against a hostile server on 127.0.0.1 (errors are HttpSourceErrors,
// stalls cost the time limit, no body read past the request) and the manifest at scale (time
// linear in the items, findings capped per code). `npm run fuzz -- --minutes N` runs the same
// targets at random for longer.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { buildFixture, loadRecipes } from '../../src/conformance/index.js';
import { inputArb, loadSeeds, applyOps, runTarget, TARGETS, STRUCTURED_TARGETS, entrySeeds, entryInputArb, applyEntryOps, httpInputArb, runHttp, closeHttpServers, packageSeeds, scaleInputArb, runManifestScale, type TargetName } from './targets.js';

/** Executions per target in CI (validate is slowest; it gets fewer). */
const RUNS: Record<TargetName, number> = { 'audio-header': 1500, 'read-zip': 1000, manifest: 1000, validate: 150, 'validate-entry': 150, sshsig: 1000, 'allowed-signers': 1000, http: 120, 'manifest-scale': 40 };
const SEED = 20260101;

describe('fuzz (fixed seed)', () => {
  for (const target of TARGETS.filter((t) => !STRUCTURED_TARGETS.has(t))) {
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

  describe('http (the HTTP source against a hostile server on 127.0.0.1)', () => {
    const packages = packageSeeds().slice(0, 2);
    afterAll(() => closeHttpServers());
    it(`${RUNS.http} scripted servers: a report or an HttpSourceError, in bounded time, no body read past the request`, async () => {
      await runHttp({ seed: 0, plan: [], level: 'headers' }, packages, 60_000);
      await fc.assert(
        fc.asyncProperty(httpInputArb(packages.length), async (inp) => {
          await runHttp(inp, packages, 3_000);
        }),
        { seed: SEED, numRuns: RUNS.http },
      );
    });
  });

  describe('manifest-scale (thousands of items in one array)', () => {
    it(`${RUNS['manifest-scale']} manifests of up to 20,000 items: linear time, findings capped per code, counts that add up`, async () => {
      await runManifestScale({ array: 'stems', count: 10, templates: [{}], unknownRoot: 0, level: 'headers' }, 60_000);
      await fc.assert(
        fc.asyncProperty(scaleInputArb(20_000), async (inp) => {
          await runManifestScale(inp, 3_000);
        }),
        { seed: SEED, numRuns: RUNS['manifest-scale'] },
      );
    });
  });
});
