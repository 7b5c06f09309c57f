/**
 * Conformance fixture recipes (`spec/conformance/recipes.json`): a base package description and
 * a list of declarative mutations. {@link buildFixture} turns one into package bytes,
 * deterministically and with only integer and basic double arithmetic (no sin/log in samples),
 * so every platform writes byte-identical fixtures (recipes record their SHA-256).
 *
 * Pipeline, with the stage each op acts at:
 *   1. stems are synthesised and summed into the mix (stem `post` transforms before the sum);
 *   2. `format`, `truncate`, `samples` ops change one file's encoding or samples;
 *   3. files are encoded; `bytes` ops with `beforeManifest` edit them;
 *   4. the manifest is computed from the files; `manifest` ops edit it (JSON Pointer);
 *      `bytes` ops without `beforeManifest` now edit files (the manifest keeps the old figures);
 *   5. entries are listed (mimetype, manifest, mix, stems); `entry-*` and `sign` ops edit the list,
 *      in the order given (`sign` signs the manifest entry as it is at that point);
 *   6. the archive is written (with the `zip-comment`, if any); `zip-truncate` cuts it.
 */
import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseOpensshPrivateKey } from '../sign/private-key.js';
import { base64UrlEncode } from '../sign/base64.js';
import { armor, encodeSshsigBlob, signedData } from '../sign/sshsig.js';
import { WireWriter } from '../sign/wire.js';
import { MANIFEST_NAME, MIMETYPE, SPEC_VERSION } from '../model/manifest.js';
import { chunkAt, concatBytes, encodeAudio, sampleDataRange, writeZipArchive, type EncodeSpec, type ZipEntrySpec } from './encode.js';

/** A deterministic signal component. Amplitudes are fractions of full scale. */
export type SignalPart =
  | { kind: 'noise'; amp: number; seed: number }
  /** Triangle wave; `channelShift` frames of delay per channel (default 0: identical channels). */
  | { kind: 'triangle'; period: number; amp: number; channelShift?: number }
  /** Square wave (`period` 4 has inter-sample peaks 3 dB above its samples). */
  | { kind: 'square'; period: number; amp: number }
  | { kind: 'silence' };

/** A sample transform on one file's interleaved samples. */
export type SampleTransform =
  | { fill: { from: number; count: number; value: number } }
  | { add: number }
  | { negate: true }
  | { invertChannel: number }
  | { delay: number }
  | { gainDb: number };

export interface StemRecipe {
  id: string;
  role: string;
  name?: string;
  channels?: number;
  path?: string;
  gainDb?: number;
  parts: SignalPart[];
  /** Applied before the stem is summed into the mix (the null still holds). */
  post?: SampleTransform[];
}

export interface BaseRecipe {
  container: 'wav' | 'aiff';
  sampleFormat: 'int' | 'float';
  bitDepth: number;
  sampleRate: number;
  channels: number;
  frames: number;
  timelineStart?: number;
  bext?: boolean;
  stems: StemRecipe[];
}

