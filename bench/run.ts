/**
 * `npm run bench`: generates benchmark packages outside the repository (cached), then measures
 * stempack side by side with the baselines people use, as ratios so machine noise cancels:
 *   validate --level full   vs  a plain node:crypto SHA-256 pass over the same file
 *   validate --level full   vs  the classic sox null test (sox -m -v 1 stems... -v -1 mix -n stats)
 *   validate --level headers (absolute time)
 *   pack                    vs  copying the same bytes
 *   render                  vs  reading the stems
 * with peak RSS for every command, and growth from the 1x to the 4x package.
 *
 * Options: --quick (20 s song instead of 5 min, no 4x), --runs N (default 3), --no-4x,
 *          --generate-only (make the cached packages and stop), --runs-4x N (runs on the 4x package),
 *          --cache DIR (default $STEMPACK_BENCH_DIR or <tmp>/stempack-bench).
 * Writes bench/results.json and prints a table.
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
import { readAudioHeader, readSampleBlocks, decodeToFloat32, createAudioWriter } from '../src/audio/index.js';
import { openAtomicOutput } from '../src/io/atomic.js';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const cli = resolve(here, '../src/cli/main.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 3;
/** Runs on the 4x package (default: as many as on the 1x one). */
const runs4x = (args.includes('--runs-4x') ? Number(args[args.indexOf('--runs-4x') + 1]) : 0) || runs;
const do4x = !quick && !args.includes('--no-4x');
const cacheArg = args.indexOf('--cache');
const cache = cacheArg >= 0 ? resolve(args[cacheArg + 1]!) : process.env.STEMPACK_BENCH_DIR ?? join(tmpdir(), 'stempack-bench');

/** Warnings the synthetic song gives by design (no credits or ISRC, dual-mono parts): pack may refuse warnings. */
const PACK_ALLOW = ['--allow', 'SP-MAN-012', '--allow', 'SP-LVL-005'];

