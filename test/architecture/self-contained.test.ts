// A fresh clone passes `npm test` with nothing beside it: no test, script, benchmark or config
// reaches a path outside the repository (the real-file corpus lives in test/corpus).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'corpus' || n === 'dist') return [];
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mts|mjs|js|json)$/.test(n) ? [p] : [];
  });
}

describe('the repository is self-contained', () => {
  it('the real-file corpus and its facts are in the repository', () => {
    expect(existsSync(join(root, 'test/corpus/facts.tsv'))).toBe(true);
    expect(existsSync(join(root, 'test/corpus/README.md'))).toBe(true);
  });

  it('no test, script, benchmark or config names a folder beside the checkout', () => {
    const offenders: string[] = [];
    const scanned = [...['test', 'scripts', 'bench', 'web', 'src'].flatMap((d) => files(join(root, d))), join(root, 'vitest.config.ts'), join(root, 'package.json')];
    for (const f of scanned) {
      if (f === resolve(import.meta.filename)) continue;
      const text = readFileSync(f, 'utf8');
      // the workplace folder CI used to place beside the clone (dot-dot-slash shared), or an absolute /work path
      const beside = new RegExp(String.raw`['"\`(](?:\.\.\/)+` + 'sha' + String.raw`red\b|\/work\/` + 'sha' + String.raw`red|['"\`]\/work\/`, 'g');
      for (const m of text.matchAll(beside)) offenders.push(`${relative(root, f)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