/** A declarative mutation. `item` names a file by entry path. */
export type RecipeOp =
  | { op: 'format'; item: string; set: Partial<Omit<EncodeSpec, 'samples' | 'channels'>> & { bext?: boolean } }
  | { op: 'truncate'; item: string; frames: number }
  | { op: 'samples'; item: string; transform: SampleTransform }
  | {
      op: 'bytes';
      item: string;
      /** `file` offset, or relative to a chunk's body (`chunk`: 4-char id). */
      chunk?: string;
      offset: number;
      xor?: number;
      set?: number[];
      u32le?: number;
      /** Insert these bytes, growing the chunk and the RIFF size. */
      grow?: number;
      beforeManifest?: boolean;
    }
  /** Set (`value`), delete (`remove`) or add a number to (`add`) the member at a JSON Pointer. */
  | { op: 'manifest'; pointer: string; value?: unknown; remove?: boolean; add?: number }
  /** `hidden`: the entry's local header and data are written, but no central directory record. */
  | { op: 'entry-add'; name: string; text?: string; hex?: string; index?: number; method?: number; hidden?: boolean }
  | { op: 'entry-remove'; name: string }
  | { op: 'entry-set'; name: string; set: { method?: number; crc?: number; flags?: number; localName?: string; index?: number; text?: string; extraHex?: string } }
  | { op: 'zip-truncate'; bytes: number }
  /**
   * Sign the manifest entry (SSHSIG, spec §3.6) with a key of `spec/conformance/keys/` (an
   * unencrypted OpenSSH Ed25519 key) and add the signature as `signatures/<name>.sig`, appended
   * (or at `index`), stored (or with `method`). `namespace` (default `stempack-delivery`) and
   * `hashAlgorithm` (default `sha512`) are written as given; `overSuffix` signs the manifest's
   * bytes followed by this text instead; `mangle` damages the result: `truncate-base64` drops the
   * last 3 base64 characters, `absurd-length` sets the public key's length field to 0xFFFFFFF0,
   * `flip-signature` flips the lowest bit of the signature value's last byte.
   */
  | {
      op: 'sign';
      name: string;
      key: string;
      namespace?: string;
      hashAlgorithm?: 'sha512' | 'sha256';
      overSuffix?: string;
      mangle?: 'truncate-base64' | 'absurd-length' | 'flip-signature';
      method?: number;
      index?: number;
    }
  /** The archive comment (after the end of central directory record), as hex. */
  | { op: 'zip-comment'; hex: string };

/** One fixture: a base, ops, the package file name and the SHA-256 of the result. */
export interface FixtureRecipe {
  base: string;
  ops: RecipeOp[];
  /** File name of the package (default `<fixture>.stempack`). */
  file?: string;
  sha256?: string;
  /** A profile (JSON) written beside the package as `<fixture>.profile.json`. */
  profile?: unknown;
}

export interface RecipeBook {
  recipeVersion: 1;
  bases: Record<string, BaseRecipe>;
  fixtures: Record<string, FixtureRecipe>;
}

interface Item {
  id: string;
  isMix: boolean;
  path: string;
  channels: number;
  frames: number;
  samples: Float64Array;
  enc: Omit<EncodeSpec, 'samples' | 'channels'>;
  role?: string;
  name: string;
  gainDb?: number;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Synthesize interleaved samples (floats in [-1, 1]). */
export function synth(parts: SignalPart[], frames: number, channels: number): Float64Array {
  const acc = new Float64Array(frames * channels);
  for (const p of parts) {
    if (p.kind === 'silence') continue;
    if (p.kind === 'noise') {
      let s = p.seed >>> 0;
      for (let i = 0; i < acc.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        acc[i]! += p.amp * (s / 2 ** 31 - 1);
      }
    } else {
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < channels; c++) {
          const t = f + (p.kind === 'triangle' ? c * (p.channelShift ?? 0) : 0);
          const ph = (t % p.period) / p.period;
          acc[f * channels + c]! += p.kind === 'triangle' ? p.amp * (4 * Math.abs(ph - 0.5) - 1) : p.amp * (ph < 0.5 ? 1 : -1);
        }
      }
    }
  }
  return acc;
}

function applyTransform(x: Float64Array, ch: number, t: SampleTransform, fullScale: number): void {
  if ('fill' in t) x.fill(t.fill.value, t.fill.from * ch, (t.fill.from + t.fill.count) * ch);
  else if ('add' in t) for (let i = 0; i < x.length; i++) x[i]! += t.add;
  else if ('negate' in t) for (let i = 0; i < x.length; i++) x[i] = -x[i]!;
  else if ('invertChannel' in t) for (let f = 0; f < x.length / ch; f++) x[f * ch + t.invertChannel] = -x[f * ch]!;
  else if ('delay' in t) {
    x.copyWithin(t.delay * ch, 0, x.length - t.delay * ch);
    x.fill(0, 0, t.delay * ch);
  } else if ('gainDb' in t) {
    const g = 10 ** (t.gainDb / 20);
    for (let i = 0; i < x.length; i++) x[i] = fullScale > 0 ? Math.round(x[i]! * g) : x[i]! * g;
  }
}

function layoutOf(ch: number): string {
  return ch === 1 ? 'mono' : ch === 2 ? 'stereo' : ch === 6 ? '5.1' : 'discrete';
}

