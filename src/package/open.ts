/**
 * Opening a package for reading: the zip directory, the manifest, and a ByteSource and header
 * for each audio item. A core shared by the tools that read packages (render, null, inspect);
 * the validator runs its own level-by-level checks on the same cores.
 */
import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import type { AudioHeader } from '../model/audio.js';
import type { AudioItem, Manifest, Stem } from '../model/manifest.js';
import { MANIFEST_NAME } from '../model/manifest.js';
import { readZip } from '../container/read-zip.js';
import type { ZipEntry } from '../container/zip-entry.js';
import { entrySource, readEntryBytes } from '../container/entry-data.js';
import { parseManifest, MAX_MANIFEST_BYTES } from '../manifest/index.js';
import { readAudioHeader } from '../audio/index.js';

/** One audio file of an opened package. */
export interface OpenedAudio {
  item: AudioItem | Stem;
  /** The stored entry as a byte source (null when missing or not stored). */
  source: ByteSource | null;
  header: AudioHeader | null;
}

export interface OpenedPackage {
  entries: ZipEntry[];
  manifest: Manifest | null;
  /** The raw manifest bytes (null when unreadable). */
  manifestBytes: Uint8Array | null;
  /** The mix first, then the stems in manifest order. Empty when the manifest is unusable. */
  audio: OpenedAudio[];
  findings: Finding[];
}

/** Read the directory, the manifest and every audio header (no sample data). */
export async function openPackage(src: ByteSource): Promise<OpenedPackage> {
  const zip = await readZip(src);
  const findings: Finding[] = [...zip.findings];
  const byName = new Map(zip.entries.map((e) => [e.name, e]));
  const out: OpenedPackage = { entries: zip.entries, manifest: null, manifestBytes: null, audio: [], findings };
  const me = byName.get(MANIFEST_NAME);
  if (!me || !me.readable) return out;
  const mb = await readEntryBytes(src, me, MAX_MANIFEST_BYTES);
  findings.push(...mb.findings);
  if (!mb.bytes) return out;
  out.manifestBytes = mb.bytes;
  const parsed = parseManifest(mb.bytes);
  findings.push(...parsed.findings);
  if (!parsed.manifest) return out;
  const m = parsed.manifest;
  out.manifest = m;
  for (const item of [m.mix, ...m.stems]) {
    const e = byName.get(item.path);
    if (!e || !e.readable || e.method !== 0) {
      out.audio.push({ item, source: null, header: null });
      continue;
    }
    const source = entrySource(src, e);
    const h = await readAudioHeader(source);
    findings.push(...h.findings);
    out.audio.push({ item, source, header: h.header });
  }
  return out;
}
