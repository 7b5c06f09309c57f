/** The state the validation levels share: what each level found, for the next to build on. */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import type { AudioItem, Manifest, Stem } from '../model/manifest.js';
import type { Profile } from '../model/profile.js';
import type { ZipEntry } from '../container/zip-entry.js';

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
  findings: Finding[];
  profile: Profile;
  manifest: Manifest | null;
  /** Audio files in manifest order: mix first, then stems. */
  audio: AudioFile[];
  /** Zip entries as the structure level read them (packages only). */
  entries: ZipEntry[];
  /** Add findings, remembering their codes per audio path. */
  add(...fs: Finding[]): void;
}

/** A fresh context. */
export function createCtx(profile: Profile): Ctx {
  const ctx: Ctx = {
    findings: [],
    profile,
    manifest: null,
    audio: [],
    entries: [],
    add(...fs) {
      for (const f of fs) {
        ctx.findings.push(f);
        const a = ctx.audio.find((x) => x.path === f.path);
        a?.codes.add(f.code);
      }
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
