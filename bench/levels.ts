/**
 * Micro-benchmark of the level meter (one core). Build and run:
 *   npx tsc -p tsconfig.build.json && node dist/bench/levels.js
 * or compile just this file: npx tsc --outDir /tmp/lvl --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck bench/levels.ts && node /tmp/lvl/bench/levels.js
 * Reports million samples per second (samples = frames x channels) for each measurement set, from
 * the process's CPU time (user + system), so a busy machine skews it less than wall time would.
 */
import { createLevelMeter } from '../src/levels/index.js';
import type { LevelOptions } from '../src/levels/index.js';

const RATE = 48000;
const CH = 2;
const SECONDS = 120;
const BLOCK = 16384;

function signal(): Float64Array {
  const n = RATE * SECONDS * CH;
  const d = new Float64Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const f = Math.floor(i / CH);
    d[i] = 0.3 * Math.sin((2 * Math.PI * 440 * f) / RATE + (i % CH)) + 0.1 * (seed / 4294967296 - 0.5);
  }
  return d;
}

function run(name: string, d: Float64Array, opts: Partial<LevelOptions>, print = true): void {
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
    const s = (u.user + u.system) / 1e6;
    best = Math.min(best, s);
  }
  if (print) console.log(`${name.padEnd(44)} ${(d.length / best / 1e6).toFixed(1).padStart(7)} M samples/s`);
}

const d = signal();
// warm-up pass (JIT) over every configuration, then the measured pass
for (const print of [false, true]) {
  run('cheap (peak, clip, DC, silence, pairs, corr)', d, { loudness: false, truePeak: false }, print);
  run('cheap + loudness', d, { truePeak: false }, print);
  run('cheap + true peak', d, { loudness: false, truePeak: true }, print);
  run('cheap + true peak threshold -1 dBTP (skips)', d, { loudness: false, truePeak: -1 }, print);
  run('everything', d, {}, print);
}
