/** The state the validation levels share: what each level found, for the next to build on. */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import type { Code } from '../model/codes.js';
import type { Finding } from '../model/finding.js';
import type { AudioItem, Manifest, Stem } from '../model/manifest.js';
import type { Profile } from '../model/profile.js';
import type { ZipEntry } from '../container/zip-entry.js';
import { FindingStore } from './finding-store.js';

/** One audio file the validator looks at: the mix or a stem. */
export interface AudioFile {
  /** Entry name in the package (or file path for a folder). */
  path: string;
  /** The manifest item, when the manifest lists it. */
  item?: AudioItem | Stem;
  isMix: boolean;
  /** The zip entry (packages only). */
  entry?: ZipEntry;
  /** A readable source of the file bytes, when the file can be read without inflating. */
  src?: ByteSource;
  /** Header as read at the headers level. */
  header?: AudioHeader | null;
  /** Codes already reported for this file; later levels use it to avoid cascades. */
  codes: Set<string>;
}

/** Shared validation state. */
export interface Ctx {
  /**
   * The findings kept so far, in the order added: every finding, except that beyond twice
   * MAX_FINDINGS_PER_CODE (`finding-store.ts`) of one code only those first in report order stay (the report
   * lists no more than the cap of a code); {@link unlisted} counts the others.
   */
  readonly findings: readonly Finding[];
  /** Per code, the findings added but not kept (with the `more` counts they carried). */
  readonly unlisted: ReadonlyMap<Code, number>;
  profile: Profile;
  manifest: Manifest | null;
  /** Audio files in manifest order: mix first, then stems. */
  audio: AudioFile[];
  /** Zip entries as the structure level read them (packages only). */
  entries: ZipEntry[];
  /** Add findings, remembering their codes per audio path. */
  add(...fs: Finding[]): void;
  /** {@link add} for a list of any length (no spread: a million findings is not a million arguments). */
  addAll(fs: readonly Finding[]): void;
}

/** A fresh context. */
export function createCtx(profile: Profile): Ctx {
  const store = new FindingStore();
  // audio files by path (the first of a path, as a search from the start would find it), indexed
  // as they are pushed: adding a finding costs the same with 20 or 20,000 files
  const byPath = new Map<string, AudioFile>();
  let indexed = 0;
  const one = (f: Finding): void => {
    store.add(f);
    for (; indexed < ctx.audio.length; indexed++) {
      const a = ctx.audio[indexed]!;
      if (!byPath.has(a.path)) byPath.set(a.path, a);
    }
    byPath.get(f.path)?.codes.add(f.code);
  };
  const ctx: Ctx = {
    get findings() {
      return store.kept();
    },
    get unlisted() {
      return store.unlisted();
    },
    profile,
    manifest: null,
    audio: [],
    entries: [],
    add(...fs) {
      for (const f of fs) one(f);
    },
    addAll(fs) {
      for (const f of fs) one(f);
    },
  };
  return ctx;
}

/** File extension (lower case, without dot) of a path. */
export function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i + 1).toLowerCase() : '';
}

/** Base name of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Extensions treated as audio when no manifest says which entries are audio. */
export const AUDIO_EXTS = new Set(['wav', 'wave', 'bwf', 'rf64', 'aif', 'aiff', 'aifc']);
