/**
 * Validate loose files before packing, without Node modules (browser-safe core of
 * `validateFolder`): every file of a folder, classified as pack classifies it; the audio files,
 * one of them the mix, with the same audio rules as for a package (headers, lengths, levels,
 * null-sum); no container or manifest checks.
 * @module
 */
import { finding } from '../model/finding.js';
import type { ByteSource } from '../model/byte-source.js';
import type { Profile } from '../model/profile.js';
import type { Report, ValidationLevel } from '../model/report.js';
import { classifyFiles, type ClassifiedFiles } from '../inputs/files.js';
import { findMix as findMixByName } from '../names/mix.js';
import { createCtx } from './context.js';
import { checkHeaders } from './headers.js';
import { buildReport, resolveProfile } from './validate.js';

/** One loose file: its name (relative to the folder, as findings name it) and its bytes. */
export interface LooseFile {
  name: string;
  source: ByteSource;
}

/** Options of {@link validateLoose} (and of `validateFolder`). */
export interface LooseOptions {
  /** The mix's file name (or a path ending in `/<name>`); default: found by name ({@link findMix}). */
  mix?: string;
  level?: ValidationLevel;
  profile?: string | Profile;
  explain?: boolean;
  /** See `ValidateOptions.measure`. */
  measure?: 'findings' | 'all';
  onProgress?(done: number, total: number): void;
  /** The report's package path (the folder); default `''`. */
  path?: string;
}

/**
 * Every name that looks like the mix, as pack sees it ({@link findMixByName} of `src/names`:
 * mix/master/mixdown/2mix..., the weaker full/main/bounce only when no name has a firm word, never
 * a name with an instrument word such as "Drum Mix"); more than one means the guess is ambiguous.
 */
export function mixCandidates(names: readonly string[]): string[] {
  return findMixByName([...names]).candidates;
}

/** The mix among file names: the given one, else the one name pack would take for the mix (none when none or several qualify). */
export function findMix(names: readonly string[], given?: string): string | undefined {
  if (given !== undefined) return names.find((n) => n === given || n.endsWith(`/${given}`));
  return findMixByName([...names]).mix ?? undefined;
}

/**
 * The loose audio files in validation order: sorted by name, the mix (given or found by
 * {@link findMix}) first. `files` are the audio files as classified (`classifyFiles`); `mix` is
 * the mix's name, or undefined when there is none.
 */
export function orderLoose<T extends { name: string }>(files: readonly T[], mix?: string): { ordered: T[]; mix: string | undefined } {
  const names = files.map((f) => f.name).sort();
  const mixName = findMix(names, mix);
  const byName = new Map(files.map((f) => [f.name, f]));
  const order = mixName !== undefined ? [mixName, ...names.filter((n) => n !== mixName)] : names;
  return { ordered: order.map((n) => byName.get(n)!), mix: mixName };
}

/**
 * Validate the files of a folder: every file is classified as pack classifies it
 * (`src/inputs`): session files and bundles (SP-SES-001), archives (SP-ZIP-011) and audio in
 * other formats than WAV/AIFF (SP-AUD-001) are errors naming the file; other files are listed
 * in `report.ignored`; hidden names are skipped; the WAV/AIFF files are validated with the
 * audio rules of a package. Findings name files by their `name`; the report's package path is
 * `opts.path` and its size the sum of the audio files' sizes. The caller owns the sources.
 */
export async function validateLoose(files: readonly LooseFile[], opts: LooseOptions = {}): Promise<Report> {
  return validateClassified(await classifyFiles(files), opts);
}

/** {@link validateLoose} on files already classified (the Node folder walker classifies as it walks). */
export async function validateClassified(files: ClassifiedFiles<LooseFile>, opts: LooseOptions = {}): Promise<Report> {
  const level = opts.level ?? 'full';
  const { profile, findings } = resolveProfile(opts.profile);
  const ctx = createCtx(profile);
  ctx.addAll(findings);
  ctx.addAll(files.findings);
  const { ordered, mix } = orderLoose(files.audio, opts.mix);
  if (mix === undefined && ordered.length > 0) {
    // A delivery has a reference mix (spec §5.2): without one, lengths, formats and the null have
    // nothing to be checked against, so this is an error rather than a silent pass.
    const candidates = mixCandidates(ordered.map((f) => f.name));
    ctx.add(finding('SP-MAN-002', '/mix', { reason: candidates.length > 1 ? 'mix-ambiguous' : 'mix-not-found', candidates, hint: '--mix FILE' }));
  }
  if (ordered.length - (mix === undefined ? 0 : 1) === 0) {
    // as pack refuses it: a folder without a WAV/AIFF stem is not a delivery
    ctx.add(finding('SP-MAN-002', '/stems', { reason: 'no-stems' }));
  }
  let bytes = 0;
  for (const f of ordered) {
    bytes += f.source.size;
    ctx.audio.push({ path: f.name, isMix: f.name === mix, src: f.source, codes: new Set() });
  }
  if (level !== 'structure') await checkHeaders(ctx);
  const full =
    level === 'full'
      ? await (await import('./full.js')).checkFull(ctx, {
          ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
          ...(opts.measure !== undefined ? { measure: opts.measure } : {}),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        })
      : undefined;
  return buildReport(ctx, { path: opts.path ?? '', bytes }, level, full, files.ignored);
}
