// Start-up of the CLI: `validate --level headers` loads only what that level needs (no Ajv, whose
// validators come precompiled; no zip writer; no batch runner, renderer, packer or conformance
// suite), and gives exactly the report the library gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, stempack } from './run.js';
import { buildPackage } from '../helpers/package-builder.js';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import type { Manifest } from '../../src/model/manifest.js';

// Logs the URL of every module the process loads, one `LOADED <url>` line each on stderr.
const HOOKS = `export async function load(url, context, next) { if (!url.startsWith('node:')) console.error('LOADED ' + url); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

function runTraced(args: string[]): { code: number; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, resolve(ROOT, 'dist/src/cli/main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
  return { code: r.status ?? -1, stdout: r.stdout, loaded };
}

let dir: string;
const packages: Record<string, Uint8Array> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sp-startup-'));
  packages.good = buildPackage({ frames: 2400 }).bytes;
  // schema errors (unknown role, bad date-time, missing field): the precompiled validators and our formatter at work
  packages.schema = buildPackage({
    frames: 2400,
    hooks: {
      manifest: (m: Manifest) => {
        (m.stems[0] as { role: string }).role = 'vocal';
        (m as { created?: string }).created = '2026-02-30T10:00:00Z';
        delete (m.stems[1] as { sha256?: string }).sha256;
      },
    },
  }).bytes;
  packages.short = buildPackage({ frames: 2400, hooks: { audio: (it) => { if (it.id === 'bass') it.frames = 2399; } } }).bytes;
  for (const [name, bytes] of Object.entries(packages)) writeFileSync(join(dir, `${name}.stempack`), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI start-up', () => {
  it('validate --level headers loads neither Ajv nor the zip writer, the batch runner, renderer, packer or conformance suite', () => {
    const r = runTraced(['validate', '--level', 'headers', join(dir, 'good.stempack')]);
    expect(r.code).toBe(0);
    expect(r.loaded.some((u) => u.includes('/dist/src/validate/headers.js'))).toBe(true); // the trace works
    const unwanted = r.loaded.filter((u) =>
      /\/node_modules\/(ajv|@zip\.js)\/|\/dist\/src\/(render|pack|conformance|report)\/|\/dist\/src\/batch\/(?!inputs\.js)|\/dist\/src\/container\/zip-writer\.js/.test(u),
    );
    expect(unwanted).toEqual([]);
  });

  it('validate --level headers --json gives the library report, byte for byte', async () => {
    for (const [name, bytes] of Object.entries(packages)) {
      const r = runTraced(['validate', '--level', 'headers', '--json', join(dir, `${name}.stempack`)]);
      const lib = await validate({ source: new BytesSource(bytes), name: `${name}.stempack` }, { level: 'headers' });
      expect(r.code, name).toBe(lib.valid ? 0 : 1);
      expect(r.stdout, name).toBe(JSON.stringify(lib, null, 2) + '\n');
      if (name === 'schema') expect(lib.findings.filter((f) => f.code === 'SP-MAN-002').length).toBeGreaterThanOrEqual(3);
      if (name === 'short') expect(lib.findings.map((f) => f.code)).toContain('SP-LEN-001');
    }
  });

  it('STEMPACK_REPORT_RSS: peak RSS and the CPU time of all threads on stderr at exit (what the benchmark reads)', () => {
    const r = stempack(['validate', '--level', 'headers', join(dir, 'good.stempack')], { STEMPACK_REPORT_RSS: '1' });
    expect(r.code).toBe(0);
    const rss = /stempack-max-rss (\d+)/.exec(r.stderr);
    const cpu = /stempack-cpu-seconds ([\d.]+)/.exec(r.stderr);
    expect(Number(rss?.[1])).toBeGreaterThan(10e6);
    expect(Number(cpu?.[1])).toBeGreaterThan(0);
    expect(Number(cpu?.[1])).toBeLessThan(60);
    // not without the variable
    expect(stempack(['validate', '--level', 'headers', join(dir, 'good.stempack')]).stderr).not.toContain('stempack-cpu-seconds');
  });
});
