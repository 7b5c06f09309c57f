// Builds dist/ once before the tests, so CLI tests run the real `stempack` binary.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  // For quick local runs of tests that do not spawn the CLI: STEMPACK_SKIP_BUILD=1 npx vitest run test/x
  if (process.env.STEMPACK_SKIP_BUILD === '1') return;
  const root = resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
