/**
 * Validate loose files before packing (Node only): lists a folder and hands its audio files to
 * the browser-safe core {@link validateLoose}. The same audio rules as for a package (headers,
 * lengths, levels, null-sum); no container or manifest checks.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import '../analysis/hash-node.js';
import type { Report } from '../model/report.js';
import { openFileSource, type FileSource } from '../io/file-source.js';
import { AUDIO_EXTS, extOf } from './context.js';
import { validateLoose, type LooseOptions } from './loose.js';

export { findMix } from './loose.js';

/** Options of {@link validateFolder}. */
export type FolderOptions = Omit<LooseOptions, 'path'>;

/**
 * Validate the audio files directly inside `dir` (sorted by name). Findings name files by
 * their name relative to `dir`. The report's package path is `dir`.
 */
export async function validateFolder(dir: string, opts: FolderOptions = {}): Promise<Report> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && AUDIO_EXTS.has(extOf(d.name)))
    .map((d) => d.name);
  const files: { name: string; source: FileSource }[] = [];
  try {
    for (const n of names) files.push({ name: n, source: await openFileSource(join(dir, n), n) });
    return await validateLoose(files, { ...opts, path: dir });
  } finally {
    for (const f of files) await f.source.close();
  }
}
