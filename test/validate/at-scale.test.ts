// Packages at hostile scale (issue #19): thousands of stems that break one rule give a report of
// at most MAX_FINDINGS_PER_CODE findings per code, the last carrying the count of the others, the
// counts covering all; split-mono pairs are found among thousands of stems. Figures of time and
// memory live in `npm run bench` (the 1,000,000-stem manifest row), not here.
import { describe, it, expect } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { MAX_FINDINGS_PER_CODE } from '../../src/model/report.js';
import type { Report } from '../../src/model/report.js';
import type { Stem } from '../../src/model/manifest.js';
import { buildPackage, type StemSpec } from '../helpers/package-builder.js';
import { reportValidator } from './report-schema.js';

async function check(bytes: Uint8Array, level: 'structure' | 'headers' | 'full' = 'headers'): Promise<Report> {
  const r = await validate({ source: new BytesSource(bytes, 'h.stempack'), name: 'h.stempack' }, { level });
  expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
  return r;
}

const of = (r: Report, code: string) => r.findings.filter((f) => f.code === code);
/** Findings of a severity, those not listed included (each listed one plus its `more`). */
const total = (r: Report, sev: 'error' | 'warning' | 'info') =>
  r.findings.filter((f) => f.severity === sev).reduce((n, f) => n + 1 + (typeof f.params.more === 'number' ? f.params.more : 0), 0);

describe('validation at scale: findings capped per code, counted in full', () => {
  it('5,000 `{}` stems: 100 SP-MAN-002 findings, the last with the count of the other 54,900; counts cover all', async () => {
    const b = buildPackage({ frames: 480, hooks: { manifest: (m) => void ((m as { stems: unknown[] }).stems = Array.from({ length: 5000 }, () => ({}))) } });
    const r = await check(b.bytes, 'structure');
    const f = of(r, 'SP-MAN-002');
    expect(f.length).toBe(MAX_FINDINGS_PER_CODE);
    const more = f.filter((x) => 'more' in x.params);
    expect(more.length).toBe(1);
    expect(more[0]!.params.more).toBe(5000 * 11 - MAX_FINDINGS_PER_CODE);
    expect(more[0]!.message).toContain(`${(5000 * 11 - MAX_FINDINGS_PER_CODE).toLocaleString("en-US")} more`);
    expect(r.counts.error).toBeGreaterThanOrEqual(5000 * 11);
    for (const sev of ['error', 'warning', 'info'] as const) expect(r.counts[sev]).toBe(total(r, sev));
    expect(r.valid).toBe(false);
  });

  it('1,500 listed stems missing from the package: the first 100 SP-MAN-003 in report order, the last counting 1,400 more', async () => {
    const b = buildPackage({
      frames: 480,
      hooks: {
        manifest: (m) => {
          const s = m.stems[0]!;
          for (let i = 0; i < 1500; i++) m.stems.push({ ...s, id: `gone-${i}`, path: `stems/gone-${String(i).padStart(4, '0')}.wav` } as Stem);
        },
      },
    });
    const r = await check(b.bytes, 'headers');
    const f = of(r, 'SP-MAN-003');
    expect(f.length).toBe(MAX_FINDINGS_PER_CODE);
    // the first in report order are listed
    expect(f.map((x) => x.path)).toEqual(Array.from({ length: 100 }, (_, i) => `stems/gone-${String(i).padStart(4, '0')}.wav`));
    expect(f.at(-1)!.params).toMatchObject({ more: 1400 });
    expect(f.slice(0, -1).every((x) => x.params.more === undefined)).toBe(true);
    for (const sev of ['error', 'warning', 'info'] as const) expect(r.counts[sev]).toBe(total(r, sev));
  });

  it('2,000 split-mono pairs among 4,000 mono stems: every pair found (100 listed, 1,900 counted), each left file with its right', async () => {
    const stems: StemSpec[] = [];
    for (let i = 0; i < 2000; i++) {
      for (const side of ['L', 'R']) stems.push({ id: `p${i}-${side.toLowerCase()}`, role: 'other', channels: 1, parts: [{ kind: 'silence' }], path: `stems/p${String(i).padStart(4, '0')}_${side}.wav` });
    }
    stems.push({ id: 'lonely', role: 'other', channels: 1, parts: [{ kind: 'silence' }], path: 'stems/lonely_L.wav' });
    const b = buildPackage({ frames: 16, stems });
    const r = await check(b.bytes, 'headers');
    const f = of(r, 'SP-CH-002');
    expect(f.length).toBe(MAX_FINDINGS_PER_CODE);
    expect(f.at(-1)!.params.more).toBe(1900);
    for (const x of f) expect(x.params.pair).toEqual([x.path, x.path.replace(/_L\.wav$/, '_R.wav')]);
    expect(f.some((x) => x.path === 'stems/lonely_L.wav')).toBe(false);
  });
});
