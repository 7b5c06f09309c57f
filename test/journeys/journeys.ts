/**
 * Journeys: the `stempack` command run as a person runs it, on DAW-style export folders with one
 * common mistake each (test/helpers/daw-folder.ts), checking what the TEXT output (not --json)
 * tells that person: the exit code, and for each problem the file, the code and the figure.
 *
 * One table, run by {@link describeJourneys} against any way of starting the command: the
 * repository's build (journeys.test.ts) and the package installed from `npm pack`
 * (journeys-installed.test.ts). Per journey:
 *   - `stempack pack <folder> -o <out>/Song.stempack --artist … --title …` (no --artist for
 *     no-artist), its exit code and what its text must say;
 *   - `stempack validate <folder>`, and again with --no-info: what a person acts on (errors, and the
 *     null forensics that explain them) stays visible without the info lines;
 *   - where pack writes a package, `stempack validate` of it exits 0;
 *   - where the text offers a fix (add --artist, the ready-to-run --role command line), the fix run
 *     as printed packs the folder.
 *
 * Expectations are regexes that must match close together (one finding's lines), tolerant of
 * wording and of how figures are written ("24,000 frames", "0.5 s", "0.50 dB"), never whole lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMES, HOT_DB, LATE_FRAMES, RATE, SHORT_FRAMES, writeDawFolder, type DawFolder, type Mistake } from '../helpers/daw-folder.js';

/** What one run of the command printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A way to start `stempack`: the repository's build or the installed package. */
export interface Runner {
  /** Run `stempack <args>` in `cwd` (NO_COLOR set). */
  run(args: string[], cwd: string): RunResult;
  /** A folder holding an executable named `stempack`, put first on PATH to run printed command lines. */
  binDir(): string;
}

/** Several regexes that must all match within one stretch of the text (one finding and its lines). */
type Together = RegExp[];

interface Expect {
  code: 0 | 1 | 2;
  /** Each entry: regexes that match close together. */
  says: Together[];
}

/** A journey: a mistake, and what pack and validate must say about it. */
export interface Journey {
  mistake: Mistake;
  /** What the journey is about, for the test's name. */
  title: string;
  pack: (f: DawFolder) => Expect;
  validate: (f: DawFolder) => Expect;
  /** pack writes a package, and validate of it must exit 0. */
  packageValid?: boolean;
  /** The fix pack's text offers, run as printed: pack then exits 0. */
  fix?: 'artist' | 'roles';
}

// ---- regexes that tolerate formatting

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A file name, exactly. */
const file = (name: string): RegExp => new RegExp(esc(name));
/** A code, exactly. */
const code = (c: string): RegExp => new RegExp(`\\b${esc(c)}\\b`);
/** An integer as people write it: 24000, 24,000, 24 000 (digit groups with any separator or none). */
function int(n: number): string {
  const d = String(n);
  const groups: string[] = [];
  for (let end = d.length; end > 0; end -= 3) groups.unshift(d.slice(Math.max(0, end - 3), end));
  return groups.join('[,.\\u202f\\u00a0 ]?');
}
/** All of `res` on one line, in any order. */
const line = (...res: RegExp[]): RegExp => new RegExp(`^${res.map((r) => `(?=.*?(?:${r.source}))`).join('')}.*$`, 'm');
/** A number of frames: "1 frame", "24,000 frames". */
const frames = (n: number): string => `\\b${int(n)}\\s*frames?\\b`;
/** A decimal figure with any number of trailing zeros: 0.5, 0.50. */
const dec = (x: number): string => `\\b${esc(String(x))}${String(x).includes('.') ? '0*' : '(?:\\.0+)?'}`;
/** The hot stem's excess: "0.50 dB hotter". */
const HOT = new RegExp(`${dec(HOT_DB)}\\s*dB\\s+hott?er`);
/** The short stem's shortfall, in frames, seconds or milliseconds. */
const SHORT = new RegExp(`${frames(SHORT_FRAMES)}|${dec(SHORT_FRAMES / RATE)}\\s*s\\b|${dec((SHORT_FRAMES / RATE) * 1000)}\\s*ms\\b`);

// ---- the journeys