function setPointer(root: unknown, pointer: string, value: unknown, remove: boolean, add?: number): void {
  const toks = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let o = root as Record<string, unknown>;
  for (const t of toks.slice(0, -1)) {
    if (o[t] === undefined) o[t] = {};
    o = o[t] as Record<string, unknown>;
  }
  const last = toks[toks.length - 1]!;
  if (add !== undefined) o[last] = Math.round(((o[last] as number) + add) * 1e6) / 1e6;
  else if (remove) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else if (Array.isArray(o) && last === '-') o.push(value);
  else o[last] = value;
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function editBytes(file: Uint8Array, op: Extract<RecipeOp, { op: 'bytes' }>): Uint8Array {
  const base = op.chunk === undefined ? 0 : op.chunk === 'samples' ? sampleDataRange(file)!.offset : chunkAt(file, op.chunk) + 8;
  const at = base + op.offset;
  let out: Uint8Array = file.slice();
  if (op.grow !== undefined) {
    out = concatBytes([out.subarray(0, at), new Uint8Array(op.grow), out.subarray(at)]);
    const v = new DataView(out.buffer);
    const le = out[0] === 0x52;
    const ck = chunkAt(out, op.chunk!);
    v.setUint32(ck + 4, v.getUint32(ck + 4, le) + op.grow, le);
    v.setUint32(4, out.length - 8, le);
  }
  if (op.xor !== undefined) out[at]! ^= op.xor;
  if (op.set) out.set(op.set, at);
  if (op.u32le !== undefined) new DataView(out.buffer).setUint32(at, op.u32le >>> 0, true);
  return out;
}

/** `spec/conformance/keys`: beside `$STEMPACK_CONFORMANCE`, else found upwards from this module. */
function keysDir(): string {
  const env = process.env['STEMPACK_CONFORMANCE'];
  if (env) return join(resolve(env), 'keys');
  let d = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const c = join(d, 'spec', 'conformance', 'keys');
    if (existsSync(c)) return c;
    d = dirname(d);
  }
  throw new Error('spec/conformance/keys not found (set STEMPACK_CONFORMANCE)');
}

/** The armoured signature a `sign` op adds (deterministic: Ed25519). */
function signatureFor(op: Extract<RecipeOp, { op: 'sign' }>, manifest: Uint8Array): Uint8Array {
  const f = parseOpensshPrivateKey(readFileSync(join(keysDir(), op.key), 'utf8'));
  if (f.kind !== 'plain' || f.key.type !== 'ssh-ed25519') throw new Error(`sign op: ${op.key} is not an unencrypted Ed25519 key`);
  const key = createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: base64UrlEncode(f.key.seed), x: base64UrlEncode(f.key.publicKey) } });
  const hashAlgorithm = op.hashAlgorithm ?? 'sha512';
  const namespace = op.namespace ?? 'stempack-delivery';
  const message = op.overSuffix !== undefined ? concatBytes([manifest, new TextEncoder().encode(op.overSuffix)]) : manifest;
  const hash = new Uint8Array(createHash(hashAlgorithm).update(message).digest());
  const sig = new Uint8Array(nodeSign(null, signedData(namespace, hashAlgorithm, hash), key));
  if (op.mangle === 'flip-signature') sig[63]! ^= 1;
  const blob = encodeSshsigBlob({ publicKeyBlob: f.publicKeyBlob, namespace, hashAlgorithm, signature: new WireWriter().string('ssh-ed25519').string(sig).bytes() });
  if (op.mangle === 'absurd-length') new DataView(blob.buffer).setUint32(10, 0xfffffff0);
  let text = armor(blob);
  if (op.mangle === 'truncate-base64') text = text.replace(/[A-Za-z0-9+/=]{3}\n-----END/, '\n-----END');
  return new TextEncoder().encode(text);
}

