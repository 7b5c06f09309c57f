// Reading spec/stempack.md for the spec tests: lines with their section, fenced examples,
// and a small JSON Patch (RFC 6902: add, replace, remove) to apply the spec's patch examples.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SPEC_PATH = resolve(import.meta.dirname, '../../spec/stempack.md');

export function specText(): string {
  return readFileSync(SPEC_PATH, 'utf8');
}

export interface SpecLine {
  n: number;
  text: string;
  /** Number of the closest heading above (`3.2`, `11`), `A` in the appendix, '' before §1. */
  section: string;
  inFence: boolean;
  heading: boolean;
  table: boolean;
}

export function specLines(text = specText()): SpecLine[] {
  let section = '';
  let inFence = false;
  return text.split('\n').map((t, i) => {
    const fenceLine = t.startsWith('```');
    const heading = !inFence && /^#{1,6} /.test(t);
    if (heading) {
      const m = /^#{2,3} (\d+(?:\.\d+)?) /.exec(t);
      section = m ? m[1]! : /^## Appendix/.test(t) ? 'A' : section;
    }
    const line: SpecLine = { n: i + 1, text: t, section, inFence: inFence || fenceLine, heading, table: t.startsWith('|') };
    if (fenceLine) inFence = !inFence;
    return line;
  });
}

/** Prose lines: not blank, not in a fence, not a heading or a table row. */
export function proseLines(lines = specLines()): SpecLine[] {
  return lines.filter((l) => !l.inFence && !l.heading && !l.table && l.text.trim() !== '');
}

/** Remove code spans and double-quoted words, where keywords are mentioned rather than used. */
export function stripMentions(s: string): string {
  return s.replace(/`[^`]*`/g, '``').replace(/"[^"]*"/g, '""');
}

export interface Example {
  kind: string;
  expect: string[] | 'valid';
  json: unknown;
  line: number;
}

export function examples(text = specText()): Example[] {
  const out: Example[] = [];
  const re = /^```json example=(\S+) expect=(\S+)\n([\s\S]*?)\n```$/gm;
  for (const m of text.matchAll(re)) {
    const expect = m[2] === 'valid' ? 'valid' : m[2]!.split(',').sort();
    out.push({ kind: m[1]!, expect, json: JSON.parse(m[3]!), line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** The spec's complete manifest example (A.1), a fresh copy each call. */
export function exampleManifest(): Record<string, unknown> {
  const ex = examples().find((e) => e.kind === 'manifest' && e.expect === 'valid');
  if (!ex) throw new Error('spec has no valid manifest example');
  return structuredClone(ex.json) as Record<string, unknown>;
}

type Op = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

function unescape(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Apply a JSON Patch (add, replace, remove only) to a copy of `doc`. */
export function applyPatch(doc: unknown, ops: Op[]): unknown {
  const root = { '': structuredClone(doc) } as Record<string, unknown>;
  for (const o of ops) {
    const tokens = ['', ...o.path.split('/').slice(1).map(unescape)];
    let parent: Record<string, unknown> | unknown[] = root;
    for (const t of tokens.slice(0, -1)) parent = (parent as Record<string, unknown>)[t] as Record<string, unknown>;
    const last = tokens[tokens.length - 1]!;
    const p = tokens.length === 1 ? root : parent;
    if (Array.isArray(p)) {
      const i = last === '-' ? p.length : Number(last);
      if (o.op === 'add') p.splice(i, 0, o.value);
      else if (o.op === 'replace') p[i] = o.value;
      else p.splice(i, 1);
    } else {
      const key = tokens.length === 1 ? '' : last;
      if (o.op === 'remove') delete (p as Record<string, unknown>)[key];
      else (p as Record<string, unknown>)[key] = o.value;
    }
  }
  return root[''];
}
