/**
 * Micro-benchmark of the level meter (one core). Build and run:
 *   npx tsc -p tsconfig.build.json && node dist/bench/levels.js
 * or compile just this file: npx tsc --outDir /tmp/lvl --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck bench/levels.ts && node /tmp/lvl/bench/levels.js
 * Reports million samples per second (samples = frames x channels) for each measurement set, from
 * the process's CPU time (user + system), so a busy machine skews it less than wall time would.
 * `npm run bench` (bench/run.ts) takes its rows from {@link measureLevelThroughput} (issue 6).
 */
import { pathToFileURL } from 'node:url';
import { createLevelMeter } from '../src/levels/index.js';
import type { LevelOptions } from '../src/levels/index.js';

const RATE = 48000;
const CH = 2;
const BLOCK = 16384;

/** The measurement sets, and their issue-6 targets in samples per second on one core (0: report only). */
const SETS: { name: string; opts: Partial<LevelOptions>; target: number }[] = [
  { name: 'cheap (peak, clip, DC, silence, pairs, corr)', opts: { loudness: false, truePeak: false }, target: 200e6 },
  { name: 'cheap + loudness', opts: { truePeak: false }, target: 100e6 },
  { name: 'cheap + true peak computed', opts: { loudness: false, truePeak: true }, target: 40e6 },
  { name: 'cheap + true peak threshold -1 dBTP (skipped)', opts: { loudness: false, truePeak: -1 }, target: 0 },
];

/** A 440 Hz sine with a little noise, peak about -8 dBFS (the true peak never nears -1 dBTP), interleaved stereo. */
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

/** Samples per second of one meter configuration: the best of 3 runs, in CPU seconds of this process. */
function run(d: Float64Array, opts: Partial<LevelOptions>): number {
  const base: LevelOptions = { sampleRate: RATE, channels: CH, format: { sampleFormat: 'int', bitsPerSample: 24 } };
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const m = createLevelMeter({ ...base, ...opts });
    const t0 = process.cpuUsage();
    const frames = d.length / CH;
    for (let f = 0; f < frames; f += BLOCK) {
      const n = Math.min(BLOCK, frames - f);
      m.push(d.subarray(f * CH, (f + n) * CH), n);
    }
    m.result();
    const u = process.cpuUsage(t0);
    best = Math.min(best, (u.user + u.system) / 1e6);
  }
  return d.length / best;
}

/**
 * Level-meter throughput on one core (this thread; CPU time, so call it while no worker threads of
 * this process are busy): every measurement set warmed up (JIT) once, then measured on `seconds`
 * of 48 kHz stereo (default 120). `target` is the issue-6 goal in samples per second, 0 for
 * report-only rows.
 */
export async function measureLevelThroughput(opts: { seconds?: number } = {}): Promise<{ name: string; samplesPerSecond: number; target: number }[]> {
  const d = signal(opts.seconds ?? 120);
  for (const s of SETS) run(d, s.opts); // warm-up
  return SETS.map((s) => ({ name: s.name, samplesPerSecond: run(d, s.opts), target: s.target }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await measureLevelThroughput();
  for (const r of rows) {
    const goal = r.target > 0 ? `(target ${r.target / 1e6}, ${r.samplesPerSecond >= r.target ? 'met' : 'MISSED'})` : '(report only)';
    console.log(`${r.name.padEnd(46)} ${(r.samplesPerSecond / 1e6).toFixed(1).padStart(7)} M samples/s ${goal}`);
  }
}
