// test/validate/coverage.md (the audit of the spec against the validator) has exactly one row per
// requirement ID of the registry, so a new ID cannot slip in without an audit line.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_CODES } from '../../src/model/codes.js';

describe('coverage.md', () => {
  const text = readFileSync(resolve(import.meta.dirname, 'coverage.md'), 'utf8');
  const rows = [...text.matchAll(/^\| (SP-[A-Z]+-\d{3}) \| ([SHFP—]) \|/gm)].map((m) => m[1]!);

  it('has one row per registry ID, in registry order', () => {
    expect(rows).toEqual([...ALL_CODES]);
  });
});
