/**
 * Validate loose files before packing (Node only): the audio files of a folder, one of them the
 * mix. The same audio rules as for a package (headers, lengths, levels, null-sum); no container
 * or manifest checks.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import '../analysis/hash-node.js';
import type { Profile } from '../model/profile.js';
import type { Report, ValidationLevel } from '../model/report.js';
import { openFileSource, type FileSource } from '../io/file-source.js';
import { AUDIO_EXTS, createCtx, extOf } from './context.js';
import { checkHeaders } from './headers.js';
import { checkFull } from './full.js';
import { buildReport, resolveProfile, type ValidateOptions } from './validate.js';

/** Options of {@link validateFolder}. */
export interface FolderOptions {
  /** The mix's file name (or path relative to the folder); default: found by name. */
  mix?: string;
  level?: Exclude<ValidationLevel, 'structure'> | 'structure';
  profile?: string | Profile;
  explain?: boolean;
  /** See {@link ValidateOptions.measure}. */
  measure?: 'findings' | 'all';
  onProgress?(done: number, total: number): void;
}

/** Words that mark a file as the mix when no mix is named. */
const MIX_WORDS = new Set(['mix', 'master', 'full', 'main']);

/** Words of a file name: split at non-letters and camelCase boundaries, lower case. */
function words(name: string): string[] {
  return name
    .replace(/\.[^.]+$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** The mix among file names: the given one, else the first (sorted) whose name says mix/master/full/main. */
export function findMix(names: readonly string[], given?: string): string | undefined {
  if (given !== undefined) return names.find((n) => n === given || n.endsWith(`/${given}`));
  return names.find((n) => words(n).some((w) => MIX_WORDS.has(w)));
}

/**
 * Validate the audio files directly inside `dir` (sorted by name). Findings name files by
 * their name relative to `dir`. The report's package path is `dir`.
 */
export async function validateFolder(dir: string, opts: FolderOptions = {}): Promise<Report> {
  const level = opts.level ?? 'full';
  const { profile, findings } = resolveProfile(opts.profile);
  const ctx = createCtx(profile);
  ctx.add(...findings);
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && AUDIO_EXTS.has(extOf(d.name)))
    .map((d) => d.name)
    .sort();
  const mixName = findMix(names, opts.mix);
  const ordered = mixName ? [mixName, ...names.filter((n) => n !== mixName)] : names;
  const sources: FileSource[] = [];
  let bytes = 0;
  try {
    for (const n of ordered) {
      const src = await openFileSource(join(dir, n), n);
      sources.push(src);
      bytes += (await stat(join(dir, n))).size;
      ctx.audio.push({ path: n, isMix: n === mixName, src, codes: new Set() });
    }
    if (level !== 'structure') await checkHeaders(ctx);
    const full =
      level === 'full'
        ? await checkFull(ctx, {
            ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
            ...(opts.measure !== undefined ? { measure: opts.measure } : {}),
            ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
          })
        : undefined;
    return buildReport(ctx, { path: dir, bytes }, level, full);
  } finally {
    for (const s of sources) await s.close();
  }
}
