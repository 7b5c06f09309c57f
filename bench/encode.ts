/**
 * Encoding throughput (not a test): 24-bit stereo from Int32 and a few other formats.
 * Goal: >= 150 M samples/s for 24-bit from Int32. Run after a build:
 * `npm run build && node dist/bench/encode.js`.
 */
import { encodeFromFloat64, encodeFromInt32 } from '../src/audio/encode.js';
import type { ByteOrder } from '../src/model/audio.js';

const FRAMES = 65536;
const CH = 2;
const N = FRAMES * CH;
const ROUNDS = 400;

function bench(label: string, run: () => void): void {
  for (let i = 0; i < 20; i++) run(); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) run();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(28)} ${((N * ROUNDS) / s / 1e6).toFixed(0).padStart(6)} M samples/s`);
}

const ints = new Int32Array(N);
const floats = new Float64Array(N);
for (let i = 0; i < N; i++) {
  ints[i] = ((Math.sin(i * 0.001) * 0x7fffff) | 0);
  floats[i] = Math.sin(i * 0.001);
}
const out = new Uint8Array(N * 8);

for (const [bits, order] of [[24, 'le'], [24, 'be'], [16, 'le'], [16, 'be'], [32, 'le'], [8, 'le']] as [number, ByteOrder][]) {
  bench(`int${bits} ${order} from Int32`, () => encodeFromInt32(ints, N, { bitsPerSample: bits, byteOrder: order, unsigned8: true }, out));
}
for (const [bits, order] of [[32, 'le'], [32, 'be'], [64, 'le'], [64, 'be']] as [number, ByteOrder][]) {
  bench(`float${bits} ${order} from Float64`, () => encodeFromFloat64(floats, N, { bitsPerSample: bits, byteOrder: order }, out));
}
