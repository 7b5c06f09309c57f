/**
 * Sorting the files of a folder by their class: which are audio to validate, which are refused
 * with a finding, which are ignored. {@link classifyFiles} does it for files given as byte
 * sources (the browser page's dropped folder); folder validation in Node does it for the files
 * `scan.ts` walked and classified. Browser-safe: reads only each file's first bytes.
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { sortFindings, type Finding } from '../model/finding.js';
import { classifyInput, INPUT_HEAD_BYTES, isHiddenPath, sessionBundleRoot, type IgnoredInput, type InputClass } from './classify.js';
import { inputFinding } from './findings.js';

/** A file of a folder: its path relative to the folder (`/`-separated) and its bytes. */
export interface FolderFile {
  name: string;
  source: ByteSource;
}

/** A classified file (or bundle folder, name ending in `/`) and what the caller keeps with it. */
export interface ClassifiedInput<T> {
  name: string;
  cls: InputClass;
  file: T;
}

/** What a folder holds, sorted by class. */
export interface ClassifiedFiles<T> {
  /** WAV/AIFF files (their headers decide the rest), sorted by name. */
  audio: T[];
  /** SP-SES-001, SP-ZIP-011 and SP-AUD-001 (format) for the files refused by their class. */
  findings: Finding[];
  /** Files that are not audio, sorted by path. */
  ignored: IgnoredInput[];
}

/** Sort classified files: the finding for each refused one, audio apart, the rest ignored. */
export function sortByClass<T>(items: readonly ClassifiedInput<T>[]): ClassifiedFiles<T> {
  const audio: T[] = [];
  const findings: Finding[] = [];
  const ignored: IgnoredInput[] = [];
  const sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const it of sorted) {
    const fd = inputFinding(it.name, it.cls);
    if (fd) findings.push(fd);
    else if (it.cls.kind === 'audio') audio.push(it.file);
    else if (it.cls.kind === 'other') ignored.push({ path: it.name, reason: 'not-audio', format: it.cls.format });
  }
  return { audio, findings: sortFindings(findings), ignored };
}

/**
 * Classify every file given as a byte source: hidden names (a segment starting with `.`) are
 * skipped; the files inside a session bundle folder give one SP-SES-001 for the folder
 * (`Song.logicx/`), as the Node walker, which does not enter bundles, reports it.
 */
export async function classifyFiles<T extends FolderFile>(files: readonly T[]): Promise<ClassifiedFiles<T>> {
  const items: ClassifiedInput<T | null>[] = [];
  const bundles = new Set<string>();
  for (const f of files) {
    if (isHiddenPath(f.name)) continue;
    const root = sessionBundleRoot(f.name);
    if (root !== null) {
      if (!bundles.has(root)) items.push({ name: root, cls: classifyInput(root, new Uint8Array(0)), file: null });
      bundles.add(root);
      continue;
    }
    const head = await f.source.read(0, Math.min(INPUT_HEAD_BYTES, f.source.size));
    items.push({ name: f.name, cls: classifyInput(f.name, head), file: f });
  }
  const r = sortByClass(items);
  return { ...r, audio: r.audio.filter((f): f is T => f !== null) };
}
