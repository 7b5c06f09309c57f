import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addPackedCrossSpectrum, fft, nextPow2 } from '../../src/nullsum/fft.js';

function dft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const oR: number[] = [];
  const oI: number[] = [];
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const w = (-2 * Math.PI * k * j) / n;
      a += re[j]! * Math.cos(w) - im[j]! * Math.sin(w);
      b += re[j]! * Math.sin(w) + im[j]! * Math.cos(w);
    }
    oR.push(a);
    oI.push(b);
  }
  return [oR, oI];
}

const sig = (n: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });

describe('fft', () => {
  it('nextPow2', () => {
    expect([1, 2, 3, 1000, 1024, 1025].map(nextPow2)).toEqual([1, 2, 4, 1024, 1024, 2048]);
  });

  it('matches a direct DFT and inverts', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 8, 32, 64).chain((n) => fc.tuple(sig(n), sig(n))), ([r, i]) => {
        const re = Float64Array.from(r);
        const im = Float64Array.from(i);
        fft(re, im);
        const [dR, dI] = dft(r, i);
        for (let k = 0; k < r.length; k++) {
          expect(re[k]).toBeCloseTo(dR[k]!, 9);
          expect(im[k]).toBeCloseTo(dI[k]!, 9);
        }
        fft(re, im, true);
        for (let k = 0; k < r.length; k++) {
          expect(re[k]).toBeCloseTo(r[k]!, 12);
          expect(im[k]).toBeCloseTo(i[k]!, 12);
        }
      }),
    );
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
  });

  it('packed cross-spectrum gives Σ_c Σ_n t_c[n]·s_c[n+j] for two channels at once', () => {
    fc.assert(
      fc.property(fc.tuple(sig(16), sig(16), sig(16), sig(16)), ([ta, tb, sa, sb]) => {
        const N = 32;
        const z = () => new Float64Array(N);
        const tRe = z(), tIm = z(), sRe = z(), sIm = z(), xRe = z(), xIm = z();
        tRe.set(ta); tIm.set(tb); sRe.set(sa); sIm.set(sb);
        fft(tRe, tIm);
        fft(sRe, sIm);
        addPackedCrossSpectrum(tRe, tIm, sRe, sIm, xRe, xIm);
        fft(xRe, xIm, true);
        for (let j = 0; j < 16; j++) {
          let want = 0;
          for (let n = 0; n + j < 16; n++) want += ta[n]! * sa[n + j]! + tb[n]! * sb[n + j]!;
          expect(xRe[j]).toBeCloseTo(want, 9);
          expect(Math.abs(xIm[j]!)).toBeLessThan(1e-9);
        }
      }),
    );
  });
});
