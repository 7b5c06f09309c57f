// Valid-by-construction packages: validate reports no error; packing their loose files gives a
// package validate accepts (SP-PAK-001); and a full render of a valid package nulls against its
// mix (bit-exact for integer formats), closing the loop validate -> render -> null.
import { describe, it, expect, afterEach } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { validate } from '../../src/validate/index.js';
import { pack } from '../../src/pack/index.js';
import { render } from '../../src/render/index.js';
import { BytesSource, MemorySink, openFileSource } from '../../src/io/index.js';
import { ALL_CODES, severityOf, type Code } from '../../src/model/codes.js';
import { audioData, buildPackage, writeLooseFiles } from '../helpers/package-builder.js';
import { packageArb } from './arbitraries.js';

const WARNINGS = ALL_CODES.filter((c) => severityOf(c) === 'warning') as Code[];
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const errors = (fs: { severity: string; code: string; path: string }[]) => fs.filter((f) => f.severity === 'error').map((f) => [f.code, f.path]);

describe('properties: valid packages', () => {
  it('validate reports no error for every valid-by-construction package', async () => {
    await fc.assert(
      fc.asyncProperty(packageArb, async (opts) => {
        const b = buildPackage(opts);
        const r = await validate({ source: new BytesSource(b.bytes, 'p.stempack'), name: 'p.stempack' });
        expect(errors(r.findings)).toEqual([]);
        expect(r.valid).toBe(true);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('pack of the loose files, then validate: no error, and the same audio digests', async () => {
    await fc.assert(
      fc.asyncProperty(packageArb, async (opts) => {
        const b = buildPackage(opts);
        const loose = writeLooseFiles(b);
        cleanups.push(loose.cleanup);
        const roles = Object.fromEntries(b.manifest.stems.map((s) => [s.path.split('/').pop()!, s.role]));
        const out = join(loose.dir, 'out.stempack');
        const r = await pack({ inputs: [loose.dir], output: out, mix: join(loose.dir, b.manifest.mix.path.split('/').pop()!), roles, title: 'T', artist: 'A', allow: WARNINGS, created: '2026-01-01T00:00:00Z' });
        expect(r.refusals.map((f) => [f.code, f.path])).toEqual([]);
        expect(r.ok).toBe(true);
        const src = await openFileSource(out);
        try {
          const rep = await validate({ source: src, name: 'out.stempack' });
          expect(errors(rep.findings)).toEqual([]);
        } finally {
          await src.close();
        }
        const packed = new Map([r.manifest!.mix, ...r.manifest!.stems].map((it) => [it.path.split('/').pop()!, it.audioSha256]));
        for (const it of [b.manifest.mix, ...b.manifest.stems]) expect(packed.get(it.path.split('/').pop()!)).toBe(it.audioSha256);
      }),
      { numRuns: 16, seed: 12 },
    );
  });

  it('the full render of a valid package nulls against its mix', async () => {
    await fc.assert(
      fc.asyncProperty(packageArb, async (opts) => {
        const b = buildPackage(opts);
        const sink = new MemorySink();
        const res = await render(new BytesSource(b.bytes, 'p.stempack'), 'full', sink);
        expect(res.ok, JSON.stringify(res.findings)).toBe(true);
        const out = audioData(sink.bytes());
        const mix = audioData(b.files.get(b.manifest.mix.path)!);
        expect(out.length).toBe(mix.length);
        if ((opts.sampleFormat ?? 'int') === 'int') {
          expect(Buffer.compare(Buffer.from(out), Buffer.from(mix))).toBe(0);
        } else {
          const a = new Float32Array(out.slice().buffer);
          const m = new Float32Array(mix.slice().buffer);
          let worst = 0;
          for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - m[i]!));
          expect(worst).toBeLessThan(1e-6); // below -120 dBFS: float sums round once per stem
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});
