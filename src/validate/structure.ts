/**
 * Level 1, structure: the ZIP, the manifest and completeness (spec §3, §4, §5.1-5.3 sizes).
 * Reads the central directory, local headers, the manifest and the first bytes of entries
 * (for archive magic): never the sample data.
 *
 * Cascade rules (one break, one code):
 * - an unlisted entry that is a session file gives SP-SES-001 only, a nested archive SP-ZIP-011
 *   only; SP-ZIP-010 is for other unlisted entries;
 * - a listed path missing from the package gives SP-MAN-003 and nothing else for that file;
 * - a listed audio path whose content is an archive gives SP-ZIP-011 only (not SP-AUD-001);
 * - a manifest of a future major version (SP-VER-001): only the container (§3, §4) is checked,
 *   no audio file is looked at.
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding } from '../model/finding.js';
import { MANIFEST_NAME } from '../model/manifest.js';
import { readZip } from '../container/read-zip.js';
import { readEntryBytes } from '../container/entry-data.js';
import { isNestedArchive, sessionFileKind } from '../container/names.js';
import type { ZipEntry } from '../container/zip-entry.js';
import { SliceSource } from '../io/slice-source.js';
import { MAX_MANIFEST_BYTES, parseManifest } from '../manifest/parse.js';
import { checkManifestSemantics } from '../manifest/semantics.js';
import type { TrustOptions } from '../sign/check.js';
import { isSignatureEntry } from '../sign/names.js';
import { AUDIO_EXTS, extOf, type Ctx } from './context.js';
import { recoverManifest } from './recover.js';

/** Bytes read from the start of each entry to sniff archive magic (ustar sits at 257). */
const SNIFF_BYTES = 262;
/** Most entries whose first bytes are sniffed (bounds the work on hostile archives). */
const MAX_SNIFF = 10_000;

/** Signatures beside the package and allowed signers (spec §3.6, §3.7). */
export interface StructureSignatureOptions {
  detached?: readonly { path: string; bytes: Uint8Array }[];
  trust?: TrustOptions;
}

