// The CLI as a user meets it: exit codes, --json, --help, NO_COLOR, atomic outputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { stempack, ROOT } from './run.js';
import { buildPackage } from '../helpers/package-builder.js';

let dir: string;
let good: string;
let short: string;
let nulls: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sp-cli-'));
  good = join(dir, 'good.stempack');
  short = join(dir, 'short.stempack');
  nulls = join(dir, 'gain.stempack');
  writeFileSync(good, buildPackage({ frames: 24000 }).bytes);
  writeFileSync(short, buildPackage({ frames: 24000, hooks: { audio: (it) => { if (it.id === 'bass') it.frames = 23999; } } }).bytes);
  // the bass stem 1 dB too loud in the mix: the null fails
  writeFileSync(nulls, buildPackage({ frames: 24000, hooks: { audio: (it) => { if (it.id === 'bass') for (let k = 0; k < it.samples.length; k++) it.samples[k] = Math.round(it.samples[k]! * 1.122); } } }).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stempack CLI', () => {
  it('has --help on every command and documents the exit codes', () => {
    for (const cmd of ['pack', 'validate', 'inspect', 'render', 'null', 'probe']) {
      const r = stempack([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Exit codes/);
      expect(r.stdout, cmd).toContain('--json');
    }
    expect(stempack(['--help']).code).toBe(0);
    expect(stempack(['help', 'render']).stdout).toContain('--headroom-check');
    expect(stempack(['frobnicate']).code).toBe(2);
  });

  it('validate: exit 0 and a schema-valid JSON report for a good package', () => {
    const r = stempack(['validate', good, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    expect(ajv.validate(schema, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(report.valid).toBe(true);
    expect(report.level).toBe('full');
  });

  it('validate: exit 1 with the length finding and its numbers for a stem one sample short', () => {
    const r = stempack(['validate', short, '--json']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings.find((x: { code: string }) => x.code === 'SP-LEN-001');
    expect(f).toMatchObject({ path: 'stems/bass.wav', params: { expected: 24000, found: 23999, differenceFrames: -1 } });
    const text = stempack(['validate', short]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('SP-LEN-001');
    expect(text.stdout).not.toMatch(/\u001b\[/); // NO_COLOR (and not a TTY): no escapes
  });

  it('validate --hash-package puts the SHA-256 of the package file in the report', () => {
    const r = JSON.parse(stempack(['validate', good, '--level', 'structure', '--hash-package', '--json']).stdout);
    expect(r.package.sha256).toBe(createHash('sha256').update(readFileSync(good)).digest('hex'));
    expect(JSON.parse(stempack(['validate', good, '--level', 'structure', '--json']).stdout).package.sha256).toBeNull();
  });

  it('validate: levels, profiles and usage errors', () => {
    expect(stempack(['validate', good, '--level', 'headers', '--json']).code).toBe(0);
    expect(JSON.parse(stempack(['validate', good, '--level', 'structure', '--json']).stdout).level).toBe('structure');
    expect(JSON.parse(stempack(['validate', good, '--profile', 'mastering', '--json']).stdout).profile).toBe('mastering');
    expect(stempack(['validate', good, '--level', 'everything']).code).toBe(2);
    expect(stempack(['validate', join(dir, 'missing.stempack')]).code).toBe(2);
  });

  it('validate --html writes one self-contained visual report with every finding code and a waveform per file', () => {
    const html = join(dir, 'report.html');
    const r = stempack(['validate', nulls, '--html', html]);
    expect(r.code).toBe(1);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('SP-NULL-001');
    expect(text).not.toMatch(/(src|href)="https?:/);
    expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(stempack(['validate', good, '--html', html]).code).toBe(2); // exists, no --force
    expect(stempack(['validate', good, '--html', html, '--force']).code).toBe(0);
  });

  it('inspect prints the manifest without reading samples', () => {
    const r = stempack(['inspect', good, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stems.map((s: { id: string }) => s.id)).toEqual(['drums', 'bass', 'vox']);
  });

  it('render: lists versions, writes atomically, refuses to overwrite without --force (exit 2)', () => {
    const list = JSON.parse(stempack(['render', good, '--list', '--json']).stdout);
    expect(list.map((v: { name: string }) => v.name)).toEqual(['full', 'instrumental', 'a-cappella', 'tv', 'vocals-up', 'vocals-down']);
    const out = join(dir, 'inst.wav');
    const r = stempack(['render', good, '--version', 'instrumental', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outcomes[0]).toMatchObject({ version: 'instrumental', frames: 24000, gainsDb: [0, 0, null] });
    expect(existsSync(out)).toBe(true);
    const before = readFileSync(out);
    expect(stempack(['render', good, '-o', out]).code).toBe(2);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(stempack(['render', good, '-o', out, '--force']).code).toBe(0);
    expect(stempack(['render', good, '--version', 'nope', '-o', join(dir, 'x.wav')]).code).toBe(2);
  });

  it('render --headroom-check fails and writes nothing when samples would clamp', () => {
    const out = join(dir, 'hot.wav');
    const r = stempack(['render', good, '--gain', 'drums=+24', '--gain', 'bass=+24', '-o', out, '--headroom-check', '--json']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(JSON.parse(r.stdout).outcomes[0].clamped).toBeGreaterThan(0);
  });

  it('render of a version that is silence or the mix again on this package: written with an SP-REN-006 warning naming the roles; --strict refuses and writes nothing', () => {
    // no vocal role: a cappella mutes every stem, instrumental changes none
    const novox = join(dir, 'novox.stempack');
    writeFileSync(novox, buildPackage({ frames: 24000, stems: [
      { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] },
      { id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.25 }] },
    ] }).bytes);
    const silent = join(dir, 'acap.wav');
    const r = stempack(['render', novox, '--version', 'a-cappella', '-o', silent]);
    expect(r.code).toBe(0);
    expect(existsSync(silent)).toBe(true);
    for (const s of ['SP-REN-006', 'a-cappella', 'silence', 'drums', 'bass', '0:00.500']) expect(r.stderr).toContain(s);
    const same = stempack(['render', novox, '--version', 'instrumental', '-o', join(dir, 'novox-inst.wav'), '--json']);
    expect(same.code).toBe(0);
    const f = JSON.parse(same.stdout).findings.find((x: { code: string }) => x.code === 'SP-REN-006');
    expect(f).toMatchObject({ severity: 'warning', path: 'version:instrumental', params: { effect: 'same-as-full', stems: 2, roles: ['drums', 'bass'] } });
    const strict = join(dir, 'acap-strict.wav');
    const refused = stempack(['render', novox, '--version', 'a-cappella', '-o', strict, '--strict']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SP-REN-006');
    expect(existsSync(strict)).toBe(false);
    // full is the mix by definition: no warning; a package with vocals: none either
    expect(stempack(['render', novox, '-o', join(dir, 'novox-full.wav'), '--strict']).code).toBe(0);
    expect(stempack(['render', good, '--version', 'a-cappella', '-o', join(dir, 'acap-good.wav'), '--strict']).stderr).not.toContain('SP-REN-006');
  });

  it('render --all writes every version in one pass', () => {
    const out = join(dir, 'all');
    expect(stempack(['render', good, '--all', '-o', out]).code).toBe(0);
    for (const v of ['full', 'instrumental', 'a-cappella', 'tv', 'vocals-up', 'vocals-down']) expect(existsSync(join(out, `${v}.wav`))).toBe(true);
  });

  it('null: exit 0 on an exact null, exit 1 with ranges and an explanation when a stem is off, and a residual file', () => {
    const ok = stempack(['null', good, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).null.exact).toBe(true);
    const residual = join(dir, 'residual.wav');
    const bad = stempack(['null', nulls, '--json', '--residual', residual]);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout);
    expect(j.null.pass).toBe(false);
    expect(j.null.failingRanges.length).toBeGreaterThan(0);
    const codes = j.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('SP-NULL-001');
    expect(j.residual).toBe(residual);
    expect(existsSync(residual)).toBe(true);
  });
});
