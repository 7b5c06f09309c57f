/**
 * Adding and removing the signatures of a package file (spec §3.6), atomically: the package is
 * copied to a temporary file beside the target by the kernel (`copyFile`, a reflink where the
 * file system has them), cut where its signature entries start, and given its new signature
 * entries and a new central directory; then renamed into place. The audio bytes never pass
 * through this process, and every entry other than the signatures keeps its bytes and offset.
 * Node only.
 * @module
 */
import { constants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { MANIFEST_NAME } from '../model/manifest.js';
import { readZip } from '../container/read-zip.js';
import { readEntryBytes } from '../container/entry-data.js';
import { planTailRewrite, RewriteError, type NewEntry } from '../container/append-entries.js';
import { FileSource } from '../io/file-source.js';
import { openAtomicOutput } from '../io/atomic.js';
import { MAX_MANIFEST_BYTES } from '../manifest/parse.js';
import { isSignatureEntry } from './names.js';

/** The package cannot be signed as asked (usage error: the CLI prints it and exits 2). */
export class PackageSignError extends Error {
  override name = 'PackageSignError';
}

/** A package's manifest bytes and its signature entries, for signing. */
export interface SignablePackage {
  manifestBytes: Uint8Array;
  /** Entry names of the signatures it carries, in archive order. */
  signatures: string[];
}

/** Read what signing needs. Throws {@link PackageSignError} when there is no readable manifest. */
export async function readSignable(path: string): Promise<SignablePackage> {
  const src = await FileSource.open(path);
  try {
    const zip = await readZip(src);
    const me = zip.entries.find((e) => e.name === MANIFEST_NAME);
    if (!me) throw new PackageSignError(`${path} has no ${MANIFEST_NAME}: not a stempack package`);
    const got = await readEntryBytes(src, me, MAX_MANIFEST_BYTES);
    if (!got.bytes) throw new PackageSignError(`${path}: the manifest cannot be read (${got.findings[0]?.message ?? got.reason ?? 'unreadable'})`);
    return { manifestBytes: got.bytes, signatures: zip.entries.filter((e) => isSignatureEntry(e.name)).map((e) => e.name) };
  } finally {
    await src.close();
  }
}

/** What to change. */
export interface SignatureEdit {
  /** Signature entries to add (full entry names) with their armoured text; an existing entry of the same name is replaced. */
  add?: { entry: string; text: string }[];
  /** Signature entry names to remove. */
  remove?: string[];
}

/** What {@link rewriteSignatures} did. */
export interface RewriteResult {
  output: string;
  /** Bytes of the original kept as they were (every entry but the signatures). */
  kept: number;
  size: number;
  signatures: string[];
  added: string[];
  removed: string[];
}

/**
 * Write `input` with its signature entries edited to `output` (default: `input` itself,
 * replaced atomically). The signature entries are written last, sorted by name, so a package's
 * bytes depend only on which signatures it carries. Throws {@link PackageSignError} for an
 * unknown name to remove or a package whose ZIP structure is damaged.
 */
export async function rewriteSignatures(input: string, edit: SignatureEdit, opts: { output?: string; force?: boolean } = {}): Promise<RewriteResult> {
  const src = await FileSource.open(input);
  let plan;
  let added: string[];
  let removed: string[];
  let signatures: string[];
  try {
    const zip = await readZip(src);
    const existing = zip.entries.filter((e) => !e.isDirectory && isSignatureEntry(e.name));
    const byName = new Map(existing.map((e) => [e.name, e]));
    for (const r of edit.remove ?? []) if (!byName.has(r)) throw new PackageSignError(`${input} has no signature ${r} (it has ${existing.map((e) => e.name).join(', ') || 'none'})`);
    const drop = new Set(edit.remove ?? []);
    const final = new Map<string, Uint8Array>();
    for (const e of existing) {
      if (drop.has(e.name)) continue;
      if (e.method !== 0 || !e.readable) throw new PackageSignError(`${input}: the signature entry ${e.name} is not a readable stored entry; remove it first (--remove)`);
      final.set(e.name, (await src.read(e.dataOffset, e.compressedSize)).slice());
    }
    const enc = new TextEncoder();
    for (const a of edit.add ?? []) final.set(a.entry, enc.encode(a.text));
    const entries: NewEntry[] = [...final.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => ({ name, data: final.get(name)! }));
    try {
      plan = await planTailRewrite(src, zip, (e) => byName.get(e.name) === e, entries);
    } catch (e) {
      if (e instanceof RewriteError) throw new PackageSignError(`${input}: ${e.message}`);
      throw e;
    }
    added = (edit.add ?? []).map((a) => a.entry);
    removed = [...drop];
    signatures = entries.map((e) => e.name);
  } finally {
    await src.close();
  }
  const before = await stat(input);
  const target = opts.output ?? input;
  const out = await openAtomicOutput(target, { force: opts.output === undefined ? true : (opts.force ?? false) });
  try {
    await copyFile(input, out.tempPath, constants.COPYFILE_FICLONE);
    const after = await stat(input);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new PackageSignError(`${input} changed while it was being signed; try again`);
    const fh = out.sink.handle;
    await fh.truncate(plan.keep);
    let done = 0;
    while (done < plan.tail.length) {
      const { bytesWritten } = await fh.write(plan.tail, done, plan.tail.length - done, plan.keep + done);
      done += bytesWritten;
    }
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { output: target, kept: plan.keep, size: plan.size, signatures, added, removed };
}
