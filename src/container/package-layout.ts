/**
 * The stempack layout rules on top of a plain ZIP: `mimetype` first, stored, no extra field,
 * exact content at byte 38 (so `file`-style magic sniffing works, as in EPUB/ODF); the manifest
 * `stempack.json` at the root, ideally second.
 * Ref: spec §3.2; EPUB OCF 3.3 §4.2.4 for the mimetype convention.
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding, type Finding, type ParamsOf } from '../model/finding.js';
import type { ZipEntry } from './zip-entry.js';

/** The exact content of the `mimetype` entry. */
export const STEMPACK_MIMETYPE = 'application/vnd.stempack+zip';
/** Name of the manifest entry. */
export const MANIFEST_NAME = 'stempack.json';
/** Offset of the mimetype content in a conforming package: 30-byte local header + `mimetype`. */
export const MIMETYPE_DATA_OFFSET = 38;

const MIME_BYTES = new TextEncoder().encode(STEMPACK_MIMETYPE);

/** SP-ZIP-002 / -004 / -005 checks over entries {@link readZip} returned. */
export async function checkPackageLayout(src: ByteSource, entries: ZipEntry[]): Promise<Finding[]> {
  const out: Finding[] = [];
  const f002 = (params: ParamsOf<'SP-ZIP-002'>) => out.push(finding('SP-ZIP-002', 'mimetype', params));
  if (entries.length === 0) {
    f002({ reason: 'missing' });
    out.push(finding('SP-ZIP-004', MANIFEST_NAME, {}));
    return out;
  }
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset || a.index - b.index);
  const m = entries.find((e) => e.name === 'mimetype');
  if (!m) {
    f002({ reason: 'missing' });
  } else {
    if (entries[0] !== m) f002({ reason: 'not-first-in-directory', index: m.index });
    if (byOffset[0] !== m || m.localHeaderOffset !== 0) f002({ reason: 'not-first-in-archive', offset: m.localHeaderOffset });
    if (m.method !== 0) f002({ reason: 'compressed', method: m.method });
    if (m.dataOffset >= 0 && m.dataOffset - m.localHeaderOffset !== 38) {
      f002({ reason: 'extra-field', extraLength: m.dataOffset - m.localHeaderOffset - 38 });
    }
    let ok = m.method === 0 && m.readable && m.size === MIME_BYTES.length && m.compressedSize === MIME_BYTES.length;
    if (ok) {
      const got = await src.read(m.dataOffset, MIME_BYTES.length);
      ok = got.length === MIME_BYTES.length && MIME_BYTES.every((b, i) => got[i] === b);
    }
    if (!ok) f002({ reason: 'content', size: m.size });
  }
  const man = entries.find((e) => e.name === MANIFEST_NAME);
  if (!man) {
    out.push(finding('SP-ZIP-004', MANIFEST_NAME, {}));
  } else if (entries[1] !== man || byOffset[1] !== man) {
    out.push(finding('SP-ZIP-005', MANIFEST_NAME, { index: man.index }));
  }
  return out;
}