/** Every journey: one per common mistake, and the folder without one. */
export const JOURNEYS: Journey[] = [
  {
    mistake: 'none',
    title: 'a clean delivery packs and validates',
    pack: (f) => ({ code: 0, says: [[/Packed 5 stems/], [file(f.stems['bass']!)], [/exact null/]] }),
    validate: () => ({ code: 0, says: [[/\bVALID\b/], [/exact null/]] }),
    packageValid: true,
  },
  {
    mistake: 'no-artist',
    title: 'no artist: pack says to add --artist',
    pack: () => ({ code: 1, says: [[code('SP-MAN-002'), line(/artist/, /--artist\b/)]] }),
    // the folder itself is fine: the artist is pack's to ask for
    validate: () => ({ code: 0, says: [[/\bVALID\b/]] }),
    fix: 'artist',
  },
  {
    mistake: 'session-file',
    title: 'the DAW sessions beside the stems are refused, each named',
    pack: () => ({
      code: 1,
      says: [
        [code('SP-SES-001'), line(file('KeepOnRolling.ptx'), /Pro Tools/)],
        [code('SP-SES-001'), line(file('KeepOnRolling.als'), /Ableton/)],
      ],
    }),
    validate: () => ({
      code: 1,
      says: [
        [code('SP-SES-001'), line(file('KeepOnRolling.ptx'), /Pro Tools/)],
        [code('SP-SES-001'), line(file('KeepOnRolling.als'), /Ableton/)],
      ],
    }),
  },
  {
    mistake: 'mp3-stem',
    title: 'an MP3 stem is refused, and the null says it left it out',
    pack: (f) => ({ code: 1, says: [[code('SP-AUD-001'), line(file(f.stems['bass']!), /\bMP3\b/, /WAV|AIFF/)]] }),
    validate: (f) => ({
      code: 1,
      says: [
        [code('SP-AUD-001'), line(file(f.stems['bass']!), /\bMP3\b/)],
        [new RegExp(`not summed\\b[^\\n]*${esc(f.stems['bass']!)}`)],
      ],
    }),
  },
  {
    mistake: 'late-stem',
    title: `a stem ${LATE_FRAMES} frame late: the null fails and names the late stem`,
    pack: (f) => ({
      code: 1,
      says: [
        [code('SP-NULL-001'), file(f.mix)],
        [code('SP-NULL-102'), line(file(f.stems['bass']!), new RegExp(frames(LATE_FRAMES)), /\blate\b/)],
      ],
    }),
    validate: (f) => ({
      code: 1,
      says: [
        [code('SP-NULL-001'), file(f.mix)],
        [code('SP-NULL-102'), line(file(f.stems['bass']!), new RegExp(frames(LATE_FRAMES)), /\blate\b/)],
      ],
    }),
  },
  {
    mistake: 'hot-stem',
    title: `a stem ${HOT_DB} dB hot: the null fails and names the hot stem`,
    pack: (f) => ({
      code: 1,
      says: [
        [code('SP-NULL-001'), file(f.mix)],
        [code('SP-NULL-102'), line(file(f.stems['keys']!), HOT)],
      ],
    }),
    validate: (f) => ({
      code: 1,
      says: [
        [code('SP-NULL-001'), file(f.mix)],
        [code('SP-NULL-102'), line(file(f.stems['keys']!), HOT)],
      ],
    }),
  },
  {
    mistake: 'lengths-and-bad-mix',
    title: 'a short stem and a hot one: pack names the length and says the audio is not checked yet; validate shows both',
    pack: (f) => ({
      code: 1,
      says: [
        [code('SP-LEN-001'), line(file(f.stems['drums']!), SHORT, /\bshort\b/)],
        // pack stops at the headers: it says the null is not checked yet, and the command that checks it
        [/not checked/, /null/, /stempack validate\b/],
      ],
    }),
    validate: (f) => ({
      code: 1,
      says: [
        [code('SP-LEN-001'), line(file(f.stems['drums']!), SHORT, /\bshort\b/)],
        // the null over the span every file has, and why it fails
        [line(/[Ll]engths differ/, new RegExp(frames(FRAMES - SHORT_FRAMES)))],
        [code('SP-NULL-001'), file(f.mix)],
        [code('SP-NULL-102'), line(file(f.stems['keys']!), HOT)],
      ],
    }),
  },
  {
    mistake: 'unclear-names',
    title: 'stems named "Audio 1", "Audio 2": pack lists them with a ready-to-run command',
    pack: () => ({
      code: 1,
      says: [
        [code('SP-MAN-002'), file('Audio 1.wav'), file('Audio 2.wav')],
        [line(/stempack pack\b/, /--role\s+"?Audio 1\.wav=<role>/, /--role\s+"?Audio 2\.wav=<role>/)],
      ],
    }),
    // a folder has no roles: validate checks the audio, which is fine
    validate: () => ({ code: 0, says: [[/\bVALID\b/], [/exact null/]] }),
    fix: 'roles',
  },
  {
    mistake: 'split-mono',
    title: 'a split-mono pair: pack joins it; validate of the folder names both files',
    pack: (f) => {
      const l = f.stems['guitar']!;
      return { code: 0, says: [[line(/\bjoined\b/, file(l), file(l.replace('.L.wav', '.R.wav')))], [/exact null/]] };
    },
    validate: (f) => {
      const l = f.stems['guitar']!;
      const r = l.replace('.L.wav', '.R.wav');
      return {
        code: 1,
        says: [
          [code('SP-CH-002'), line(file(l), file(r), /split-mono/)],
          // not a bogus failing null: it says why it did not run
          [line(/Null test/, /not run|skipped/, file(l), file(r))],
        ],
      };
    },
    packageValid: true,
  },
];

