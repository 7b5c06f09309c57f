/**
 * The cross-file rules of spec §6 on audio headers alone, shared by the packer (before it writes)
 * and the validator (headers level): pure functions, `model` imports only.
 *
 * Cascade rules (one break, one code), the reference for each property named once:
 * - each STEM is compared with the MIX: container class, sample format + depth, rate
 *   (SP-AUD-003/004/005), channels (SP-CH-004, a warning), frames (SP-LEN-001);
 * - the MIX alone is compared with the manifest facts: `format` (SP-AUD-007), `session`
 *   (SP-AUD-006), `timeline.length` (SP-LEN-002);
 * - when the mix itself is the odd file (it differs from the manifest `format` or timeline length
 *   and a stem agrees with the manifest), that stem is not reported against the mix;
 * - without a mix: with manifest facts each stem is compared with them; without facts (loose
 *   files) the first file is the reference and findings name it (`params.reference`, given
 *   whenever the reference is not the mix);
 * - TimeReference (SP-START-001) against `timeline.start`, else the mix's, else the first file's
 *   with a `bext`; a stem that starts with a mix that is off the manifest start is not reported
 *   again; `bext` on all files or none (SP-START-002).
 * Ref: spec §6.2, §6.3, §6.4, §6.5.
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import { finding, type Finding } from '../model/finding.js';
import type { Format, Resolution, Timeline } from '../model/manifest.js';
import { framesToMs } from '../model/units.js';
import { belowSession, containerClassOf as cls, formatName } from './format.js';

/** One audio file whose header could be read. */
export interface RuleFile {
  /** Path findings name (entry name, or file name in a folder). */
  path: string;
  isMix: boolean;
  header: AudioHeader;
}

/**
 * What the manifest says about every file (a package), or what a packer already knows (the
 * `session`), or null for loose files. Each member is optional: only the rules on the members
 * given run.
 */
export interface ManifestFacts {
  format?: Format;
  session?: Resolution;
  timeline?: Timeline;
}

/** Cross-file findings over the readable audio files (mix first or anywhere; order kept). */
export function crossFileFindings(files: readonly RuleFile[], facts: ManifestFacts | null): Finding[] {
  const out: Finding[] = [];
  const f = facts?.format;
  const tl = facts?.timeline;
  // with a manifest format or timeline to compare with, an absent mix leaves the manifest as reference
  const mix = files.find((a) => a.isMix) ?? (f || tl ? undefined : files[0]);
  const stems = files.filter((a) => a !== mix);

  if (mix) {
    // `params.reference` names the reference file when it is not the mix (folder mode: the first file)
    const refParam: Record<string, string> = mix.isMix ? {} : { reference: mix.path };
    const ref = mix.header;
    const mixOdd = {
      container: !!f && cls(ref.container) !== f.container,
      format: !!f && (ref.encoding.sampleFormat !== f.sampleFormat || ref.encoding.bitsPerSample !== f.bitDepth),
      rate: !!f && ref.sampleRate !== f.sampleRate,
      frames: !!tl && ref.frames !== tl.length,
    };
    for (const s of stems) {
      const h = s.header;
      const fitsManifest = {
        container: mixOdd.container && cls(h.container) === f!.container,
        format: mixOdd.format && h.encoding.sampleFormat === f!.sampleFormat && h.encoding.bitsPerSample === f!.bitDepth,
        rate: mixOdd.rate && h.sampleRate === f!.sampleRate,
        frames: mixOdd.frames && h.frames === tl!.length,
      };
      if (cls(h.container) !== cls(ref.container) && !fitsManifest.container) {
        out.push(finding('SP-AUD-003', s.path, { expected: cls(ref.container), found: cls(h.container), ...refParam }));
      }
      if ((h.encoding.sampleFormat !== ref.encoding.sampleFormat || h.encoding.bitsPerSample !== ref.encoding.bitsPerSample) && !fitsManifest.format) {
        out.push(
          finding(
            'SP-AUD-004',
            s.path,
            { expected: formatName(ref), found: formatName(h), expectedBits: ref.encoding.bitsPerSample, foundBits: h.encoding.bitsPerSample, ...refParam },
          ),
        );
      }
      if (h.sampleRate !== ref.sampleRate && !fitsManifest.rate) {
        out.push(finding('SP-AUD-005', s.path, { expected: ref.sampleRate, found: h.sampleRate, ...refParam }));
      }
      if (h.channels !== ref.channels) {
        out.push(finding('SP-CH-004', s.path, { expected: ref.channels, found: h.channels, ...refParam }));
      }
      if (h.frames !== ref.frames && !fitsManifest.frames) {
        const d = h.frames - ref.frames;
        out.push(
          finding(
            'SP-LEN-001',
            s.path,
            { expected: ref.frames, found: h.frames, differenceFrames: d, differenceMs: round3(framesToMs(d, ref.sampleRate)), ...refParam },
          ),
        );
      }
    }
    if (facts) out.push(...againstManifest(mix, facts));
  } else if (facts) {
    // without a mix the manifest is the only reference left: each stem against it, so stems
    // that differ from each other are still reported
    for (const st of stems) out.push(...againstManifest(st, facts));
  }
  // one finding per file at most: a loop, not a spread (a spread of 100,000 findings overflows the stack)
  for (const x of startFindings(files, tl ?? null)) out.push(x);
  return out;
}

