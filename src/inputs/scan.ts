/**
 * Walking input folders on disk (Node only): folders recursively (hidden entries skipped,
 * session bundle folders not entered), files as given, each classified by {@link classifyInput}.
 * Reads only names, stats and the first bytes of each file. Used by pack and by folder validation.
 * @module
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { sessionFileKind } from '../container/names.js';
import { classifyInput, INPUT_HEAD_BYTES, type InputClass } from './classify.js';

/** One file or folder found among the inputs. */
export interface ScannedFile {
  /** Filesystem path (input folder joined with the relative path, or the input file as given). */
  path: string;
  /** Path relative to its input folder with `/` separators (the base name for file inputs; a trailing `/` for a bundle folder). */
  rel: string;
  /** True for a session bundle folder (`Foo.logicx/`). */
  dir: boolean;
  size: number;
  /** Modification time in ms since the epoch. */
  mtimeMs: number;
  /** What the file is. */
  cls: InputClass;
}

async function head(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const b = new Uint8Array(INPUT_HEAD_BYTES);
    const { bytesRead } = await fh.read(b, 0, INPUT_HEAD_BYTES, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function file(path: string, rel: string, size: number, mtimeMs: number): Promise<ScannedFile> {
  // a session file is known by its name: its bytes are not read
  const bytes = sessionFileKind(rel) === null ? await head(path) : new Uint8Array(0);
  return { path, rel, dir: false, size, mtimeMs, cls: classifyInput(rel, bytes) };
}

function bundle(path: string, rel: string, mtimeMs: number): ScannedFile {
  return { path, rel, dir: true, size: 0, mtimeMs, cls: classifyInput(rel, new Uint8Array(0)) };
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
      if (sessionFileKind(`${rel}/`) !== null) {
        out.push(bundle(path, `${rel}/`, st.mtimeMs));
        continue;
      }
      await walk(root, rel, out, seen);
    } else if (st.isFile()) {
      out.push(await file(path, rel, st.size, st.mtimeMs));
    }
  }
}

/**
 * Scan inputs: each a folder (walked recursively in name order, skipping names starting
 * with `.`, not entering session bundle folders) or a file. Symbolic links are followed (each
 * folder entered once, so links cannot loop); a file reached twice is listed once.
 * Throws on a missing input (an I/O error for the caller to report).
 */
export async function scanInputs(inputs: string[]): Promise<ScannedFile[]> {
  const all: ScannedFile[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const st = await stat(input);
    if (st.isDirectory()) {
      if (sessionFileKind(`${basename(input)}/`) !== null) {
        all.push(bundle(input, `${basename(input)}/`, st.mtimeMs));
        continue;
      }
      await walk(input, '', all, seen);
    } else {
      all.push(await file(input, basename(input), st.size, st.mtimeMs));
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
