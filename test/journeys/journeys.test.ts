// The journeys (./journeys.ts) on the repository's build: dist/cli/stempack.js, the file
// package.json's `bin` names, started with node as its #! line starts it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../cli/run.js';
import { describeJourneys, type Runner } from './journeys.js';

function repositoryBuild(): Runner {
  let bin: string | null = null;
  return {
    run(args, cwd) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    binDir() {
      // a `stempack` on PATH for the command lines the text prints
      if (bin === null) {
        bin = mkdtempSync(join(tmpdir(), 'sp-journeys-bin-'));
        writeFileSync(join(bin, 'stempack'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
        chmodSync(join(bin, 'stempack'), 0o755);
      }
      return bin;
    },
  };
}

describeJourneys('journeys on the repository build', repositoryBuild);
