// Runs the built CLI (dist/, built by test/global-setup.ts) as a user would.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS = resolve(ROOT, 'test/corpus');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function stempack(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'dist/src/cli/main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
