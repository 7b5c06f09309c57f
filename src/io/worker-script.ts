/**
 * Where the worker threads' scripts are and how many to start (Node only): shared by the
 * analysis and render engines.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `STEMPACK_WORKERS` as a count, or undefined when it is unset or not a whole number. */
export function envWorkers(): number | undefined {
  const v = process.env['STEMPACK_WORKERS'];
  if (v === undefined || v === '' || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/**
 * The worker script `name` beside the module at `moduleUrl` (its `import.meta.url`): tsc's
 * `dist/src/<dir>/`, or the bundled command's `dist/cli/`, where every chunk and worker script
 * sits in one folder (scripts/bundle-cli.mjs); when that module runs from the TypeScript sources
 * (tests), the built copy under `dist/src/`; null when neither exists (the caller then stays on
 * one thread).
 */
export function workerScriptUrl(moduleUrl: string, name: string): URL | null {
  const here = new URL(`./${name}`, moduleUrl);
  if (existsSync(fileURLToPath(here))) return here;
  const built = fileURLToPath(here).replace(/([\\/])src([\\/])([^\\/]+)([\\/])([^\\/]+)$/, '$1dist$2src$2$3$4$5');
  return existsSync(built) ? pathToFileURL(built) : null;
}
