// The spec text and the registry src/model/codes.ts list the same IDs with the same
// severities and sections; every requirement sentence carries an ID of its keyword's
// severity; the catalogue table matches the registry; one sentence per line.
import { describe, expect, it } from 'vitest';
import { ALL_CODES, CODES } from '../../src/model/index.js';
import type { Code, Severity } from '../../src/model/index.js';
import { proseLines, specLines, specText, stripMentions } from './spec-doc.js';

const ID = /SP-[A-Z]+-\d{3}/g;
const lines = specLines();
const prose = proseLines(lines);

function idsOf(s: string): string[] {
  return s.match(ID) ?? [];
}

function keywordClasses(line: string): Set<Severity> {
  const t = stripMentions(line);
  const out = new Set<Severity>();
  if (/\bMUST\b/.test(t)) out.add('error');
  if (/\bSHOULD\b/.test(t)) out.add('warning');
  if (/\bMAY\b/.test(t)) out.add('info');
  return out;
}

const sev = (id: string): Severity | undefined => (CODES as Record<string, { severity: Severity }>)[id]?.severity;

describe('spec and registry', () => {
  it('every ID in the spec is registered, and every registered ID is in the spec', () => {
    const inSpec = new Set(idsOf(specText()));
    expect([...inSpec].filter((id) => !(id in CODES)).sort()).toEqual([]);
    expect(ALL_CODES.filter((c) => !inSpec.has(c))).toEqual([]);
  });

  it('uses only MUST, MUST NOT, SHOULD, SHOULD NOT and MAY as keywords', () => {
    const other = prose.filter((l) => /\b(REQUIRED|SHALL|RECOMMENDED|OPTIONAL)\b/.test(stripMentions(l.text)));
    expect(other.map((l) => l.n)).toEqual([]);
  });

  it('every MUST sentence ends with an error ID and every SHOULD sentence with a warning ID', () => {
    const bad: string[] = [];
    for (const l of prose) {
      const classes = keywordClasses(l.text);
      const ids = idsOf(l.text);
      const tail = /\((SP-[A-Z]+-\d{3})(, SP-[A-Z]+-\d{3})*\)[.:]$/.test(l.text);
      for (const c of classes) {
        if (c === 'info') {
          if (ids.length > 0 && !ids.some((id) => sev(id) === 'info')) bad.push(`${l.n}: MAY with IDs but none is info`);
          continue;
        }
        if (!tail) bad.push(`${l.n}: requirement without a trailing ID`);
        if (!ids.some((id) => sev(id) === c)) bad.push(`${l.n}: no ${c} ID`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every ID is stated at its registry section with the keyword of its severity', () => {
    const keyword: Record<Severity, string> = { error: 'MUST', warning: 'SHOULD', info: 'MAY' };
    const missing = ALL_CODES.filter(
      (code) =>
        !prose.some(
          (l) => l.section === CODES[code].section && idsOf(l.text).includes(code) && keywordClasses(l.text).has(CODES[code].severity),
        ),
    ).map((c) => `${c} (${keyword[CODES[c].severity]} in §${CODES[c].section})`);
    expect(missing).toEqual([]);
  });

  it('every registry section is a heading of the spec', () => {
    const headings = new Set(lines.filter((l) => l.heading).map((l) => l.section));
    expect(ALL_CODES.filter((c) => !headings.has(CODES[c].section))).toEqual([]);
  });

  it('the catalogue lists every code once with the registry severity and section', () => {
    const rows = lines
      .filter((l) => l.section === '13' && l.table && /^\| SP-/.test(l.text))
      .map((l) => l.text.split('|').map((c) => c.trim()));
    const listed = rows.map((r) => r[1]);
    expect(listed).toEqual(ALL_CODES);
    for (const r of rows) {
      const code = r[1] as Code;
      expect({ code, severity: r[2], section: r[4] }).toEqual({ code, severity: CODES[code].severity, section: CODES[code].section });
      expect(r[3]!.length).toBeGreaterThan(10);
    }
  });

  it('writes one sentence per line', () => {
    const bad = prose.filter((l) => {
      const t = stripMentions(l.text).replace(/\b(e\.g|i\.e|etc|cf|vs)\./g, '$1');
      return /[a-z0-9)\]"'][.!?] +[A-Z(]/.test(t);
    });
    expect(bad.map((l) => `${l.n}: ${l.text}`)).toEqual([]);
  });

  it('severities follow the ID kinds: 1xx codes are info, others are not', () => {
    for (const c of ALL_CODES) {
      const n = Number(c.slice(-3));
      expect({ c, info: CODES[c].severity === 'info' }).toEqual({ c, info: n >= 100 });
    }
  });
});