interface Timing {
  seconds: number;
  rss: number | null;
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

function runCli(argv: string[], env: Record<string, string> = {}): Timing & { code: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...argv], { env: { ...process.env, STEMPACK_REPORT_RSS: '1', NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /stempack-max-rss (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) throw new Error(`stempack ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, rss: m ? Number(m[1]) : null, code: r.status ?? -1 };
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

interface Row {
  name: string;
  seconds: number;
  baseline?: string;
  baselineSeconds?: number;
  ratio?: number;
  rssMB?: number | null;
  target?: string;
  met?: boolean;
}

async function measure(p: Awaited<ReturnType<typeof ensurePackage>>, label: string, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const rep = async <T>(fn: () => Promise<T> | T, pick: (t: T) => number): Promise<{ med: number; last: T }> => {
    const xs: number[] = [];
    let last!: T;
    for (let i = 0; i < runs; i++) {
      last = await fn();
      xs.push(pick(last));
    }
    return { med: median(xs), last };
  };
  const sha = await rep(() => timeIt(() => readPass([p.pkg], true)), (x) => x);
  const full = await rep(() => runCli(['validate', p.pkg, '--json']), (x) => x.seconds);
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
  const copy = await rep(() => timeIt(async () => { for (const f of [...p.stems, p.mix]) await copyFile(f, join(p.dir, 'copy.tmp')); }), (x) => x);
  const packT = await rep(() => runCli(['pack', join(p.dir, 'exports'), '-o', out, '--title', 'Bench', '--artist', 'Bench', '--created', '2026-01-01T00:00:00Z', '--force', ...PACK_ALLOW]), (x) => x.seconds);
  rows.push({ name: `${label} pack`, seconds: packT.med, baseline: 'copy the bytes', baselineSeconds: copy.med, ratio: copy.med / packT.med, rssMB: mb(packT.last.rss), target: 'speed >= 0.7x of copy', met: copy.med / packT.med >= 0.7 });
  const readT = await rep(() => timeIt(() => readPass(p.stems, false)), (x) => x);
  const renderT = await rep(() => runCli(['render', p.pkg, '-o', join(p.dir, 'bench-render.wav'), '--force']), (x) => x.seconds);
  rows.push({ name: `${label} render full`, seconds: renderT.med, baseline: 'read the stems', baselineSeconds: readT.med, ratio: readT.med / renderT.med, rssMB: mb(renderT.last.rss), target: 'speed >= 0.8x of reading', met: readT.med / renderT.med >= 0.8 });
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
  return { name: `decode 24-bit stereo → Float32 (M samples/s: ${rate.toFixed(0)})`, seconds: t, target: '>= 150 M samples/s, one core', met: rate >= 150 };
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

async function main(): Promise<void> {
  await mkdir(cache, { recursive: true });
  if (args.includes('--generate-only')) {
    await ensurePackage(quick ? 'quick-20s' : 'bench-5min', quick ? 20 : 300);
    if (do4x) await ensurePackage('bench-20min', 1200);
    return;
  }
  const small = await ensurePackage(quick ? 'quick-20s' : 'bench-5min', quick ? 20 : 300);
  const capacityBefore = await parallelCapacity();
  const rows = await measure(small, quick ? 'quick' : '1x', runs);
  rows.push(await decodeRow(small.mix));
  if (!quick && !args.includes('--no-rf64')) rows.push(await rf64Row());
  let growth: Record<string, number> | undefined;
  if (do4x) {
    const big = await ensurePackage('bench-20min', 1200);
    const bigRows = await measure(big, '4x', runs4x);
    rows.push(...bigRows);
    growth = {};
    for (const r of rows.filter((x) => x.name.startsWith('1x'))) {
      const b = bigRows.find((x) => x.name === r.name.replace('1x', '4x') && x.baseline === r.baseline);
      if (b) growth[r.name.replace('1x ', '') + (r.baseline ? ` (vs ${r.baseline})` : '')] = b.seconds / r.seconds;
    }
  }
  const machine = { coresAvailable: [capacityBefore, await parallelCapacity()], cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  const result = { date: new Date().toISOString(), machine, loadAverage: loadavg().map((x) => Math.round(x * 10) / 10), runs, runs4x: do4x ? runs4x : undefined, packageBytes: small.bytes, rows, growth };
  const outPath = resolve(root, 'bench/results.json');
  await writeFile(outPath, JSON.stringify(result, null, 2) + '\n');
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(`\nstempack benchmark — ${machine.cpus} cores ${machine.cpu}, Node ${machine.node}; load ${result.loadAverage.join(' ')}; cores really available ${machine.coresAvailable.join(' (start), ')} (end); package ${(small.bytes / 1e9).toFixed(2)} GB; median of ${runs}${do4x ? ` (4x: ${runs4x})` : ''}\n\n`);
  process.stdout.write(`${pad('measure', 34)} ${pad('time s', 8)} ${pad('baseline', 16)} ${pad('base s', 8)} ${pad('ratio', 7)} ${pad('RSS MB', 7)} target\n`);
  for (const r of rows)
    process.stdout.write(
      `${pad(r.name, 34)} ${pad(r.seconds.toFixed(2), 8)} ${pad(r.baseline ?? '', 16)} ${pad(r.baselineSeconds?.toFixed(2) ?? '', 8)} ${pad(r.ratio?.toFixed(2) ?? '', 7)} ${pad(String(r.rssMB ?? ''), 7)} ${r.target ?? ''} ${r.met === undefined ? '' : r.met ? 'met' : 'MISSED'}\n`,
    );
  if (growth) for (const [k, v] of Object.entries(growth)) process.stdout.write(`growth 1x→4x ${k}: ${v.toFixed(2)}x time (linear = 4.00)\n`);
  process.stdout.write(`\nwritten ${outPath}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
