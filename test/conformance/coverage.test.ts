// Every requirement ID has at least one case where it is reported (an invalid package, or the
// informative finding present) and one where it must be absent (the requirement met), unless
// coverage.json documents why conformance cases cannot cover it.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_CODES } from '../../src/model/codes.js';
import { loadCases } from '../../src/conformance/index.js';

const SUITE = resolve(import.meta.dirname, '../../spec/conformance');
const cases = loadCases(SUITE);
const reasons = (JSON.parse(readFileSync(join(SUITE, 'coverage.json'), 'utf8')) as { reasons: Record<string, string> }).reasons;

describe('conformance coverage', () => {
  it('every requirement ID has a case that reports it and a case where it is absent, or a documented reason', () => {
    const reported = new Set(cases.flatMap((c) => c.expect.findings.map((f) => f.code)));
    const absent = new Set(cases.flatMap((c) => c.expect.absent ?? []));
    const gaps = ALL_CODES.filter((code) => !reasons[code] && (!reported.has(code) || !absent.has(code))).map(
      (code) => `${code}: ${reported.has(code) ? '' : 'no reporting case '}${absent.has(code) ? '' : 'no absent case'}`,
    );
    expect(gaps).toEqual([]);
  });

  it('reasons are only given for registry codes not otherwise covered, and say something', () => {
    for (const [code, why] of Object.entries(reasons)) {
      expect(ALL_CODES as string[]).toContain(code);
      expect(why.length).toBeGreaterThan(30);
    }
  });

  it('every case cites the section of every code it expects', () => {
    const bad: string[] = [];
    for (const c of cases) {
      const cited = new Set(c.specification.map((s) => s.quote));
      for (const f of c.expect.findings) if (![...cited].some((q) => q.includes(f.code))) bad.push(`${c.description}: ${f.code} not cited`);
    }
    expect(bad).toEqual([]);
  });
});
