// A pack killed with SIGKILL leaves its split-mono join folder behind; the next pack beside it removes it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleJoinDirs } from '../../src/pack/pack.js';

describe('stale join folders', () => {
  it('removes the folders of processes that no longer run, and keeps live ones and other names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-stale-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // has exited
      const stale = join(dir, `.stempack-join-${dead}-abc123`);
      const live = join(dir, `.stempack-join-${process.pid}-def456`);
      const other = join(dir, '.stempack-joinery');
      for (const d of [stale, live, other]) {
        mkdirSync(d);
        writeFileSync(join(d, 'x.wav'), 'x');
      }
      expect(await removeStaleJoinDirs(dir)).toEqual([stale]);
      expect([existsSync(stale), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
