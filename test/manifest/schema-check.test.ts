// The manifest's schema check item by item (issue #19): the same issues as one call of the
// whole validator, at most `max` listed and the rest counted, so a manifest of a million `{}`
// stems or of thousands of undefined members costs linear time and a bounded report.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseManifest, schemaCheck, schemaIssues, type SchemaIssue } from '../../src/manifest/index.js';
import { MAX_FINDINGS_PER_CODE } from '../../src/model/report.js';
import { bytesOf, manifest } from './helpers.js';

/** A manifest with several items in every array (and rules in versions), to be broken at random. */
function big(): Record<string, unknown> {
  const m = manifest() as unknown as Record<string, unknown> & { stems: Record<string, unknown>[] };
  const stem = m.stems[0]!;
  m.stems = Array.from({ length: 6 }, (_, i) => ({ ...stem, id: `s${i}`, path: `stems/s${i}.wav` }));
  m.versions = [
    { name: 'a', rules: [{ role: 'bass', mute: true }, { stem: 's1', gainDb: -2 }, { role: 'drums', gainDb: 1 }] },
    { name: 'b', rules: [{ role: 'bass', gainDb: 3 }] },
  ];
  m.credits = [{ name: 'A', role: 'mixing' }, { name: 'B', role: 'mastering' }, { name: 'C', role: 'recording' }];
  m.attachments = [0, 1, 2].map((i) => ({ path: `docs/${i}.txt`, mediaType: 'text/plain', sha256: '0'.repeat(64), bytes: 1 }));
  return m;
}

const key = (i: SchemaIssue) => JSON.stringify([i.path, i.keyword, i.params, i.message]);
const sorted = (xs: SchemaIssue[]) => xs.map(key).sort();

/** Random breaks of items: values replaced by any JSON, members removed or added. */
const edits = fc.array(
  fc.record({
    array: fc.constantFrom('stems', 'credits', 'versions', 'attachments', 'rules'),
    index: fc.nat({ max: 7 }),
    member: fc.constantFrom('id', 'path', 'role', 'name', 'channels', 'mute', 'gainDb', 'rules', 'x-extra', 'unknown', 'loudness', 'stem', 'bytes'),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant({ integratedLufs: 'x', bogus: 1 })),
    whole: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

function applyEdits(m: Record<string, unknown>, es: { array: string; index: number; member: string; value: unknown; whole: boolean }[]): Record<string, unknown> {
  for (const e of es) {
    const arr = (e.array === 'rules' ? ((m.versions as { rules: unknown[] }[] | undefined)?.[0]?.rules ?? []) : (m[e.array] as unknown[])) as unknown[];
    if (!Array.isArray(arr)) continue;
    const i = e.index % (arr.length + 1);
    if (e.whole) arr[i] = e.value === undefined ? {} : e.value;
    else if (arr[i] !== null && typeof arr[i] === 'object' && !Array.isArray(arr[i])) {
      const item = arr[i] as Record<string, unknown>;
      if (e.value === undefined) delete item[e.member];
      else item[e.member] = e.value;
    }
  }
  return m;
}

describe('schemaCheck: the manifest item by item', () => {
  it('gives exactly the issues of one call of the whole validator (random breaks of items)', () => {
    let broken = 0;
    fc.assert(
      fc.property(edits, (es) => {
        const m = applyEdits(big(), es);
        const whole = schemaCheck('manifest', structuredClone(m), { split: false }).issues;
        const split = schemaCheck('manifest', structuredClone(m)).issues;
        expect(sorted(split)).toEqual(sorted(whole));
        if (whole.length > 0) broken++;
      }),
      { numRuns: 300, seed: 19 },
    );
    expect(broken).toBeGreaterThan(150);
  });

  it('the same issues for a valid manifest (none) and for non-object documents', () => {
    expect(schemaIssues('manifest', big())).toEqual([]);
    for (const v of [null, 3, 'x', [], {}, { stems: 'no' }, { stems: [] }, { stems: [1, 2, 3] }]) {
      expect(sorted(schemaCheck('manifest', v).issues)).toEqual(sorted(schemaCheck('manifest', v, { split: false }).issues));
    }
  });

  it('10,000 `{}` stems: `max` issues listed, the other 109,900 counted (11 required members each)', () => {
    const m = { ...big(), stems: Array.from({ length: 10_000 }, () => ({})) };
    const r = schemaCheck('manifest', m, { max: 100 });
    expect(r.issues.length).toBe(100);
    expect(r.more).toBe(10_000 * 11 - 100);
    expect(r.issues.every((i) => i.keyword === 'required' && i.path.startsWith('/stems/'))).toBe(true);
    // nothing listed, everything counted
    expect(schemaCheck('manifest', m, { max: 0 })).toEqual({ issues: [], more: 110_000 });
  });

  it('thousands of undefined members (root, a stem, a rule): each one issue, counted past `max`', () => {
    const m = big() as Record<string, unknown> & { stems: Record<string, unknown>[]; versions: { rules: Record<string, unknown>[] }[] };
    for (let i = 0; i < 3000; i++) m[`u${i}`] = i;
    for (let i = 0; i < 2000; i++) m.stems[3]![`s${i}`] = i;
    for (let i = 0; i < 1000; i++) m.versions[0]!.rules[2]![`r${i}`] = i;
    m.stems[3]!['x-fine'] = 1;
    // a member named __proto__ is a member like any other
    Object.defineProperty(m, '__proto__', { value: { evil: true }, enumerable: true, configurable: true, writable: true });
    const r = schemaCheck('manifest', m, { max: 50 });
    expect(r.issues.length).toBe(50);
    expect(r.issues.length + r.more).toBe(3000 + 1 + 2000 + 1000);
    const whole = schemaCheck('manifest', m, { split: false });
    expect(whole.issues.length).toBe(6001);
    expect(whole.issues.some((i) => i.path === '/__proto__')).toBe(true);
  });

  it('parseManifest lists at most the report cap of SP-MAN-002 findings; the last carries the count of the others', () => {
    const m = { ...big(), stems: Array.from({ length: 2000 }, () => ({})) };
    const r = parseManifest(bytesOf(m));
    expect(r.manifest).toBeNull();
    const f = r.findings.filter((x) => x.code === 'SP-MAN-002');
    expect(f.length).toBe(MAX_FINDINGS_PER_CODE);
    expect(f.slice(0, -1).every((x) => !('more' in x.params))).toBe(true);
    expect(f.at(-1)!.params).toMatchObject({ more: 2000 * 11 - MAX_FINDINGS_PER_CODE });
    expect(f.at(-1)!.message).toContain(`${(2000 * 11 - MAX_FINDINGS_PER_CODE).toLocaleString("en-US")} more`);
    // a manifest whose only issue lies beyond the listed ones is still not taken as valid
    const one = parseManifest(bytesOf(big()), { maxSchemaIssues: 0 });
    expect(one.manifest).not.toBeNull();
    const bad = big() as { stems: Record<string, unknown>[] };
    delete bad.stems[5]!.id;
    const zero = parseManifest(bytesOf(bad), { maxSchemaIssues: 0 });
    expect(zero.manifest).toBeNull();
  });
});
