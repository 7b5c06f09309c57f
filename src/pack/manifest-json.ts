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

/** Room added on top of the bound when reserving the manifest's slot: a multiple of this many bytes. */
const RESERVE_STEP = 64;

/**
 * The manifest slot `pack` reserves before measuring, from `bound`, the length of the manifest
 * built with worst-case measures: rounded up to the next multiple of 64 bytes. Deterministic, so
 * the same inputs give the same slot and the same package bytes.
 */
export function manifestReserve(bound: number): number {
  if (!Number.isSafeInteger(bound) || bound < 0) throw new RangeError(`manifest bound: ${bound}`);
  return Math.ceil(bound / RESERVE_STEP) * RESERVE_STEP;
}

/**
 * `bytes` (a serialised manifest) padded with trailing spaces to exactly `size` bytes: still the
 * same JSON (RFC 8259 allows whitespace after the value; the serialiser's final newline stays
 * right after the closing brace). Null when the manifest is longer than `size`.
 */
export function padManifest(bytes: Uint8Array, size: number): Uint8Array | null {
  if (bytes.length > size) return null;
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}
