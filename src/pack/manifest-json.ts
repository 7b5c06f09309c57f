/**
 * Deterministic manifest serialisation: fixed key order (the schema's order, then `x-`
 * extensions sorted), 2-space indent, trailing newline, UTF-8 without BOM.
 * @module
 */
import type { Manifest } from '../model/manifest.js';

type Obj = Record<string, unknown>;

const TOP = ['stempack', 'title', 'artist', 'versionName', 'isrc', 'credits', 'created', 'generator', 'session', 'timeline', 'format', 'mix', 'stems', 'mixBusProcessing', 'null', 'versions', 'attachments'];
const AUDIO = ['id', 'name', 'role', 'path', 'channels', 'layout', 'sha256', 'audioSha256', 'bytes', 'frames', 'peak', 'loudness', 'gainDb'];
const ORDERS: Record<string, string[]> = {
  '': TOP,
  session: ['sampleRate', 'bitDepth'],
  timeline: ['sampleRate', 'start', 'length'],
  format: ['container', 'sampleFormat', 'bitDepth', 'sampleRate'],
  mix: AUDIO,
  stems: AUDIO,
  loudness: ['integrated', 'range', 'truePeak'],
  credits: ['name', 'role'],
  null: ['tolerance'],
  versions: ['name', 'description', 'rules'],
  rules: ['role', 'stem', 'gainDb', 'mute'],
  attachments: ['path', 'mediaType', 'sha256', 'bytes', 'description'],
};

function order(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => order(v, key));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Obj;
  const known = ORDERS[key] ?? [];
  const out: Obj = {};
  for (const k of known) if (o[k] !== undefined) out[k] = order(o[k], k);
  const rest = Object.keys(o)
    .filter((k) => !known.includes(k) && o[k] !== undefined)
    .sort();
  for (const k of rest) out[k] = order(o[k], k);
  return out;
}

/** Serialise a manifest deterministically (same manifest → same bytes, whatever the key insertion order). */
export function serializeManifest(m: Manifest): string {
  return JSON.stringify(order(m, ''), null, 2) + '\n';
}

/** {@link serializeManifest} as UTF-8 bytes. */
export function manifestBytes(m: Manifest): Uint8Array {
  return new TextEncoder().encode(serializeManifest(m));
}
