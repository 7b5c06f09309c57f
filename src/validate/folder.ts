/**
 * Validate a folder before packing (Node only): walks it as pack does (`src/inputs/scan.ts`:
 * subfolders, hidden names skipped, session bundles not entered), classifies every file as pack
 * does, and hands the result to the browser-safe core ({@link validateClassified}).
 */
import '../analysis/hash-node.js';
import type { Report } from '../model/report.js';
import { openFileSource, type FileSource } from '../io/file-source.js';
import { scanInputs } from '../inputs/scan.js';
import { sortByClass } from '../inputs/files.js';
import { validateClassified, type LooseOptions } from './loose.js';

export { findMix } from './loose.js';

/** Options of {@link validateFolder}. */
export type FolderOptions = Omit<LooseOptions, 'path'>;

/**
 * Validate every file in `dir` and its subfolders. Findings name files by their path relative
 * to `dir` (`/`-separated); the report lists the files that are not audio in `ignored`. The
 * report's package path is `dir`.
 */
export async function validateFolder(dir: string, opts: FolderOptions = {}): Promise<Report> {
  const scanned = await scanInputs([dir]);
  const sorted = sortByClass(scanned.map((s) => ({ name: s.rel, cls: s.cls, file: s })));
  const audio: { name: string; source: FileSource }[] = [];
  try {
    for (const s of sorted.audio) audio.push({ name: s.rel, source: await openFileSource(s.path, s.rel) });
    return await validateClassified({ ...sorted, audio }, { ...opts, path: dir });
  } finally {
    for (const f of audio) await f.source.close();
  }
}
