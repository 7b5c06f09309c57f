// 'stempack conformance' over the runner: text and JSON output, exit code, --filter, and
// --impl with the real 'stempack validate --json' (built by the global setup) as the other implementation.
import { describe, it, expect, vi, afterEach, beforeAll, afterAll } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { register } from '../../src/cli/commands/conformance.js';

let dir = '';
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'stempack-conf-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(args: string[]): Promise<{ out: string; code: number }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const program = new Command().exitOverride();
  register(program);
  await program.parseAsync(['conformance', ...args], { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  vi.restoreAllMocks();
  return { out, code };
}

describe('stempack conformance', () => {
  it('prints pass per case and exits 0 when every case passes', async () => {
    const r = await run(['--fixtures', dir, '--filter', 'A conforming']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pass {2}A conforming package: container rules met$/m);
    expect(r.out).toMatch(/\d+ passed, 0 failed/);
  });

  it('--json gives the result object', async () => {
    const r = await run(['--fixtures', dir, '--filter', 'stem one frame short', '--json']);
    const j = JSON.parse(r.out) as { passed: number; failed: number; cases: { pass: boolean; package: string }[] };
    expect(j).toMatchObject({ passed: 1, failed: 0 });
    expect(j.cases[0]!.package).toBe('len-001-short-stem');
  });

  it('--impl with the built CLI validator passes; an implementation that accepts everything fails (exit 1)', async () => {
    const cli = resolve(import.meta.dirname, '../../dist/src/cli/main.js');
    const ok = await run(['--fixtures', dir, '--filter', 'stem one frame short', '--impl', `node ${cli} validate --json`]);
    expect(ok.out).toMatch(/1 passed, 0 failed/);
    const bad = await run(['--fixtures', dir, '--filter', 'stem one frame short', '--impl', `node -e "process.stdout.write('{\\"valid\\":true,\\"findings\\":[]}')"`]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAIL {2}A stem one frame short\n\s+valid is true, expected false\n\s+missing SP-LEN-001 at 'stems\/bass.wav'/);
  });
});
