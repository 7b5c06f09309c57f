/**
 * The conformance runner: generate (or reuse) the fixtures, run every case with our validator
 * or with another implementation's command, and judge each report against the case.
 *
 * With `impl`, each case runs `<impl> <fixture-path>` (plus `--profile <profile-path>` when the
 * fixture has a profile, and `--level <level>` when the case sets one) through the shell, and
 * expects a stempack report (spec §12) as JSON on stdout; the exit code is not judged.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { validate } from '../validate/index.js';
import { openFileSource } from '../io/index.js';
import type { Report } from '../model/report.js';
import { loadCases, type ConformanceCase } from './cases.js';
import { defaultFixtureDir, generateFixtures, loadRecipes, suiteDir, type GeneratedFixture } from './fixtures.js';

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Fixture folder (default `<tmp>/stempack-conformance`). */
  fixtures?: string;
  /** A shell command of another implementation; default: our validator in-process. */
  impl?: string;
  /** The suite folder (default: `spec/conformance` found from this module). */
  suite?: string;
  /** Run only cases whose description contains this text. */
  filter?: string;
  /** Per-case timeout for `impl`, ms (default 60 s). */
  timeoutMs?: number;
}

/** The verdict on one case. */
export interface CaseResult {
  description: string;
  package: string;
  pass: boolean;
  /** Why it failed (empty when it passed). */
  problems: string[];
}

/** The verdict on the suite. */
export interface ConformanceResult {
  passed: number;
  failed: number;
  cases: CaseResult[];
}

/** Judge a report against a case's expectation; returns the problems (empty = pass). */
export function judge(c: ConformanceCase, report: Pick<Report, 'valid' | 'findings'>): string[] {
  const problems: string[] = [];
  if (report.valid !== c.expect.valid) problems.push(`valid is ${String(report.valid)}, expected ${String(c.expect.valid)}`);
  for (const e of c.expect.findings) {
    const hit = report.findings.some((f) => f.code === e.code && (e.path === undefined || f.path === e.path));
    if (!hit) problems.push(`missing ${e.code}${e.path !== undefined ? ` at '${e.path}'` : ''}`);
  }
  const expected = new Set(c.expect.findings.map((f) => f.code));
  for (const f of report.findings) {
    if (f.severity === 'error' && !expected.has(f.code)) problems.push(`unexpected error ${f.code} at '${f.path}'`);
  }
  for (const code of c.expect.absent ?? []) {
    if (report.findings.some((f) => f.code === code)) problems.push(`${code} reported, expected absent`);
  }
  return problems;
}

function runImpl(cmd: string, fx: GeneratedFixture, level: string | undefined, timeoutMs: number): Promise<Report> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = [cmd, q(fx.path), ...(fx.profilePath ? ['--profile', q(fx.profilePath)] : []), ...(level ? ['--level', level] : [])].join(' ');
  return new Promise((res, rej) => {
    execFile('/bin/sh', ['-c', line], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      try {
        res(JSON.parse(stdout) as Report);
      } catch {
        rej(new Error(`no JSON report on stdout${err ? ` (${err.message.split('\n')[0]})` : ''}`));
      }
    });
  });
}

async function runOurs(fx: GeneratedFixture, level: ConformanceCase['level']): Promise<Report> {
  const src = await openFileSource(fx.path, fx.path.split('/').pop());
  try {
    const name = fx.path.split('/').pop()!;
    return await validate(
      { source: src, name },
      { ...(level ? { level } : {}), ...(fx.profilePath ? { profile: readFileSync(fx.profilePath, 'utf8') } : {}) },
    );
  } finally {
    await src.close();
  }
}

/** Run the suite. Never throws for a failing case: it is a failed result. */
export async function runConformance(opts: ConformanceOptions = {}): Promise<ConformanceResult> {
  const suite = opts.suite ?? suiteDir();
  const fixtures = new Map(generateFixtures(loadRecipes(suite), opts.fixtures ?? defaultFixtureDir()).map((f) => [f.name, f]));
  const cases = loadCases(suite).filter((c) => !opts.filter || c.description.includes(opts.filter));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const fx = fixtures.get(c.files.package);
    let problems: string[];
    if (!fx) problems = [`no fixture '${c.files.package}'`];
    else {
      try {
        const report = opts.impl ? await runImpl(opts.impl, fx, c.level, opts.timeoutMs ?? 60_000) : await runOurs(fx, c.level);
        problems = judge(c, report);
      } catch (e) {
        problems = [`error: ${(e as Error).message}`];
      }
    }
    results.push({ description: c.description, package: c.files.package, pass: problems.length === 0, problems });
  }
  const passed = results.filter((r) => r.pass).length;
  return { passed, failed: results.length - passed, cases: results };
}

/** Plain-text summary: one line per case, problems indented, then the totals. */
export function formatConformance(r: ConformanceResult): string {
  const lines: string[] = [];
  for (const c of r.cases) {
    lines.push(`${c.pass ? 'pass' : 'FAIL'}  ${c.description}`);
    for (const p of c.problems) lines.push(`        ${p}`);
  }
  lines.push(`${r.passed} passed, ${r.failed} failed, ${r.cases.length} cases`);
  return lines.join('\n') + '\n';
}
