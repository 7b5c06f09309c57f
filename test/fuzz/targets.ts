/**
 * Fuzz targets and byte-level mutation arbitraries shared by the fixed-seed CI round
 * (`test/fuzz/*.test.ts`) and the time-boxed fuzzer (`scripts/fuzz.ts`). Imports no test runner.
 *
 * Every target takes arbitrary bytes and must: not throw, finish within {@link TIME_LIMIT_MS},
 * never ask its source for more than the source holds beyond one bounded block, and not grow
 * `process.memoryUsage().arrayBuffers` by much more than the input (a reader that trusts a
 * claimed size and allocates it shows up here).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ByteSource } from '../../src/model/byte-source.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { readAudioHeader } from '../../src/audio/read/header.js';
import { readZip } from '../../src/container/read-zip.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { validate } from '../../src/validate/index.js';
import { generateKeyPairSync } from 'node:crypto';
import { checkSignature, checkSignatureBlob } from '../../src/sign/verify.js';
import { nodeSigCrypto } from '../../src/sign/crypto-node.js';
import { parseAllowedSigners } from '../../src/sign/allowed-signers.js';
import { sshsigWithKeyObject } from '../../src/sign/signer.js';
import { formatKeyLine } from '../../src/sign/keys.js';
import { dearmor } from '../../src/sign/sshsig.js';
import { sshsigSync } from '../helpers/sign.js';
import { buildPackage } from '../helpers/package-builder.js';
import { encodeWav } from '../helpers/wav.js';
import { writeZip, type ZipEntrySpec } from '../helpers/zip.js';

/** Wall-clock limit per input. */
export const TIME_LIMIT_MS = 1000;
/** Allowed `arrayBuffers` growth beyond a few times the input: block buffers, hashing, decoding. */
export const ALLOC_SLACK_BYTES = 48 * 1024 * 1024;
/** Largest single read request allowed past the source size (one streaming block). */
export const MAX_READ_REQUEST = 4 * 1024 * 1024;

/** The fuzzed entry points. */
export type TargetName = 'audio-header' | 'read-zip' | 'manifest' | 'validate' | 'validate-entry' | 'sshsig' | 'allowed-signers';
export const TARGETS: TargetName[] = ['audio-header', 'read-zip', 'manifest', 'validate', 'validate-entry', 'sshsig', 'allowed-signers'];

/** The message the `sshsig` seeds sign (the target checks every input against it). */
export const SIGNED_MESSAGE = new TextEncoder().encode('{"stempack": "1.1.0", "title": "Fuzz"}\n');

/** A ByteSource wrapper that records what was asked of it. */
export class CountingSource implements ByteSource {
  maxRequest = 0;
  requested = 0;
  reads = 0;
  constructor(private readonly inner: ByteSource) {}
  get size(): number {
    return this.inner.size;
  }
  get name(): string {
    return this.inner.name;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    this.reads++;
    this.requested += Math.max(0, length);
    if (length > this.maxRequest) this.maxRequest = length;
    return this.inner.read(offset, length);
  }
}

/** Why a fuzz input failed. */
export class FuzzFailure extends Error {
  constructor(
    readonly kind: 'throw' | 'slow' | 'alloc' | 'read',
    message: string,
  ) {
    super(message);
    this.name = 'FuzzFailure';
  }
}

/** What one execution measured. */
export interface RunStats {
  ms: number;
  arrayBufferGrowth: number;
  maxRequest: number;
}

