/**
 * `npm run bench`: generates benchmark packages outside the repository (cached), then measures
 * stempack side by side with the baselines people use, as ratios so machine noise cancels:
 *   validate --level full   vs  a plain node:crypto SHA-256 pass over the same file
 *   validate --level full   vs  the classic sox null test (sox -m -v 1 stems... -v -1 mix -n stats)
 *   validate full, null-sum on vs off (issue 7: the null-sum adds at most 20%)
 *   validate --explain on a failing variant of the package (issue 7: forensics within 10 s)
 *   validate --level headers (absolute time)
 *   pack                    vs  copying the same bytes
 *   render                  vs  reading the stems' bytes, and vs reading + decoding their samples
 *   decoding and the level meter on one core (M samples/s; issue 6)
 *   the browser page (headless Chromium, loudness and true peak on, its default) vs the CLI
 *     doing the same measurements (`validate --html`: loudness, true peak, waveforms; #16 item 10)
 * with peak RSS for every command, and growth from the 1x to the 4x package (issue 10: time in
 * proportion to size within 10%, peak RSS flat within 10%).
 *
 * Options: --quick (20 s song instead of 5 min, no 4x unless --4x: then an 80 s one),
 *          --runs N (default 3), --no-4x, --no-rf64, --no-levels,
 *          --generate-only (make the cached packages and stop), --runs-4x N (runs on the 4x package),
 *          --cache DIR (default $STEMPACK_BENCH_DIR or <tmp>/stempack-bench),
 *          --only GROUP[,GROUP] (some row groups alone: validate, null-sum, explain, decode, levels,
 *          rf64, conform, manifest-1m, page; results to --out, else bench/results.local.json, so the
 *          whole run's bench/results.json stays as it was).
 * Writes bench/results.json (--out FILE elsewhere) and prints a table.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSong } from '../scripts/song.js';
import { BENCH_PARTS } from '../scripts/synth.js';
import { openFileSource } from '../src/io/file-source.js';
import { readAudioHeader, readSampleBlocks, decodeToFloat32, decodeToInt32, createAudioWriter } from '../src/audio/index.js';
import { openAtomicOutput } from '../src/io/atomic.js';
import { writeFailingExports, FAILING_CHANGES } from './failing.js';
import { measureLevelThroughput } from './levels.js';
import { measurePage, type PageRun } from './browser.js';
import { manifestScaleRow } from './manifest-scale.js';
import { writeConformExports, CUT_SECONDS } from './conform-exports.js';
import { isDeepStrictEqual } from 'node:util';

const here = import.meta.dirname;
const root = resolve(here, '../..');
/** The command as installed: the bundle package.json's `bin` names (npm run build writes it). */
const cli = resolve(here, '../cli/stempack.js');
/** The full-validation driver with the library's nullSum option (bench/validate-child.ts). */
const validateChild = resolve(here, 'validate-child.js');
const args = process.argv.slice(2);
const KNOWN = new Set(['--quick', '--4x', '--runs', '--runs-4x', '--no-4x', '--no-rf64', '--no-levels', '--generate-only', '--cache', '--out', '--only']);
const WITH_VALUE = new Set(['--runs', '--runs-4x', '--cache', '--out', '--only']);
/** Row groups `--only` can pick. */
const GROUPS = ['validate', 'null-sum', 'explain', 'decode', 'levels', 'rf64', 'conform', 'manifest-1m', 'page'] as const;
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`usage: npm run bench -- [--quick [--4x]] [--runs N] [--runs-4x N] [--no-4x] [--no-rf64] [--no-levels]
                      [--generate-only] [--cache DIR] [--out FILE] [--only GROUP[,GROUP...]]
Generates the benchmark packages (cached in --cache, default $STEMPACK_BENCH_DIR or <tmp>/stempack-bench),
measures stempack against its baselines and writes bench/results.json (or --out). See docs/benchmarks.md.
--only runs some row groups alone (${GROUPS.join(', ')}; the 4x package only with validate) and writes
its results to bench/results.local.json (or --out), leaving bench/results.json to whole runs.
`);
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  if (!KNOWN.has(args[i]!)) {
    process.stderr.write(`bench: unknown option ${args[i]} (--help lists them)\n`);
    process.exit(2);
  }
  if (WITH_VALUE.has(args[i]!)) i++;
}
const onlyArg = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').filter((g) => g !== '') : null;
for (const g of onlyArg ?? []) {
  if (!(GROUPS as readonly string[]).includes(g)) {
    process.stderr.write(`bench: --only takes ${GROUPS.join(', ')} (got ${g})\n`);
    process.exit(2);
  }
}
/** True when the row group runs (every group without --only). */
const wanted = (g: (typeof GROUPS)[number]): boolean => onlyArg === null || onlyArg.includes(g);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 3;
/** Runs on the 4x package (default: as many as on the 1x one). */
const runs4x = (args.includes('--runs-4x') ? Number(args[args.indexOf('--runs-4x') + 1]) : 0) || runs;
const do4x = (quick ? args.includes('--4x') : !args.includes('--no-4x')) && wanted('validate');
/** The two songs: 5 min and 20 min (1x, 4x); --quick: 20 s and 80 s. */
const SONGS = quick ? { small: { name: 'quick-20s', seconds: 20 }, big: { name: 'quick-80s', seconds: 80 } } : { small: { name: 'bench-5min', seconds: 300 }, big: { name: 'bench-20min', seconds: 1200 } };
const LABELS = quick ? { small: 'quick', big: 'quick 4x' } : { small: '1x', big: '4x' };
const cacheArg = args.indexOf('--cache');
const cache = cacheArg >= 0 ? resolve(args[cacheArg + 1]!) : process.env.STEMPACK_BENCH_DIR ?? join(tmpdir(), 'stempack-bench');

