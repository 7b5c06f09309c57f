/**
 * Entry-name rules shared by the validator (names inside a package) and by pack (names of
 * the files it is about to add). Pure functions, no I/O.
 *
 * Ref: spec §3.4 and §3.5; APPNOTE.TXT 4.4.17 (file name: relative path, forward slashes,
 * no drive or device letter, no leading slash).
 * @module
 */

/** Why a name is unsafe; `kind` is stable (tests and params use it). */
export interface NameProblem {
  kind: 'empty' | 'absolute' | 'backslash' | 'drive' | 'dotdot' | 'dot' | 'control' | 'empty-segment';
  /** Index (in UTF-16 code units) of the offending character or segment start. */
  index: number;
}

/**
 * Check one entry name against the safe-path rules: non-empty; no leading `/`; no backslash;
 * no drive letter (`C:`); no NUL or control character (U+0000–U+001F, U+007F); no `..` or `.`
 * segment; no empty segment (`a//b`). A single trailing `/` marks a directory and is allowed.
 * @returns the first problem found, or `null` when the name is safe.
 */
export function checkEntryName(name: string): NameProblem | null {
  if (name.length === 0) return { kind: 'empty', index: 0 };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return { kind: 'control', index: i };
  }
  if (name[0] === '/') return { kind: 'absolute', index: 0 };
  const bs = name.indexOf('\\');
  if (bs >= 0) return { kind: 'backslash', index: bs };
  if (/^[A-Za-z]:/.test(name)) return { kind: 'drive', index: 0 };
  const body = name.endsWith('/') ? name.slice(0, -1) : name;
  let start = 0;
  for (const seg of body.split('/')) {
    if (seg === '') return { kind: 'empty-segment', index: start };
    if (seg === '..') return { kind: 'dotdot', index: start };
    if (seg === '.') return { kind: 'dot', index: start };
    start += seg.length + 1;
  }
  return null;
}

/**
 * The key two names collide under: Unicode NFC normalisation then case folding
 * (`toLowerCase`, locale-independent). `é` composed and decomposed give the same key, and so
 * do `Stems/A.wav` and `stems/a.wav`. A trailing `/` is dropped so a directory entry and a
 * file of the same name collide too.
 */
export function collisionKey(name: string): string {
  const n = name.normalize('NFC').toLowerCase().normalize('NFC');
  return n.endsWith('/') ? n.slice(0, -1) : n;
}

const ARCHIVE_EXT = /\.(zip|stempack|rar|7z|tar|gz|tgz|bz2|tbz2?|xz|txz|zst|zstd|dmg|iso|cab|lz|lzma|z)$/i;

/**
 * True when an entry is itself an archive: by extension (zip, stempack, rar, 7z, tar, gz,
 * tgz, bz2, xz, zst, dmg, iso...) or, when `firstBytes` are given (at least 262 bytes to see
 * a tar header), by magic: `PK\x03\x04` / `PK\x05\x06`, `Rar!`, `7z\xBC\xAF`, gzip `1F 8B`,
 * bzip2 `BZh`, xz `FD 37 7A 58 5A 00`, zstd `28 B5 2F FD`, `ustar` at offset 257.
 * Ref: APPNOTE.TXT 4.3.7; RAR 5.0 format; 7z format; RFC 1952; POSIX ustar.
 */
export function isNestedArchive(name: string, firstBytes?: Uint8Array): boolean {
  const base = name.endsWith('/') ? name.slice(0, -1) : name;
  if (ARCHIVE_EXT.test(base)) return true;
  if (!firstBytes) return false;
  const b = firstBytes;
  const at = (o: number, ...sig: number[]) => b.length >= o + sig.length && sig.every((v, i) => b[o + i] === v);
  return (
    at(0, 0x50, 0x4b, 0x03, 0x04) ||
    at(0, 0x50, 0x4b, 0x05, 0x06) ||
    at(0, 0x52, 0x61, 0x72, 0x21) ||
    at(0, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) ||
    at(0, 0x1f, 0x8b) ||
    at(0, 0x42, 0x5a, 0x68) ||
    at(0, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) ||
    at(0, 0x28, 0xb5, 0x2f, 0xfd) ||
    at(257, 0x75, 0x73, 0x74, 0x61, 0x72)
  );
}

/** Session file extensions (lower case, with dot) and the DAW they belong to. */
const SESSION_EXT: ReadonlyArray<[string, string]> = [
  ['.ptx', 'Pro Tools'],
  ['.ptf', 'Pro Tools'],
  ['.pts', 'Pro Tools'],
  ['.logicx', 'Logic Pro'],
  ['.logic', 'Logic Pro'],
  ['.als', 'Ableton Live'],
  ['.alp', 'Ableton Live'],
  ['.cpr', 'Cubase'],
  ['.npr', 'Nuendo'],
  ['.flp', 'FL Studio'],
  ['.rpp', 'REAPER'],
  ['.rpp-bak', 'REAPER'],
  ['.song', 'Studio One'],
  ['.bwproject', 'Bitwig Studio'],
  ['.aup', 'Audacity'],
  ['.aup3', 'Audacity'],
  ['.band', 'GarageBand'],
  ['.ardour', 'Ardour'],
  ['.reason', 'Reason'],
  ['.sesx', 'Adobe Audition'],
  ['.cwp', 'Cakewalk'],
  ['.vip', 'Samplitude'],
  ['.dawproject', 'DAWproject'],
  ['.mmp', 'LMMS'],
  ['.mmpz', 'LMMS'],
];

/** Folder names (any path segment) that are DAW session bundles or session companions. */
const SESSION_DIRS: ReadonlyArray<[RegExp, string]> = [
  [/^session file backups$/i, 'Pro Tools'],
  [/^ableton project info$/i, 'Ableton Live'],
  [/\.logicx$/i, 'Logic Pro'],
  [/\.band$/i, 'GarageBand'],
  [/^digital performer/i, 'Digital Performer'],
];

/**
 * The DAW whose session file or session bundle folder `name` is (or lies inside), or `null`.
 * Looks at the last segment's extension (Pro Tools `.ptx/.ptf/.pts`, Logic `.logicx/.logic`,
 * Ableton `.als/.alp`, Cubase `.cpr`, Nuendo `.npr`, FL Studio `.flp`, REAPER `.rpp/.rpp-bak`,
 * Studio One `.song`, Bitwig `.bwproject`, Audacity `.aup/.aup3`, GarageBand `.band`, Ardour
 * `.ardour`, Reason `.reason`, Audition `.sesx`, Cakewalk `.cwp`, Samplitude `.vip`, DAWproject `.dawproject`, LMMS `.mmp/.mmpz`)
 * and at every folder segment (`Session File Backups/`,
 * `Ableton Project Info/`, `*.logicx/`, `*.band/`, folders named `Digital Performer…`).
 */
export function sessionFileKind(name: string): string | null {
  const segs = name.split('/').filter((s) => s !== '');
  if (segs.length === 0) return null;
  const isDir = name.endsWith('/');
  const dirs = isDir ? segs : segs.slice(0, -1);
  for (const d of dirs) {
    for (const [re, daw] of SESSION_DIRS) if (re.test(d)) return daw;
  }
  const last = segs[segs.length - 1]!.toLowerCase();
  for (const [ext, daw] of SESSION_EXT) if (last.endsWith(ext) && last.length > ext.length) return daw;
  return null;
}
