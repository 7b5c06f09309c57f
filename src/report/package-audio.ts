/**
 * Open the audio files of a `.stempack` for the overview pass and for region playback: the
 * central directory, the manifest (when it parses), and the header of every stored audio entry
 * the manifest lists (mix first, then stems in manifest order). Bounded reads only; never
 * throws on bad input (what cannot be opened is left out: the validator reports why).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import type { Manifest } from '../model/manifest.js';
import { MANIFEST_NAME } from '../model/manifest.js';
import { readZip } from '../container/read-zip.js';
import { entrySource, readEntryBytes } from '../container/entry-data.js';
import { MAX_MANIFEST_BYTES, parseManifest } from '../manifest/parse.js';
import { readAudioHeader } from '../audio/read/header.js';
import { readFrames } from '../audio/read/blocks.js';
import { accumulate, gainFromDb } from '../dsp/sum.js';
import type { OverviewInput } from './overview.js';

/** The audio of a package, ready to overview or play. */
export interface PackageAudio {
  manifest: Manifest | null;
  /** Mix first, then stems, as the manifest orders them. Only stored entries with a header. */
  files: OverviewInput[];
}

/** Read the package's manifest and audio headers (no sample data). */
export async function openPackageAudio(src: ByteSource): Promise<PackageAudio> {
  const zip = await readZip(src, { packageLayout: false });
  const byName = new Map(zip.entries.map((e) => [e.name, e]));
  const me = byName.get(MANIFEST_NAME);
  let manifest: Manifest | null = null;
  if (me) {
    const got = await readEntryBytes(src, me, MAX_MANIFEST_BYTES);
    if (got.bytes) manifest = parseManifest(got.bytes).manifest;
  }
  const items: { path: string; isMix: boolean; gainDb: number; name: string; role: string }[] = manifest
    ? [
        { path: manifest.mix.path, isMix: true, gainDb: 0, name: manifest.mix.name || manifest.mix.id, role: 'mix' },
        ...manifest.stems.map((s) => ({ path: s.path, isMix: false, gainDb: s.gainDb ?? 0, name: s.name || s.id, role: String(s.role) })),
      ]
    : zip.entries
        .filter((e) => !e.isDirectory && /\.(wav|wave|bwf|rf64|aif|aiff|aifc)$/i.test(e.name))
        .map((e) => ({ path: e.name, isMix: false, gainDb: 0, name: e.name, role: 'audio' }));
  const files: OverviewInput[] = [];
  for (const it of items) {
    const e = byName.get(it.path);
    if (!e || e.isDirectory || !e.readable || e.encrypted || e.method !== 0) continue;
    const s = entrySource(src, e);
    const { header } = await readAudioHeader(s);
    if (!header) continue;
    files.push({ path: it.path, src: s, header, isMix: it.isMix, gainDb: it.gainDb, name: it.name, role: it.role });
  }
  return { manifest, files };
}

/** A decoded region, planar float32, ready for an `AudioBuffer`. */
export interface Region {
  sampleRate: number;
  startFrame: number;
  /** One array per channel. */
  channels: Float32Array[];
}

/**
 * Decode `[startFrame, startFrame + frames)` of one file (`which` = its path) or of the null
 * residual (`which` = `'residual'`: mix minus the stems at their gains), reading only that range.
 * Returns null when the file is unknown or not decodable.
 */
export async function readRegion(pkg: PackageAudio, which: string, startFrame: number, frames: number): Promise<Region | null> {
  if (which === 'residual') {
    const mix = pkg.files.find((f) => f.isMix && f.header.lossless);
    const stems = pkg.files.filter((f) => !f.isMix && f.header.lossless);
    if (!mix || stems.length === 0) return null;
    const ch = mix.header.channels;
    if (stems.some((s) => s.header.sampleRate !== mix.header.sampleRate || (s.header.channels !== ch && s.header.channels !== 1))) return null;
    const m = await readFrames(mix.src, mix.header, startFrame, frames);
    let n = m.length / ch;
    const acc = new Float64Array(n * ch);
    for (const s of stems) {
      const x = await readFrames(s.src, s.header, startFrame, n);
      const sn = x.length / s.header.channels;
      if (sn < n) n = sn;
      accumulate(acc, x, gainFromDb(s.gainDb ?? 0), n, ch, s.header.channels);
    }
    for (let k = 0; k < n * ch; k++) acc[k] = m[k]! - acc[k]!;
    return planar(acc, ch, n, mix.header.sampleRate, startFrame);
  }
  const f = pkg.files.find((x) => x.path === which);
  if (!f || !f.header.lossless) return null;
  const x = await readFrames(f.src, f.header, startFrame, frames);
  return planar(x, f.header.channels, x.length / f.header.channels, f.header.sampleRate, startFrame);
}

function planar(x: Float64Array, ch: number, n: number, sampleRate: number, startFrame: number): Region {
  const channels = Array.from({ length: ch }, () => new Float32Array(n));
  for (let f = 0, k = 0; f < n; f++) for (let c = 0; c < ch; c++, k++) channels[c]![f] = x[k]!;
  return { sampleRate, startFrame, channels };
}