/** Warnings the synthetic song gives by design (no credits or ISRC, dual-mono parts): pack may refuse warnings. */
const PACK_ALLOW = ['--allow', 'SP-MAN-012', '--allow', 'SP-LVL-005'];

interface Timing {
  seconds: number;
  rss: number | null;
  /** CPU time of all the process's threads (user + system), seconds, where it reports it. */
  cpu: number | null;
}

/**
 * Cores this process really gets now: the time of one busy worker thread over the time of two
 * running at once, times 2 (2.0 on an idle two-core machine, 1.0 when others hold a core).
 */
async function parallelCapacity(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = 'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x);';
  const run = async (n: number): Promise<number> =>
    timeIt(() => Promise.all(Array.from({ length: n }, () => new Promise((r) => new Worker(code, { eval: true }).once('message', r)))));
  const one = await run(1);
  const two = await run(2);
  return Math.round(((2 * one) / two) * 100) / 100;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function runCli(argv: string[], env: Record<string, string> = {}): Timing & { code: number; stdout: string } {
  return runNode(cli, argv, env);
}

/** Run a Node script in a new process (wall time, peak RSS it reports, exit code 0 or 1). */
function runNode(script: string, argv: string[], env: Record<string, string> = {}): Timing & { code: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...argv], { env: { ...process.env, STEMPACK_REPORT_RSS: '1', NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /stempack-max-rss (\d+)/.exec(r.stderr ?? '');
  const c = /stempack-cpu-seconds ([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, rss: m ? Number(m[1]) : null, cpu: c ? Number(c[1]) : null, code: r.status ?? -1, stdout: r.stdout ?? '' };
}

/** CPU time (user + system) this process spends in `fn`, seconds. */
async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const u = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(u);
  return (d.user + d.system) / 1e6;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Read a file in 4 MiB chunks, optionally hashing: the baseline passes. */
async function readPass(paths: string[], hash: boolean): Promise<void> {
  const buf = Buffer.allocUnsafe(4 << 20);
  for (const p of paths) {
    const fh = await open(p, 'r');
    const h = hash ? createHash('sha256') : null;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h?.update(buf.subarray(0, bytesRead));
    }
    h?.digest('hex');
    await fh.close();
  }
}

/**
 * Read every file's sample data and decode it to Int32 with the project's decoder, one file after
 * the other on this thread: the least work a render must do before summing (render's baseline).
 */
async function readDecodePass(paths: string[]): Promise<void> {
  let out = new Int32Array(0);
  for (const p of paths) {
    const src = await openFileSource(p);
    try {
      const { header } = await readAudioHeader(src);
      const h = header!;
      for await (const b of readSampleBlocks(src, h)) {
        const n = b.frames * h.channels;
        if (out.length < n) out = new Int32Array(n);
        decodeToInt32(b.bytes, h.encoding, n, out);
      }
    } finally {
      await src.close();
    }
  }
}

function sox(argv: string[]): number | null {
  if (spawnSync('sox', ['--version']).status !== 0) return null;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sox', argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sox failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function ensurePackage(name: string, seconds: number): Promise<{ dir: string; pkg: string; stems: string[]; mix: string; bytes: number }> {
  const dir = join(cache, name);
  const exports = join(dir, 'exports');
  const pkg = join(dir, `${name}.stempack`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write(`generating ${name}: ${BENCH_PARTS.length} stereo stems + mix, 24-bit/96 kHz, ${seconds} s ...\n`);
    await writeSong({ dir: exports, parts: BENCH_PARTS, seconds, sampleRate: 96000, bits: 24, prefix: 'Bench', blockFrames: 96000 });
    const r = runCli(['pack', exports, '-o', pkg, '--title', 'Bench', '--artist', 'Bench', '--created', '2026-01-01T00:00:00Z', '--force', ...PACK_ALLOW]);
    if (r.code !== 0) throw new Error('pack of the benchmark package failed');
    await writeFile(done, new Date().toISOString());
  }
  const files = (await readdir(exports)).filter((f) => f.endsWith('.wav')).map((f) => join(exports, f)).sort();
  const mix = files.find((f) => f.endsWith('_Mix.wav'))!;
  return { dir, pkg, stems: files.filter((f) => f !== mix), mix, bytes: (await stat(pkg)).size };
}

/** Run `fn` `runs` times: the median of `pick` over the runs, and the last result. */
async function repeat<T>(runs: number, fn: () => Promise<T> | T, pick: (t: T) => number): Promise<{ med: number; last: T; all: T[] }> {
  const xs: number[] = [];
  const all: T[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    last = await fn();
    all.push(last);
    xs.push(pick(last));
  }
  return { med: median(xs), last, all };
}

/** Median CPU time of runs that report it, seconds (undefined when none does). */
function medianCpu(runs: readonly Timing[]): number | undefined {
  const xs = runs.map((r) => r.cpu).filter((x): x is number => x !== null);
  return xs.length > 0 ? median(xs) : undefined;
}

interface Row {
  name: string;
  /** Wall time (median), absent for throughput rows. */
  seconds?: number;
  baseline?: string;
  baselineSeconds?: number;
  ratio?: number;
  rssMB?: number | null;
  /** CPU time of all threads (median, seconds) and the same for the baseline, where measured. */
  cpuSeconds?: number;
  baselineCpuSeconds?: number;
  /** Throughput rows: million samples per second (samples = frames x channels). */
  mSamplesPerSecond?: number;
  target?: string;
  met?: boolean;
  /** What the row found besides the figures (e.g. the forensics' explanations). */
  note?: string;
}

/** How a figure grows from the 1x to the 4x package (issue 10). */
interface Growth {
  name: string;
  /** 4x time / 1x time (medians). */
  timeRatio: number;
  /** 4x package bytes / 1x package bytes. */
  sizeRatio: number;
  /** `linear`: ratio = timeRatio / sizeRatio, target 0.9-1.1; `flat` (headers): ratio = timeRatio, target <= 1.1. */
  scaling: 'linear' | 'flat';
  ratio: number;
  target: string;
  met: boolean;
  /** The same ratio for the row's baseline (what the machine does with 4x the bytes), for reading the figure. */
  baseline?: string;
  baselineRatio?: number;
  rssMB?: [number | null, number | null];
  /** 4x peak RSS / 1x peak RSS: target <= 1.1 (flat within 10%). */
  rssRatio?: number;
  rssTarget?: string;
  rssMet?: boolean;
}

type Package = Awaited<ReturnType<typeof ensurePackage>>;

async function measure(p: Package, label: string, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const rep = <T>(fn: () => Promise<T> | T, pick: (t: T) => number) => repeat(runs, fn, pick);
  const sha = await rep(() => timeIt(() => readPass([p.pkg], true)), (x) => x);
  const full = await rep(() => runCli(['validate', p.pkg, '--json']), (x) => x.seconds);
  // CPU time: on a machine of few cores the wall-time ratios below are bound by how much CPU the
  // work needs; these say how much (the SHA-256 pass uses one core, validate all of them)
  const shaCpu = await rep(() => cpuOf(() => readPass([p.pkg], true)), (x) => x);
  const fullCpu = await rep(() => runCli(['validate', p.pkg, '--json']), (x) => x.cpu ?? NaN);
  rows.push({ name: `${label} validate --level full, CPU time`, seconds: fullCpu.med, cpuSeconds: fullCpu.med, baseline: 'sha256 pass CPU', baselineSeconds: shaCpu.med, baselineCpuSeconds: shaCpu.med, ratio: fullCpu.med / shaCpu.med, target: 'report only (CPU-seconds; wall time on n cores is at least this / n)' });
  // issue 5 asks for 1.5x (and peak RSS under 200 MB), issue 10 for 1.2x: one row each
  rows.push({ name: `${label} validate --level full`, seconds: full.med, baseline: 'sha256 pass', baselineSeconds: sha.med, ratio: full.med / sha.med, rssMB: mb(full.last.rss), target: '<= 1.5x, RSS < 200 MB', met: full.med / sha.med <= 1.5 && (full.last.rss === null || mb(full.last.rss)! < 200) });
  rows.push({ name: `${label} validate --level full`, seconds: full.med, baseline: 'sha256 pass', baselineSeconds: sha.med, ratio: full.med / sha.med, rssMB: mb(full.last.rss), target: '<= 1.2x', met: full.med / sha.med <= 1.2 });
  // the same with the analysis pass on one thread (STEMPACK_WORKERS=0): what the worker threads buy
  const one = await rep(() => runCli(['validate', p.pkg, '--json'], { STEMPACK_WORKERS: '0' }), (x) => x.seconds);
  rows.push({ name: `${label} validate full, 1 thread`, seconds: one.med, baseline: 'sha256 pass', baselineSeconds: sha.med, ratio: one.med / sha.med, rssMB: mb(one.last.rss) });
  const soxT = await rep(() => sox(['-m', ...p.stems.flatMap((s) => ['-v', '1', s]), '-v', '-1', p.mix, '-n', 'stats']) ?? NaN, (x) => x);
  if (!Number.isNaN(soxT.med)) rows.push({ name: `${label} validate --level full`, seconds: full.med, baseline: 'sox null test', baselineSeconds: soxT.med, ratio: full.med / soxT.med, target: '<= 0.5x', met: full.med / soxT.med <= 0.5 });
  const headers = await rep(() => runCli(['validate', p.pkg, '--level', 'headers', '--json']), (x) => x.seconds);
  rows.push({ name: `${label} validate --level headers`, seconds: headers.med, rssMB: mb(headers.last.rss), target: '< 0.2 s (process start included)', met: headers.med < 0.2 });
  // the same in this process (library call, modules loaded): what the size of the package costs
  const { validate } = await import('../src/validate/index.js');
  const { openFileSource } = await import('../src/io/index.js');
  const inproc = await rep(
    () =>
      timeIt(async () => {
        const src = await openFileSource(p.pkg);
        try {
          await validate({ source: src }, { level: 'headers' });
        } finally {
          await src.close();
        }
      }),
    (x) => x,
  );
  rows.push({ name: `${label} validate headers, in process`, seconds: inproc.med, target: '< 0.2 s', met: inproc.med < 0.2 });
  const out = join(p.dir, 'bench-out.stempack');
  // every timed write starts with earlier writes flushed (`sync`), so no run pays for another's writeback
  const settle = (): void => void spawnSync('sync');
  const copy = await rep(() => (settle(), timeIt(async () => { for (const f of [...p.stems, p.mix]) await copyFile(f, join(p.dir, 'copy.tmp')); })), (x) => x);
  // pack makes its output durable (fsync before the rename): the like-for-like copy does too
  const copyDurable = await rep(
    () => (
      settle(),
      timeIt(async () => {
        const files = [...p.stems, p.mix];
        for (const [i, f] of files.entries()) {
          const dst = join(p.dir, `copy-${i}.tmp`);
          await copyFile(f, dst);
          const fh = await open(dst, 'r+');
          await fh.sync();
          await fh.close();
        }
      })
    ),
    (x) => x,
  );
  for (let i = 0; i <= p.stems.length; i++) await rm(join(p.dir, `copy-${i}.tmp`), { force: true });
  const packT = await rep(() => (settle(), runCli(['pack', join(p.dir, 'exports'), '-o', out, '--title', 'Bench', '--artist', 'Bench', '--created', '2026-01-01T00:00:00Z', '--force', ...PACK_ALLOW])), (x) => x.seconds);
  const packCpu = medianCpu(packT.all);
  rows.push({ name: `${label} pack`, seconds: packT.med, ...(packCpu !== undefined ? { cpuSeconds: packCpu } : {}), baseline: 'copy the bytes', baselineSeconds: copy.med, ratio: copy.med / packT.med, rssMB: mb(packT.last.rss), target: 'speed >= 0.7x of copy', met: copy.med / packT.med >= 0.7 });
  rows.push({ name: `${label} pack`, seconds: packT.med, baseline: 'copy + fsync', baselineSeconds: copyDurable.med, ratio: copyDurable.med / packT.med, rssMB: mb(packT.last.rss), target: 'speed >= 0.7x of copy', met: copyDurable.med / packT.med >= 0.7 });
  const readT = await rep(() => timeIt(() => readPass(p.stems, false)), (x) => x);
  const renderT = await rep(() => runCli(['render', p.pkg, '-o', join(p.dir, 'bench-render.wav'), '--force']), (x) => x.seconds);
  rows.push({ name: `${label} render full`, seconds: renderT.med, baseline: 'read the stems', baselineSeconds: readT.med, ratio: readT.med / renderT.med, rssMB: mb(renderT.last.rss), target: 'speed >= 0.8x of reading', met: readT.med / renderT.med >= 0.8 });
  // issue 8: render against reading and decoding the stems' samples (what any render must do), one thread
  const decT = await rep(() => timeIt(() => readDecodePass(p.stems)), (x) => x);
  rows.push({ name: `${label} render full`, seconds: renderT.med, baseline: 'read+decode stems', baselineSeconds: decT.med, ratio: decT.med / renderT.med, rssMB: mb(renderT.last.rss), target: 'speed >= 0.8x of read+decode', met: decT.med / renderT.med >= 0.8 });
  await rm(out, { force: true });
  await rm(join(p.dir, 'copy.tmp'), { force: true });
  await rm(join(p.dir, 'bench-render.wav'), { force: true });
  return rows;
}

function mb(x: number | null): number | null {
  return x === null ? null : Math.round(x / 1e6);
}

/**
 * The audio core on one core: read and decode a 24-bit stereo file to Float32 blocks
 * (issue target: 150 M samples/s or more), median of 3, in process.
 */
async function decodeRow(path: string): Promise<Row> {
  const times: number[] = [];
  let samples = 0;
  for (let i = 0; i < 3; i++) {
    const src = await openFileSource(path);
    const { header } = await readAudioHeader(src);
    const h = header!;
    const out = new Float32Array(65536 * h.channels);
    const t0 = process.hrtime.bigint();
    samples = 0;
    for await (const b of readSampleBlocks(src, h)) {
      decodeToFloat32(b.bytes, h.encoding, h.channels, b.frames, out);
      samples += b.frames * h.channels;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    await src.close();
  }
  const t = median(times);
  const rate = samples / t / 1e6;
  return { name: `decode 24-bit stereo → Float32 (M samples/s: ${rate.toFixed(0)})`, seconds: t, mSamplesPerSecond: Math.round(rate * 10) / 10, target: '>= 150 M samples/s, one core', met: rate >= 150 };
}

/**
 * A real RF64 file past 4 GiB (24-bit stereo 96 kHz, about 4.3 GB, written once by our writer
 * into the cache) read in full by `stempack validate <folder>` (hashes, decoding, levels): the
 * peak RSS must not depend on the file size (issue target: under 100 MB).
 */
async function rf64Row(): Promise<Row> {
  const dir = join(cache, 'rf64-4gib');
  const file = join(dir, 'mix.wav');
  const done = join(dir, '.complete');
  const frames = Math.ceil((4.3e9) / 6);
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write('generating a 4.3 GB RF64 file ...\n');
    const out = await openAtomicOutput(file, { force: true });
    const w = await createAudioWriter(out.sink, { container: 'wav', sampleFormat: 'int', bitsPerSample: 24, sampleRate: 96000, channels: 2, rf64: 'auto' });
    const block = new Int32Array(2 * 96000);
    for (let k = 0; k < block.length; k++) block[k] = ((k * 7919) % 2000001) - 1000000;
    for (let f = 0; f < frames; f += 96000) await w.writeInt(block, Math.min(96000, frames - f));
    await w.finish();
    await out.commit();
    await writeFile(done, new Date().toISOString());
  }
  const r = runCli(['validate', dir, '--json']);
  const bytes = (await stat(file)).size;
  return { name: `read a ${(bytes / 1e9).toFixed(1)} GB RF64 file in full (validate folder)`, seconds: r.seconds, rssMB: mb(r.rss), target: 'RSS < 100 MB', met: (r.rss ?? Infinity) < 100e6 };
}

/**
 * Issue 7: what the null-sum adds to `full` validation. Both sides run in a new process with the
 * default worker threads, as `validate` does on the command line, through one driver
 * (bench/validate-child.ts) whose only difference is the library's `nullSum` option; runs
 * alternate (on, off, on, off...) so a change in the machine's load hits both.
 */
async function nullSumRow(p: Package, label: string, runs: number): Promise<Row> {
  const on: Timing[] = [];
  const off: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    on.push(runNode(validateChild, [p.pkg]));
    off.push(runNode(validateChild, [p.pkg, '--no-null-sum']));
  }
  const t = median(on.map((x) => x.seconds));
  const b = median(off.map((x) => x.seconds));
  return { name: `${label} validate full, null-sum on`, seconds: t, baseline: 'null-sum off', baselineSeconds: b, ratio: t / b, rssMB: mb(on.at(-1)!.rss), target: '<= 1.2x', met: t / b <= 1.2 };
}

/**
 * The failing variant of a benchmark song ({@link FAILING_CHANGES}: a stem one sample late and
 * another 0.5 dB louder), packed and cached beside the others. pack refuses a failing null unless
 * mix-bus processing is declared, so it is packed with --bus-processing: the null still fails (as
 * info, not as an error) and the forensics run exactly as on a bad delivery.
 */
async function ensureFailingPackage(song: { name: string }, base: Package): Promise<{ pkg: string; busProcessingDeclared: boolean }> {
  const dir = join(cache, `${song.name}-failing`);
  const pkg = join(dir, `${song.name}-failing.stempack`);
  const done = join(dir, '.complete');
  if (!existsSync(done) || !existsSync(join(dir, '.bus-processing-declared'))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write(`generating ${song.name}-failing: ${FAILING_CHANGES.delayedStem} ${FAILING_CHANGES.delayFrames} frame late, ${FAILING_CHANGES.louderStem} +${FAILING_CHANGES.louderDb} dB ...\n`);
    const exports = join(dir, 'exports');
    await writeFailingExports(join(base.dir, 'exports'), exports);
    const r = runCli(['pack', exports, '-o', pkg, '--title', 'Bench', '--artist', 'Bench', '--created', '2026-01-01T00:00:00Z', '--force', '--bus-processing', ...PACK_ALLOW]);
    if (r.code !== 0) throw new Error('pack of the failing benchmark package failed');
    await writeFile(join(dir, '.bus-processing-declared'), '');
    await writeFile(done, new Date().toISOString());
  }
  return { pkg, busProcessingDeclared: true };
}

/**
 * Issue 7: `validate --explain` end to end (process start, the full pass, the null-sum and its
 * forensics) on the failing variant of the 1x package; the note lists what the forensics found.
 */
async function forensicsRow(song: { name: string }, base: Package, label: string, runs: number): Promise<Row> {
  const f = await ensureFailingPackage(song, base);
  const r = await repeat(runs, () => runCli(['validate', f.pkg, '--explain', '--json']), (x) => x.seconds);
  const report = JSON.parse(r.last.stdout) as { valid: boolean; null?: { pass?: boolean }; findings: { code: string; params: Record<string, unknown> }[] };
  const explained = report.findings
    .filter((x) => x.code === 'SP-NULL-102')
    .map((x) => [x.params['kind'], x.params['stem']].filter((v) => v !== undefined).join(' '));
  const failed = report.findings.some((x) => x.code === 'SP-NULL-001') ? 'SP-NULL-001' : `null pass ${String(report.null?.pass)}${f.busProcessingDeclared ? ' (bus processing declared)' : ''}`;
  return {
    name: `${label} validate --explain, failing null`,
    seconds: r.med,
    rssMB: mb(r.last.rss),
    target: '<= 10 s (process start included)',
    met: r.med <= 10,
    note: `${failed}; forensics: ${explained.join(', ') || 'none'} (made: ${FAILING_CHANGES.delayedStem} offset, ${FAILING_CHANGES.louderStem} gain)`,
  };
}

/** The conform variant of a song (bench/conform-exports.ts: every stem ends early), cached beside the others. */
async function ensureConformExports(song: { name: string }, base: Package): Promise<string> {
  const dir = join(cache, `${song.name}-conform`);
  const exports = join(dir, 'exports');
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write(`generating ${song.name}-conform: every stem ${CUT_SECONDS(0)} to ${CUT_SECONDS(base.stems.length - 1).toFixed(2)} s short ...\n`);
    await writeConformExports(join(base.dir, 'exports'), exports);
    await writeFile(done, new Date().toISOString());
  }
  return exports;
}

