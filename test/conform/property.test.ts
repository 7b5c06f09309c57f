// Property: for random pads, start offsets, depths, formats and containers of DAW exports,
// conform then validate gives no error, and undoing the record gives back every original's
// sample data bit for bit (checkConformed).
import { describe, expect, it as plainIt } from 'vitest';
import { it } from '@fast-check/vitest';
import fc from 'fast-check';
import { workspaces } from '../pack/fixtures.js';
import { writeSession, type ExportFormat, type SessionSpec, type StemExport } from './session.js';
import { checkConformed, errorsOf, packConformed, validateFile } from './helpers.js';

const ws = workspaces();
const FORMATS: ExportFormat[] = [
  { sampleFormat: 'int', bitDepth: 16 },
  { sampleFormat: 'int', bitDepth: 24 },
  { sampleFormat: 'int', bitDepth: 32 },
  { sampleFormat: 'float', bitDepth: 32 },
  { sampleFormat: 'int', bitDepth: 16, container: 'aiff' },
  { sampleFormat: 'int', bitDepth: 24, container: 'aiff' },
];
const MIX_FORMATS: ExportFormat[] = [FORMATS[0]!, FORMATS[1]!, FORMATS[3]!, FORMATS[5]!];

const stemArb = (T: number, timed: boolean) =>
  fc
    .record({
      format: fc.constantFrom(...FORMATS),
      split: fc.boolean(),
      a: fc.integer({ min: 0, max: T - 2 }),
      len: fc.integer({ min: 1, max: T }),
      early: fc.integer({ min: 0, max: 200 }),
      late: fc.integer({ min: -200, max: 300 }),
    })
    .map(({ format, split, a, len, early, late }) => {
      const sound: [number, number] = [a, Math.min(T, a + len)];
      // the export starts at or before the sound (at the session start when nothing says otherwise)
      const aiff = format.container === 'aiff';
      const w0 = timed && !aiff ? sound[0] - early : 0;
      // and ends at or after it (past the mix's end, it is digital silence there)
      const w1 = Math.max(sound[1], sound[1] + late, w0 + 1);
      return { format, split: split && !aiff, sound, window: [w0, w1] as [number, number] };
    });

const caseArb = fc.integer({ min: 300, max: 900 }).chain((T) =>
  fc.boolean().chain((timed) =>
    fc.record({
      T: fc.constant(T),
      timed: fc.constant(timed),
      // a timed set has a timed (WAV) mix: it says where the session starts
      mix: timed ? fc.constantFrom(...MIX_FORMATS.filter((f) => f.container !== 'aiff')) : fc.constantFrom(...MIX_FORMATS),
      stems: fc.array(stemArb(T, timed), { minLength: 1, maxLength: 3 }),
    }),
  ),
);

describe('conform, property', () => {
  // the cases that conformed something (a record checked): the property must not pass on nothing
  let conformed = 0;
  it.prop([caseArb], { numRuns: 12, seed: 1717 })('conform then validate gives no error, and the record undoes to the originals', async (c) => {
    const { dir, out } = ws();
    const stems: StemExport[] = c.stems.map((s, i) => ({ name: `S${i}_${['Drums', 'Bass', 'Keys'][i]}.wav`, ...s, ...(s.split ? { split: true } : {}) }));
    // the earliest export (a negative window start) sets how far the timeline must reach back
    const spec: SessionSpec = { frames: c.T, bext: c.timed, start: 48000 * 60, stems, mix: { format: c.mix } };
    writeSession(dir, spec);
    const r = await packConformed(dir, out, { assumeSessionStart: true });
    expect(r.refusals.map((f) => f.message)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(errorsOf(await validateFile(out))).toEqual([]);
    if ((await checkConformed(out, r.manifest!, dir)) > 0) conformed++;
  });
  plainIt('conformed something in most cases (the property did not pass on packages without a record)', () => {
    expect(conformed).toBeGreaterThanOrEqual(6);
  });
});
