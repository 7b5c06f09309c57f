// The architecture rule: model imports nothing of ours; pack, validate and render import the
// cores and model, never each other; cores never import the tools. conform is a core: pack
// streams conformed files through it, validate checks conform records with it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function area(file: string): string {
  return relative(src, file).split('/')[0]!;
}

const TOOLS = new Set(['pack', 'validate', 'render']);
const TOP = new Set(['cli', 'index.ts', 'browser', 'conformance', 'batch']);

describe('module boundaries', () => {
  const edges: [string, string, string][] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(f), m[1]!);
      if (!target.startsWith(src)) continue;
      edges.push([area(f), area(target), relative(root, f)]);
    }
  }

  it('model imports nothing of ours', () => {
    expect(edges.filter(([a, b]) => a === 'model' && b !== 'model')).toEqual([]);
  });

  it('pack, validate and render never import each other', () => {
    expect(edges.filter(([a, b]) => TOOLS.has(a) && TOOLS.has(b) && a !== b)).toEqual([]);
  });

  it('conform is a core that pack and validate use and that uses neither', () => {
    expect(edges.filter(([a, b]) => a === 'conform' && (TOOLS.has(b) || TOP.has(b)))).toEqual([]);
    expect(edges.some(([a, b]) => a === 'pack' && b === 'conform')).toBe(true);
    expect(edges.some(([a, b]) => a === 'validate' && b === 'conform')).toBe(true);
  });

  it('cores never import the tools or the CLI', () => {
    expect(
      edges.filter(([a, b]) => !TOOLS.has(a) && !TOP.has(a) && (TOOLS.has(b) || TOP.has(b))),
    ).toEqual([]);
  });
});
