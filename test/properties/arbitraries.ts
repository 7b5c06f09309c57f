/**
 * fast-check arbitraries for audio formats, signals, stem sets and whole packages that are
 * valid by construction (built with `test/helpers/package-builder.ts`).
 */
import fc from 'fast-check';
import type { Role } from '../../src/model/manifest.js';
import type { BuildOptions, Part, StemSpec } from '../helpers/package-builder.js';

/** A file format every conforming tool must handle. */
export interface FormatSpec {
  container: 'wav' | 'aiff';
  sampleFormat: 'int' | 'float';
  bitDepth: number;
  sampleRate: number;
}

/** Integer 16/24/32 and float 32 in WAV; integer in AIFF (the test encoder writes int AIFF only). */
export const formatArb: fc.Arbitrary<FormatSpec> = fc.oneof(
  fc.record({
    container: fc.constant('wav' as const),
    sampleFormat: fc.constant('int' as const),
    bitDepth: fc.constantFrom(16, 24, 32),
    sampleRate: fc.constantFrom(44100, 48000, 88200, 96000),
  }),
  fc.record({ container: fc.constant('wav' as const), sampleFormat: fc.constant('float' as const), bitDepth: fc.constant(32), sampleRate: fc.constantFrom(44100, 48000, 96000) }),
  fc.record({ container: fc.constant('aiff' as const), sampleFormat: fc.constant('int' as const), bitDepth: fc.constantFrom(16, 24), sampleRate: fc.constantFrom(44100, 48000) }),
);

/** One signal component with amplitude at most `maxAmp` (so any stem set sums without clipping). */
export function partArb(maxAmp: number): fc.Arbitrary<Part> {
  const amp = fc.double({ min: maxAmp / 20, max: maxAmp, noNaN: true });
  return fc.oneof(
    fc.record({ kind: fc.constant('sine' as const), freq: fc.integer({ min: 30, max: 15000 }), amp, phase: fc.double({ min: 0, max: 6.28, noNaN: true }) }),
    fc.record({ kind: fc.constant('noise' as const), amp, seed: fc.nat() }),
  );
}

/** A signal: silence, a full-scale-ish tone, noise, or a random mix of tones and noise. */
export function signalArb(maxAmp: number): fc.Arbitrary<Part[]> {
  return fc.oneof(
    fc.constant<Part[]>([{ kind: 'silence' }]),
    fc.constant<Part[]>([{ kind: 'sine', freq: 997, amp: maxAmp }]),
    partArb(maxAmp).map((p) => [p]),
    fc.array(partArb(maxAmp / 3), { minLength: 2, maxLength: 3 }),
  );
}

const ROLES: Role[] = ['drums', 'percussion', 'bass', 'guitars', 'keys', 'synths', 'strings', 'brass', 'woodwinds', 'vocals-lead', 'vocals-backing', 'fx', 'ambience', 'other'];

/** 1 to 4 stems with distinct ids and roles, each at most 0.9 / count so the mix stays below full scale. */
export const stemSetArb: fc.Arbitrary<StemSpec[]> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .tuple(fc.shuffledSubarray(ROLES, { minLength: n, maxLength: n }), fc.array(signalArb(0.9 / n), { minLength: n, maxLength: n }))
    .map(([roles, signals]) => roles.map((role, i) => ({ id: role, role, name: role, parts: signals[i]! }))),
);

/** A valid package description: format, channels, length, stems, optional bext start. */
export const packageArb: fc.Arbitrary<BuildOptions> = fc
  .record({
    format: formatArb,
    channels: fc.constantFrom(1, 2),
    frames: fc.integer({ min: 64, max: 3000 }),
    stems: stemSetArb,
    start: fc.option(fc.integer({ min: 0, max: 2 ** 36 }), { nil: undefined }),
  })
  .map(({ format, channels, frames, stems, start }) => ({
    ...format,
    channels,
    frames,
    stems,
    ...(start !== undefined && format.container === 'wav' ? { bext: true, timelineStart: start } : {}),
  }));