/**
 * Issue 17: `pack --conform` of the set whose every stem needs a pad, against plain `pack` of the
 * set as exported whole (the same audio, the same package size): at most 1.5x pack's time, peak
 * RSS flat (within 10% of pack's). The conformed stems stream from their originals straight into
 * the package while a worker thread hashes the originals for the record.
 */
async function conformRows(song: { name: string }, base: Package, label: string, runs: number): Promise<Row[]> {
  const exports = await ensureConformExports(song, base);
  const out = join(base.dir, 'bench-conform.stempack');
  const settle = (): void => void spawnSync('sync');
  const common = ['-o', out, '--title', 'Bench', '--artist', 'Bench', '--created', '2026-01-01T00:00:00Z', '--force', ...PACK_ALLOW];
  // interleaved, so both see the same machine load
  const plain: (Timing & { code: number })[] = [];
  const conformed: (Timing & { code: number; stdout: string })[] = [];
  for (let i = 0; i < runs; i++) {
    settle();
    plain.push(runCli(['pack', join(base.dir, 'exports'), ...common]));
    settle();
    conformed.push(runCli(['pack', exports, '--conform', ...common]));
  }
  if (conformed.some((r) => r.code !== 0) || plain.some((r) => r.code !== 0)) throw new Error('pack --conform of the benchmark set failed');
  const repairs = (conformed[0]!.stdout.match(/padded [\d,]+ frames/g) ?? []).length;
  await rm(out, { force: true });
  const p = median(plain.map((x) => x.seconds));
  const c = median(conformed.map((x) => x.seconds));
  const pr = mb(plain[plain.length - 1]!.rss);
  const cr = mb(conformed[conformed.length - 1]!.rss);
  const cpu = medianCpu(conformed);
  const plainCpu = medianCpu(plain);
  return [
    {
      name: `${label} pack --conform, every stem padded`,
      seconds: c,
      ...(cpu !== undefined ? { cpuSeconds: cpu } : {}),
      ...(plainCpu !== undefined ? { baselineCpuSeconds: plainCpu } : {}),
      baseline: 'plain pack',
      baselineSeconds: p,
      ratio: c / p,
      rssMB: cr,
      // the originals are hashed (for the record) by one more thread: a fixed cost in memory,
      // which does not grow with the set
      target: '<= 1.5x of pack; RSS flat: within 16 MB of pack (one hashing thread)',
      met: c / p <= 1.5 && (pr === null || cr === null || cr <= pr + 16),
      note: `${repairs} pads recorded; plain pack peak RSS ${pr ?? '?'} MB${plainCpu !== undefined ? `, CPU ${plainCpu.toFixed(2)} s` : ''}`,
    },
  ];
}

