/**
 * The findings of one validation, bounded per code (spec §12): a report lists at most
 * {@link MAX_FINDINGS_PER_CODE} findings of one code, the first in report order, and the last one
 * listed carries `params.more`, the number of findings of that code not listed. A package of a
 * million stems that all break one rule gives a report of a hundred findings and a count, in
 * memory that does not grow with the stems: the store keeps at most twice the cap per code while
 * validating (sorting a code's findings and dropping the tail whenever it reaches that), so the
 * findings it finally lists are exactly those a sort of all of them would have put first.
 * @module
 */
import type { Code, Severity } from '../model/codes.js';
import { sortFindings, type Finding, type GenericParams } from '../model/finding.js';
import { MAX_FINDINGS_PER_CODE } from '../model/report.js';
import { messageFor } from '../model/messages.js';

export { MAX_FINDINGS_PER_CODE };

interface Kept {
  f: Finding;
  seq: number;
}

interface Slot {
  kept: Kept[];
  /** Findings dropped, plus the `more` they carried. */
  unlisted: number;
}

/** A finding's own count of findings it stands for but does not list (0 when none). */
export function moreOf(f: { params: unknown }): number {
  const m = (f.params as GenericParams).more;
  return typeof m === 'number' && Number.isSafeInteger(m) && m > 0 ? m : 0;
}

/** Order within one code, as {@link sortFindings} orders findings of one code and severity. */
function inCode(a: Kept, b: Kept): number {
  return (a.f.path < b.f.path ? -1 : a.f.path > b.f.path ? 1 : 0) || (a.f.at?.frame ?? -1) - (b.f.at?.frame ?? -1) || a.seq - b.seq;
}

/** Collects findings, keeping at most `2 × cap` of each code (see the module comment). */
export class FindingStore {
  private seq = 0;
  private readonly slots = new Map<Code, Slot>();

  constructor(readonly cap: number = MAX_FINDINGS_PER_CODE) {}

  add(f: Finding): void {
    let s = this.slots.get(f.code);
    if (!s) this.slots.set(f.code, (s = { kept: [], unlisted: 0 }));
    s.kept.push({ f, seq: this.seq++ });
    if (s.kept.length >= 2 * this.cap) {
      s.kept.sort(inCode);
      for (const k of s.kept.splice(this.cap)) s.unlisted += 1 + moreOf(k.f);
    }
  }

  /** The findings kept, in the order they were added. */
  kept(): Finding[] {
    const all: Kept[] = [];
    for (const s of this.slots.values()) all.push(...s.kept);
    return all.sort((a, b) => a.seq - b.seq).map((k) => k.f);
  }

  /** Per code, the findings dropped so far (with the `more` they carried). */
  unlisted(): Map<Code, number> {
    const out = new Map<Code, number>();
    for (const [c, s] of this.slots) if (s.unlisted > 0) out.set(c, s.unlisted);
    return out;
  }
}

/**
 * The report's findings from the findings kept (severities already applied): sorted, at most
 * `cap` per code, the last one listed of a code carrying `params.more` (all of that code's
 * findings not listed, and the counts other findings carried); `counts` per severity of every
 * finding, listed or not. `unlisted` holds what the store dropped per code.
 */
export function listFindings(
  findings: readonly Finding[],
  unlisted: ReadonlyMap<Code, number>,
  cap: number = MAX_FINDINGS_PER_CODE,
): { findings: Finding[]; counts: Record<Severity, number> } {
  const sorted = sortFindings([...findings]);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const listed: Finding[] = [];
  const per = new Map<Code, { n: number; more: number; last: number; lastOriginal: Finding | null; severity: Severity }>();
  for (const f of sorted) {
    let c = per.get(f.code);
    if (!c) per.set(f.code, (c = { n: 0, more: unlisted.get(f.code) ?? 0, last: -1, lastOriginal: null, severity: f.severity }));
    c.n++;
    if (c.n > cap) {
      c.more += 1 + moreOf(f);
      continue;
    }
    counts[f.severity]++;
    const m = moreOf(f);
    if (m > 0) {
      // the count moves to the last finding listed of the code
      c.more += m;
      const params = { ...(f.params as GenericParams) };
      delete params.more;
      listed.push({ ...f, params, message: messageFor(f.code, params, f.path, f.at) } as Finding);
    } else listed.push(f);
    c.last = listed.length - 1;
    c.lastOriginal = f;
  }
  for (const [code, c] of per) {
    counts[c.severity] += c.more;
    if (c.more === 0) continue;
    if (moreOf(c.lastOriginal!) === c.more) {
      // the last one listed carried every count itself: as it was
      listed[c.last] = c.lastOriginal!;
      continue;
    }
    const f = listed[c.last]!;
    const params = { ...(f.params as GenericParams), more: c.more };
    listed[c.last] = { ...f, params, message: messageFor(code, params, f.path, f.at) } as Finding;
  }
  return { findings: listed, counts };
}
