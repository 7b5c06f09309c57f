// The package as a user installs it (`npm pack`, then `npm install` of the tarball in an empty
// folder, see test/helpers/installed.ts): every command of the installed `stempack`, and its
// --help, runs on a generated song; the worker threads start from the installed files; every
// module the command loads comes from the installed package; and an ES module script imports the
// library, type-checked against the installed declarations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installedStempack, runInstalled, type InstalledStempack } from '../helpers/installed.js';
import { reportValidator } from '../validate/report-schema.js';
import { ROOT } from '../cli/run.js';
import { writeSong } from '../../scripts/song.js';
import { DEMO_PARTS } from '../../scripts/synth.js';

// Logs every module the process (and its worker threads, which inherit the flag) loads: `LOADED <url>` on stderr.
const HOOKS = `export async function load(url, context, next) { if (!url.startsWith('node:')) console.error('LOADED ' + url); return next(url, context); }`;
const TRACE = `--import data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`)}`;

/** Run the installed command with module tracing; the loaded modules' file paths. */
function traced(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string; loaded: string[] } {
  const r = runInstalled(args, { NODE_OPTIONS: TRACE, ...env });
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
  return { ...r, loaded };
}

const COMMANDS = ['pack', 'validate', 'inspect', 'render', 'null', 'probe', 'conformance'];

let pkg: InstalledStempack;
let dir: string;
let exportsDir: string;
let song: string;
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  pkg = installedStempack();
  dir = mkdtempSync(join(tmpdir(), 'sp-installed-'));
  exportsDir = join(dir, 'exports');
  await writeSong({ dir: exportsDir, parts: DEMO_PARTS, seconds: 2, sampleRate: 48000, bits: 24, prefix: 'Inst_Song', timeReference: 48000 * 3600 });
  song = join(dir, 'Song.stempack');
  const r = runInstalled(['pack', exportsDir, '-o', song, '--title', 'Installed Song', '--artist', 'Tester', '--created', '2026-01-01T00:00:00Z']);
  expect(r.code, r.stderr).toBe(0);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the installed package', () => {
  it('is the tarball installed with its bin link', () => {
    expect(existsSync(pkg.tarball)).toBe(true);
    expect(existsSync(join(pkg.dir, 'node_modules/.bin/stempack'))).toBe(true);
    expect(pkg.packageDir.startsWith(pkg.dir)).toBe(true); // installed, not linked to the repository
  });

  it('stempack --version and --help, and --help of every command', () => {
    const v = runInstalled(['--version']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const h = runInstalled(['--help']);
    expect(h.code).toBe(0);
    for (const c of COMMANDS) expect(h.stdout).toContain(c);
    for (const c of COMMANDS) {
      const r = runInstalled([c, '--help']);
      expect(r.code, `${c} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout, c).toContain(`Usage: stempack ${c}`);
    }
  });

  it('pack wrote a package that validates (full, a hash worker from the installed files)', () => {
    expect(existsSync(song)).toBe(true);
    const r = traced(['validate', song], { STEMPACK_WORKERS: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('VALID');
    expect(r.loaded.filter((u) => u.endsWith('/hash-worker.js'))).toEqual([pathToFileURL(join(pkg.packageDir, 'dist/cli/hash-worker.js')).href]);
    // every module comes from the installed package: nothing from the repository or elsewhere
    expect(r.loaded.length).toBeGreaterThan(5);
    expect(r.loaded.filter((u) => !u.startsWith(pathToFileURL(pkg.packageDir).href + '/'))).toEqual([]);
  });

  it('validate --level headers --json: a report the schema accepts', () => {
    const r = runInstalled(['validate', song, '--level', 'headers', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { valid: boolean; level: string; findings: { severity: string }[] };
    expect(reportValidator()(report), JSON.stringify(reportValidator().errors)).toBe(true);
    expect(report.valid).toBe(true);
    expect(report.level).toBe('headers');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('validate --level full --html writes the visual report', () => {
    const html = join(dir, 'report.html');
    const r = runInstalled(['validate', song, '--level', 'full', '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page.slice(0, 100).toLowerCase()).toContain('<!doctype html');
    expect(page).toContain('Installed Song');
  });

  it('validate a folder of exports (loose stems and the mix)', () => {
    const r = runInstalled(['validate', exportsDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { valid: boolean }).valid).toBe(true);
  });

  it('validate a batch: the batch workers start from the installed files', () => {
    const second = join(dir, 'Song2.stempack');
    writeFileSync(second, readFileSync(song));
    const r = traced(['validate', song, second, '--jobs', '2', '--jsonl', '--level', 'headers']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; valid?: boolean });
    expect(lines.filter((l) => l.type === 'package').map((l) => l.valid)).toEqual([true, true]);
    expect(lines.at(-1)?.type).toBe('summary');
    expect(r.loaded).toContain(pathToFileURL(join(pkg.packageDir, 'dist/cli/batch-worker.js')).href);
  });

  it('inspect shows the stems', () => {
    const r = runInstalled(['inspect', song]);
    expect(r.code, r.stderr).toBe(0);
    for (const p of DEMO_PARTS) expect(r.stdout).toContain(p.id);
  });

  it('render --list, and the instrumental on a render worker from the installed files; probe reads it', () => {
    const list = runInstalled(['render', song, '--list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('instrumental');
    const out = join(dir, 'Instrumental.wav');
    const r = traced(['render', song, '--version', 'instrumental', '-o', out], { STEMPACK_WORKERS: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.loaded).toContain(pathToFileURL(join(pkg.packageDir, 'dist/cli/render-worker.js')).href);
    const probe = runInstalled(['probe', out, '--json']);
    expect(probe.code, probe.stderr).toBe(0);
    const [info] = JSON.parse(probe.stdout) as { container: string; sampleRate: number; channels: number; frames: number }[];
    expect(info).toMatchObject({ container: 'wav', sampleRate: 48000, channels: 2, frames: 2 * 48000 });
  });

  it('null: the stems sum to the mix', () => {
    const r = runInstalled(['null', song]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('conformance finds the suite (spec/conformance) in the installed package', () => {
    const r = runInstalled(['conformance', '--fixtures', join(dir, 'conformance'), '--filter', 'A conforming', '--json']);
    expect(r.code, r.stderr + r.stdout.slice(0, 2000)).toBe(0);
    const res = JSON.parse(r.stdout) as { passed: number; failed: number };
    expect(res.failed).toBe(0);
    expect(res.passed).toBeGreaterThan(0);
  });

  it("import { validate, openFileSource } from 'stempack' in an ES module script, type-checked against the installed declarations", () => {
    const script = `import { validate, openFileSource } from 'stempack';
const source = await openFileSource(process.argv[2]);
const report = await validate({ source, name: 'Song.stempack' }, { level: 'headers' });
await source.close();
const valid: boolean = report.valid;
// @ts-expect-error a typed report (not any): valid is a boolean
const notANumber: number = report.valid;
console.log(JSON.stringify({ valid, findings: report.findings.length }));
`;
    writeFileSync(join(pkg.dir, 'use-library.mts'), script);
    writeFileSync(join(pkg.dir, 'use-library.mjs'), script.replace('const valid: boolean', 'const valid').replace(/^.*notANumber.*$/m, ''));
    writeFileSync(
      join(pkg.dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, typeRoots: [join(ROOT, 'node_modules/@types')], types: ['node'] }, files: ['use-library.mts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', pkg.dir], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const r = spawnSync(process.execPath, [join(pkg.dir, 'use-library.mjs'), song], { encoding: 'utf8', cwd: pkg.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, findings: expect.any(Number) });
  });
});
