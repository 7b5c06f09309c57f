/**
 * A cheap identity of a package file, for `--resume`: size + modification time + the SHA-256
 * of the manifest entry's stored bytes. Computing it reads only the ZIP directory and the
 * manifest (kilobytes), not the audio. Two reads of an unchanged file give the same digest; a
 * rewritten manifest, a different size or a touched file give a new one. (It is not a content
 * hash: an audio byte changed in place with the same size and mtime restored would not show.)
 * @module
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { ByteSource } from '../model/byte-source.js';
import { MANIFEST_NAME, readZip } from '../container/index.js';
import { openFileSource } from '../io/file-source.js';

/** The parts of a package's identity and the digest made from them. */
export interface PackageIdentity {
  bytes: number;
  /** Modification time in ms since the epoch (integer), or null for URLs. */
  mtimeMs: number | null;
  /** SHA-256 of the manifest entry as stored (compressed bytes, hex), or null when there is none. */
  manifestSha256: string | null;
  /** `<bytes>-<mtimeMs>-<manifestSha256>`: the key `--resume` compares. */
  digest: string;
}

/** Identity of a package read through `src` (`mtimeMs` from the caller: null when unknown). */
export async function identityOf(src: ByteSource, mtimeMs: number | null): Promise<PackageIdentity> {
  let manifestSha256: string | null = null;
  const { entries } = await readZip(src, { packageLayout: false });
  const e = entries.find((x) => x.name === MANIFEST_NAME && x.readable);
  if (e) {
    const h = createHash('sha256');
    for (let p = 0; p < e.compressedSize; ) {
      const b = await src.read(e.dataOffset + p, Math.min(1 << 20, e.compressedSize - p));
      if (b.length === 0) break;
      h.update(b);
      p += b.length;
    }
    manifestSha256 = h.digest('hex');
  }
  return { bytes: src.size, mtimeMs, manifestSha256, digest: `${src.size}-${mtimeMs ?? 'url'}-${manifestSha256 ?? 'none'}` };
}

/** Identity of a package file. Throws on I/O errors. */
export async function packageIdentity(path: string): Promise<PackageIdentity> {
  const st = await stat(path);
  const src = await openFileSource(path);
  try {
    return await identityOf(src, Math.trunc(st.mtimeMs));
  } finally {
    await src.close();
  }
}
