// Runs the built CLI (dist/, built by test/global-setup.ts) as a user would: the command
// package.json's `bin` names, the bundle in dist/cli/ that npm installs.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The `stempack` command of the package (package.json `bin`). */
export const CLI = resolve(ROOT, (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { bin: { stempack: string } }).bin.stempack);
export const CORPUS = resolve(ROOT, 'test/corpus');

// tsc alone (`npx tsc -p tsconfig.build.json`) leaves the bundle as it was: say so rather than test old code
const TSC_CLI = resolve(ROOT, 'dist/src/cli/main.js');
const mtime = (f: string): number => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (mtime(CLI) < mtime(TSC_CLI)) throw new Error(`${CLI} is missing or older than tsc's ${TSC_CLI}: run \`npm run build\` (tsc, then the bundled command)`);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function stempack(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
