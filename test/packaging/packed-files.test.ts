// The tarball npm publishes holds everything the shipped code loads: the files of
// `npm pack --dry-run --json` against the import graph of the package's entry points (its `bin`,
// `exports`, `main` and `types`) and what that code loads by path at run time (worker scripts,
// JSON imports, the conformance suite, package.json). Missing `dist/schema/` once made the
// installed `stempack` die with ERR_MODULE_NOT_FOUND on every command.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { ROOT } from '../cli/run.js';
import { npm } from '../helpers/installed.js';
import { suiteDir } from '../../src/conformance/fixtures.js';

interface PackageJson {
  name: string;
  bin: Record<string, string>;
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string }>;
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Module specifiers of a JS or .d.ts file: static and dynamic imports, re-exports, `import("x")` types. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const re of [
    /(?:^|[;\s}])(?:import|export)\s*(?:type\s+)?(?:[\w$*\s{},]*?\bfrom\s*)?["']([^"'\n]+)["']/g,
    /\bimport\(\s*["']([^"'\n]+)["']\s*\)/g,
  ]) {
    for (const m of text.matchAll(re)) out.push(m[1]!);
  }
  return out;
}

/** Files a module loads by path, relative to itself: `new URL('./x', import.meta.url)` and `workerScriptUrl(import.meta.url, 'x')`. */
function byPathOf(text: string): string[] {
  const out: string[] = [];
  for (const re of [/new URL\(\s*["']([^"'\n]+)["']\s*,\s*import\.meta\.url\s*\)/g, /workerScriptUrl\d*\(\s*import\.meta\.url\s*,\s*["']([^"'\n]+)["']\s*\)/g]) {
    for (const m of text.matchAll(re)) out.push(m[1]!.replace(/^(?!\.)/, './'));
  }
  return out;
}

const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(s);
const packageName = (s: string): string => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);

interface Walk {
  /** Every file reached, relative to the package root. */
  reached: Set<string>;
  /** Reached but not in the tarball: `file (from importer)`. */
  missing: string[];
  /** Package imports (not Node built-ins), `name (from importer)`. */
  packages: string[];
}

/** Walk the graph from `entries` (package-relative paths); `.d.ts` files resolve `./x.js` to `./x.d.ts`. */
function walk(entries: string[], packed: ReadonlySet<string>, types: boolean): Walk {
  const w: Walk = { reached: new Set(), missing: [], packages: [] };
  const todo = entries.map((e) => ({ file: posix.normalize(e), from: 'package.json' }));
  while (todo.length) {
    const { file, from } = todo.pop()!;
    if (w.reached.has(file)) continue;
    w.reached.add(file);
    if (!packed.has(file)) {
      w.missing.push(`${file} (from ${from})`);
      continue;
    }
    if (!/\.(m?js|d\.ts)$/.test(file)) continue; // data (JSON): nothing further
    const text = readFileSync(join(ROOT, file), 'utf8');
    const refs = [...importsOf(text), ...(types ? [] : byPathOf(text))];
    for (const spec of refs) {
      if (spec.startsWith('.')) {
        let target = posix.join(posix.dirname(file), spec);
        if (types && target.endsWith('.js')) target = target.replace(/\.js$/, '.d.ts');
        todo.push({ file: target, from: file });
      } else if (!isBuiltin(spec)) {
        w.packages.push(`${packageName(spec)} (from ${file})`);
      }
    }
  }
  return w;
}

let packed: Set<string>;

beforeAll(() => {
  const [result] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT)) as { files: { path: string }[] }[];
  packed = new Set(result!.files.map((f) => f.path));
});

/**
 * The worker scripts of src/ (`*-worker.ts`), by the name they are started under. The bundled
 * command keeps every script in one folder, so two workers sharing a name would start the wrong
 * one (conform's hasher once found the analysis engine's `hash-worker.js` and waited forever).
 * The page's web workers (src/browser/) are built with the page, not the command.
 */
