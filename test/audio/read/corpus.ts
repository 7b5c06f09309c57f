// Shared helpers for the corpus tests: where the corpus is, and facts.tsv as rows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(import.meta.dirname, '../../corpus');

/** Every audio file in the corpus, as paths relative to it (`wavefile/x.wav`). */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      const r = rel ? `${rel}/${n}` : n;
      if (statSync(p).isDirectory()) walk(p, r);
      else if (rel !== '' && n !== 'facts.tsv' && n !== 'README.md') out.push(r);
    }
  };
  walk(CORPUS, '');
  return out;
}

export type Facts = Record<string, string>;

/** facts.tsv keyed by path relative to the corpus. */
export function corpusFacts(): Map<string, Facts> {
  const lines = readFileSync(join(CORPUS, 'facts.tsv'), 'utf8').split('\n').filter((l) => l.length > 0);
  const head = lines[0]!.split('\t');
  const m = new Map<string, Facts>();
  for (const l of lines.slice(1)) {
    const cells = l.split('\t');
    const row: Facts = {};
    head.forEach((h, i) => (row[h] = cells[i] ?? ''));
    m.set(row.file!.replace(/^\.\//, ''), row);
  }
  return m;
}
