// pack --conform on generated DAW-style exports, one defect at a time and combined: the package
// validates (record included), every conformed file holds its originals' samples at the recorded
// offset, and undoing the record gives their sample data back bit for bit.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { workspaces } from '../pack/fixtures.js';
import { writeSession, type SessionSpec } from './session.js';
import { checkConformed, entries, errorsOf, packConformed, sampleData, validateFile } from './helpers.js';
import { formatPackSummary, type PackOptions } from '../../src/pack/index.js';

const ws = workspaces();
const HOUR = 48000 * 3600;

async function conformCase(spec: SessionSpec, conform: PackOptions['conform'] = true) {
  const { dir, out } = ws();
  const session = writeSession(dir, spec);
  const r = await packConformed(dir, out, conform);
  return { dir, out, r, session };
}

async function expectValid(dir: string, out: string, r: Awaited<ReturnType<typeof packConformed>>) {
  expect(r.refusals.map((f) => f.message)).toEqual([]);
  expect(r.ok).toBe(true);
  const report = await validateFile(out);
  expect(errorsOf(report)).toEqual([]);
  expect(report.findings.filter((f) => f.code.startsWith('SP-CNF'))).toEqual([]);
  await checkConformed(out, r.manifest!, dir);
  return report;
}

describe('pack --conform: lengths', () => {
  it('pads stems that end early with digital silence up to the mix, and says so in one line each', async () => {
    const { dir, out, r } = await conformCase({ frames: 4800, stems: [{ name: 'Drums.wav' }, { name: 'Guitar.wav', sound: [0, 2400], window: [0, 2400] }, { name: 'Bass.wav', sound: [0, 4700], window: [0, 4700] }] });
    await expectValid(dir, out, r);
    const rec = r.manifest!.conform!.files;
    expect(rec.map((f) => [f.path, f.operations])).toEqual([
      ['stems/Bass.wav', [{ op: 'pad', start: 0, end: 100 }]],
      ['stems/Guitar.wav', [{ op: 'pad', start: 0, end: 2400 }]],
    ]);
    expect(rec[1]!.originals[0]).toMatchObject({ name: 'Guitar.wav', bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const text = formatPackSummary(r);
    expect(text).toContain('Guitar.wav: padded 2,400 frames (0.05 s) of silence at the end');
    expect(text).toContain('Bass.wav: padded 100 frames (0.00 s) of silence at the end');
    // unchanged files go in as they are, with no record
    const files = await entries(out);
    expect(rec.some((f) => f.path === 'stems/Drums.wav')).toBe(false);
    expect(files.get('stems/Drums.wav')).toBeDefined();
  });

  it('trims a longer stem where every trimmed sample is digital zero', async () => {
    const { dir, out, r } = await conformCase({ frames: 4800, stems: [{ name: 'Drums.wav' }, { name: 'Pad.wav', sound: [0, 4000], window: [0, 6000] }] });
    await expectValid(dir, out, r);
    expect(r.manifest!.conform!.files[0]!.operations).toEqual([{ op: 'trim', start: 0, end: 1200 }]);
    expect(formatPackSummary(r)).toContain('Pad.wav: trimmed 1,200 frames (0.03 s) of digital silence at the end');
  });

  it('refuses a stem with sound after the mix ends, names it and writes nothing', async () => {
    // the reverb return rings on after the mix's end (which has no room for it)
    const { out, r } = await conformCase({ frames: 6000, stems: [{ name: 'Drums.wav', sound: [0, 4800] }, { name: 'Verb.wav', sound: [0, 6000] }], mix: { window: [0, 4800] } });
    expect(r.ok).toBe(false);
    expect(existsSync(out)).toBe(false);
    const f = r.refusals.find((x) => x.code === 'SP-PAK-002')!;
    expect(f.path).toMatch(/Verb\.wav$/);
    expect(f.params).toMatchObject({ reason: 'sound-after-end' });
    expect(formatPackSummary(r)).toMatch(/Verb\.wav.*of sound after the mix ends/);
  });

  it('pads the mix only when asked to (--pad-mix)', async () => {
    // a reverb return whose tail, down at -90 dBFS, rings 0.01 s past the mix's end, as Logic's
    // "Include Audio Tail" exports it: not digital silence, so not trimmed; below the tolerance,
    // so the padded mix still nulls
    const spec: SessionSpec = { frames: 4800, stems: [{ name: 'Drums.wav', sound: [0, 4300] }, { name: 'Verb.wav', sound: [0, 4300], tail: { until: 4800, amp: 1 } }], mix: { window: [0, 4300] } };
    const refused = await conformCase(spec);
    expect(refused.r.refusals.map((f) => f.params)).toEqual([expect.objectContaining({ reason: 'sound-after-end', frames: 500 })]);
    const { dir, out, r } = await conformCase(spec, { padMix: true });
    await expectValid(dir, out, r);
    expect(r.manifest!.conform!.files.find((f) => f.path.startsWith('mix/'))!.operations).toEqual([{ op: 'pad', start: 0, end: 500 }]);
  });
});

describe('pack --conform: starts', () => {
  it('precedes later BWF starts with silence and rewrites every TimeReference to the common start', async () => {
    const { dir, out, r } = await conformCase({
      frames: 9600,
      bext: true,
      start: HOUR,
      stems: [{ name: 'Drums.wav' }, { name: 'Vox.wav', sound: [2400, 8000], window: [2400, 9600] }, { name: 'Gtr.wav', sound: [4000, 6000], window: [4000, 7000] }],
    });
    await expectValid(dir, out, r);
    const gtr = r.manifest!.conform!.files.find((f) => f.path === 'stems/Gtr.wav')!;
    expect(gtr.operations).toEqual([
      { op: 'pad', start: 4000, end: 2600 },
      { op: 'timeReference', from: HOUR + 4000, to: HOUR },
    ]);
    expect(r.manifest!.timeline.start).toBe(HOUR);
    expect(formatPackSummary(r)).toContain('Gtr.wav: padded 4,000 frames (0.08 s) of silence at the start');
  });

  it('takes files without bext to start at the session start only when told so', async () => {
    const spec: SessionSpec = { frames: 4800, bext: true, start: HOUR, stems: [{ name: 'Drums.wav', bext: false }, { name: 'Vox.wav', sound: [480, 4800], window: [480, 4800] }] };
    const refused = await conformCase(spec);
    expect(refused.r.refusals.map((f) => [f.code, (f.params as { reason?: string }).reason])).toEqual([['SP-PAK-002', 'no-time-reference']]);
    const { dir, out, r } = await conformCase(spec, { assumeSessionStart: true });
    await expectValid(dir, out, r);
    expect(r.manifest!.conform!.files.find((f) => f.path === 'stems/Drums.wav')!.operations).toEqual([{ op: 'timeReference', from: null, to: HOUR }]);
  });

  it('a TimeReference that disagrees with audio that already nulls is wrong metadata: samples untouched, TimeReference rewritten, null exact', async () => {
    // the bass was exported from the session start but stamped 0.01 s late (a region export's
    // stamp on a full-length bounce): moving it by its TimeReference would break the null
    const { dir, out, r } = await conformCase({ frames: 4800, bext: true, start: HOUR, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav', timeReference: HOUR + 480 }] });
    const report = await expectValid(dir, out, r);
    const bass = r.manifest!.conform!.files.find((f) => f.path === 'stems/Bass.wav')!;
    expect(bass.operations).toEqual([{ op: 'timeReference', from: HOUR + 480, to: HOUR, samplesKept: true }]);
    // samples untouched: the stored sample data is the original's, byte for byte
    expect(r.manifest!.stems.find((s) => s.path === 'stems/Bass.wav')!.audioSha256).toBe(bass.originals[0]!.audioSha256);
    expect(report.null?.exact).toBe(true);
    expect(formatPackSummary(r)).toMatch(/Bass\.wav: TimeReference 172,800,480 .*disagreed with audio that already nulls.*samples left where they are/);
  });
});

describe('pack --conform: formats, containers, channels', () => {
  it('widens 16-bit stems to the deepest integer depth of the set', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Keys.wav', format: { sampleFormat: 'int', bitDepth: 16 } }] });
    await expectValid(dir, out, r);
    expect(r.manifest!.conform!.files[0]!.operations).toEqual([{ op: 'format', from: { sampleFormat: 'int', bitDepth: 16 }, to: { sampleFormat: 'int', bitDepth: 24 } }]);
    expect(r.manifest!.format).toMatchObject({ sampleFormat: 'int', bitDepth: 24 });
  });

  it('widens a 16-bit mix when a stem is deeper, and a set of 32-bit stems widens everything to 32', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav', format: { sampleFormat: 'int', bitDepth: 32 } }, { name: 'Bass.wav' }], mix: { format: { sampleFormat: 'int', bitDepth: 16 } } });
    await expectValid(dir, out, r);
    expect(r.manifest!.format.bitDepth).toBe(32);
    expect(r.manifest!.conform!.files.map((f) => f.path).sort()).toEqual(['mix/Song_Mix.wav', 'stems/Bass.wav']);
  });

  it('stores a float stem as integers when every sample is exact, and refuses one that is not', async () => {
    const ok = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Synth.wav', format: { sampleFormat: 'float', bitDepth: 32 } }] });
    await expectValid(ok.dir, ok.out, ok.r);
    expect(ok.r.manifest!.conform!.files[0]!.operations).toEqual([{ op: 'format', from: { sampleFormat: 'float', bitDepth: 32 }, to: { sampleFormat: 'int', bitDepth: 24 } }]);
    const bad = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Synth.wav', format: { sampleFormat: 'float', bitDepth: 32 }, inexact: 3 }] });
    expect(bad.r.ok).toBe(false);
    expect(existsSync(bad.out)).toBe(false);
    expect(bad.r.refusals.map((f) => f.params)).toEqual([expect.objectContaining({ reason: 'inexact-float', samples: 3, firstFrame: 0, bitDepth: 24 })]);
  });

  it('turns integer stems into float32 when the mix is float', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav', format: { sampleFormat: 'float', bitDepth: 32 } }], mix: { format: { sampleFormat: 'float', bitDepth: 32 } } });
    await expectValid(dir, out, r);
    expect(r.manifest!.format).toMatchObject({ sampleFormat: 'float', bitDepth: 32 });
    expect(r.manifest!.conform!.files[0]!.operations[0]).toEqual({ op: 'format', from: { sampleFormat: 'int', bitDepth: 24 }, to: { sampleFormat: 'float', bitDepth: 32 } });
  });

  it('rewrites AIFF samples as WAV in a WAV set (byte order only) and names the file .wav', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.aif', format: { sampleFormat: 'int', bitDepth: 24, container: 'aiff' } }] });
    await expectValid(dir, out, r);
    const f = r.manifest!.conform!.files[0]!;
    expect(f.path).toBe('stems/Bass.wav');
    expect(f.operations).toEqual([{ op: 'container', from: { container: 'aiff', byteOrder: 'be' }, to: { container: 'wav', byteOrder: 'le' } }]);
    // same values, other byte order: the sample data differs only by byte order
    const stored = await sampleData((await entries(out)).get('stems/Bass.wav')!);
    expect(stored.length).toBe(2400 * 2 * 3);
  });

  it('rewrites WAV stems as AIFF in an AIFF set', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.aif', format: { sampleFormat: 'int', bitDepth: 24, container: 'aiff' } }], mix: { format: { sampleFormat: 'int', bitDepth: 24, container: 'aiff' } } });
    await expectValid(dir, out, r);
    expect(r.manifest!.format.container).toBe('aiff');
    expect(r.manifest!.conform!.files[0]!.path).toBe('stems/Drums.aif');
  });

  it('joins split mono pairs and records the join with both originals', async () => {
    const { dir, out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Vox.wav', split: true, sound: [0, 2000], window: [0, 2000] }] });
    await expectValid(dir, out, r);
    const f = r.manifest!.conform!.files[0]!;
    expect(f.path).toBe('stems/Vox.wav');
    expect(f.originals.map((o) => o.name)).toEqual(['Vox.L.wav', 'Vox.R.wav']);
    expect(f.operations).toEqual([{ op: 'join' }, { op: 'pad', start: 0, end: 400 }]);
  });

  it('duplicates a mono stem into dual mono only with --dual-mono, and does not call it dual mono', async () => {
    const spec: SessionSpec = { frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav', channels: 1 }] };
    const plain = await conformCase(spec, { dualMono: false });
    expect(plain.r.manifest?.conform).toBeUndefined();
    const { dir, out, r } = await conformCase(spec, { dualMono: true });
    const report = await expectValid(dir, out, r);
    expect(r.manifest!.conform!.files[0]!.operations).toEqual([{ op: 'dualMono' }]);
    expect(r.manifest!.stems.find((s) => s.path === 'stems/Bass.wav')!.channels).toBe(2);
    expect(report.findings.some((f) => f.code === 'SP-LVL-005')).toBe(false);
  });

  it('combines every repair on one set', async () => {
    const { dir, out, r } = await conformCase(
      {
        frames: 9600,
        bext: true,
        start: HOUR,
        stems: [
          { name: 'Drums.wav', window: [0, 9600] },
          // AIFF has no TimeReference: it starts at the session start, as the user says
          { name: 'Bass.aif', sound: [1000, 9000], window: [0, 9000], format: { sampleFormat: 'int', bitDepth: 16, container: 'aiff' } },
          { name: 'Vox.wav', split: true, sound: [2000, 8000], window: [1920, 9600], format: { sampleFormat: 'int', bitDepth: 16 } },
          { name: 'Verb.wav', sound: [0, 9000], window: [0, 12000], format: { sampleFormat: 'float', bitDepth: 32 } },
          { name: 'Sub.wav', channels: 1, sound: [100, 9500], window: [0, 9500] },
        ],
      },
      { assumeSessionStart: true, dualMono: true },
    );
    await expectValid(dir, out, r);
    const byPath = new Map(r.manifest!.conform!.files.map((f) => [f.path, f.operations.map((o) => o.op)]));
    expect(Object.fromEntries(byPath)).toEqual({
      'stems/Bass.wav': ['format', 'container', 'pad', 'timeReference'],
      'stems/Sub.wav': ['dualMono', 'pad'],
      'stems/Verb.wav': ['format', 'trim'],
      'stems/Vox.wav': ['join', 'format', 'pad', 'timeReference'],
    });
  });
});

describe('pack --conform: refusals', () => {
  it('refuses a 44.1 kHz stem in a 48 kHz set: never resamples', async () => {
    const { out, r } = await conformCase({ frames: 2400, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav', sampleRate: 44100 }] });
    expect(r.ok).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(r.refusals.some((f) => f.code === 'SP-PAK-002' && f.params.reason === 'sample-rate')).toBe(true);
  });
});

describe('pack --conform on a set that needs nothing', () => {
  it('writes no record, and the package is the one plain pack writes', async () => {
    const spec: SessionSpec = { frames: 2400, bext: true, start: HOUR, stems: [{ name: 'Drums.wav' }, { name: 'Bass.wav' }] };
    const { dir, out, r } = await conformCase(spec);
    expect(r.ok).toBe(true);
    expect(r.manifest!.conform).toBeUndefined();
    expect(formatPackSummary(r)).toContain('every file already fits');
    const plain = await packConformed(dir, `${out}.plain.stempack`, false);
    const a = await entries(out);
    const b = await entries(`${out}.plain.stempack`);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [k, v] of a) expect(Buffer.compare(Buffer.from(v), Buffer.from(b.get(k)!)), k).toBe(0);
    expect(plain.ok).toBe(true);
  });
});