async function callTarget(target: TargetName, bytes: Uint8Array, src: CountingSource): Promise<void> {
  switch (target) {
    case 'audio-header':
      await readAudioHeader(src);
      return;
    case 'read-zip':
      await readZip(src);
      return;
    case 'manifest':
      parseManifest(bytes);
      return;
    case 'validate':
    case 'validate-entry':
      await validate({ source: src, name: 'fuzz.stempack' }, { level: 'full' });
      return;
    case 'sshsig':
      // the armoured text, and the same bytes taken as a bare blob
      await checkSignature(bytes, SIGNED_MESSAGE, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
      await checkSignatureBlob(bytes, SIGNED_MESSAGE, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
      return;
    case 'allowed-signers':
      parseAllowedSigners(new TextDecoder().decode(bytes));
      return;
  }
}

/**
 * Run one target on one input and check the invariants; throws {@link FuzzFailure} when one breaks.
 * `timeLimitMs` defaults to {@link TIME_LIMIT_MS}.
 */
export async function runTarget(target: TargetName, bytes: Uint8Array, timeLimitMs = TIME_LIMIT_MS): Promise<RunStats> {
  const src = new CountingSource(new BytesSource(bytes, target === 'audio-header' ? 'fuzz.wav' : 'fuzz.stempack'));
  if (target === 'sshsig' || target === 'allowed-signers') return checked(target, bytes.length, src, () => callTarget(target, bytes, src), timeLimitMs);
  return checked(target, bytes.length, src, () => callTarget(target, bytes, src), timeLimitMs);
}

/** Run `fn` over an input of `inputSize` bytes read through `src`, and check the invariants. */
export async function checked(label: string, inputSize: number, src: CountingSource, fn: () => Promise<unknown>, timeLimitMs = TIME_LIMIT_MS): Promise<RunStats> {
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  try {
    await fn();
  } catch (e) {
    throw new FuzzFailure('throw', `${label} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const ms = performance.now() - t0;
  const growth = process.memoryUsage().arrayBuffers - before;
  if (ms > timeLimitMs) throw new FuzzFailure('slow', `${label} took ${ms.toFixed(0)} ms on ${inputSize} bytes`);
  if (growth > 4 * inputSize + ALLOC_SLACK_BYTES) {
    throw new FuzzFailure('alloc', `${label} grew arrayBuffers by ${growth} bytes on a ${inputSize}-byte input`);
  }
  if (src.maxRequest > Math.max(inputSize, MAX_READ_REQUEST)) {
    throw new FuzzFailure('read', `${label} asked for ${src.maxRequest} bytes at once from a ${inputSize}-byte source`);
  }
  return { ms, arrayBufferGrowth: growth, maxRequest: src.maxRequest };
}

// ---------------------------------------------------------------- mutations

/** One byte-level edit. Positions are taken modulo the current length. */
export type ByteOp =
  | { op: 'flip'; pos: number; bit: number }
  | { op: 'set'; pos: number; value: number }
  | { op: 'u32'; pos: number; value: number; le: boolean }
  | { op: 'u16'; pos: number; value: number; le: boolean }
  | { op: 'truncate'; pos: number }
  | { op: 'delete'; pos: number; len: number }
  | { op: 'insert'; pos: number; bytes: number[] }
  | { op: 'copy'; from: number; to: number; len: number };

/** Values that break size fields: zero, one, the sign bit, all ones, and near them. */
export const INTERESTING_U32 = [0, 1, 2, 7, 8, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x3fffffff, 0x1000000];
const INTERESTING_U16 = [0, 1, 0x7fff, 0x8000, 0xfffe, 0xffff, 3, 0xfffe];

/** Arbitrary of one edit. */
export const byteOpArb: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), pos: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('u32' as const),
      pos: fc.nat(),
      value: fc.oneof(fc.constantFrom(...INTERESTING_U32), fc.nat({ max: 0xffffffff })),
      le: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('u16' as const), pos: fc.nat(), value: fc.constantFrom(...INTERESTING_U16), le: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), pos: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), pos: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), from: fc.nat(), to: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }) },
);

/** Apply edits to a copy of `seed`. */
export function applyOps(seed: Uint8Array, ops: readonly ByteOp[]): Uint8Array {
  let b = seed.slice();
  for (const o of ops) {
    const n = b.length;
    if (n === 0 && o.op !== 'insert') continue;
    switch (o.op) {
      case 'flip':
        b[o.pos % n]! ^= 1 << o.bit;
        break;
      case 'set':
        b[o.pos % n] = o.value;
        break;
      case 'u32':
      case 'u16': {
        const w = o.op === 'u32' ? 4 : 2;
        if (n < w) break;
        const p = o.pos % (n - w + 1);
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (w === 4) v.setUint32(p, o.value >>> 0, o.le);
        else v.setUint16(p, o.value & 0xffff, o.le);
        break;
      }
      case 'truncate':
        b = b.slice(0, o.pos % (n + 1));
        break;
      case 'delete': {
        const p = o.pos % n;
        const out = new Uint8Array(n - Math.min(o.len, n - p));
        out.set(b.subarray(0, p));
        out.set(b.subarray(p + Math.min(o.len, n - p)), p);
        b = out;
        break;
      }
      case 'insert': {
        const p = n === 0 ? 0 : o.pos % (n + 1);
        const out = new Uint8Array(n + o.bytes.length);
        out.set(b.subarray(0, p));
        out.set(o.bytes, p);
        out.set(b.subarray(p), p + o.bytes.length);
        b = out;
        break;
      }
      case 'copy': {
        const from = o.from % n;
        const to = o.to % n;
        const len = Math.min(o.len, n - from, n - to);
        b.copyWithin(to, from, from + len);
        break;
      }
    }
  }
  return b;
}

/** A fuzz input: which seed, which edits. */
export interface FuzzInput {
  seed: number;
  ops: ByteOp[];
}

/** Arbitrary of an input over `seedCount` seeds. */
export function inputArb(seedCount: number, maxOps = 8): fc.Arbitrary<FuzzInput> {
  return fc.record({ seed: fc.nat({ max: seedCount - 1 }), ops: fc.array(byteOpArb, { minLength: 1, maxLength: maxOps }) });
}

// ---------------------------------------------------------------- seeds

/** The corpus of real files in `test/corpus` (resolved from this file, in test/ or dist/test/), or `$STEMPACK_CORPUS`. */
export function corpusDir(): string {
  if (process.env['STEMPACK_CORPUS']) return process.env['STEMPACK_CORPUS'];
  for (const up of ['../corpus', '../../../test/corpus']) {
    const d = resolve(import.meta.dirname, up);
    try {
      if (statSync(d).isDirectory()) return d;
    } catch {
      /* try the next */
    }
  }
  return resolve(import.meta.dirname, '../corpus');
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Largest seed file taken whole; bigger ones are cut (their headers are what matters). */
const SEED_CAP = 256 * 1024;

function cap(b: Uint8Array): Uint8Array {
  return b.length > SEED_CAP ? b.subarray(0, SEED_CAP) : b;
}

/** Small packages made by the builder, one per container and sample format, plus extras. */
export function packageSeeds(): Uint8Array[] {
  const frames = 480;
  return [
    buildPackage({ frames }).bytes,
    buildPackage({ frames, container: 'aiff', bitDepth: 16 }).bytes,
    buildPackage({ frames, sampleFormat: 'float', bext: true, timelineStart: 2 ** 33 }).bytes,
    buildPackage({
      frames,
      channels: 1,
      hooks: { manifest: (m) => void (m.versions = [{ name: 'alt', rules: [{ role: 'bass', mute: true }] }]) },
    }).bytes,
    // signed: a signature entry over the manifest's bytes after the others
    buildPackage({ frames, hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: new TextEncoder().encode(sshsigSync(e[1]!.data)) }) } }).bytes,
  ];
}

/**
 * Seeds per target: corpus audio files and encoder output for the header reader; built
 * packages (and `extraDirs`, e.g. conformance fixtures) for the zip reader and validate;
 * their manifests for the manifest parser.
 */
/** Armoured signatures of SIGNED_MESSAGE by every accepted key type, and their bare blobs. */
export function signatureSeeds(): Uint8Array[] {
  const enc = new TextEncoder();
  const keys = [
    generateKeyPairSync('ed25519').privateKey,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
    generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  ];
  const texts = keys.map((k) => sshsigWithKeyObject(k, SIGNED_MESSAGE, 'stempack-delivery'));
  texts.push(sshsigSync(SIGNED_MESSAGE, { namespace: 'git' }), sshsigSync(SIGNED_MESSAGE, { hashAlgorithm: 'sha256' }));
  const armoured = texts.map((t) => enc.encode(t));
  const blobs = armoured.map((a) => dearmor(a)).flatMap((d) => (d.ok ? [d.blob] : []));
  return [...armoured, ...blobs];
}

/** Allowed signers files with every option, quoted fields and comments. */
export function allowedSignersSeeds(): Uint8Array[] {
  const enc = new TextEncoder();
  const key = formatKeyLine('ssh-ed25519', new Uint8Array([0, 0, 0, 11, ...enc.encode('ssh-ed25519'), 0, 0, 0, 32, ...new Uint8Array(32).fill(7)]), 'a@b');
  return [
    enc.encode(`# studio\nmixer@studio ${key}\n`),
    enc.encode(`"a b",*@studio,!x@y namespaces="stempack-delivery,git",valid-after="20260101",valid-before="20270101120000Z" ${key}\n\n`),
    enc.encode(`label@example cert-authority ${key}\r\nbad line\n`),
  ];
}

export function loadSeeds(target: TargetName, extraDirs: string[] = [], extraPackages: Uint8Array[] = []): Uint8Array[] {
  if (target === 'sshsig') return signatureSeeds();
  if (target === 'allowed-signers') return allowedSignersSeeds();
  if (target === 'audio-header') {
    const seeds = listFiles(corpusDir())
      .filter((p) => /\.(wav|bwf|aif|aiff|aifc)$/i.test(p))
      .map((p) => cap(readFileSync(p)));
    const tone = Int32Array.from({ length: 64 }, (_, i) => (i * 9973) % 30000);
    seeds.push(encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 24, samples: tone, bextTimeReference: 48000, ixml: '<BWFXML/>' }));
    seeds.push(encodeWav({ sampleRate: 44100, channels: 2, sampleFormat: 'int', bitDepth: 16, samples: tone, container: 'aiff' }));
    seeds.push(encodeWav({ sampleRate: 96000, channels: 1, sampleFormat: 'float', bitDepth: 32, samples: Float64Array.from(tone, (x) => x / 32768) }));
    return seeds;
  }
  const pkgs = [...packageSeeds(), ...extraPackages, ...extraDirs.flatMap((d) => listFiles(d).filter((p) => p.endsWith('.stempack')).map((p) => readFileSync(p)))].filter(
    (b) => target !== 'validate' || b.length <= 2 * 1024 * 1024,
  );
  if (target === 'manifest') {
    const enc = new TextEncoder();
    const manifests = [buildPackage({ frames: 48 }).manifest, buildPackage({ frames: 48, container: 'aiff', bitDepth: 16 }).manifest];
    const withAll = buildPackage({
      frames: 48,
      hooks: {
        manifest: (m) => {
          m.versions = [{ name: 'alt', rules: [{ role: 'bass', gainDb: -1 }] }];
          m.null = { tolerance: -90 };
          m.attachments = [{ path: 'docs/a.txt', mediaType: 'text/plain', sha256: '0'.repeat(64), bytes: 1 }];
        },
      },
    }).manifest;
    return [...manifests, withAll].map((m) => enc.encode(JSON.stringify(m, null, 2)));
  }
  return pkgs;
}

// ---------------------------------------------------------------- entry-level fuzzing

/**
 * Entry lists of small packages, for `validate-entry`: the edits go into ONE entry's data
 * (manifest JSON or an audio file) and the archive is rewritten with correct CRCs and sizes,
 * so the input gets past the container checks and reaches the manifest, header and sample code.
 */
export function entrySeeds(): ZipEntrySpec[][] {
  const lists: ZipEntrySpec[][] = [];
  const capture = (opts: Parameters<typeof buildPackage>[0]) =>
    buildPackage({
      ...opts,
      hooks: {
        ...(opts?.hooks ?? {}),
        entries: (e) => {
          opts?.hooks?.entries?.(e);
          lists.push(e.map((x) => ({ ...x, method: x.name === 'stempack.json' ? 0 : x.method })));
        },
      },
    });
  capture({ frames: 480 });
  capture({ frames: 480, container: 'aiff', bitDepth: 16 });
  capture({ frames: 480, sampleFormat: 'float', bext: true, timelineStart: 2 ** 33 });
  capture({ frames: 480, channels: 1, hooks: { manifest: (m) => void (m.versions = [{ name: 'alt', rules: [{ role: 'bass', gainDb: -2 }] }]) } });
  // signed (the manifest stored, so an edit of it is signed bytes changed; the signature entry is edited too)
  capture({ frames: 480, hooks: { entries: (e) => void e.push({ name: 'signatures/mixer.sig', data: new TextEncoder().encode(sshsigSync(e[1]!.data)) }) } });
  return lists;
}

/** An entry-level input: which package, which entry (modulo the count), which edits. */
export interface EntryInput {
  seed: number;
  entry: number;
  ops: ByteOp[];
}

/** Arbitrary of an entry-level input over `seedCount` entry lists. */
export function entryInputArb(seedCount: number, maxOps = 6): fc.Arbitrary<EntryInput> {
  return fc.record({ seed: fc.nat({ max: seedCount - 1 }), entry: fc.nat(), ops: fc.array(byteOpArb, { minLength: 1, maxLength: maxOps }) });
}

/** The package bytes of an entry-level input (entry 0, mimetype, is never edited). */
export function applyEntryOps(lists: ZipEntrySpec[][], inp: EntryInput): Uint8Array {
  const list = lists[inp.seed]!.map((e) => ({ ...e }));
  const i = 1 + (inp.entry % (list.length - 1));
  list[i]!.data = applyOps(list[i]!.data, inp.ops);
  return writeZip(list);
}
