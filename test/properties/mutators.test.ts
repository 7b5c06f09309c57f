// Every requirement ID has a mutator (or a documented reason), and every mutator, with random
// parameters, makes validate report exactly its code at the right path with the right numbers,
// and no unrelated error-level finding.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { ALL_CODES, type Code } from '../../src/model/codes.js';
import { buildPackage } from '../helpers/package-builder.js';
import { MUTATORS, KNOWN_GAPS, isMutator, type Expectation, type MutationCase } from './mutators.js';

/** Random cases per mutator (each one builds and fully validates a package). */
const RUNS = 4;

async function check(mutation: MutationCase, exp: Expectation): Promise<void> {
  const b = buildPackage(mutation.build);
  const name = mutation.name ?? 'song.stempack';
  const r = await validate({ source: new BytesSource(b.bytes, name), name }, mutation.profile !== undefined ? { profile: mutation.profile } : {});
  const all = r.findings.map((f) => [f.code, f.path, JSON.stringify(f.params)]);
  const hits = r.findings.filter((f) => f.code === exp.code);
  expect(hits.length, JSON.stringify(all)).toBeGreaterThan(0);
  if (exp.count !== undefined) expect(hits.length, JSON.stringify(all)).toBe(exp.count);
  if (exp.path !== undefined) expect(hits.map((f) => f.path), JSON.stringify(all)).toContain(exp.path);
  if (exp.params) {
    const at = hits.find((f) => exp.path === undefined || f.path === exp.path)!;
    expect(at.params).toMatchObject(exp.params);
  }
  const allowed = new Set<string>([exp.code, ...(exp.alsoErrors ?? [])]);
  expect(r.findings.filter((f) => f.severity === 'error' && !allowed.has(f.code)).map((f) => [f.code, f.path, f.message])).toEqual([]);
  for (const also of exp.alsoErrors ?? []) expect(r.findings.some((f) => f.code === also), also).toBe(true);
}

describe('mutator registry', () => {
  it('every requirement ID has a mutator or a documented reason', () => {
    const missing = ALL_CODES.filter((code) => {
      const e = MUTATORS[code] as (typeof MUTATORS)[Code] | undefined;
      return !e || (!isMutator(e) && e.reason.trim().length < 20);
    });
    expect(missing).toEqual([]);
    expect(Object.keys(MUTATORS).filter((k) => !(ALL_CODES as string[]).includes(k))).toEqual([]);
  });

  for (const gap of KNOWN_GAPS) {
    it.fails(`known gap, ${gap.code}: ${gap.note}`, async () => {
      // every case of the gap must be missed for this to stay an expected failure: one run is enough
      await fc.assert(fc.asyncProperty(gap.arb, async ({ mutation, expect: exp }) => check(mutation, exp)), { numRuns: 1, seed: 1 });
    });
  }

  for (const code of ALL_CODES) {
    const entry = MUTATORS[code];
    if (!isMutator(entry)) continue;
    it(`${code}: each random mutation yields exactly its code`, async () => {
      await fc.assert(
        fc.asyncProperty(entry.arb, async ({ mutation, expect: exp }) => check(mutation, exp)),
        { numRuns: RUNS, seed: code.split('').reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7) },
      );
    });
  }
});