/**
 * #16 item 10: the browser page against the CLI doing the same measurements. The page's default
 * measures loudness and the true peak of every file and draws the waveforms; the CLI does the same
 * with `validate --html` (its default measures the true peak only where a block could reach the
 * limit, and no loudness: a row of its own, for reading the others). The page runs with one
 * analysis worker per core (its default) and with the validation worker alone (as before #16);
 * its report must equal the CLI's. Each page run is a fresh tab in headless Chromium
 * (bench/browser.ts); the note gives the phases and the CPU time of all of Chromium's processes.
 */
async function pageRows(p: Package, label: string, runs: number): Promise<Row[]> {
  if (!existsSync('/usr/bin/chromium')) return [{ name: `${label} page validate`, note: 'skipped: /usr/bin/chromium is missing' }];
  const html = join(p.dir, 'bench-report.html');
  const cliDefault = await repeat(runs, () => runCli(['validate', p.pkg, '--json']), (x) => x.seconds);
  const cli = await repeat(runs, () => runCli(['validate', p.pkg, '--html', html, '--force', '--json']), (x) => x.seconds);
  await rm(html, { force: true });
  const cliReport = JSON.parse(cli.last.stdout) as unknown;
  const cliCpu = medianCpu(cli.all);
  const rows: Row[] = [
    { name: `${label} validate --level full (CLI default measurements)`, seconds: cliDefault.med, rssMB: mb(cliDefault.last.rss), target: 'report only' },
    {
      name: `${label} validate --html (loudness, true peak, waveforms)`,
      seconds: cli.med,
      ...(cliCpu !== undefined ? { cpuSeconds: cliCpu } : {}),
      baseline: 'CLI default',
      baselineSeconds: cliDefault.med,
      ratio: cli.med / cliDefault.med,
      rssMB: mb(cli.last.rss),
      target: 'report only',
    },
  ];
  const page = async (workers: number | undefined, name: string, target: boolean): Promise<void> => {
    const got: PageRun[] = await measurePage(p.pkg, { runs, ...(workers !== undefined ? { workers } : {}) });
    const t = median(got.map((r) => r.seconds));
    const cpu = got.map((r) => r.cpuSeconds).filter((x): x is number => x !== null);
    const last = got.at(-1)!;
    const same = got.every((r) => r.reportJson !== null && isDeepStrictEqual(JSON.parse(r.reportJson), cliReport));
    rows.push({
      name: `${label} ${name}`,
      seconds: t,
      ...(cpu.length > 0 ? { cpuSeconds: median(cpu) } : {}),
      baseline: 'CLI validate --html',
      baselineSeconds: cli.med,
      ratio: t / cli.med,
      target: target ? '<= 4x' : 'report only',
      ...(target ? { met: t / cli.med <= 4 && same && last.state === 'done' } : {}),
      note:
        `${last.state}, ${last.verdict ?? 'no verdict'}; ${last.workers} analysis worker(s); checking ${median(got.map((r) => r.validateSeconds)).toFixed(1)} s, ` +
        `waveforms ${median(got.map((r) => r.overviewSeconds)).toFixed(1)} s; report ${same ? 'identical to' : 'DIFFERS from'} the CLI's` +
        (cpu.length > 0 ? `; Chromium CPU ${median(cpu).toFixed(1)} s (CLI ${cliCpu?.toFixed(1) ?? '?'} s)` : ''),
    });
  };
  await page(undefined, 'page validate (Chromium, a worker per core)', true);
  await page(0, 'page validate, validation worker only', false);
  return rows;
}

