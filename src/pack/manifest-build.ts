/**
 * Building the manifest from what was planned and measured: audio items, explicit overrides,
 * the creation time. Pure functions apart from reading the environment for SOURCE_DATE_EPOCH.
 * @module
 */
import { env } from 'node:process';
import type { AudioItem, Loudness, Manifest, Stem } from '../model/manifest.js';
import { dbForJson } from '../model/units.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import type { PlannedItem } from './plan.js';
import { layoutOf } from './consistency.js';
import { splitExtension } from '../names/tokens.js';
import type { PackOptions } from './types.js';
import { rfc3339 } from '../model/units.js';

export { rfc3339 } from '../model/units.js';

/** The creation time: explicit, else SOURCE_DATE_EPOCH, else the newest input mtime. */
export function createdTime(o: PackOptions, mtimes: number[]): string {
  if (o.created !== undefined) return o.created;
  const sde = env['SOURCE_DATE_EPOCH'];
  if (sde !== undefined && /^\d+$/.test(sde.trim())) return rfc3339(Number(sde.trim()) * 1000);
  return rfc3339(mtimes.length > 0 ? Math.max(...mtimes) : 0);
}

/** What the manifest declares of a file's measurements (see {@link measuresOf}). */
export interface ItemMeasures {
  sha256: string;
  audioSha256: string;
  /** Sample peak in dBFS rounded for JSON, null for digital silence or when not metered. */
  peak: number | null;
  /** Present when loudness and true peak were measured over every channel. */
  loudness?: Loudness;
}

/** The measured values of one file's analysis that go into its manifest item. */
export function measuresOf(a: FileAnalysis): ItemMeasures {
  const m: ItemMeasures = { sha256: a.sha256, audioSha256: a.audioSha256, peak: a.levels ? dbForJson(a.levels.peakDbfs) : null };
  const l = a.levels;
  if (l && l.measured.loudness && l.measured.truePeak === 'all') {
    m.loudness = {
      integrated: l.integratedLufs === null ? null : dbForJson(l.integratedLufs),
      range: l.loudnessRangeLu === null ? null : dbForJson(l.loudnessRangeLu),
      truePeak: l.truePeakDbtp === null ? null : dbForJson(l.truePeakDbtp),
    };
  }
  return m;
}

/**
 * A dB figure at its longest printed form. {@link dbForJson} gives k / 100 for an integer k (or
 * null), printed as at most its sign, its integer digits, a point and two decimals; every finite
 * dB figure of a double amplitude or power lies within ±6,500 dB (1e±308, subnormals down to
 * 4.9e-324), so none prints longer than this.
 */
const LONGEST_DB = -99999.99;

/**
 * Measures that print at least as long as any real ones: lowercase hex SHA-256s are always 64
 * characters, every dB figure at its longest, loudness present when it is measured. A manifest
 * built from these before measuring bounds the length of the real one built after.
 */
export function worstCaseMeasures(loudness: boolean): ItemMeasures {
  const m: ItemMeasures = { sha256: 'f'.repeat(64), audioSha256: 'f'.repeat(64), peak: LONGEST_DB };
  if (loudness) m.loudness = { integrated: LONGEST_DB, range: LONGEST_DB, truePeak: LONGEST_DB };
  return m;
}

/** The manifest item of a planned file of `bytes` bytes from its measurements. */
export function audioItem(it: PlannedItem, bytes: number, m: ItemMeasures): AudioItem {
  const [name] = splitExtension(it.name);
  const item: AudioItem = {
    id: it.id,
    name,
    path: it.entry,
    channels: it.header.channels,
    layout: layoutOf(it.header),
    sha256: m.sha256,
    audioSha256: m.audioSha256,
    bytes,
    frames: it.header.frames,
    peak: m.peak,
  };
  if (m.loudness) item.loudness = { ...m.loudness };
  return item;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Apply explicit manifest fields: top-level fields replace inferred ones; stems merge by id. */
export function applyOverrides(m: Manifest, over: Partial<Manifest> | undefined): Manifest {
  if (!over) return m;
  const MEASURED = new Set(['stempack', 'timeline', 'format', 'mix', 'stems', 'attachments', 'conform']);
  const out: Record<string, unknown> = { ...m };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || MEASURED.has(k)) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? { ...(out[k] as object), ...v } : v;
  }
  const result = out as unknown as Manifest;
  if (Array.isArray(over.stems)) {
    result.stems = m.stems.map((s) => {
      const o = over.stems!.find((x) => isPlainObject(x) && (x.id === s.id || x.path === s.path));
      if (!o) return s;
      const merged: Stem = { ...s };
      if (o.role !== undefined) merged.role = o.role;
      if (o.name !== undefined) merged.name = o.name;
      if (o.gainDb !== undefined) merged.gainDb = o.gainDb;
      for (const [k, v] of Object.entries(o)) if (k.startsWith('x-')) (merged as unknown as Record<string, unknown>)[k] = v;
      return merged;
    });
  }
  return result;
}
