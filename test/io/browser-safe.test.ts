// The readers and the input classification run in a browser: no Node module anywhere in
// src/audio, src/io or src/inputs except the folder walker (inputs/scan.ts), the
// file-backed source/sinks (and the io barrel that re-exports them) and the worker-script lookup
// of the Node thread engines (not re-exported by the barrel).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const src = resolve(import.meta.dirname, '../../src');
const NODE_ALLOWED = new Set(['io/file-source.ts', 'io/file-sink.ts', 'io/atomic.ts', 'io/index.ts', 'io/worker-script.ts', 'inputs/scan.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('browser-safe audio and io', () => {
  it('imports no Node built-in outside the file-backed modules', () => {
    const bad: string[] = [];
    for (const f of [...files(join(src, 'audio')), ...files(join(src, 'io')), ...files(join(src, 'inputs'))]) {
      const rel = relative(src, f);
      if (NODE_ALLOWED.has(rel)) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || /^(fs|path|os|child_process|stream|buffer|crypto)(\/|$)/.test(spec)) bad.push(`${rel}: ${spec}`);
      }
      if (/\bBuffer\./.test(text) || /\bprocess\./.test(text)) bad.push(`${rel}: uses Buffer/process`);
    }
    expect(bad).toEqual([]);
  });
});
