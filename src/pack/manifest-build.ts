/**
 * Building the manifest from what was planned and measured: audio items, explicit overrides,
 * the creation time. Pure functions apart from reading the environment for SOURCE_DATE_EPOCH.
 * @module
 */
import { env } from 'node:process';
import type { AudioItem, Manifest, Stem } from '../model/manifest.js';
import { dbForJson } from '../model/units.js';
import type { ByteSource } from '../model/byte-source.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import type { PlannedItem } from './plan.js';
import { layoutOf } from './consistency.js';
import { splitExtension } from './tokens.js';
import type { PackOptions } from './types.js';

/** RFC 3339 UTC with whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The creation time: explicit, else SOURCE_DATE_EPOCH, else the newest input mtime. */
export function createdTime(o: PackOptions, mtimes: number[]): string {
  if (o.created !== undefined) return o.created;
  const sde = env['SOURCE_DATE_EPOCH'];
  if (sde !== undefined && /^\d+$/.test(sde.trim())) return rfc3339(Number(sde.trim()) * 1000);
  return rfc3339(mtimes.length > 0 ? Math.max(...mtimes) : 0);
}

/** The manifest item of a planned file from its measurements. */
export function audioItem(it: PlannedItem, src: ByteSource, a: FileAnalysis): AudioItem {
  const [name] = splitExtension(it.name);
  const item: AudioItem = {
    id: it.id,
    name,
    path: it.entry,
    channels: it.header.channels,
    layout: layoutOf(it.header),
    sha256: a.sha256,
    audioSha256: a.audioSha256,
    bytes: src.size,
    frames: it.header.frames,
    peak: a.levels ? dbForJson(a.levels.peakDbfs) : null,
  };
  const l = a.levels;
  if (l && l.measured.loudness && l.measured.truePeak === 'all') {
    item.loudness = {
      integrated: l.integratedLufs === null ? null : dbForJson(l.integratedLufs),
      range: l.loudnessRangeLu === null ? null : dbForJson(l.loudnessRangeLu),
      truePeak: l.truePeakDbtp === null ? null : dbForJson(l.truePeakDbtp),
    };
  }
  return item;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Apply explicit manifest fields: top-level fields replace inferred ones; stems merge by id. */
export function applyOverrides(m: Manifest, over: Partial<Manifest> | undefined): Manifest {
  if (!over) return m;
  const MEASURED = new Set(['stempack', 'timeline', 'format', 'mix', 'stems', 'attachments']);
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
