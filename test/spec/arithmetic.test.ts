// The numbers the spec states (dither test vector, worked examples, tables) agree with the code.
import { describe, expect, it } from 'vitest';
import { mulberry32, quantize } from '../../src/dsp/quantize.js';
import { accumulate, gainFromDb } from '../../src/dsp/sum.js';
import { BUILTIN_VERSIONS, LAYOUT_CHANNELS, clipRunFrames, resolveVersion } from '../../src/manifest/index.js';
import { ROLES } from '../../src/model/index.js';
import type { Manifest } from '../../src/model/index.js';
import { exampleManifest, specLines, specText } from './spec-doc.js';

const text = specText();
const tableRows = (section: string) =>
  specLines(text)
    .filter((l) => l.section === section && l.table && !/^\|[- |]+\|$/.test(l.text))
    .slice(1)
    .map((l) => l.text.split('|').map((c) => c.trim()));

describe('spec arithmetic', () => {
  it('states the mulberry32 test vector of the code (§9.5)', () => {
    const r = mulberry32(1);
    const got = [r(), r(), r(), r()];
    expect(text).toContain(`With seed 1 the first four outputs of \`next()\` are ${got[0]}, ${got[1]}, ${got[2]} and ${got[3]}.`);
  });

  it('gives the dither value of seed 12345 (A.5)', () => {
    const r = mulberry32(12345);
    const a = r();
    const b = r();
    expect(text).toContain(`draws ${a} and ${b}`);
    expect((a / 2 ** 32 - b / 2 ** 32).toFixed(5)).toBe('0.67298');
    // the same d through quantize: a sample at 0 quantises to floor(0.67298 + 0.5) = 1
    const out = new Int32Array(1);
    quantize(new Float64Array([0]), 1, 16, out, mulberry32(12345));
    expect(out[0]).toBe(1);
  });

  it('quantises the worked examples (A.5)', () => {
    const out = new Int32Array(3);
    const clamps: number[] = [];
    const n = quantize(new Float64Array([0.5, -0.000022, 1.0]), 3, 16, out, undefined, (i) => clamps.push(i));
    expect([...out]).toEqual([16384, -1, 32767]);
    expect(n).toBe(1);
    expect(clamps).toEqual([2]);
  });

  it('sums a mono stem into every channel at unity and adds gains as §9.2 says', () => {
    const acc = new Float64Array(4);
    accumulate(acc, new Float64Array([0.25, -0.5]), 1, 2, 2, 1);
    expect([...acc]).toEqual([0.25, 0.25, -0.5, -0.5]);
    expect(gainFromDb(-1.5 + 1 + 0.5)).toBe(1);
  });

  it('states clipping run lengths the code computes (§7.1, A.5)', () => {
    const [a, b, c, d] = [44100, 48000, 96000, 192000].map((r) => clipRunFrames(null, r));
    expect(text).toContain(`${a} frames at 44.1 kHz (\`ceil(11.025)\`), ${b} at 48 kHz, ${c} at 96 kHz, ${d} at 192 kHz`);
  });

  it('states LSB levels correctly (§1, §8.3)', () => {
    expect((20 * Math.log10(2 ** -23)).toFixed(2)).toBe('-138.47');
    expect((20 * Math.log10(2 ** -15)).toFixed(2)).toBe('-90.31');
  });
});

describe('spec tables', () => {
  it('role vocabulary (§5.4) equals ROLES', () => {
    expect(tableRows('5.4').map((r) => r[1]!.replace(/`/g, ''))).toEqual([...ROLES]);
  });

  it('built-in versions (§9.1) equal BUILTIN_VERSIONS and behave as described', () => {
    expect(tableRows('9.1').map((r) => r[1]!.replace(/`/g, ''))).toEqual(BUILTIN_VERSIONS.map((v) => v.name));
    const m = exampleManifest() as unknown as Manifest;
    expect(resolveVersion(m, 'vocals-up').gains).toEqual([0, 0, 0, 1]);
  });

  it('layouts and their channel counts (§5.2) equal LAYOUT_CHANNELS', () => {
    for (const [layout, n] of Object.entries(LAYOUT_CHANNELS)) {
      expect(text).toContain(n === null ? `\`${layout}\` fits any count` : `\`${layout}\` ${n}`);
    }
  });
});
