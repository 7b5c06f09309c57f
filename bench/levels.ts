/**
 * Throughput of the level meter on one core (issue 6). Build and run standalone:
 *   npx tsc -p tsconfig.build.json && node dist/bench/levels.js [seconds of audio, default 60]
 * or import {@link measureLevelThroughput} (bench/run.ts). Rates are million samples per second
 * (samples = frames x channels) from the process's CPU time (user + system), so a busy machine
 * skews them less than wall time would; each row is the median of 3 runs after a warm-up run.
 *
 * The signal: 48 kHz stereo, a 0.3 sine at 440 Hz plus uniform noise of +-0.05 (full band), in
 * blocks of 16384 frames, 24-bit integer format. Its sample peak is 0.35, so its interpolated
 * points stay below 0.35 times the 4x gain bound (2.35), -1.7 dBTP: a -1 dBTP threshold skips
 * every block, a -20 dBTP one computes every block.
 */
import { pathToFileURL } from 'node:url';
import { createLevelMeter } from '../src/levels/index.js';
import type { LevelOptions } from '../src/levels/index.js';

const RATE = 48000;
const CH = 2;
const BLOCK = 16384;
const RUNS = 3;

/** One row: a meter configuration's throughput and the target for it (0: report only). */
export interface LevelThroughputRow {
  name: string;
  samplesPerSecond: number;
  target: number;
}

function signal(seconds: number): Float64Array {
  const n = Math.round(RATE * seconds) * CH;
  const d = new Float64Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const f = Math.floor(i / CH);
    d[i] = 0.3 * Math.sin((2 * Math.PI * 440 * f) / RATE + (i % CH)) + 0.1 * (seed / 4294967296 - 0.5);
  }
  return d;
}

/** CPU seconds of one pass of a meter over the signal. */
function pass(d: Float64Array, opts: Partial<LevelOptions>): number {
  const m = createLevelMeter({ sampleRate: RATE, channels: CH, format: { sampleFormat: 'int', bitsPerSample: 24 }, ...opts });
  const frames = d.length / CH;
  const t0 = process.cpuUsage();
  for (let f = 0; f < frames; f += BLOCK) {
    const n = Math.min(BLOCK, frames - f);
    m.push(d.subarray(f * CH, (f + n) * CH), n);
  }
  m.result();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
}

const CONFIGS: { name: string; opts: Partial<LevelOptions>; target: number }[] = [
  { name: 'level meter: cheap measurements (peak, clipping, DC, silence, pairs, correlation)', opts: { loudness: false, truePeak: false }, target: 200e6 },
  { name: 'level meter: cheap + loudness (integrated, LRA)', opts: { truePeak: false }, target: 100e6 },
  { name: 'level meter: cheap + true peak computed (threshold -20 dBTP)', opts: { loudness: false, truePeak: -20 }, target: 40e6 },
  { name: 'level meter: cheap + true peak skipped (threshold -1 dBTP)', opts: { loudness: false, truePeak: -1 }, target: 0 },
];

/**
 * Throughput rows of the level meter: cheap measurements only, with loudness, with the true peak
 * computed on every block, with the true peak skipped on every block. `seconds`: length of the
 * 48 kHz stereo test signal (default 60).
 */
export async function measureLevelThroughput(opts: { seconds?: number } = {}): Promise<LevelThroughputRow[]> {
  const d = signal(opts.seconds ?? 60);
  const rows: LevelThroughputRow[] = [];
  for (const c of CONFIGS) pass(d, c.opts); // warm-up (JIT) of every configuration first
  for (const c of CONFIGS) {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      times.push(pass(d, c.opts));
      await new Promise((resolve) => setImmediate(resolve));
    }
    times.sort((a, b) => a - b);
    rows.push({ name: c.name, samplesPerSecond: d.length / times[RUNS >> 1]!, target: c.target });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const r of await measureLevelThroughput({ seconds })) {
    const target = r.target > 0 ? `target >= ${(r.target / 1e6).toFixed(0)}` : 'report only';
    console.log(`${r.name.padEnd(84)} ${(r.samplesPerSecond / 1e6).toFixed(1).padStart(7)} M samples/s  (${target})`);
  }
}