const WORKER_SOURCES = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((p) => /-worker\.ts$/.test(p) && !p.startsWith(`browser${sep}`));
const WORKERS = WORKER_SOURCES.map((p) => posix.basename(p).replace(/\.ts$/, '.js'));

describe('the worker scripts', () => {
  it('each has a name of its own, and the bundle builds each one (scripts/bundle-cli.mjs)', () => {
    expect(WORKERS.length).toBeGreaterThanOrEqual(4);
    expect(new Set(WORKERS).size).toBe(WORKERS.length);
    const bundle = readFileSync(join(ROOT, 'scripts/bundle-cli.mjs'), 'utf8');
    for (const src of WORKER_SOURCES) expect(bundle, src).toContain(`'src/${src.split(sep).join('/')}'`);
  });
});

describe('the packed files (npm pack --dry-run)', () => {
  it('hold the entry points package.json names', () => {
    const named = [...Object.values(pkg.bin), pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((e) => [e.types, e.default])];
    expect(named.map((p) => posix.normalize(p)).filter((p) => !packed.has(p))).toEqual([]);
    expect(packed.has('package.json')).toBe(true); // the CLI reads its version from it
  });

  it('hold every module the command (bin) loads, its worker scripts among them, and the command imports no package', () => {
    const w = walk(Object.values(pkg.bin), packed, false);
    expect(w.missing).toEqual([]);
    // a bundle: Node's built-ins only, so the command does not depend on what npm installed beside it
    expect(w.packages).toEqual([]);
    const dir = posix.dirname(Object.values(pkg.bin)[0]!);
    for (const worker of WORKERS) expect(w.reached, worker).toContain(`${dir}/${worker}`);
  });

  it('hold every module and JSON file the library (exports) loads, worker scripts too; its packages are dependencies', () => {
    const w = walk(Object.values(pkg.exports).map((e) => e.default), packed, false);
    expect(w.missing).toEqual([]);
    expect(w.packages.filter((p) => !Object.hasOwn(pkg.dependencies, p.split(' ')[0]!))).toEqual([]);
    expect([...w.reached].filter((f) => f.endsWith('.schema.json')).sort()).toEqual([
      'dist/schema/manifest.schema.json',
      'dist/schema/profile.schema.json',
      'dist/schema/report.schema.json',
    ]);
    // the engines the library's validate and render start by path
    expect(w.reached).toContain('dist/src/analysis/hash-worker.js');
    expect(w.reached).toContain('dist/src/render/render-worker.js');
  });

  it('hold every declaration file the types entry reaches; the packages they name are dependencies', () => {
    const w = walk([pkg.types, ...Object.values(pkg.exports).map((e) => e.types)], packed, true);
    expect(w.missing).toEqual([]);
    expect(w.packages.filter((p) => !Object.hasOwn(pkg.dependencies, p.split(' ')[0]!))).toEqual([]);
    expect(w.reached.size).toBeGreaterThan(50);
  });

  it('hold the conformance suite the conformance command reads (recipes.json, cases/*.json)', () => {
    const suite = relative(ROOT, suiteDir()).split('\\').join('/');
    const read = ['recipes.json', ...readdirSync(join(suiteDir(), 'cases')).map((f) => `cases/${f}`)].map((f) => `${suite}/${f}`);
    expect(read.length).toBeGreaterThan(2);
    expect(read.filter((f) => !packed.has(f))).toEqual([]);
    // found from the command's folder upwards, as suiteDir does: the suite sits at the package root
    expect(dirname(dirname(suite))).toBe('.');
  });

  it('leave out what the installed package never loads: sources, tests, source maps', () => {
    expect([...packed].filter((f) => /^(src|test|bench|scripts|web)\/|\.map$|^dist\/(test|bench|scripts)\//.test(f))).toEqual([]);
  });
});
