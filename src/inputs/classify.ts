/**
 * The one classification of the files of a stem folder, shared by `pack` and folder validation
 * (CLI and browser page): every file is a session (refused), an archive (refused), audio in a
 * WAV/AIFF container (its header decides), audio in another format (refused), or something else
 * (a document, an image: ignored and listed). Hidden names are skipped. Pure functions over a
 * name and a byte prefix (browser-safe); walking a folder is `scan.ts` (Node).
 * @module
 */
import { isNestedArchive, sessionFileKind } from '../container/names.js';
import { sniff } from './sniff.js';

/** Bytes of a file's start {@link classifyInput} looks at (262 to see a tar header's `ustar`). */
export const INPUT_HEAD_BYTES = 512;

/** What an input file (or folder) is. */
export type InputClass =
  /** A DAW session file, or a session bundle folder (name ending in `/`): SP-SES-001. */
  | { kind: 'session'; daw: string; bundle: boolean }
  /** An archive (ZIP, another .stempack, RAR, 7z, tar, gzip...): SP-ZIP-011. */
  | { kind: 'archive'; format: string }
  /** RIFF/RF64/BW64 WAVE or AIFF/AIFF-C: read its header to know more. */
  | { kind: 'audio'; format: string }
  /** Audio that is not WAV/AIFF (MP3, AAC/ALAC, FLAC, Ogg/Opus, WMA...): SP-AUD-001. */
  | { kind: 'unsupported-audio'; format: string }
  /** Anything else; `format` is the extension (or `unknown`). Ignored, and listed as such. */
  | { kind: 'other'; format: string };

/** A file left out because it is not audio, with why. */
export interface IgnoredInput {
  /** The file as findings name it (relative to the folder). */
  path: string;
  /** Why it was left out: `not-audio` (a document, image or other file that is not packed). */
  reason: 'not-audio';
  /** Its extension, or `unknown`. */
  format: string;
}

/** True when a segment of the relative path starts with `.` (`.DS_Store`, `.git/...`): skipped, as pack skips it. */
export function isHiddenPath(rel: string): boolean {
  return rel.split('/').some((s) => s.startsWith('.') && s !== '.' && s !== '..');
}

/**
 * The session bundle folder a relative path lies in (or is), with a trailing `/`, or null:
 * the shortest prefix of folders that {@link sessionFileKind} calls a session
 * (`Song.logicx/`, `Session File Backups/`, `Ableton Project Info/`...). A walker that lists
 * every file of a folder (the page) reports the bundle once, as pack's walker, which does not
 * enter it, does.
 */
export function sessionBundleRoot(rel: string): string | null {
  const segs = rel.split('/');
  // every folder segment: all but the last (the empty one after a trailing `/`, or the file name)
  for (let i = 1; i < segs.length; i++) {
    const prefix = `${segs.slice(0, i).join('/')}/`;
    if (sessionFileKind(prefix) !== null) return prefix;
  }
  return null;
}

/** The name of an archive format from magic bytes, else from the extension. */
export function archiveFormat(name: string, head: Uint8Array): string {
  const at = (o: number, ...sig: number[]) => head.length >= o + sig.length && sig.every((v, i) => head[o + i] === v);
  const ext = name.toLowerCase();
  if (ext.endsWith('.stempack')) return 'stempack package';
  if (at(0, 0x50, 0x4b)) return 'ZIP';
  if (at(0, 0x52, 0x61, 0x72, 0x21)) return 'RAR';
  if (at(0, 0x37, 0x7a, 0xbc, 0xaf)) return '7z';
  if (at(0, 0x1f, 0x8b)) return 'gzip';
  if (at(0, 0x42, 0x5a, 0x68)) return 'bzip2';
  if (at(0, 0xfd, 0x37, 0x7a, 0x58, 0x5a)) return 'xz';
  if (at(0, 0x28, 0xb5, 0x2f, 0xfd)) return 'Zstandard';
  if (at(257, 0x75, 0x73, 0x74, 0x61, 0x72)) return 'tar';
  const m = /\.([a-z0-9]+)$/.exec(ext);
  const byExt: Record<string, string> = { zip: 'ZIP', rar: 'RAR', '7z': '7z', tar: 'tar', gz: 'gzip', tgz: 'gzip (tar)', bz2: 'bzip2', tbz: 'bzip2 (tar)', tbz2: 'bzip2 (tar)', xz: 'xz', txz: 'xz (tar)', zst: 'Zstandard', zstd: 'Zstandard', dmg: 'disk image', iso: 'disk image', cab: 'CAB', lz: 'lzip', lzma: 'LZMA', z: 'compress' };
  return (m && byExt[m[1]!]) ?? 'archive';
}

/**
 * Classify one input from its path relative to its folder (`/`-separated; a trailing `/` for a
 * folder) and its first {@link INPUT_HEAD_BYTES} bytes (empty for a folder). In this order:
 * a session by name (spec §4); an archive by name (spec §3.5: a file named like one would be
 * an archive-named entry); WAV/AIFF by magic; an archive by magic; other audio by magic or
 * name; anything else.
 */
export function classifyInput(rel: string, head: Uint8Array): InputClass {
  const daw = sessionFileKind(rel);
  if (daw !== null) return { kind: 'session', daw, bundle: rel.endsWith('/') || sessionBundleRoot(rel) !== null };
  const base = rel.slice(rel.lastIndexOf('/', rel.length - 2) + 1);
  if (isNestedArchive(base)) return { kind: 'archive', format: archiveFormat(base, head) };
  const s = sniff(head, base);
  if (s.kind === 'audio') return { kind: 'audio', format: s.format };
  if (isNestedArchive('', head)) return { kind: 'archive', format: archiveFormat(base, head) };
  if (s.kind === 'unsupported-audio') return { kind: 'unsupported-audio', format: s.format };
  return { kind: 'other', format: s.format };
}
