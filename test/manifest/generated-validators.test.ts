// The precompiled schema validators (src/manifest/generated/schema-validators.ts) are Ajv's own
// code for the schema files: the committed module is what the generator makes from schema/ now
// (so the schemas stay the single source), and its validators give the same verdicts and the
// same error objects as Ajv compiling the schemas at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import {
  GENERATED_PATH,
  SCHEMA_NAMES,
  createAjv,
  generateSchemaValidators,
  readSchemas,
  repoRoot,
} from '../../scripts/gen-schema-validators.js';
import { BUILTIN_PROFILES, SCHEMAS, validator } from '../../src/manifest/index.js';
import type { SchemaName } from '../../src/manifest/index.js';
import { applyPatch, exampleManifest, examples } from '../spec/spec-doc.js';

const root = repoRoot(import.meta.dirname);
const schemas = readSchemas(root);

let runtime: Record<SchemaName, ValidateFunction> | null = null;
/** The schemas compiled by Ajv at run time, with the generator's options. */
function runtimeValidators(): Record<SchemaName, ValidateFunction> {
  if (!runtime) {
    const ajv = createAjv();
    runtime = { manifest: ajv.compile(schemas.manifest), profile: ajv.compile(schemas.profile), report: ajv.compile(schemas.report) };
  }
  return runtime;
}

/** Verdict and errors of both validators on a copy each (a validator could touch its input). */
function both(name: SchemaName, value: unknown) {
  const gen = validator(name);
  const run = runtimeValidators()[name];
  const a = gen(structuredClone(value));
  const b = run(structuredClone(value));
  return { generated: { valid: a, errors: gen.errors ?? null }, runtime: { valid: b, errors: run.errors ?? null } };
}

function expectSame(name: SchemaName, value: unknown): boolean {
  const r = both(name, value);
  expect(r.generated).toEqual(r.runtime);
  return r.generated.valid;
}

/** Every JSON Pointer of a document, the root included. */
function pointers(doc: unknown, at = ''): string[] {
  const out = [at];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...pointers(v, `${at}/${i}`)));
  else if (doc !== null && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) out.push(...pointers(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return out;
}

/** Random edits of a valid document: values replaced by any JSON, members removed or added. */
function mutations(doc: unknown): fc.Arbitrary<unknown> {
  const paths = pointers(doc).filter((p) => p !== '');
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', 'x', '2026-02-30T10:00:00Z', '2026-01-01T00:00:00Z', '1.0.0', 'drums', 'stereo', '\u{1F3B5}'),
    fc.integer({ min: -2, max: 200000 }),
  );
  const op = fc.oneof(
    fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...paths), value }),
    fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom(...paths) }),
    fc.record({
      op: fc.constant('add' as const),
      path: fc.constantFrom(...paths.filter((p) => !/\/\d+$/.test(p))).chain((p) =>
        fc.constantFrom(`${p}/x-extra`, `${p}/unknown`, p),
      ),
      value,
    }),
  );
  return fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => {
    try {
      return applyPatch(doc, ops);
    } catch {
      return doc;
    }
  });
}

describe('generated schema validators', () => {
  it('the committed module is what the generator makes from schema/ (else regenerate: see its header)', () => {
    const committed = readFileSync(join(root, GENERATED_PATH), 'utf8');
    expect(committed === generateSchemaValidators(schemas), `${GENERATED_PATH} is stale`).toBe(true);
  });

  it('a schema edit changes the generated module (so the staleness check sees it)', () => {
    const edited = structuredClone(schemas) as Record<SchemaName, { title?: string }>;
    edited.profile.title = `${edited.profile.title ?? ''} (edited)`;
    expect(generateSchemaValidators(edited as typeof schemas)).not.toBe(generateSchemaValidators(schemas));
  });

  it('the schema documents the library exports are the schema files', () => {
    for (const name of SCHEMA_NAMES) expect(SCHEMAS[name]).toEqual(schemas[name]);
  });

  it('the generated module loads no package (plain functions, browser-safe)', () => {
    const text = readFileSync(join(root, GENERATED_PATH), 'utf8');
    const imports = [...text.matchAll(/^\s*import\s[^;]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports).toEqual(['../date-time.js']);
    expect(text).not.toMatch(/\brequire\(/);
  });

  it('give the same verdicts and error objects as Ajv at run time on every spec example', () => {
    const all = examples();
    let checked = 0;
    for (const ex of all) {
      if (ex.kind === 'manifest') expectSame('manifest', ex.json);
      else if (ex.kind === 'manifest-patch') expectSame('manifest', applyPatch(exampleManifest(), ex.json as Parameters<typeof applyPatch>[1]));
      else if (ex.kind === 'profile') expectSame('profile', ex.json);
      else if (ex.kind === 'report') expectSame('report', ex.json);
      else continue;
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    for (const p of Object.values(BUILTIN_PROFILES)) expect(expectSame('profile', p)).toBe(true);
    for (const name of SCHEMA_NAMES) for (const v of [null, 0, 'x', [], {}, { stempack: '1.0.0' }]) expectSame(name, v);
  });

  it('give the same verdicts and error objects as Ajv at run time on random edits of valid documents', () => {
    const manifest = exampleManifest();
    const profile = structuredClone(Object.values(BUILTIN_PROFILES)[0]!);
    const report = examples().find((e) => e.kind === 'report' && e.expect === 'valid')?.json;
    expect(report).toBeDefined();
    let invalid = 0;
    let valid = 0;
    const count = (ok: boolean): void => {
      if (ok) valid++;
      else invalid++;
    };
    fc.assert(fc.property(mutations(manifest), (m) => count(expectSame('manifest', m))), { numRuns: 300, seed: 1 });
    fc.assert(fc.property(mutations(profile), (p) => count(expectSame('profile', p))), { numRuns: 150, seed: 2 });
    fc.assert(fc.property(mutations(report), (r) => count(expectSame('report', r))), { numRuns: 150, seed: 3 });
    // the edits reach both verdicts
    expect(invalid).toBeGreaterThan(100);
    expect(valid).toBeGreaterThan(0);
  });
});
