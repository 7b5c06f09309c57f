/**
 * The browser validator on a multi-gigabyte package (issue 11: "a 2 GB package works"; #16 item
 * 10: within 4x the CLI's time for the same measurements): builds the page, serves it on
 * 127.0.0.1, opens it in Debian's headless Chromium, picks the package (by default the benchmark
 * package `npm run bench` generates) and waits for the report, with the page's defaults (loudness
 * and true peak of every file, waveforms). Each run is a fresh tab. `bench/run.ts` uses
 * {@link measurePage} for its page rows; standalone it prints each run:
 *
 *   npm run build && node dist/bench/browser.js [package.stempack] [--workers N] [--runs N]
 *
 * Figures per run: wall time from picking the file to the report, the two phases (reading and
 * checking; drawing the waveforms), the analysis workers the page ran, and the CPU time of all of
 * Chromium's processes over the run (Linux: /proc), which says more than wall time on a busy machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPage, serveDir } from '../test/web/server.js';

/** The benchmark package in the default cache folder. */
export function defaultBenchPackage(): string {
  return join(process.env.STEMPACK_BENCH_DIR ?? join(tmpdir(), 'stempack-bench'), 'bench-5min', 'bench-5min.stempack');
}

/** One validation by the page. */
export interface PageRun {
  seconds: number;
  /** Reading and checking every sample (the full level), then drawing the waveforms. */
  validateSeconds: number;
  overviewSeconds: number;
  /** Analysis workers the full pass ran in (0: the validation worker alone). */
  workers: number;
  /** User + system time of every Chromium process during the run; null off Linux. */
  cpuSeconds: number | null;
  state: string;
  verdict: string | null;
  /** The page's report (JSON text), to compare with the CLI's. */
  reportJson: string | null;
}

/** User + system CPU seconds of every live process below `root` (Linux /proc; null elsewhere). */
function treeCpuSeconds(root: number): number | null {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const n of names) {
    try {
      const s = readFileSync(`/proc/${n}/stat`, 'utf8');
      // fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17)
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(n), Number(f[1]));
      ticks.set(Number(n), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      /* gone meanwhile */
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    let p = parent.get(pid);
    for (let hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
      if (p === root) {
        sum += t;
        break;
      }
      p = parent.get(p);
    }
  }
  return sum / 100; // USER_HZ, 100 on Linux
}

/**
 * Validate `pkg` with the page `runs` times, each in a fresh tab, with `workers` analysis workers
 * (undefined: the page's default, one per core; 0: the validation worker alone).
 */
export async function measurePage(pkg: string, opts: { runs?: number; workers?: number; onRun?(r: PageRun, k: number): void } = {}): Promise<PageRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stempack-web-bench-'));
  await buildPage(dir);
  const server = await serveDir(dir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out: PageRun[] = [];
  try {
    for (let k = 0; k < (opts.runs ?? 1); k++) {
      const page = await browser.newPage();
      await page.goto(server.origin + '/');
      await page.waitForLoadState('networkidle');
      if (opts.workers !== undefined) await page.evaluate((n) => void ((globalThis as unknown as { stempack: { workers?: number } }).stempack.workers = n), opts.workers);
      const cpu0 = treeCpuSeconds(process.pid);
      const t0 = process.hrtime.bigint();
      await page.setInputFiles('#file', pkg);
      await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', null, { timeout: 1_800_000, polling: 250 });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu1 = treeCpuSeconds(process.pid);
      const st = await page.evaluate(() => {
        const s = (globalThis as unknown as { stempack: { phases: { validate: number; overview: number; workers: number } | null; report: unknown; error: string | null } }).stempack;
        return { phases: s.phases, report: s.report ? JSON.stringify(s.report) : null, error: s.error, state: document.body.dataset['state'] ?? '' };
      });
      const verdict = await page.textContent('.sp-verdict-word').catch(() => null);
      const r: PageRun = {
        seconds,
        validateSeconds: st.phases?.validate ?? NaN,
        overviewSeconds: st.phases?.overview ?? NaN,
        workers: st.phases?.workers ?? 0,
        cpuSeconds: cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 100) / 100 : null,
        state: st.error ? `error: ${st.error}` : st.state,
        verdict,
        reportJson: st.report,
      };
      out.push(r);
      opts.onRun?.(r, k);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const pkg = args.find((a, i) => !a.startsWith('--') && !['--workers', '--runs'].includes(args[i - 1] ?? '')) ?? defaultBenchPackage();
  const workers = opt('--workers') !== undefined ? Number(opt('--workers')) : undefined;
  const gb = (statSync(pkg).size / 1e9).toFixed(2);
  await measurePage(pkg, {
    runs: Number(opt('--runs') ?? 1),
    ...(workers !== undefined ? { workers } : {}),
    onRun: (r) =>
      process.stdout.write(
        `${pkg}: ${gb} GB, state ${r.state}, verdict ${r.verdict}, ${r.seconds.toFixed(1)} s (checking ${r.validateSeconds.toFixed(1)} s, waveforms ${r.overviewSeconds.toFixed(1)} s), ` +
          `${r.workers} analysis worker(s), Chromium CPU ${r.cpuSeconds?.toFixed(1) ?? '?'} s\n`,
      ),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`browser bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
