/**
 * The conform record (spec §5.5) of a plan: per changed file its originals (name, size and
 * hashes) and its operations. Pure.
 * @module
 */
import type { ConformFile, ConformRecord } from '../model/manifest.js';
import type { ConformPlan, FilePlan } from './types.js';
import { baseName } from '../names/tokens.js';

/** The hashes of an original (see `hash-files.ts`). */
export interface OriginalHashes {
  sha256: string;
  audioSha256: string;
}

/** Hashes as long as real ones: a record built with them is exactly as long as the real record. */
export const PLACEHOLDER_HASHES: OriginalHashes = { sha256: 'f'.repeat(64), audioSha256: 'f'.repeat(64) };

/** Last segment of a path (either separator). */
export const fileName = baseName;

/**
 * The record of a plan's changed files, in plan order; null when nothing changed. `pathOf` gives
 * each file's path in the output (a package entry, or a file name); `hashes` each original's.
 */
export function buildRecord(plan: ConformPlan, pathOf: (f: FilePlan) => string, hashes: (path: string) => OriginalHashes): ConformRecord | null {
  const files: ConformFile[] = plan.files
    .filter((f) => f.changed)
    .map((f) => ({
      path: pathOf(f),
      originals: f.item.sources.map((s) => ({ name: fileName(s.path), bytes: s.size, ...hashes(s.path) })),
      operations: f.operations.map((o) => ({ ...o })),
      ...(f.droppedChunks.length > 0 ? { droppedChunks: [...f.droppedChunks] } : {}),
    }));
  return files.length > 0 ? { files } : null;
}
