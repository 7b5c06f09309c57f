// What a person reads (#16 items 1-3): pack prints every refusal with its file, code and fix;
// validate's text names the files, codes and figures of a failing null, also with --no-info; level
// lines carry their figures. Codes, files and numbers are asserted, not wording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stempack, type CliResult } from './run.js';
import { buildPackage, type StemSpec } from '../helpers/package-builder.js';
import { writeSong } from '../../scripts/song.js';
import { DEMO_PARTS } from '../../scripts/synth.js';

let dir: string;
let exportsDir: string;
let broken: string;
let late: string;

const meta = ['--title', 'Song', '--created', '2026-01-01T00:00:00Z'];

/** `stempack validate <late package> ...args`, run once per argument list (a full validation each). */
const runs = new Map<string, CliResult>();
function validateLate(...args: string[]): CliResult {
  const key = args.join(' ');
  if (!runs.has(key)) runs.set(key, stempack(['validate', late, ...args]));
  return runs.get(key)!;
}

// noise in every stem, so an offset is unambiguous
const STEMS: StemSpec[] = [
  { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.12, seed: 1 }] },
  { id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 55, amp: 0.2 }, { kind: 'noise', amp: 0.05, seed: 3 }] },
  { id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq: 330, amp: 0.1 }, { kind: 'noise', amp: 0.04, seed: 5 }] },
  { id: 'vox', role: 'vocals-lead', parts: [{ kind: 'sine', freq: 440, amp: 0.1 }, { kind: 'noise', amp: 0.02, seed: 7 }] },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sp-cli-messages-'));
  exportsDir = join(dir, 'exports');
  await writeSong({ dir: exportsDir, parts: DEMO_PARTS.slice(0, 3), seconds: 1, prefix: 'AB_Song' });
  // a delivery with a Pro Tools session and an MP3 stem beside the WAVs
  broken = join(dir, 'broken');
  await writeSong({ dir: broken, parts: DEMO_PARTS.slice(0, 2), seconds: 1, prefix: 'AB_Song' });
  writeFileSync(join(broken, 'Song.ptx'), 'not really a session');
  writeFileSync(join(broken, 'AB_Song_guitar.mp3'), Buffer.concat([Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000'), Buffer.alloc(600, 0x55)]));
  // the stems printed after the mix: bass 1 frame late, keys 0.5 dB hot
  late = join(dir, 'late.stempack');
  const built = buildPackage({
    frames: 24000,
    stems: STEMS,
    hooks: {
      audio: (it) => {
        const ch = it.channels;
        if (it.id === 'bass') {
          for (let k = it.samples.length - 1; k >= ch; k--) it.samples[k] = it.samples[k - ch]!;
          for (let k = 0; k < ch; k++) it.samples[k] = 0;
        }
        if (it.id === 'keys') for (let k = 0; k < it.samples.length; k++) it.samples[k] = Math.round(it.samples[k]! * 10 ** (0.5 / 20));
      },
    },
  });
  writeFileSync(late, built.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pack prints every refusal', () => {
  it('without --artist: the code, the manifest field and the fix', () => {
    const r = stempack(['pack', exportsDir, '-o', join(dir, 'a.stempack'), ...meta]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SP-MAN-002');
    expect(r.stderr).toContain('/artist');
    expect(r.stderr).toContain('--artist');
    expect(r.stderr).not.toMatch(/listed below\)\.?\s*$/);
  });

  it('a session file and an MP3 stem: each with its file, code and fix, the same findings as --json', () => {
    const out = join(dir, 'b.stempack');
    const r = stempack(['pack', broken, '-o', out, ...meta, '--artist', 'AB']);
    expect(r.code).toBe(1);
    for (const s of ['Song.ptx', 'SP-SES-001', 'remove Song.ptx', 'AB_Song_guitar.mp3', 'SP-AUD-001', 'MP3', 'WAV']) expect(r.stderr).toContain(s);
    const j = JSON.parse(stempack(['pack', broken, '-o', out, ...meta, '--artist', 'AB', '--json']).stdout);
    expect(j.ok).toBe(false);
    const refusals = j.refusals as { code: string; path: string }[];
    expect(refusals.map((f) => f.code).sort()).toEqual(['SP-AUD-001', 'SP-SES-001']);
    for (const f of refusals) {
      expect(r.stderr).toContain(f.code);
      expect(r.stderr).toContain(f.path);
      const full = (j.findings as { code: string; path: string; message: string }[]).find((x) => x.code === f.code && x.path === f.path)!;
      expect(r.stderr).toContain(full.message);
    }
  });

  it('a refusing warning says how to pack anyway (--allow CODE)', () => {
    const r = stempack(['pack', exportsDir, '-o', join(dir, 'c.zip'), ...meta, '--artist', 'AB']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SP-ZIP-003');
    expect(r.stderr).toContain('c.zip');
    expect(r.stderr).toContain('--allow SP-ZIP-003');
  });
});

describe('validate: a failing null in words, with its numbers', () => {
  for (const quiet of [false, true]) {
    it(`names the late and the hot stem, the codes and the figures${quiet ? ' (--no-info)' : ''}`, () => {
      const r = validateLate(...(quiet ? ['--no-info'] : []));
      expect(r.code).toBe(1);
      const t = r.stdout;
      for (const s of ['SP-NULL-001', 'SP-NULL-102', 'bass.wav', 'keys.wav', '1 frame', '0.02 ms', 'late', '0.50 dB', 'hot']) expect(t, s).toContain(s);
      // the null block says what was summed
      expect(t).toMatch(/4 stems summed against mix\/mix\.wav/);
      // the explanations sit with the null error, after the null summary
      expect(t.indexOf('SP-NULL-102')).toBeGreaterThan(t.indexOf('Null test'));
    }, 180_000);
  }

  it('the JSON report carries the forensics figures and the files summed', () => {
    const j = JSON.parse(validateLate('--json').stdout);
    const why = (j.findings as { code: string; path: string; params: Record<string, unknown>; message: string }[]).filter((f) => f.code === 'SP-NULL-102');
    const off = why.find((f) => f.params['kind'] === 'offset')!;
    expect(off).toMatchObject({ path: 'stems/bass.wav', params: { stem: 'bass', lagFrames: 1 } });
    expect(off.message).toContain('bass.wav');
    const gain = why.find((f) => f.params['kind'] === 'gain')!;
    expect(gain.path).toBe('stems/keys.wav');
    expect(Math.abs((gain.params['gainErrorDb'] as number) - 0.5)).toBeLessThanOrEqual(0.05);
    expect(gain.message).toContain(`${(gain.params['gainErrorDb'] as number).toFixed(2)} dB`);
    expect(j.null.mix).toBe('mix/mix.wav');
    expect(j.null.stems).toEqual(['stems/drums.wav', 'stems/bass.wav', 'stems/keys.wav', 'stems/vox.wav']);
  }, 180_000);
});

describe('validate: level lines carry their figures', () => {
  it('SP-LVL-101 shows the peak it measured; with --no-info the figures move into the file line', () => {
    const j = JSON.parse(validateLate('--json').stdout);
    const lvl = (j.findings as { code: string; path: string; params: Record<string, unknown> }[]).find((f) => f.code === 'SP-LVL-101' && f.path === 'stems/drums.wav')!;
    const peak = `peak ${(lvl.params['peakDbfs'] as number).toFixed(2)} dBFS`;
    const text = validateLate().stdout;
    const line = text.split('\n').find((l) => l.includes('SP-LVL-101') && l.includes(peak));
    expect(line, text).toBeDefined();
    expect(text).not.toMatch(/SP-LVL-101\s+level measurements/);
    const quiet = validateLate('--no-info').stdout;
    expect(quiet).not.toContain('SP-LVL-101');
    expect(quiet.split('\n').find((l) => l.includes('stems/drums.wav'))).toContain(peak);
  }, 180_000);
});
