// The conformance suite runs green against our validator; fixtures are deterministic and match
// the SHA-256 each recipe records; the runner judges reports strictly and drives another
// implementation through --impl.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { buildFixture, generateFixtures, judge, loadCases, loadRecipes, runConformance, suiteDir, fixtureSha256 } from '../../src/conformance/index.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stempack-conf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function yauzlNames(path: string): Promise<string[]> {
  return new Promise((res, rej) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => (names.push(e.fileName), zip.readEntry()));
      zip.on('end', () => res(names));
      zip.on('error', rej);
      zip.readEntry();
    });
  });
}

describe('conformance runner', () => {
  it('generates every fixture with the recorded SHA-256, byte-identical on a second build', () => {
    const book = loadRecipes();
    const gen = generateFixtures(book, dir);
    expect(gen.length).toBe(Object.keys(book.fixtures).length);
    for (const g of gen) expect(g.sha256).toBe(g.expected);
    for (const name of ['valid-default', 'man-008-sample-bit', 'zip-006-deflated-stem']) {
      expect(fixtureSha256(buildFixture(book, name).bytes)).toBe(book.fixtures[name]!.sha256);
    }
    // a second run reuses the files
    expect(generateFixtures(book, dir).every((g) => g.reused)).toBe(true);
  });

  it('a second ZIP reader (yauzl) reads the valid fixtures', async () => {
    const names = await yauzlNames(join(dir, 'valid-default.stempack'));
    expect(names).toEqual(['mimetype', 'stempack.json', 'mix/mix.wav', 'stems/drums.wav', 'stems/bass.wav', 'stems/vox.wav']);
    expect(await yauzlNames(join(dir, 'zip-006-deflated-stem.stempack'))).toContain('stems/bass.wav');
  });

  it('every case passes with our validator', async () => {
    const r = await runConformance({ fixtures: dir });
    expect(r.cases.filter((c) => !c.pass).map((c) => [c.description, c.problems])).toEqual([]);
    expect(r.passed).toBe(loadCases(suiteDir()).length);
  });

  it('judge fails a report that misses a finding, adds an error, or reports an absent code', () => {
    const c = { description: 'x', specification: [], files: { package: 'p' }, expect: { valid: false, findings: [{ code: 'SP-LEN-001', path: 'stems/bass.wav' }], absent: ['SP-LVL-004'] } };
    const f = (code: string, path: string, severity: 'error' | 'warning' = 'error') => ({ code, path, severity, params: {}, message: '' });
    expect(judge(c, { valid: false, findings: [f('SP-LEN-001', 'stems/bass.wav')] })).toEqual([]);
    expect(judge(c, { valid: false, findings: [f('SP-LEN-001', 'stems/drums.wav')] })).toHaveLength(1);
    expect(judge(c, { valid: false, findings: [f('SP-LEN-001', 'stems/bass.wav'), f('SP-LEN-002', 'mix/mix.wav')] })).toHaveLength(1);
    expect(judge(c, { valid: false, findings: [f('SP-LEN-001', 'stems/bass.wav'), f('SP-LVL-004', 'stems/fx.wav', 'warning')] })).toHaveLength(1);
    expect(judge(c, { valid: true, findings: [f('SP-LEN-001', 'stems/bass.wav')] })).toHaveLength(1);
  });

  it('--impl runs another command per case and judges the report it prints', async () => {
    const fake = join(dir, 'fake-impl.mjs');
    // an implementation that calls every package valid with no findings, and logs its arguments
    writeFileSync(
      fake,
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(join(dir, 'args.log'))}, JSON.stringify(process.argv.slice(2)) + '\\n');
process.stdout.write(JSON.stringify({ stempackReport: '1.0', valid: true, findings: [] }));`,
    );
    const results = [];
    for (const filter of ['cut after 200 bytes', 'container rules met', 'requiring strings', 'At level headers']) {
      results.push(...(await runConformance({ fixtures: dir, impl: `node ${fake}`, filter })).cases);
    }
    const byDesc = new Map(results.map((c) => [c.description, c]));
    expect(byDesc.get('A profile requiring strings')!.pass).toBe(false);
    expect(byDesc.get('A package cut after 200 bytes has no central directory')!.pass).toBe(false);
    expect(byDesc.get('A conforming package: container rules met')!.pass).toBe(true);
    const args = readFileSync(join(dir, 'args.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    expect(args.some((a) => a[0]!.endsWith('pro-002-required-role.stempack') && a[1] === '--profile')).toBe(true);
    expect(args.some((a) => a.includes('--level') && a.includes('headers'))).toBe(true);
  });
});
