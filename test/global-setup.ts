// Builds dist/ once before the tests, so CLI tests run the real `stempack` binary: tsc, then the
// bundled command (scripts/bundle-cli.mjs), as `npm run build` does. Gives the run a temp folder
// (`inject('stempackRunDir')`), removed at the end, for what tests share across files (the
// installed package of test/helpers/installed.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    stempackRunDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'stempack-test-run-'));
  project.provide('stempackRunDir', runDir);
  // For quick local runs of tests that do not spawn the CLI: STEMPACK_SKIP_BUILD=1 npx vitest run test/x
  if (process.env.STEMPACK_SKIP_BUILD !== '1') {
    const root = resolve(import.meta.dirname, '..');
    execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [resolve(root, 'scripts/bundle-cli.mjs')], { cwd: root, stdio: 'inherit' });
  }
  return () => rmSync(runDir, { recursive: true, force: true });
}
