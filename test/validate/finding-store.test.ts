// The per-code findings cap (spec §12, issue #19): a report lists at most MAX_FINDINGS_PER_CODE
// findings of a code, the last carrying `params.more`; the store that bounds memory while
// validating keeps exactly the findings a sort of all of them would list.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { finding, type Finding } from '../../src/model/finding.js';
import { FindingStore, listFindings } from '../../src/validate/finding-store.js';

const codes = ['SP-MAN-003', 'SP-CH-002', 'SP-LVL-004', 'SP-MAN-014'] as const;
const arb = fc.array(
  fc.record({ code: fc.constantFrom(...codes), path: fc.constantFrom('a', 'b', 'c', 'stems/x', 'stems/y', ''), frame: fc.option(fc.nat({ max: 5 }), { nil: undefined }), more: fc.option(fc.nat({ max: 3 }), { nil: undefined }) }),
  { maxLength: 400 },
);
const make = (xs: { code: (typeof codes)[number]; path: string; frame: number | undefined; more: number | undefined }[]): Finding[] =>
  xs.map((x, i) => {
    const f = finding(x.code, x.path, { i, ...(x.more ? { more: x.more } : {}) } as never, x.frame !== undefined ? { frame: x.frame, seconds: 0 } : undefined);
    return f as Finding;
  });

describe('findings cap', () => {
  it('the store keeps what a sort of every finding would list (any cap, any order), and the same counts', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 7 }), (xs, cap) => {
        const all = make(xs);
        const store = new FindingStore(cap);
        for (const f of all) store.add(f);
        expect(store.kept().length).toBeLessThanOrEqual(codes.length * 2 * cap);
        expect(listFindings(store.kept(), store.unlisted(), cap)).toEqual(listFindings(all, new Map(), cap));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('at most `cap` of a code, the last listed carrying `more` (the others and the counts they carried); counts cover all', () => {
    const all = make(Array.from({ length: 250 }, (_, i) => ({ code: 'SP-MAN-003' as const, path: `stems/${String(i).padStart(3, '0')}`, frame: undefined, more: i === 7 ? 5 : undefined })));
    const { findings, counts } = listFindings(all, new Map(), 100);
    expect(findings.length).toBe(100);
    expect(counts).toEqual({ error: 250 + 5, warning: 0, info: 0 });
    expect(findings.map((f) => f.path)).toEqual(all.slice(0, 100).map((f) => f.path));
    expect(findings.filter((f) => 'more' in f.params).map((f) => [f.path, (f.params as { more: number }).more])).toEqual([['stems/099', 150 + 5]]);
    expect(findings.at(-1)!.message).toMatch(/\(155 more SP-MAN-003 findings not listed\)$/);
    // the finding that carried its own count lost it (and its message's) to the last one
    expect(findings[7]!.message).not.toMatch(/more/);
    expect(findings[7]!.message).toBe(finding('SP-MAN-003', 'stems/007', { i: 7 } as never).message);
  });

  it('fewer than the cap: the findings as they are', () => {
    const all = make([{ code: 'SP-MAN-014', path: '/a', frame: undefined, more: 9 }]);
    const { findings, counts } = listFindings(all, new Map(), 100);
    expect(findings).toEqual(all);
    expect(counts.error).toBe(10);
  });
});