// ---- checking text

/** The index of a stretch of `text` (of `span` characters) in which every regex matches, or -1. */
function together(text: string, res: Together, span = 400): number {
  const [first, ...rest] = res;
  const g = new RegExp(first!.source, first!.flags.includes('g') ? first!.flags : `${first!.flags}g`);
  for (let m = g.exec(text); m; m = g.exec(text)) {
    const around = text.slice(Math.max(0, m.index - span), m.index + span);
    if (rest.every((r) => r.test(around))) return m.index;
    if (m[0] === '') g.lastIndex++;
  }
  return -1;
}

function expectSays(r: RunResult, e: Expect, what: string): void {
  const text = r.stdout + r.stderr;
  const shown = `${what} exited ${r.code}, printed:\n${text}`;
  expect(r.code, shown).toBe(e.code);
  for (const t of e.says) expect(together(text, t), `${shown}\nmissing together: ${t.map(String).join(' ')}`).toBeGreaterThanOrEqual(0);
  // text mode: no JSON, no stack trace
  expect(text, shown).not.toMatch(/^\s*[{[]/);
  expect(text, shown).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

const ARTIST = 'The Rollers';
const TITLE = 'Keep On Rolling';

/** The journeys of {@link JOURNEYS}, run with `runner`. */
export function describeJourneys(name: string, runner: () => Runner): void {
  describe(name, () => {
    let root: string;
    let run: Runner;
    // the installed runner installs the package on its first use in a test run
    beforeAll(() => {
      run = runner();
      root = mkdtempSync(join(tmpdir(), 'sp-journeys-'));
    }, 300_000);
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    for (const j of JOURNEYS) {
      describe(`${j.mistake}: ${j.title}`, () => {
        let folder: DawFolder;
        const out = `out-${j.mistake}/Song.stempack`;
        const packArgs = (): string[] => ['pack', j.mistake, '-o', out, ...(j.mistake === 'no-artist' ? [] : ['--artist', ARTIST]), '--title', TITLE];
        let packed: RunResult;
        beforeAll(() => {
          folder = writeDawFolder(join(root, j.mistake), j.mistake);
          mkdirSync(join(root, `out-${j.mistake}`));
          packed = run.run(packArgs(), root);
        });

        it('pack: exit code, and the text names the file, code and figure', () => {
          expectSays(packed, j.pack(folder), `stempack ${packArgs().join(' ')}`);
        });

        it('validate of the folder: exit code and the text names the file, code and figure, also with --no-info', () => {
          for (const extra of [[], ['--no-info']]) {
            const args = ['validate', j.mistake, ...extra];
            expectSays(run.run(args, root), j.validate(folder), `stempack ${args.join(' ')}`);
          }
        });

        if (j.packageValid) {
          it('validate of the package pack wrote: exit 0, VALID', () => {
            expectSays(run.run(['validate', out], root), { code: 0, says: [[/\bVALID\b/], [/exact null/]] }, `stempack validate ${out}`);
          });
        }

        if (j.fix === 'artist') {
          it('the fix: with --artist it packs; packed again without --force it is a usage error (exit 2) naming --force', () => {
            const args = [...packArgs(), '--artist', ARTIST];
            expectSays(run.run(args, root), { code: 0, says: [[/Packed 5 stems/], [new RegExp(esc(ARTIST))]] }, `stempack ${args.join(' ')}`);
            expectSays(run.run(args, root), { code: 2, says: [[file(out), /--force/]] }, `stempack ${args.join(' ')} (again)`);
          });
        }

        if (j.fix === 'roles') {
          it('the fix: the printed command, with a role for each name, packs', () => {
            const text = packed.stdout + packed.stderr;
            const printed = /^\s*(stempack pack .*)$/m.exec(text)?.[1];
            expect(printed, text).toBeDefined();
            const cmd = printed!.replace(/(Audio 1\.wav)=<role>/, '$1=keys').replace(/(Audio 2\.wav)=<role>/, '$1=guitars');
            expect(cmd).not.toContain('<role>');
            const r = spawnSync('sh', ['-c', cmd], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PATH: `${run.binDir()}:${process.env['PATH'] ?? ''}` } });
            expectSays(
              { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr },
              { code: 0, says: [[/Packed 5 stems/], [line(/\bkeys\b/, file('Audio 1.wav'))], [line(/\bguitars\b/, file('Audio 2.wav'))]] },
              cmd,
            );
          });
        }
      });
    }
  });
}
