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
import { HttpSource, HttpSourceError } from '../../src/io/http-source.js';
import { MAX_FINDINGS_PER_CODE, type Report } from '../../src/model/report.js';
import { startHostileServer, type Behaviour, type HostileServer } from '../helpers/hostile-server.js';
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
export type TargetName = 'audio-header' | 'read-zip' | 'manifest' | 'validate' | 'validate-entry' | 'sshsig' | 'allowed-signers' | 'http' | 'manifest-scale';
export const TARGETS: TargetName[] = ['audio-header', 'read-zip', 'manifest', 'validate', 'validate-entry', 'sshsig', 'allowed-signers', 'http', 'manifest-scale'];
/** Targets whose inputs are not mutated seed bytes (each has its own arbitrary and runner below). */
export const STRUCTURED_TARGETS: ReadonlySet<TargetName> = new Set(['validate-entry', 'http', 'manifest-scale']);

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

// ---------------------------------------------------------------- HTTP source against a hostile server

/** An HTTP input: which package the server holds, how it answers each request (then well), which level. */
export interface HttpInput {
  seed: number;
  plan: Behaviour[];
  level: 'structure' | 'headers';
}

/** Time limit of one HTTP request in the fuzz runs (a stall costs this much per attempt). */
export const HTTP_FUZZ_TIMEOUT_MS = 100;

/** Arbitrary of one misbehaviour (or a good answer, most often). */
export const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Behaviour>({ kind: 'ok' }) },
  { weight: 2, arbitrary: fc.constantFrom(200, 204, 206, 301, 304, 400, 403, 404, 410, 416, 429, 500, 502, 503).map((status): Behaviour => ({ kind: 'status', status })) },
  { weight: 1, arbitrary: fc.constant<Behaviour>({ kind: 'no-ranges' }) },
  { weight: 2, arbitrary: fc.nat({ max: 70_000 }).map((keep): Behaviour => ({ kind: 'short', keep })) },
  { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((extra): Behaviour => ({ kind: 'extra', extra })) },
  { weight: 2, arbitrary: fc.integer({ min: -70_000, max: 70_000 }).map((by): Behaviour => ({ kind: 'range-shift', by })) },
  { weight: 2, arbitrary: fc.oneof(fc.nat({ max: 10_000_000 }), fc.constantFrom(0, 1, 21, 22, 2 ** 32, 2 ** 53, 2 ** 60)).map((total): Behaviour => ({ kind: 'total', total })) },
  { weight: 1, arbitrary: fc.constant<Behaviour>({ kind: 'refuse' }) },
  { weight: 1, arbitrary: fc.constantFrom('"v2"', 'W/"v1"', '""').map((etag): Behaviour => ({ kind: 'etag', etag })) },
  { weight: 1, arbitrary: fc.constant<Behaviour>({ kind: 'endless' }) },
  { weight: 1, arbitrary: fc.constant<Behaviour>({ kind: 'stall' }) },
  { weight: 1, arbitrary: fc.nat({ max: 2000 }).map((keep): Behaviour => ({ kind: 'stall-body', keep })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('/p.stempack', '/loop', '/other', 'file:///etc/passwd', 'http://127.0.0.1:1/x', '//', 'http://[bad'), fc.constantFrom(301, 302, 303, 307, 308))
      .map(([to, status]): Behaviour => ({ kind: 'redirect', to, status })),
  },
);

/** Arbitrary of an HTTP input over `seedCount` packages. */
export function httpInputArb(seedCount: number, maxPlan = 8): fc.Arbitrary<HttpInput> {
  return fc.record({ seed: fc.nat({ max: seedCount - 1 }), plan: fc.array(behaviourArb, { maxLength: maxPlan }), level: fc.constantFrom('structure' as const, 'headers' as const) });
}

const servers = new Map<number, Promise<HostileServer>>();

/** The server of seed package `seed` (started on first use, on 127.0.0.1). */
function serverFor(seed: number, packages: readonly Uint8Array[]): Promise<HostileServer> {
  let s = servers.get(seed);
  if (!s) servers.set(seed, (s = startHostileServer(packages[seed]!)));
  return s;
}

/** Stop the servers {@link runHttp} started. */
export async function closeHttpServers(): Promise<void> {
  const all = [...servers.values()];
  servers.clear();
  await Promise.all(all.map(async (s) => (await s).close()));
}

/**
 * Open a package on a server that answers request k with `plan[k]` (then well) and validate it:
 * the run must end in a report or an {@link HttpSourceError} (nothing else thrown), within the time
 * limit plus what the stalls cost, the client must read no more body bytes than it asked for,
 * and memory must not grow by much more than the package.
 */
