/**
 * Walking the pack inputs: folders recursively (hidden entries skipped, session bundle folders
 * not entered), files as given. Reads only names, stats and the first bytes of each file.
 * @module
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { sessionFileKind } from '../container/names.js';
import { SNIFF_BYTES, sniff, type Sniff } from './sniff.js';

/** One file or folder found among the inputs. */
export interface ScannedFile {
  /** Filesystem path (input folder joined with the relative path, or the input file as given). */
  path: string;
  /** Path relative to its input folder with `/` separators (the base name for file inputs). */
  rel: string;
  /** True for a session bundle folder (`Foo.logicx/`). */
  dir: boolean;
  size: number;
  /** Modification time in ms since the epoch. */
  mtimeMs: number;
  /** The DAW a session file or bundle belongs to, else null. */
  session: string | null;
  sniff: Sniff | null;
}

async function head(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const b = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await fh.read(b, 0, SNIFF_BYTES, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function file(path: string, rel: string, size: number, mtimeMs: number): Promise<ScannedFile> {
  const session = sessionFileKind(rel);
  const s = session === null ? sniff(await head(path), rel) : null;
  return { path, rel, dir: false, size, mtimeMs, session, sniff: s };
}

async function walk(root: string, relDir: string, out: ScannedFile[], seen: Set<string>): Promise<void> {
  const dir = relDir === '' ? root : join(root, relDir);
  const real = await realpath(dir);
  if (seen.has(real)) return; // a symbolic link loop, or a folder given twice
  seen.add(real);
  const entries = (await readdir(dir, { withFileTypes: true })).map((e) => e.name).sort();
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const rel = relDir === '' ? name : `${relDir}/${name}`;
    const path = join(root, rel);
    const st = await stat(path);
    if (st.isDirectory()) {
      const session = sessionFileKind(`${rel}/`);
      if (session !== null) {
        out.push({ path, rel: `${rel}/`, dir: true, size: 0, mtimeMs: st.mtimeMs, session, sniff: null });
        continue;
      }
      await walk(root, rel, out, seen);
    } else if (st.isFile()) {
      out.push(await file(path, rel, st.size, st.mtimeMs));
    }
  }
}

/**
 * Scan pack inputs: each a folder (walked recursively in name order, skipping names starting
 * with `.`, not entering session bundle folders) or a file. Symbolic links are followed (each
 * folder entered once, so links cannot loop); a file reached twice is listed once.
 * Throws on a missing input (an I/O error for the caller to report).
 */
export async function scanInputs(inputs: string[]): Promise<ScannedFile[]> {
  const all: ScannedFile[] = [];
  const seen = new Set<string>();
  const out = all;
  for (const input of inputs) {
    const st = await stat(input);
    if (st.isDirectory()) {
      const session = sessionFileKind(`${basename(input)}/`);
      if (session !== null) {
        out.push({ path: input, rel: `${basename(input)}/`, dir: true, size: 0, mtimeMs: st.mtimeMs, session, sniff: null });
        continue;
      }
      await walk(input, '', out, seen);
    } else {
      out.push(await file(input, basename(input), st.size, st.mtimeMs));
    }
  }
  const files = new Set<string>();
  return all.filter((f) => {
    const k = resolve(f.path);
    if (files.has(k)) return false;
    files.add(k);
    return true;
  });
}
