// The conformance suite is well-formed: case files match case.schema.json, descriptions are
// unique, every citation quotes spec/stempack.md verbatim from a section that exists, every
// expected code is a registry code, and every case names a fixture recipe.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { CODES } from '../../src/model/codes.js';
import { loadCases } from '../../src/conformance/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SUITE = join(ROOT, 'spec/conformance');
const spec = readFileSync(join(ROOT, 'spec/stempack.md'), 'utf8');
const sections = new Set([...spec.matchAll(/^#{2,3} (\d+(?:\.\d+)?) /gm)].map((m) => m[1]!));
const recipes = JSON.parse(readFileSync(join(SUITE, 'recipes.json'), 'utf8')) as { fixtures: Record<string, { base: string; sha256?: string }>; bases: Record<string, unknown> };
const cases = loadCases(SUITE);

describe('conformance suite lint', () => {
  it('every case file conforms to case.schema.json', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(SUITE, 'case.schema.json'), 'utf8')));
    for (const f of readdirSync(join(SUITE, 'cases')).filter((n) => n.endsWith('.json'))) {
      const ok = validate(JSON.parse(readFileSync(join(SUITE, 'cases', f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('descriptions are unique', () => {
    const seen = new Map<string, number>();
    for (const c of cases) seen.set(c.description, (seen.get(c.description) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('every case quotes spec/stempack.md verbatim, from a section that exists', () => {
    const bad: string[] = [];
    for (const c of cases) {
      for (const s of c.specification) {
        if (!sections.has(s.section)) bad.push(`${c.description}: no section ${s.section}`);
        if (!spec.includes(s.quote)) bad.push(`${c.description}: quote not in the spec: ${s.quote.slice(0, 60)}…`);
        else {
          // the quote lies in the cited section
          const at = spec.indexOf(s.quote);
          const heads = [...spec.slice(0, at).matchAll(/^#{2,3} (\d+(?:\.\d+)?) /gm)];
          if (heads.at(-1)?.[1] !== s.section) bad.push(`${c.description}: quote is in §${heads.at(-1)?.[1] ?? '?'}, cited as §${s.section}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('expected and absent codes are registry codes', () => {
    const bad = cases.flatMap((c) => [...c.expect.findings.map((f) => f.code), ...(c.expect.absent ?? [])].filter((code) => !(code in CODES)));
    expect(bad).toEqual([]);
  });

  it('every case names a fixture recipe, every recipe has a base and a recorded SHA-256, and every recipe is used', () => {
    expect(cases.map((c) => c.files.package).filter((p) => !(p in recipes.fixtures))).toEqual([]);
    for (const [name, r] of Object.entries(recipes.fixtures)) {
      expect(r.base in recipes.bases, name).toBe(true);
      expect(r.sha256, name).toMatch(/^[0-9a-f]{64}$/);
    }
    const used = new Set(cases.map((c) => c.files.package));
    expect(Object.keys(recipes.fixtures).filter((n) => !used.has(n))).toEqual([]);
  });
});
