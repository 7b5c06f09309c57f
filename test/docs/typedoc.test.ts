// `npm run docs` keeps working: typedoc converts the public API (src/index.ts) without errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

describe('API docs', () => {
  it('typedoc builds the public API without errors', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Found 0 errors/);
  }, 180_000);
});