/** SP-LEN-002 (timeline length), SP-AUD-007 (`format` describes the file), SP-AUD-006 (not below the session). */
function againstManifest(a: RuleFile, facts: ManifestFacts): Finding[] {
  const out: Finding[] = [];
  const h = a.header;
  const tl = facts.timeline;
  if (tl && h.frames !== tl.length) {
    const d = h.frames - tl.length;
    out.push(
      finding(
        'SP-LEN-002',
        a.path,
        { expected: tl.length, found: h.frames, differenceFrames: d, differenceMs: round3(framesToMs(d, tl.sampleRate)) },
      ),
    );
  }
  const f = facts.format;
  if (f) {
    const diffs: string[] = [];
    if (cls(h.container) !== f.container) diffs.push('container');
    if (h.encoding.sampleFormat !== f.sampleFormat) diffs.push('sampleFormat');
    if (h.encoding.bitsPerSample !== f.bitDepth) diffs.push('bitDepth');
    if (h.sampleRate !== f.sampleRate) diffs.push('sampleRate');
    if (diffs.length > 0) {
      out.push(
        finding(
          'SP-AUD-007',
          a.path,
          { fields: diffs, found: { container: cls(h.container), sampleFormat: h.encoding.sampleFormat, bitDepth: h.encoding.bitsPerSample, sampleRate: h.sampleRate } },
        ),
      );
    }
  }
  const s = facts.session;
  if (s && belowSession(h, s)) {
    out.push(
      finding(
        'SP-AUD-006',
        a.path,
        { sessionSampleRate: s.sampleRate, sessionBitDepth: s.bitDepth, sampleRate: h.sampleRate, bitDepth: h.encoding.bitsPerSample },
      ),
    );
  }
  return out;
}

/** SP-START-002 (bext on all or none) and SP-START-001 (TimeReference = the start). */
function startFindings(files: readonly RuleFile[], tl: Timeline | null): Finding[] {
  const out: Finding[] = [];
  const withBext = files.filter((a) => a.header.bext);
  if (withBext.length > 0 && withBext.length < files.length) {
    for (const a of files) {
      if (!a.header.bext) out.push(finding('SP-START-002', a.path, { withBext: withBext.length, files: files.length }));
    }
  }
  const startRef = tl ? undefined : (withBext.find((a) => a.isMix) ?? withBext[0]);
  const named = startRef && !startRef.isMix ? startRef : undefined;
  const expected = tl ? BigInt(tl.start) : startRef?.header.bext!.timeReference;
  if (expected === undefined) return out;
  const mixTr = withBext.find((a) => a.isMix)?.header.bext!.timeReference;
  for (const a of withBext) {
    const tr = a.header.bext!.timeReference;
    if (tr === expected || (tl && !a.isMix && mixTr !== undefined && mixTr !== expected && tr === mixTr)) continue;
    const found = Number(tr);
    const exp = Number(expected);
    out.push(
      finding(
        'SP-START-001',
        a.path,
        { expected: exp, found, ...(named ? { reference: named.path } : {}) },
      ),
    );
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
