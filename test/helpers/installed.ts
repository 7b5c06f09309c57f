/**
 * The stempack package as a user installs it, for tests that run journeys on the installed
 * command rather than on the repository's build.
 *
 *     import { installedStempack, runInstalled } from '../helpers/installed.js';
 *
 *     const pkg = installedStempack();              // packs and installs once per test run
 *     const r = runInstalled(['validate', file, '--json']);
 *     expect(r.code).toBe(0);
 *     spawnSync(pkg.command[0]!, [...pkg.command.slice(1), '--version']);
 *
 * What it does, once per `vitest` run (the first test file to ask does the work under a lock, the
 * others wait for it and reuse the result):
 *   1. `npm pack --ignore-scripts` of the repository: the tarball `npm publish` would upload, made
 *      from the current `dist/` (test/global-setup.ts builds it: tsc, then the CLI bundle);
 *   2. in an empty folder, a package.json depending on that tarball, then `npm install` of it,
 *      exactly what `npm install ./stempack-x.y.z.tgz` does, into `node_modules/stempack` with the
 *      `node_modules/.bin/stempack` link.
 *
 * No network: npm's cache holds every dependency's tarball after `npm ci`, but not the registry's
 * metadata that resolving a version range needs, so the folder also gets a package-lock.json that
 * pins the package's run-time dependencies to the versions, and integrity hashes, of the
 * repository's own lock; `npm install --offline` then takes everything from the cache. If the
 * cache lacks one (node_modules not installed by `npm ci`), the install fails with npm's
 * ENOTCACHED and this says so.
 *
 * `command` is the installed link `node_modules/.bin/stempack`, started directly: its
 * `#!/usr/bin/env node` line, the link and the bundle are what a user's shell runs.
 * The folder lives in the run's temp folder, removed when the run ends.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

export interface InstalledStempack {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** The folder the package was installed into (its package.json, package-lock.json, node_modules/). */
  dir: string;
  /** The installed package: `<dir>/node_modules/stempack` (its real path). */
  packageDir: string;
  /** The command line that starts the installed `stempack` (before its arguments). */
  command: string[];
}

export interface InstalledResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** This run's temp folder (test/global-setup.ts), or one of this process's when run without it. */
function runDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('stempackRunDir');
  } catch {
    dir = undefined;
  }
  dir ??= join(tmpdir(), `stempack-installed-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The environment for npm: without the `npm_*` variables of the `npm test` running us (they name this repository as the project). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('npm_') || k === 'npm_config_cache') env[k] = v;
  return env;
}

/** Run npm (from PATH) in `cwd` with `args`; its stdout, or an error with its output. */
export function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed with ${r.status ?? r.signal ?? r.error}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * The package-lock.json of a folder depending on `tarball` alone: the stempack entry, and the
 * entries of the repository's lock that its run-time dependencies need (the same versions and
 * integrity hashes, hoisted as they are there), without their dev flags.
 */
export function lockFor(tarball: string, spec: string): object {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; license?: string; bin?: unknown; engines?: unknown; dependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {
    '': { dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      ...(pkg.license ? { license: pkg.license } : {}),
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
      ...(pkg.bin ? { bin: pkg.bin } : {}),
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    },
  };
  // Node's resolution over the lock's paths: `name` needed by the package at `from` is the
  // nearest node_modules/name above it
  const find = (from: string, name: string): string | null => {
    for (let at = from; ; ) {
      const key = at ? `${at}/node_modules/${name}` : `node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!at) return null;
      const cut = at.lastIndexOf('/node_modules/');
      at = cut < 0 ? '' : at.slice(0, cut);
    }
  };
  const visit = (from: string, deps: Record<string, string> | undefined, optional: boolean): void => {
    for (const name of Object.keys(deps ?? {})) {
      const key = find(from, name);
      if (!key) {
        if (optional) continue;
        throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || 'the package'}): run npm install`);
      }
      if (packages[key]) continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[key]!;
      packages[key] = entry;
      visit(key, entry.dependencies, false);
      visit(key, entry.optionalDependencies, true);
    }
  };
  visit('', pkg.dependencies, false);
  return { name: 'stempack-install-test', lockfileVersion: 3, requires: true, packages };
}

let cached: InstalledStempack | null = null;

/** Sleep `ms` milliseconds, synchronously. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function install(dir: string): InstalledStempack {
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string }[];
  const tarball = join(dir, packed[0]!.filename);
  const app = join(realpathSync(dir), 'app');
  mkdirSync(app);
  const spec = `file:../${packed[0]!.filename}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'stempack-install-test', version: '1.0.0', private: true, dependencies: { stempack: spec } }, null, 2) + '\n');
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lockFor(tarball, spec), null, 2) + '\n');
  try {
    npm(['install', '--offline', '--no-audit', '--no-fund', '--prefix', app], app);
  } catch (e) {
    const m = (e as Error).message;
    throw new Error(m.includes('ENOTCACHED') ? `${m}\nThe install runs offline from npm's cache, which \`npm ci\` fills: run npm ci.` : m);
  }
  const bin = join(app, 'node_modules/.bin/stempack');
  return { tarball, dir: app, packageDir: realpathSync(join(app, 'node_modules/stempack')), command: [bin] };
}

/**
 * The installed package (see the module comment): packed and installed by the first caller of
 * this test run, reused by every later one, in this process or another.
 */
export function installedStempack(): InstalledStempack {
  if (cached) return cached;
  const dir = join(runDir(), 'installed');
  const done = join(dir, 'done.json');
  const failed = join(dir, 'failed.txt');
  let mine = false;
  try {
    mkdirSync(dir); // the lock: one process installs
    mine = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (mine) {
    try {
      cached = install(dir);
      writeFileSync(`${done}.tmp`, JSON.stringify(cached));
      renameSync(`${done}.tmp`, done);
    } catch (e) {
      writeFileSync(failed, (e as Error).message);
      throw e;
    }
    return cached;
  }
  const t0 = Date.now();
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`installing the package failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() - t0 > 180_000) throw new Error(`waited 180 s for another test file to install the package into ${dir}`);
    sleep(100);
  }
  cached = JSON.parse(readFileSync(done, 'utf8')) as InstalledStempack;
  return cached;
}

/** Run the installed `stempack` with `args` (NO_COLOR set, as run.ts does for the build). */
export function runInstalled(args: string[], env: Record<string, string> = {}, cwd?: string): InstalledResult {
  const [cmd, ...pre] = installedStempack().command;
  const r = spawnSync(cmd!, [...pre, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 << 20,
    ...(cwd ? { cwd } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