/** Issue 6: level-meter throughput on one core (bench/levels.ts); a target of 0 is report-only. */
async function levelRows(): Promise<Row[]> {
  const results = await measureLevelThroughput(quick ? { seconds: 10 } : {});
  return results.map((r) => {
    const rate = r.samplesPerSecond / 1e6;
    const row: Row = { name: r.name.startsWith('level meter') ? r.name : `level meter: ${r.name}`, mSamplesPerSecond: Math.round(rate * 10) / 10 };
    if (Number.isFinite(r.target) && r.target > 0) {
      row.target = `>= ${r.target / 1e6} M samples/s, one core`;
      row.met = r.samplesPerSecond >= r.target;
    } else row.target = 'report only';
    return row;
  });
}

/**
 * Issue 10: each figure from the 1x to the 4x package. Whole-package work (full validation,
 * pack, render) should take time in proportion to the bytes (time ratio / size ratio within
 * 0.9-1.1); headers-only work should not grow (time ratio <= 1.1). Peak RSS should stay flat (<= 1.1x).
 */
function growthOf(smallRows: Row[], bigRows: Row[], labels: { small: string; big: string }, sizeRatio: number): Growth[] {
  const out: Growth[] = [];
  const seen = new Set<string>();
  for (const r of smallRows) {
    const key = r.name.slice(labels.small.length + 1);
    if (seen.has(key) || r.seconds === undefined) continue;
    const b = bigRows.find((x) => x.name === `${labels.big} ${key}` && x.baseline === r.baseline);
    if (!b || b.seconds === undefined) continue;
    seen.add(key);
    const timeRatio = b.seconds / r.seconds;
    const flat = key.includes('headers');
    const ratio = flat ? timeRatio : timeRatio / sizeRatio;
    const g: Growth = {
      name: key,
      timeRatio: round3(timeRatio),
      sizeRatio: round3(sizeRatio),
      scaling: flat ? 'flat' : 'linear',
      ratio: round3(ratio),
      target: flat ? 'time ratio <= 1.1' : 'time ratio / size ratio 0.9-1.1',
      met: flat ? ratio <= 1.1 : ratio >= 0.9 && ratio <= 1.1,
    };
    if (r.baseline && r.baselineSeconds && b.baselineSeconds) {
      g.baseline = r.baseline;
      g.baselineRatio = round3(b.baselineSeconds / r.baselineSeconds / (flat ? 1 : sizeRatio));
    }
    if (r.rssMB != null && b.rssMB != null) {
      g.rssMB = [r.rssMB, b.rssMB];
      g.rssRatio = round3(b.rssMB / r.rssMB);
      g.rssTarget = '<= 1.1x';
      g.rssMet = b.rssMB / r.rssMB <= 1.1;
    }
    out.push(g);
  }
  return out;
}