/** Run the structure level; fills `ctx.manifest` and `ctx.audio`. */
export async function checkStructure(ctx: Ctx, src: ByteSource, name: string | undefined, sig: StructureSignatureOptions = {}): Promise<void> {
  if (name !== undefined && !/\.stempack$/i.test(name)) {
    ctx.add(finding('SP-ZIP-003', '', { name }));
  }
  const zip = await readZip(src);
  ctx.addAll(zip.findings);
  const entries = zip.entries;
  ctx.entries = entries;
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) if (!byName.has(e.name)) byName.set(e.name, e);

  // manifest
  /** A manifest of a major version we do not implement: only the container is checked (spec §11, SP-VER-001). */
  let futureMajor = false;
  const manEntry = byName.get(MANIFEST_NAME);
  let manifestBytes: Uint8Array | null = null;
  if (manEntry) {
    const got = await readEntryBytes(src, manEntry, MAX_MANIFEST_BYTES);
    ctx.addAll(got.findings);
    manifestBytes = got.bytes;
    if (got.bytes) {
      const parsed = parseManifest(got.bytes);
      ctx.addAll(parsed.findings);
      futureMajor = parsed.findings.some((f) => f.code === 'SP-VER-001');
      // unknown members (SP-MAN-002) do not stop the other checks: read on without them (spec §11)
      ctx.manifest = parsed.manifest ?? (futureMajor ? null : recoverManifest(got.bytes, parsed.findings));
      if (ctx.manifest) ctx.addAll(checkManifestSemantics(ctx.manifest));
    } else if (got.reason === 'too-large') {
      ctx.add(
        finding('SP-MAN-001', MANIFEST_NAME, { reason: 'too-large', bytes: manEntry.size, limit: MAX_MANIFEST_BYTES }),
      );
    }
  }
  const m = ctx.manifest;

  // the audio files: from the manifest, or by extension when there is none
  if (m) {
    ctx.audio.push({ path: m.mix.path, item: m.mix, isMix: true, codes: new Set() });
    for (const s of m.stems) ctx.audio.push({ path: s.path, item: s, isMix: false, codes: new Set() });
  } else if (!futureMajor) {
    const audio = entries.filter((e) => !e.isDirectory && AUDIO_EXTS.has(extOf(e.name)));
    const mix = audio.find((e) => e.name.startsWith('mix/')) ?? null;
    if (mix) ctx.audio.push({ path: mix.name, isMix: true, codes: new Set() });
    for (const e of audio) if (e !== mix) ctx.audio.push({ path: e.name, isMix: false, codes: new Set() });
  }

  // completeness: listed paths present, sizes agree
  const listed = new Map<string, number>();
  if (m) {
    const items: { path: string; bytes: number; pointer: string }[] = [
      { path: m.mix.path, bytes: m.mix.bytes, pointer: '/mix' },
      ...m.stems.map((s, i) => ({ path: s.path, bytes: s.bytes, pointer: `/stems/${i}` })),
      ...(m.attachments ?? []).map((a, i) => ({ path: a.path, bytes: a.bytes, pointer: `/attachments/${i}` })),
    ];
    for (const it of items) {
      listed.set(it.path, it.bytes);
      const e = byName.get(it.path);
      if (!e || e.isDirectory) {
        ctx.add(finding('SP-MAN-003', it.path, { pointer: it.pointer }));
      } else if (e.size !== it.bytes) {
        ctx.add(finding('SP-MAN-004', it.path, { expected: it.bytes, found: e.size }));
      }
    }
  }

  // every entry: session files, nested archives, unlisted
  const badNames = new Set(zip.findings.filter((f) => f.code === 'SP-ZIP-008' || f.code === 'SP-ZIP-009').map((f) => f.path));
  let sniffed = 0;
  const audioPaths = new Set(ctx.audio.map((a) => a.path));
  const nested = new Set<string>();
  for (const e of entries) {
    // non-audio entries are stored or deflated (SP-ZIP-007); audio entries have SP-ZIP-006, the
    // mimetype SP-ZIP-002, encrypted entries SP-ZIP-014
    if (!e.isDirectory && !e.encrypted && e.method !== 0 && e.method !== 8 && e.name !== 'mimetype' && !audioPaths.has(e.name)) {
      ctx.add(finding('SP-ZIP-007', e.name, { reason: 'method', method: e.method }));
    }
    if (e.name === 'mimetype' || e.name === MANIFEST_NAME) continue;
    const session = sessionFileKind(e.name);
    if (session) {
      ctx.add(finding('SP-SES-001', e.name, { daw: session }));
      continue;
    }
    if (e.isDirectory) continue;
    let first: Uint8Array | undefined;
    if (e.readable && e.method === 0 && !e.encrypted && sniffed < MAX_SNIFF) {
      sniffed++;
      first = await new SliceSource(src, e.dataOffset, Math.min(e.compressedSize, SNIFF_BYTES)).read(0, SNIFF_BYTES);
    }
    if (isNestedArchive(e.name, first)) {
      ctx.add(finding('SP-ZIP-011', e.name, {}));
      nested.add(e.name);
      continue;
    }
    // an entry whose name is unsafe or collides is reported as such (SP-ZIP-008/009), not also as
    // unlisted; signature entries are not listed (spec §3.5, §3.6)
    if (m && !listed.has(e.name) && !badNames.has(e.name) && !isSignatureEntry(e.name)) {
      ctx.add(finding('SP-ZIP-010', e.name, {}));
    }
  }

  // signatures over the manifest's exact bytes (spec §3.6), and their signers (§3.7); the
  // signature code is loaded only for a package that has signatures or a caller that asks
  if (sig.trust || sig.detached?.length || entries.some((e) => isSignatureEntry(e.name))) {
    const { checkSignatures } = await import('../sign/check.js');
    ctx.add(
      ...(await checkSignatures({
        src,
        entries,
        manifest: manEntry ? { entry: manEntry, bytes: manifestBytes } : null,
        ...(sig.detached ? { detached: sig.detached } : {}),
        ...(sig.trust ? { trust: sig.trust } : {}),
      })),
    );
  }

  // audio entries stored (an encrypted one, AES being method 99, is SP-ZIP-014 alone)
  for (const a of ctx.audio) {
    const e = byName.get(a.path);
    if (!e || e.isDirectory) continue;
    a.entry = e;
    if (e.method !== 0 && !e.encrypted) {
      ctx.add(finding('SP-ZIP-006', a.path, { method: e.method }));
    } else if (e.readable && !e.encrypted && !nested.has(a.path)) {
      // an audio path holding an archive is SP-ZIP-011 alone: its "header" is not read (no SP-AUD-001)
      a.src = new SliceSource(src, e.dataOffset, e.compressedSize, e.name);
    }
  }
}
