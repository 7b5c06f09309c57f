/**
 * Add or remove small stored entries at the end of an archive without touching any other
 * entry: the bytes up to the first entry removed (or up to the central directory) are kept as
 * they are, the new entries are appended after them, and a new central directory is written
 * whose headers for the kept entries are copied byte for byte (their offsets do not change).
 * This is how signatures are added to a package (spec §3.6): every audio byte keeps its place.
 *
 * The result is described as a plan: keep `[0, keep)` of the original, then write `tail`. The
 * caller applies it (copy or truncate a file, then write the tail), so multi-gigabyte packages
 * are never read through this module. Pure: runs in Node and browsers.
 *
 * Ref: PKWARE APPNOTE.TXT 6.3.10 §4.3.7 (local headers), §4.3.12 (central headers),
 * §4.3.14-4.3.16 (end records).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { crc32 } from './crc32.js';
import type { ReadZipResult } from './read-zip.js';
import { endOfCentralDirectory, storedCentralRecord, storedLocalHeader } from './stored-layout.js';
import type { ZipEntry } from './zip-entry.js';

/** A new stored entry. */
export interface NewEntry {
  name: string;
  data: Uint8Array;
}

/** What to write: the first `keep` bytes of the original, then `tail`. */
export interface TailRewrite {
  keep: number;
  tail: Uint8Array;
  /** Size of the rewritten archive. */
  size: number;
  /** Names of the entries removed. */
  removed: string[];
}

/** The archive cannot be rewritten this way (a caller- or input-level problem, with a message for people). */
export class RewriteError extends Error {
  override name = 'RewriteError';
}

/**
 * Plan the rewrite of `src` (read by {@link readZip} into `zip`): drop the entries `drop`
 * selects, append `add` (stored, in order). Throws {@link RewriteError} when the archive's
 * structure is broken (SP-ZIP-001 or SP-ZIP-007 findings), when an entry to drop lies before an
 * entry that is kept (it could only be orphaned), or when a new name collides with a kept entry.
 */
export async function planTailRewrite(src: ByteSource, zip: ReadZipResult, drop: (e: ZipEntry) => boolean, add: readonly NewEntry[]): Promise<TailRewrite> {
  const broken = zip.findings.filter((f) => f.code === 'SP-ZIP-001' || f.code === 'SP-ZIP-007');
  if (broken.length > 0 || !zip.directory) {
    const f = broken[0];
    throw new RewriteError(`the archive's structure is damaged (${f ? `${f.code} ${f.path || '(package)'}: ${f.message}` : 'no central directory'}); it cannot be rewritten safely`);
  }
  const dropped = zip.entries.filter(drop);
  const kept = zip.entries.filter((e) => !drop(e));
  const keep = Math.min(zip.directory.offset, ...dropped.map((e) => e.localHeaderOffset));
  for (const e of kept) {
    if (e.localHeaderOffset >= keep) {
      const first = dropped.find((d) => d.localHeaderOffset === keep);
      throw new RewriteError(`${first?.name ?? 'an entry to remove'} lies before ${e.name}; only entries stored after every other entry can be removed without moving the others`);
    }
    if (!e.central) throw new RewriteError(`${e.name}: its central directory header was not located`);
  }
  const keptNames = new Set(kept.map((e) => e.name));
  for (const a of add) if (keptNames.has(a.name)) throw new RewriteError(`the archive already has an entry ${a.name}`);

  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = keep;
  const placed: { spec: { name: string; size: number; crc32: number }; at: number }[] = [];
  for (const a of add) {
    const spec = { name: a.name, size: a.data.length, crc32: crc32(a.data) };
    const header = storedLocalHeader(spec);
    parts.push(header, a.data);
    placed.push({ spec, at: offset });
    offset += header.length + a.data.length;
  }
  for (const e of kept) central.push((await src.read(e.central!.offset, e.central!.length)).slice());
  for (const p of placed) central.push(storedCentralRecord(p.spec, p.at));
  const cdLength = central.reduce((n, c) => n + c.length, 0);
  const end = endOfCentralDirectory(kept.length + placed.length, offset, cdLength, zip.zip64);
  const tail = new Uint8Array(offset - keep + cdLength + end.length);
  let at = 0;
  for (const p of [...parts, ...central, end]) {
    tail.set(p, at);
    at += p.length;
  }
  return { keep, tail, size: keep + tail.length, removed: dropped.map((e) => e.name) };
}

/** Apply a plan in memory (small archives, tests, the browser). */
export async function applyTailRewrite(src: ByteSource, plan: TailRewrite): Promise<Uint8Array> {
  const out = new Uint8Array(plan.size);
  const CHUNK = 4 << 20;
  for (let p = 0; p < plan.keep; ) {
    const b = await src.read(p, Math.min(CHUNK, plan.keep - p));
    if (b.length === 0) throw new Error(`${src.name}: read returned no bytes at ${p}`);
    out.set(b, p);
    p += b.length;
  }
  out.set(plan.tail, plan.keep);
  return out;
}
