/**
 * Bundle the `stempack` command (the package's `bin`) with esbuild into `dist/cli/`:
 *
 *     node scripts/bundle-cli.mjs        (run by `npm run build`, after tsc)
 *
 * - `stempack.js`: the CLI (src/cli/main.ts) with everything it imports, npm packages included,
 *   so the installed command loads a handful of files instead of a few hundred modules;
 * - `hash-worker.js`, `render-worker.js`, `batch-worker.js`: the worker threads' scripts. The
 *   engines start them by path, beside the module asking (`src/io/worker-script.ts`); every
 *   output file, the shared chunks included, sits in this one folder, so that lookup finds them;
 * - `chunk-*.js`: code shared by those entries, and each command's modules, which the CLI still
 *   loads only when that command runs (code splitting keeps `import()` lazy);
 * - `THIRD-PARTY-LICENSES.txt`: the licences of the npm packages bundled in.
 *
 * The library entry (`import … from 'stempack'`) stays tsc's output in `dist/src/`.
 * Data read by path at run time stays outside the bundle, found from the module as before:
 * `package.json` (the version) and `spec/conformance/` (the conformance suite).
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The bundle's entry points: output name (in dist/cli/) → source. */
const ENTRIES = {
  stempack: 'src/cli/main.ts',
  'hash-worker': 'src/analysis/hash-worker.ts',
  'render-worker': 'src/render/render-worker.ts',
  'batch-worker': 'src/batch/batch-worker.ts',
};

const outdir = join(root, 'dist/cli');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  preserveSymlinks: true, // node_modules may be a symlink (worktrees): keep the bundle the same wherever it is built
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  // commander is CommonJS: its require() calls of Node's modules need a require in ES modules
  banner: { js: "import { createRequire as __stempackCreateRequire } from 'node:module'; const require = __stempackCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});

// The npm packages bundled in, with their licence texts (their notices must travel with the code)
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join(root, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file)'}\n`;
});
writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), `The stempack command in this folder bundles these npm packages:\n\n${notices.join('\n---\n\n')}`);