/**
 * What code this run measures: the commit and the newest build output in dist/src. Others may
 * rebuild dist while a run lasts (minutes): then rows measured different code, and the 1x→4x
 * growth in particular means little; the results and the printout say so.
 */
async function buildStamp(): Promise<{ commit: string | null; dirty: boolean; newestBuildFile: number }> {
  const git = (a: string[]) => spawnSync('git', a, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  const status = git(['status', '--porcelain', '--untracked-files=no', '--', 'src']);
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.js')) newest = Math.max(newest, (await stat(p)).mtimeMs);
    }
  };
  await walk(join(root, 'dist', 'src'));
  return { commit: head.status === 0 ? head.stdout.trim() : null, dirty: status.status === 0 && status.stdout.trim() !== '', newestBuildFile: newest };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<void> {
  await mkdir(cache, { recursive: true });
  if (args.includes('--generate-only')) {
    const small = await ensurePackage(SONGS.small.name, SONGS.small.seconds);
    await ensureFailingPackage(SONGS.small, small);
    if (do4x) await ensurePackage(SONGS.big.name, SONGS.big.seconds);
    return;
  }
  // the song's package only for the groups that read it (levels, rf64 and manifest-1m make their own data)
  const needsSong = (['validate', 'conform', 'null-sum', 'explain', 'decode', 'page'] as const).some(wanted);
  const small = needsSong ? await ensurePackage(SONGS.small.name, SONGS.small.seconds) : undefined;
  const stampBefore = await buildStamp();
  const capacityBefore = await parallelCapacity();
  const smallRows = small && wanted('validate') ? await measure(small, LABELS.small, runs) : [];
  const rows = [...smallRows];
  if (small && wanted('conform')) rows.push(...(await conformRows(SONGS.small, small, LABELS.small, runs)));
  if (small && wanted('null-sum')) rows.push(await nullSumRow(small, LABELS.small, runs));
  if (small && wanted('explain')) rows.push(await forensicsRow(SONGS.small, small, LABELS.small, runs));
  if (small && wanted('decode')) rows.push(await decodeRow(small.mix));
  if (wanted('levels') && !args.includes('--no-levels')) rows.push(...(await levelRows()));
  if (wanted('rf64') && !quick && !args.includes('--no-rf64')) rows.push(await rf64Row());
  if (small && wanted('page')) rows.push(...(await pageRows(small, LABELS.small, runs)));
  if (wanted('manifest-1m')) rows.push(await manifestScaleRow(cache, runs, runCli));
  let growth: Growth[] | undefined;
  let bigBytes: number | undefined;
  if (do4x && small) {
    const big = await ensurePackage(SONGS.big.name, SONGS.big.seconds);
    bigBytes = big.bytes;
    const bigRows = await measure(big, LABELS.big, runs4x);
    rows.push(...bigRows);
    growth = growthOf(smallRows, bigRows, LABELS, big.bytes / small.bytes);
  }
  await finish(rows, small, stampBefore, capacityBefore, growth, bigBytes);
}

