// Every example of the spec's appendix is checked: valid ones give no error, the others give
// exactly the IDs their fence names.
import { describe, expect, it } from 'vitest';
import { checkManifestSemantics, loadProfile, parseManifest, schemaIssues } from '../../src/manifest/index.js';
import type { Finding } from '../../src/model/index.js';
import { applyPatch, exampleManifest, examples } from './spec-doc.js';

function manifestFindings(value: unknown): Finding[] {
  const parsed = parseManifest(new TextEncoder().encode(JSON.stringify(value)));
  return parsed.manifest ? [...parsed.findings, ...checkManifestSemantics(parsed.manifest)] : parsed.findings;
}

function codes(fs: readonly { code: string }[]): string[] {
  return [...new Set(fs.map((f) => f.code))].sort();
}

const all = examples();

describe('spec examples', () => {
  it('has enough examples of every kind', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const kind of ['manifest', 'manifest-patch', 'profile', 'report']) {
      expect(all.some((e) => e.kind === kind)).toBe(true);
    }
    expect(all.filter((e) => e.expect !== 'valid').length).toBeGreaterThanOrEqual(6);
  });

  for (const ex of all) {
    it(`${ex.kind} at line ${ex.line} is ${ex.expect === 'valid' ? 'valid' : ex.expect.join(',')}`, () => {
      let found: { code: string; severity: string }[];
      if (ex.kind === 'manifest') found = manifestFindings(ex.json);
      else if (ex.kind === 'manifest-patch') {
        found = manifestFindings(applyPatch(exampleManifest(), ex.json as Parameters<typeof applyPatch>[1]));
      } else if (ex.kind === 'profile') found = loadProfile(ex.json).findings;
      else if (ex.kind === 'report') found = schemaIssues('report', ex.json).map((i) => ({ code: i.keyword, severity: 'error' }));
      else throw new Error(`unknown example kind ${ex.kind}`);
      if (ex.expect === 'valid') expect(found.filter((f) => f.severity === 'error')).toEqual([]);
      else expect(codes(found)).toEqual(ex.expect);
    });
  }

  it('the complete manifest example gives no finding at all', () => {
    expect(manifestFindings(exampleManifest())).toEqual([]);
  });
});