export async function runHttp(inp: HttpInput, packages: readonly Uint8Array[], timeLimitMs = TIME_LIMIT_MS): Promise<RunStats> {
  const server = await serverFor(inp.seed, packages);
  server.setPlan((k) => inp.plan[k] ?? { kind: 'ok' });
  const size = packages[inp.seed]!.length;
  const stalls = inp.plan.filter((b) => b.kind === 'stall' || b.kind === 'stall-body').length;
  const limit = timeLimitMs + stalls * HTTP_FUZZ_TIMEOUT_MS * 1.5;
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  let src: HttpSource | null = null;
  try {
    src = await HttpSource.open(server.url(), { timeoutMs: HTTP_FUZZ_TIMEOUT_MS, retries: 1, retryDelayMs: 1, readAhead: 16 * 1024 });
    await validate({ source: src, name: 'p.stempack' }, { level: inp.level });
  } catch (e) {
    if (!(e instanceof HttpSourceError)) throw new FuzzFailure('throw', `http ${JSON.stringify(inp.plan)} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const ms = performance.now() - t0;
  const growth = process.memoryUsage().arrayBuffers - before;
  if (ms > limit) throw new FuzzFailure('slow', `http ${JSON.stringify(inp.plan)} took ${ms.toFixed(0)} ms (limit ${limit.toFixed(0)})`);
  if (growth > 4 * size + ALLOC_SLACK_BYTES) throw new FuzzFailure('alloc', `http ${JSON.stringify(inp.plan)} grew arrayBuffers by ${growth} bytes for a ${size}-byte package`);
  if (src && src.stats.bytes > server.log.requested) {
    throw new FuzzFailure('read', `http ${JSON.stringify(inp.plan)}: the client read ${src.stats.bytes} body bytes but asked for ${server.log.requested}`);
  }
  return { ms, arrayBufferGrowth: growth, maxRequest: 0 };
}

// ---------------------------------------------------------------- the manifest at scale

/** A manifest-at-scale input: `count` items in one array, made of the templates in turn, and undefined root members. */
export interface ScaleInput {
  array: 'stems' | 'credits' | 'attachments' | 'versions' | 'rules';
  count: number;
  templates: unknown[];
  unknownRoot: number;
  level: 'structure' | 'headers';
}

/** Arbitrary of a manifest-at-scale input with at most `maxCount` items. */
export function scaleInputArb(maxCount = 20_000): fc.Arbitrary<ScaleInput> {
  const stem = buildPackage({ frames: 48 }).manifest.stems[0]! as unknown as Record<string, unknown>;
  const variant = fc
    .tuple(fc.constantFrom(...Object.keys(stem), 'x-extra', 'unknown'), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined)))
    .map(([k, v]) => {
      const o: Record<string, unknown> = { ...stem };
      if (v === undefined) delete o[k];
      else o[k] = v;
      return o;
    });
  return fc.record({
    array: fc.constantFrom('stems' as const, 'stems' as const, 'credits' as const, 'attachments' as const, 'versions' as const, 'rules' as const),
    count: fc.oneof(fc.nat({ max: 300 }), fc.integer({ min: 1000, max: maxCount })),
    templates: fc.array(fc.oneof(fc.constant({}), fc.constant(stem), variant, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 4 }),
    unknownRoot: fc.oneof(fc.constant(0), fc.nat({ max: 5000 })),
    level: fc.constantFrom('structure' as const, 'headers' as const),
  });
}

let scaleBase: { entries: ZipEntrySpec[]; manifest: Record<string, unknown> } | null = null;

/** The package of a manifest-at-scale input (the other entries those of a small valid package). */
export function scalePackage(inp: ScaleInput): Uint8Array {
  if (!scaleBase) {
    let entries: ZipEntrySpec[] = [];
    const b = buildPackage({ frames: 48, hooks: { entries: (e) => void (entries = e.map((x) => ({ ...x }))) } });
    scaleBase = { entries, manifest: b.manifest as unknown as Record<string, unknown> };
  }
  const m: Record<string, unknown> = structuredClone(scaleBase.manifest);
  const items = Array.from({ length: inp.count }, (_, i) => inp.templates[i % inp.templates.length]);
  if (inp.array === 'rules') m.versions = [{ name: 'alt', rules: items }];
  else m[inp.array] = items;
  for (let i = 0; i < inp.unknownRoot; i++) m[`u${i}`] = i;
  const entries = scaleBase.entries.map((e) => (e.name === 'stempack.json' ? { ...e, data: new TextEncoder().encode(JSON.stringify(m)), method: 8 } : e));
  return writeZip(entries);
}

/**
 * Validate a package whose manifest holds `count` items (and `unknownRoot` undefined members):
 * no throw, time linear in the items (the limit grows by 0.1 ms per item: a quadratic step at
 * 20,000 items took 34 s), at most {@link MAX_FINDINGS_PER_CODE} findings of a code listed and the
 * counts equal to the findings listed plus the `more` they carry.
 */
export async function runManifestScale(inp: ScaleInput, timeLimitMs = TIME_LIMIT_MS): Promise<RunStats> {
  const bytes = scalePackage(inp);
  const src = new CountingSource(new BytesSource(bytes, 'scale.stempack'));
  let report: Report | null = null;
  const items = inp.count + inp.unknownRoot;
  const stats = await checked(`manifest-scale (${inp.array} x${inp.count}, ${inp.unknownRoot} undefined)`, bytes.length, src, async () => {
    report = await validate({ source: src, name: 'scale.stempack' }, { level: inp.level });
  }, timeLimitMs + items * 0.1);
  const r = report as Report | null;
  if (!r) throw new FuzzFailure('throw', 'manifest-scale: no report');
  const per = new Map<string, number>();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of r.findings) {
    per.set(f.code, (per.get(f.code) ?? 0) + 1);
    counts[f.severity] += 1 + (typeof f.params.more === 'number' ? f.params.more : 0);
  }
  for (const [code, n] of per) if (n > MAX_FINDINGS_PER_CODE) throw new FuzzFailure('alloc', `manifest-scale: ${n} findings of ${code} listed (cap ${MAX_FINDINGS_PER_CODE})`);
  if (counts.error !== r.counts.error || counts.warning !== r.counts.warning || counts.info !== r.counts.info) {
    throw new FuzzFailure('throw', `manifest-scale: counts ${JSON.stringify(r.counts)} but the findings listed stand for ${JSON.stringify(counts)}`);
  }
  return stats;
}
