/**
 * A small in-place radix-2 complex FFT (iterative Cooley–Tukey, decimation in time) and the
 * helpers the null forensics need: cross-correlation of real signals over a bounded lag range.
 * Ref: Cooley & Tukey, "An algorithm for the machine calculation of complex Fourier series" (1965).
 */

interface Plan {
  n: number;
  rev: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, Plan>();

function plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`FFT size ${n} is not a power of two`);
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>>= 1) r = (r << 1) | (x & 1);
    rev[i] = r >>> 0;
  }
  const half = n >>> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  p = { n, rev, cos, sin };
  if (plans.size > 8) plans.clear();
  plans.set(n, p);
  return p;
}

/** The smallest power of two ≥ n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place FFT of `re + i·im` (length a power of two). Forward uses e^(−2πi·kn/N); `inverse`
 * uses e^(+2πi·kn/N) and divides by N.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError('re and im differ in length');
  if (n <= 1) return;
  const { rev, cos, sin } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  const sgn = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >>> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t]!;
        const wi = sgn * sin[t]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! * s;
      im[i] = im[i]! * s;
    }
  }
}

/**
 * Accumulate the cross-spectrum Σ conj(T_c)·S_c of real channel pairs into (accRe, accIm),
 * given the FFTs of packed pairs z_t = t_a + i·t_b and z_s = s_a + i·s_b (two real FFTs in one).
 * For one real signal per side, pass it with a zero imaginary part; the formula still holds.
 */
export function addPackedCrossSpectrum(
  tRe: Float64Array,
  tIm: Float64Array,
  sRe: Float64Array,
  sIm: Float64Array,
  accRe: Float64Array,
  accIm: Float64Array,
): void {
  const n = tRe.length;
  for (let k = 0; k < n; k++) {
    const m = k === 0 ? 0 : n - k;
    // ½[conj(T[k])·S[k] + T[m]·conj(S[m])]
    const ar = tRe[k]! * sRe[k]! + tIm[k]! * sIm[k]!;
    const ai = tRe[k]! * sIm[k]! - tIm[k]! * sRe[k]!;
    const br = tRe[m]! * sRe[m]! + tIm[m]! * sIm[m]!;
    const bi = tIm[m]! * sRe[m]! - tRe[m]! * sIm[m]!;
    accRe[k] = accRe[k]! + 0.5 * (ar + br);
    accIm[k] = accIm[k]! + 0.5 * (ai + bi);
  }
}
