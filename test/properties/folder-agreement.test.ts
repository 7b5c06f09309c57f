// pack and folder validation judge a folder alike (#16 item 3): for generated folders (good
// stems and a mix, a session file or bundle, an MP3 stem, a FLAC, an A-law WAV, a nested zip or
// .stempack, documents, a stem of the wrong length or rate, subfolders, hidden files), pack
// refuses exactly when `validateFolder` reports an error, and both name the same files with the
// same codes for what the input classification refuses (SP-SES-001, SP-ZIP-011, SP-AUD-001).
// Metadata is never the reason (title, artist, roles by name); warnings are allowed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { validateFolder } from '../../src/validate/index.js';
import { pack } from '../../src/pack/index.js';
import { ALL_CODES, severityOf, type Code } from '../../src/model/codes.js';
import { encodeWav } from '../helpers/wav.js';
import { rng } from '../pack/fixtures.js';

const WARNINGS = ALL_CODES.filter((c) => severityOf(c) === 'warning') as Code[];
const FRAMES = 48;
const STEMS = ['Drums', 'Bass', 'Vox'];
const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64, 0, 0]);
const FLAC = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);

/** Mostly absent (5 in 6), so that about a third of the folders are clean and pack writes them. */
const rarely = <T>(...values: T[]): fc.Arbitrary<T | null> => fc.oneof({ weight: 5 * values.length, arbitrary: fc.constant(null) }, ...values.map((v) => ({ weight: 1, arbitrary: fc.constant(v) })));
const seldom = (): fc.Arbitrary<boolean> => fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const folderArb = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  /** Good stems (the first `stems` of Drums, Bass, Vox). */
  stems: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  mix: fc.oneof({ weight: 8, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  /** The subfolder the stems are in ('' for the folder itself). */
  sub: fc.constantFrom('', 'Stems', 'Stems/Final'),
  session: rarely('Song.ptx', 'Song.als', 'Song.logicx/Alternatives/000/ProjectData', 'Session File Backups/Song.ptx'),
  mp3: rarely('Guitar.mp3', 'Stems/Keys.mp3'),
  flac: seldom(),
  alaw: seldom(),
  archive: rarely('old.zip', 'Extras/Song v1.stempack'),
  docs: fc.subarray(['README.txt', 'Docs/Credits.pdf', 'cover.jpg']),
  /** One stem made wrong: one frame short, or another sample rate. */
  wrong: rarely('length', 'rate'),
  hidden: fc.boolean(),
});

type FolderSpec = typeof folderArb extends fc.Arbitrary<infer T> ? T : never;

function put(dir: string, rel: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), bytes);
}

/** Write the folder a spec describes; tiny audio (48 frames, 16-bit stereo). */
function writeFolder(dir: string, s: FolderSpec): void {
  const rand = rng(s.seed);
  const wav = (samples: Int32Array, rate = 48000, formatTag?: number) =>
    encodeWav({ sampleRate: rate, channels: 2, sampleFormat: 'int', bitDepth: 16, samples, ...(formatTag !== undefined ? { formatTag } : {}) });
  const mix = new Int32Array(FRAMES * 2);
  for (let k = 0; k < s.stems; k++) {
    const x = new Int32Array(FRAMES * 2);
    for (let i = 0; i < x.length; i++) x[i] = Math.round((rand() * 2 - 1) * 2000);
    for (let i = 0; i < x.length; i++) mix[i] = mix[i]! + x[i]!;
    const name = `${s.sub ? `${s.sub}/` : ''}${STEMS[k]}.wav`;
    if (k === 0 && s.wrong === 'length') put(dir, name, wav(x.slice(0, (FRAMES - 1) * 2)));
    else if (k === 0 && s.wrong === 'rate') put(dir, name, wav(x, 44100));
    else put(dir, name, wav(x));
  }
  if (s.mix) put(dir, 'Mix.wav', wav(mix));
  if (s.session) put(dir, s.session, 'session');
  if (s.mp3) put(dir, s.mp3, MP3);
  if (s.flac) put(dir, 'Piano.flac', FLAC);
  if (s.alaw) put(dir, 'Strings.wav', encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 8, samples: new Int32Array(FRAMES * 2), formatTag: 6 }));
  if (s.archive) put(dir, s.archive, ZIP);
  for (const d of s.docs) put(dir, d, 'not audio');
  if (s.hidden) {
    put(dir, '.DS_Store', 'x');
    put(dir, '.trash/Old.mp3', MP3);
    put(dir, '._Mix.wav', 'AppleDouble');
  }
}

const CLASS_CODES = new Set(['SP-SES-001', 'SP-ZIP-011', 'SP-AUD-001']);

describe('properties: pack and folder validation agree', () => {
  it('pack refuses exactly when validate <folder> reports an error, naming the same files for the classified codes', async () => {
    let packed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(folderArb, async (spec) => {
        const root = mkdtempSync(join(tmpdir(), 'sp-agree-'));
        try {
          const dir = join(root, 'in');
          mkdirSync(dir);
          writeFolder(dir, spec);
          const report = await validateFolder(dir, { level: 'full' });
          const r = await pack({ inputs: [dir], output: join(root, 'out.stempack'), title: 'T', artist: 'A', versionName: 'V', created: '2026-01-01T00:00:00Z', allow: WARNINGS });
          const vErrors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path}`);
          const pErrors = r.refusals.map((f) => `${f.code} ${f.path.startsWith(dir) ? relative(dir, f.path) : f.path}`);
          if (r.ok) packed++;
          else refused++;
          expect(r.ok, `validate: ${vErrors.join('; ') || 'no error'}\npack: ${pErrors.join('; ') || 'packed'}`).toBe(vErrors.length === 0);
          const classified = (fs: { code: string; path: string }[], rel: (p: string) => string) =>
            fs.filter((f) => CLASS_CODES.has(f.code)).map((f) => `${f.code} ${rel(f.path).replace(/\/$/, '')}`).sort();
          expect(classified(report.findings, (p) => p)).toEqual(classified(r.findings, (p) => relative(dir, p)));
          // no file of the folder goes unmentioned: the documents are listed as ignored
          expect((report.ignored ?? []).map((i) => i.path)).toEqual([...spec.docs].sort());
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 60, seed: 16 },
    );
    // both sides of "exactly when" were exercised
    expect(packed).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  }, 120_000);
});