/** Build one fixture's package bytes (and its profile, if any) from a recipe book. */
export function buildFixture(book: RecipeBook, name: string): { bytes: Uint8Array; file: string; profile?: string } {
  const fx = book.fixtures[name];
  if (!fx) throw new Error(`no fixture recipe '${name}'`);
  const base = book.bases[fx.base];
  if (!base) throw new Error(`fixture '${name}': no base '${fx.base}'`);
  const ext = base.container === 'aiff' ? 'aif' : 'wav';
  const fullScale = base.sampleFormat === 'int' ? 2 ** (base.bitDepth - 1) : 0;
  const start = base.timelineStart ?? 0;
  const enc: Item['enc'] = {
    container: base.container,
    sampleFormat: base.sampleFormat,
    bitDepth: base.bitDepth,
    sampleRate: base.sampleRate,
    ...(base.bext ? { bextTimeReference: start } : {}),
  };
  // 1. synthesise and sum
  const mix = new Float64Array(base.frames * base.channels);
  const items: Item[] = [];
  for (const s of base.stems) {
    const ch = s.channels ?? base.channels;
    let x = synth(s.parts, base.frames, ch);
    if (fullScale > 0) x = x.map((v) => Math.round(v * (fullScale - 1)));
    for (const t of s.post ?? []) applyTransform(x, ch, t, fullScale);
    const g = s.gainDb !== undefined ? 10 ** (s.gainDb / 20) : 1;
    for (let f = 0; f < base.frames; f++) {
      for (let c = 0; c < base.channels; c++) {
        const v = x[f * ch + (ch === base.channels ? c : 0)]!;
        mix[f * base.channels + c]! += fullScale > 0 ? Math.round(g * v) : g * v;
      }
    }
    const it: Item = { id: s.id, isMix: false, path: s.path ?? `stems/${s.id}.${ext}`, channels: ch, frames: base.frames, samples: x, enc: { ...enc }, role: s.role, name: s.name ?? s.id };
    if (s.gainDb !== undefined) it.gainDb = s.gainDb;
    items.push(it);
  }
  items.unshift({ id: 'mix', isMix: true, path: `mix/mix.${ext}`, channels: base.channels, frames: base.frames, samples: mix, enc: { ...enc }, name: 'Main Mix' });
  const byPath = (p: string): Item => {
    const it = items.find((i) => i.path === p);
    if (!it) throw new Error(`fixture '${name}': no item '${p}'`);
    return it;
  };
  // 2. file-level changes
  for (const op of fx.ops) {
    if (op.op === 'format') {
      const it = byPath(op.item);
      const { bext, ...rest } = op.set;
      Object.assign(it.enc, rest);
      if (bext === false) delete it.enc.bextTimeReference;
      if (rest.bitDepth !== undefined && it.enc.sampleFormat === 'int' && fullScale > 0) {
        const k = 2 ** (rest.bitDepth - base.bitDepth);
        it.samples = it.samples.map((v) => Math.round(v * k));
      }
    } else if (op.op === 'truncate') {
      const it = byPath(op.item);
      it.frames -= op.frames;
      it.samples = it.samples.slice(0, it.frames * it.channels);
    } else if (op.op === 'samples') {
      const it = byPath(op.item);
      applyTransform(it.samples, it.channels, op.transform, fullScale);
    }
  }
  // 3. encode
  const files = new Map<string, Uint8Array>();
  for (const it of items) {
    const samples = it.enc.sampleFormat === 'float' ? it.samples : it.samples;
    let b = encodeAudio({ ...it.enc, channels: it.channels, samples });
    for (const op of fx.ops) if (op.op === 'bytes' && op.beforeManifest && op.item === it.path) b = editBytes(b, op);
    files.set(it.path, b);
  }
  // 4. manifest from the files
  const describe = (it: Item): Record<string, unknown> => {
    const b = files.get(it.path)!;
    const r = sampleDataRange(b);
    const fs = it.enc.sampleFormat === 'int' ? 2 ** (it.enc.bitDepth - 1) : 1;
    let peak = 0;
    for (let i = 0; i < it.samples.length; i++) peak = Math.max(peak, Math.abs(it.samples[i]!));
    const d: Record<string, unknown> = {
      id: it.id,
      name: it.name,
      path: it.path,
      channels: it.channels,
      layout: layoutOf(it.channels),
      sha256: sha256(b),
      audioSha256: sha256(r ? b.subarray(r.offset, r.offset + r.length) : new Uint8Array(0)),
      bytes: b.length,
      frames: it.frames,
      peak: peak > 0 ? Math.round(20 * Math.log10(peak / fs) * 100) / 100 : null,
    };
    if (it.role !== undefined) d['role'] = it.role;
    if (it.gainDb !== undefined) d['gainDb'] = it.gainDb;
    return d;
  };
  const manifest: Record<string, unknown> = {
    stempack: SPEC_VERSION,
    title: 'Conformance Song',
    artist: 'Conformance Artist',
    versionName: 'Main Mix v1',
    credits: [{ name: 'Conformance Mixer', role: 'mixing' }],
    isrc: 'XXA012600001',
    created: '2026-01-01T00:00:00Z',
    generator: 'stempack conformance fixtures 1',
    session: { sampleRate: base.sampleRate, bitDepth: base.bitDepth },
    timeline: { sampleRate: base.sampleRate, start, length: base.frames },
    format: { container: base.container, sampleFormat: base.sampleFormat, bitDepth: base.bitDepth, sampleRate: base.sampleRate },
    mix: describe(items[0]!),
    stems: items.slice(1).map(describe),
    mixBusProcessing: false,
  };
  for (const op of fx.ops) {
    if (op.op === 'manifest') setPointer(manifest, op.pointer, op.value, op.remove === true, op.add);
    else if (op.op === 'bytes' && !op.beforeManifest) files.set(op.item, editBytes(files.get(op.item)!, op));
  }
  // 5. entries
  const te = new TextEncoder();
  const entries: ZipEntrySpec[] = [
    { name: 'mimetype', data: te.encode(MIMETYPE) },
    { name: MANIFEST_NAME, data: te.encode(JSON.stringify(manifest, null, 2)) },
    ...items.map((it) => ({ name: it.path, data: files.get(it.path)! })),
  ];
  let truncate: number | undefined;
  let comment: Uint8Array | undefined;
  for (const op of fx.ops) {
    if (op.op === 'entry-add') {
      const e: ZipEntrySpec = { name: op.name, data: op.hex !== undefined ? hexBytes(op.hex) : te.encode(op.text ?? '') };
      if (op.method !== undefined) e.method = op.method;
      if (op.hidden) e.hidden = true;
      entries.splice(op.index ?? entries.length, 0, e);
    } else if (op.op === 'entry-remove') {
      const i = entries.findIndex((e) => e.name === op.name);
      if (i < 0) throw new Error(`fixture '${name}': no entry '${op.name}'`);
      entries.splice(i, 1);
    } else if (op.op === 'entry-set') {
      const i = entries.findIndex((e) => e.name === op.name);
      if (i < 0) throw new Error(`fixture '${name}': no entry '${op.name}'`);
      const e = entries[i]!;
      const s = op.set;
      if (s.method !== undefined) e.method = s.method;
      if (s.crc !== undefined) e.crc = s.crc;
      if (s.flags !== undefined) e.flags = s.flags;
      if (s.localName !== undefined) e.localName = s.localName;
      if (s.text !== undefined) e.data = te.encode(s.text);
      if (s.extraHex !== undefined) e.extra = hexBytes(s.extraHex);
      if (s.index !== undefined) entries.splice(s.index, 0, ...entries.splice(i, 1));
    } else if (op.op === 'sign') {
      const manifest = entries.find((e) => e.name === MANIFEST_NAME);
      if (!manifest) throw new Error(`fixture '${name}': no manifest to sign`);
      const e: ZipEntrySpec = { name: `signatures/${op.name}.sig`, data: signatureFor(op, manifest.data) };
      if (op.method !== undefined) e.method = op.method;
      entries.splice(op.index ?? entries.length, 0, e);
    } else if (op.op === 'zip-truncate') truncate = op.bytes;
    else if (op.op === 'zip-comment') comment = hexBytes(op.hex);
  }
  // 6. archive
  let bytes = writeZipArchive(entries, comment ? { comment } : {});
  if (truncate !== undefined) bytes = bytes.slice(0, truncate);
  const out: { bytes: Uint8Array; file: string; profile?: string } = { bytes, file: fx.file ?? `${name}.stempack` };
  if (fx.profile !== undefined) out.profile = JSON.stringify(fx.profile, null, 2);
  return out;
}

/** SHA-256 (hex) of bytes. */
export function fixtureSha256(b: Uint8Array): string {
  return sha256(b);
}