async function finish(rows: Row[], small: Package | undefined, stampBefore: Awaited<ReturnType<typeof buildStamp>>, capacityBefore: number, growth?: Growth[], bigBytes?: number): Promise<void> {
  const machine = { coresAvailable: [capacityBefore, await parallelCapacity()], cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  const stampAfter = await buildStamp();
  const build = { commit: stampBefore.commit, srcUncommittedChanges: stampBefore.dirty, changedDuringRun: stampAfter.commit !== stampBefore.commit || stampAfter.newestBuildFile !== stampBefore.newestBuildFile };
  const result = { date: new Date().toISOString(), ...(onlyArg ? { only: onlyArg } : {}), machine, build, loadAverage: loadavg().map((x) => Math.round(x * 10) / 10), runs, runs4x: do4x ? runs4x : undefined, packageBytes: small?.bytes, packageBytes4x: bigBytes, rows, growth };
  const outArg = args.indexOf('--out');
  // a partial run (--only) never replaces the full results unless asked to
  const outPath = outArg >= 0 ? resolve(args[outArg + 1]!) : resolve(root, onlyArg ? 'bench/results.local.json' : 'bench/results.json');
  await writeFile(outPath, JSON.stringify(result, null, 2) + '\n');
  const pad = (s: string, n: number) => s.padEnd(n);
  const W = 56;
  process.stdout.write(`\nstempack benchmark — ${machine.cpus} cores ${machine.cpu}, Node ${machine.node}; load ${result.loadAverage.join(' ')}; cores really available ${machine.coresAvailable.join(' (start), ')} (end); package ${small ? `${(small.bytes / 1e9).toFixed(2)} GB` : 'none'}; median of ${runs}${do4x ? ` (4x: ${runs4x})` : ''}\n\n`);
  if (build.changedDuringRun) process.stdout.write(`WARNING: the build in dist/ (or the commit) changed during the run: rows measured different code\n\n`);
  process.stdout.write(`${pad('measure', W)} ${pad('time s', 8)} ${pad('baseline', 18)} ${pad('base s', 8)} ${pad('ratio', 7)} ${pad('RSS MB', 7)} target\n`);
  for (const r of rows) {
    const time = r.seconds !== undefined ? r.seconds.toFixed(2) : r.mSamplesPerSecond !== undefined ? `${r.mSamplesPerSecond.toFixed(0)} M/s` : '';
    process.stdout.write(
      `${pad(r.name, W)} ${pad(time, 8)} ${pad(r.baseline ?? '', 18)} ${pad(r.baselineSeconds?.toFixed(2) ?? '', 8)} ${pad(r.ratio?.toFixed(2) ?? '', 7)} ${pad(String(r.rssMB ?? ''), 7)} ${r.target ?? ''} ${r.met === undefined ? '' : r.met ? 'met' : 'MISSED'}\n`,
    );
    if (r.note) process.stdout.write(`${pad('', W)}   ${r.note}\n`);
    if (r.cpuSeconds !== undefined && !r.name.endsWith('CPU time')) process.stdout.write(`${pad('', W)}   CPU time of all threads ${r.cpuSeconds.toFixed(2)} s\n`);
  }
  if (growth) {
    process.stdout.write(`\ngrowth 1x→4x (size ${growth[0]?.sizeRatio.toFixed(2) ?? '?'}x)\n`);
    for (const g of growth)
      process.stdout.write(
        `  ${pad(g.name, W - 2)} time ${g.timeRatio.toFixed(2)}x → ${g.scaling === 'linear' ? 'per byte' : 'flat'} ${g.ratio.toFixed(2)} (${g.target}) ${g.met ? 'met' : 'MISSED'}` +
          `${g.baselineRatio !== undefined ? `; ${g.baseline} ${g.baselineRatio.toFixed(2)}` : ''}` +
          `${g.rssRatio !== undefined ? `; RSS ${g.rssMB![0]} → ${g.rssMB![1]} MB ${g.rssRatio.toFixed(2)}x (${g.rssTarget}) ${g.rssMet ? 'met' : 'MISSED'}` : ''}\n`,
      );
  }
  process.stdout.write(`\nwritten ${outPath}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
