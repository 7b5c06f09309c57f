/**
 * One mutator per requirement ID: a fast-check arbitrary of a package that breaks exactly that
 * requirement (with random parameters), and what a validator must then report. Codes no package
 * mutation can exercise carry a documented reason instead.
 *
 * `test/properties/mutators.test.ts` runs every mutator and fails when a registry code has
 * neither a mutator nor a reason.
 */
import fc from 'fast-check';
import type { Code } from '../../src/model/codes.js';
import type { Profile } from '../../src/model/profile.js';
import type { Layout, Role } from '../../src/model/manifest.js';
import { MIMETYPE } from '../../src/model/manifest.js';
import { audioData, chunkOffset, sha256, type BuildOptions, type StemSpec } from '../helpers/package-builder.js';
import { concat, crc32 } from '../helpers/zip.js';
import { sshsigSync, type SyncSigOptions } from '../helpers/sign.js';
import { armor } from '../../src/sign/sshsig.js';
import { WireWriter } from '../../src/sign/wire.js';

/** Frames of every mutated package (0.05 s at 48 kHz: fast, longer than every level window used). */
export const FRAMES = 2400;

/** What a mutation produces: builder options plus the validate inputs around them. */
export interface MutationCase {
  build: BuildOptions;
  /** Package file name (default `song.stempack`). */
  name?: string;
  profile?: string | Profile;
}

/** What validate must report for a mutation. */
export interface Expectation {
  code: Code;
  /** Path of (one of) the findings of `code`. */
  path?: string;
  /** Params one finding at `path` must carry (subset match). */
  params?: Record<string, unknown>;
  /** Exact number of findings of `code`. */
  count?: number;
  /** Other error-level codes this mutation cannot avoid, each with the reason in the mutator's doc. */
  alsoErrors?: Code[];
}

/** A mutator: random parameters → a broken package and its expected finding. */
export interface Mutator {
  arb: fc.Arbitrary<{ mutation: MutationCase; expect: Expectation }>;
}
/** A code no package mutation can produce, and why. */
export interface NoMutator {
  reason: string;
}

const enc = new TextEncoder();
const STEM_IDS = ['drums', 'bass', 'vox'] as const;
const stem = (id: string, ext = 'wav') => `stems/${id}.${ext}`;
const stemIdArb = fc.constantFrom(...STEM_IDS);
const stemIndexArb = fc.integer({ min: 0, max: STEM_IDS.length - 1 });
const audioPathArb = fc.constantFrom('mix/mix.wav', ...STEM_IDS.map((s) => stem(s)));

/** Case helper: builder options on top of the short default package. */
function c(build: BuildOptions = {}, extra: Omit<MutationCase, 'build'> = {}): MutationCase {
  return { build: { frames: FRAMES, ...build }, ...extra };
}
function m(
  arb: fc.Arbitrary<{ mutation: MutationCase; expect: Omit<Expectation, 'code'> }>,
  code: Code,
): Mutator {
  return { arb: arb.map(({ mutation, expect }) => ({ mutation, expect: { code, ...expect } })) };
}
function fixed(code: Code, mutation: MutationCase, expect: Omit<Expectation, 'code'> = {}): Mutator {
  return m(fc.constant({ mutation, expect }), code);
}
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

/**
 * A JSON text with the member `name` of the object at `pointer` written twice: first with `decoy`
 * as its value (its name `\u`-escaped when `escape`), then as it was. `JSON.parse` keeps the
 * last, so the text reads as before except for the repeat (SP-MAN-014).
 */
export function repeatMember(json: string, pointer: string, name: string, decoy: unknown, escape: boolean): string {
  const tok = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const escaped = (k: string) => `"${[...k].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
  let written = 0;
  const write = (v: unknown, ptr: string): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${ptr}/${i}`)).join(',')}]`;
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (ptr === pointer && k === name) {
        parts.push(`${escape ? escaped(k) : JSON.stringify(k)}:${JSON.stringify(decoy)}`);
        written++;
      }
      parts.push(`${JSON.stringify(k)}:${write(x, `${ptr}/${tok(k)}`)}`);
    }
    return `{${parts.join(',')}}`;
  };
  const out = write(JSON.parse(json), '');
  if (written !== 1) throw new Error(`repeatMember: no member ${pointer}/${name}`);
  return out;
}

/** An archive whose end record (the last 22 bytes, no comment yet) gets `comment`. */
export function withComment(zip: Uint8Array, comment: Uint8Array): Uint8Array {
  const out = concat([zip, comment]);
  new DataView(out.buffer).setUint16(zip.length - 2, comment.length, true);
  return out;
}

/** Grow the `data` chunk of a RIFF file by `extra` bytes (sizes fixed, pad byte kept right). */
export function growData(file: Uint8Array, extra: number): Uint8Array {
  const p = chunkOffset(file, 'data');
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const size = v.getUint32(p + 4, true);
  const end = p + 8 + size;
  const rest = file.subarray(end + (size & 1));
  const newSize = size + extra;
  const out = concat([file.subarray(0, end), new Uint8Array(extra), new Uint8Array(newSize & 1), rest]);
  const ov = new DataView(out.buffer);
  ov.setUint32(p + 4, newSize, true);
  ov.setUint32(4, out.length - 8, true);
  return out;
}

/** Write [frame, channel, value] into a 32-bit float RIFF file of `channels` channels. */
function pokeFloat32(file: Uint8Array, at: [number, number, number][], channels = 2): Uint8Array {
  const out = file.slice();
  const data = chunkOffset(out, 'data') + 8;
  const v = new DataView(out.buffer);
  for (const [f, ch, x] of at) v.setFloat32(data + (f * channels + ch) * 4, x, true);
  return out;
}

/** Peak in dBFS (2 decimals) of the finite samples of a 32-bit float RIFF file; null when all zero. */
function finitePeakDb(file: Uint8Array): number | null {
  const p = chunkOffset(file, 'data');
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const size = v.getUint32(p + 4, true);
  let peak = 0;
  for (let i = p + 8; i + 4 <= p + 8 + size; i += 4) {
    const x = Math.abs(v.getFloat32(i, true));
    if (Number.isFinite(x) && x > peak) peak = x;
  }
  return peak > 0 ? Math.round(20 * Math.log10(peak) * 100) / 100 : null;
}

function stemsWith(extra: StemSpec): StemSpec[] {
  const base: StemSpec[] = [
    { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] },
    { id: 'bass', role: 'bass', parts: [{ kind: 'sine', freq: 60, amp: 0.25 }] },
  ];
  return [...base.filter((s) => s.id !== extra.id), extra];
}

/** Soft-knee bus "compressor": tanh saturation of the mix only (stems untouched). */
function busCompress(x: Int32Array | Float64Array, fullScale: number, drive: number): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! / fullScale;
    const y = Math.tanh(drive * v) / drive;
    x[i] = x instanceof Int32Array ? Math.round(y * fullScale) : y;
  }
}

const ROLES_ABSENT: Role[] = ['strings', 'brass', 'woodwinds', 'keys', 'percussion', 'ambience', 'synths'];
const WRONG_STEREO_LAYOUTS: Layout[] = ['mono', 'LCR', 'quad', '5.0', '5.1', '7.1'];
const SESSION_EXTS = ['ptx', 'ptf', 'pts', 'logicx', 'logic', 'als', 'alp', 'cpr', 'npr', 'flp', 'rpp', 'rpp-bak', 'song', 'bwproject', 'aup', 'aup3', 'band', 'ardour', 'reason', 'sesx', 'cwp', 'dawproject', 'mmp', 'mmpz'];

const sigNameArb = fc.constantFrom('mixer', 'label', 'producer', 'ann@studio', 'x.y_z-1');

/** An RSA public key blob of `bits` bits (an odd modulus with its top bit set; never used to verify). */
function rsaBlob(bits: number): Uint8Array {
  const n = new Uint8Array(bits / 8).fill(0xa5);
  n[0] = 0xc1;
  return new WireWriter().string('ssh-rsa').mpint(Uint8Array.of(1, 0, 1)).mpint(n).bytes();
}

/** A signature entry broken as `how` says (each an SP-SIG-001 reason). */
function brokenSignature(manifest: Uint8Array, how: string): string {
  const good = sshsigSync(manifest);
  switch (how) {
    case 'not armoured':
      return 'signed: the mixer\n';
    case 'truncated base64':
      return good.replace(/[A-Za-z0-9+/=]{3}\n-----END/, '\n-----END');
    case 'bad character':
      return good.replace('U1NIU0lH', 'U1NIU0l!');
    case 'empty armour':
      return '-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n';
    case 'trailing bytes':
      return good + 'more\n';
    default: {
      // a public key length of 0xFFFFFFF0 inside the blob (bytes 10-13)
      const b64 = good.split('\n').slice(1, -2).join('');
      const blob = Buffer.from(b64, 'base64');
      blob.writeUInt32BE(0xfffffff0, 10);
      return armor(new Uint8Array(blob));
    }
  }
}

/** The registry: every requirement ID maps to a mutator or a reason. */
export const MUTATORS: Record<Code, Mutator | NoMutator> = {
  // ------------------------------------------------------------------ container
  'SP-ZIP-001': m(
    fc.double({ min: 0, max: 0.9, noNaN: true }).map((f) => ({
      mutation: c({ hooks: { zip: (b) => b.subarray(0, Math.floor(b.length * f)) } }),
      expect: { path: '' },
    })),
    'SP-ZIP-001',
  ),
  'SP-ZIP-002': m(
    fc.constantFrom('application/zip', `${MIMETYPE}\n`, MIMETYPE.toUpperCase(), 'application/vnd.stempack', '').map((text) => ({
      mutation: c({ hooks: { entries: (e) => void (e[0]!.data = enc.encode(text)) } }),
      expect: { path: 'mimetype' },
    })),
    'SP-ZIP-002',
  ),
  'SP-ZIP-003': m(
    fc.constantFrom('song.zip', 'song', 'song.stempack.zip', 'song.STEMPACKX', 'stempack').map((name) => ({ mutation: c({}, { name }), expect: { path: '' } })),
    'SP-ZIP-003',
  ),
  'SP-ZIP-004': fixed('SP-ZIP-004', c({ hooks: { entries: (e) => void e.splice(1, 1) } }), { path: 'stempack.json' }),
  'SP-ZIP-005': m(
    fc.integer({ min: 1, max: 4 }).map((k) => ({
      mutation: c({ hooks: { entries: (e) => void e.splice(1 + k, 0, ...e.splice(1, 1)) } }),
      expect: { path: 'stempack.json' },
    })),
    'SP-ZIP-005',
  ),
  'SP-ZIP-006': m(
    audioPathArb.map((p) => ({ mutation: c({ hooks: { entries: (e) => void (e.find((x) => x.name === p)!.method = 8) } }), expect: { path: p } })),
    'SP-ZIP-006',
  ),
  'SP-ZIP-007': m(
    fc.tuple(audioPathArb, fc.stringMatching(/^[a-z]{1,8}$/)).map(([p, other]) => ({
      mutation: c({ hooks: { entries: (e) => void (e.find((x) => x.name === p)!.localName = `${p}.${other}`) } }),
      expect: { path: p },
    })),
    'SP-ZIP-007',
  ),
  'SP-ZIP-008': m(
    fc.constantFrom('../evil.txt', 'docs/../../evil.txt', '/etc/evil.txt', 'docs\\evil.txt', 'C:/evil.txt', 'docs/ev\u0001il.txt').map((name) => ({
      mutation: c({ hooks: { entries: (e) => void e.push({ name, data: enc.encode('x') }) } }),
      expect: { path: name },
    })),
    'SP-ZIP-008',
  ),
  /** A case twin of a listed stem, or an NFD twin of an NFC-named stem. */
  'SP-ZIP-009': m(
    fc.oneof(
      stemIdArb.map((id) => {
        const twin = `stems/${id.toUpperCase()}.wav`;
        return { mutation: c({ hooks: { entries: (e) => void e.push({ name: twin, data: enc.encode('x') }) } }), expect: { path: twin } };
      }),
      fc.constant(null).map(() => {
        const nfc = 'stems/caf\u00e9.wav';
        const nfd = 'stems/cafe\u0301.wav';
        return {
          mutation: c({
            stems: stemsWith({ id: 'cafe', role: 'other', path: nfc, parts: [{ kind: 'sine', freq: 220, amp: 0.1 }] }),
            hooks: { entries: (e) => void e.push({ name: nfd, data: enc.encode('x') }) },
          }),
          expect: { path: nfd },
        };
      }),
    ),
    'SP-ZIP-009',
  ),
  'SP-ZIP-010': m(
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), fc.constantFrom('docs', 'stems', 'mix'), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(
      ([base, folder, data]) => {
        const name = `${folder}/${base}.txt`;
        return { mutation: c({ hooks: { entries: (e) => void e.push({ name, data }) } }), expect: { path: name } };
      },
    ),
    'SP-ZIP-010',
  ),
  'SP-ZIP-011': m(
    fc
      .constantFrom(
        { ext: 'zip', magic: [0x50, 0x4b, 0x03, 0x04] },
        { ext: 'gz', magic: [0x1f, 0x8b, 0x08] },
        { ext: '7z', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
        { ext: 'rar', magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
        { ext: 'stempack', magic: [0x50, 0x4b, 0x03, 0x04] },
      )
      .map(({ ext, magic }) => {
        const name = `docs/old.${ext}`;
        return { mutation: c({ hooks: { entries: (e) => void e.push({ name, data: new Uint8Array([...magic, 1, 2, 3]) }) } }), expect: { path: name } };
      }),
    'SP-ZIP-011',
  ),
  'SP-ZIP-012': m(
    fc.constantFrom('audio', 'Stems', 'tracks', 'docs').map((folder) => ({
      mutation: c({ stems: stemsWith({ id: 'keys', role: 'keys', path: `${folder}/keys.wav`, parts: [{ kind: 'sine', freq: 330, amp: 0.1 }] }) }),
      expect: {},
    })),
    'SP-ZIP-012',
  ),
  'SP-ZIP-013': m(
    fc.tuple(audioPathArb, fc.nat({ max: 0xffffffff })).map(([p, crc]) => ({
      mutation: c({
        hooks: {
          entries: (e) => {
            const x = e.find((y) => y.name === p)!;
            x.crc = crc === crc32(x.data) ? (crc ^ 1) >>> 0 : crc;
          },
        },
      }),
      expect: { path: p },
    })),
    'SP-ZIP-013',
  ),
  'SP-ZIP-014': m(
    audioPathArb.map((p) => ({ mutation: c({ hooks: { entries: (e) => void (e.find((x) => x.name === p)!.flags = 1) } }), expect: { path: p } })),
    'SP-ZIP-014',
  ),
  // ------------------------------------------------------------------ signatures
  // each adds `signatures/<name>.sig` after the other entries, built over the manifest entry's
  // bytes as the builder stored them (entries[1]), broken in exactly one way
  'SP-SIG-001': m(
    fc
      .tuple(sigNameArb, fc.constantFrom('not armoured', 'truncated base64', 'absurd length', 'trailing bytes', 'bad character', 'empty armour'))
      .map(([name, how]) => ({
        mutation: c({ hooks: { entries: (e) => void e.push({ name: `signatures/${name}.sig`, data: enc.encode(brokenSignature(e[1]!.data, how)) }) } }),
        expect: { path: `signatures/${name}.sig`, count: 1 },
      })),
    'SP-SIG-001',
  ),
  'SP-SIG-002': m(
    fc.tuple(sigNameArb, fc.constantFrom('git', 'file', 'stempack-receipt', 'stempack-deliveryx', 'Stempack-Delivery')).map(([name, namespace]) => ({
      mutation: c({ hooks: { entries: (e) => void e.push({ name: `signatures/${name}.sig`, data: enc.encode(sshsigSync(e[1]!.data, { namespace })) }) } }),
      expect: { path: `signatures/${name}.sig`, params: { expected: 'stempack-delivery', found: namespace } },
    })),
    'SP-SIG-002',
  ),
  'SP-SIG-003': m(
    fc
      .tuple(sigNameArb, fc.constantFrom<[string, SyncSigOptions]>(['hash', { hashAlgorithm: 'sha256' }], ['sha1', { sigAlg: 'ssh-rsa', publicKeyBlob: rsaBlob(2048) }], ['weak-key', { sigAlg: 'rsa-sha2-512', publicKeyBlob: rsaBlob(1024) }], ['key-type', { publicKeyBlob: new WireWriter().string('ssh-dss').string(new Uint8Array(20)).bytes() }], ['certificate', { publicKeyBlob: new WireWriter().string('ssh-ed25519-cert-v01@openssh.com').string(new Uint8Array(32)).bytes() }], ['mismatch', { sigAlg: 'rsa-sha2-512' }]))
      .map(([name, [reason, o]]) => ({
        mutation: c({ hooks: { entries: (e) => void e.push({ name: `signatures/${name}.sig`, data: enc.encode(sshsigSync(e[1]!.data, o)) }) } }),
        expect: { path: `signatures/${name}.sig`, params: { reason } },
      })),
    'SP-SIG-003',
  ),
  'SP-SIG-004': m(
    fc
      .tuple(sigNameArb, fc.oneof(fc.record({ flip: fc.integer({ min: 1, max: 255 }) }), fc.record({ other: fc.string({ minLength: 1, maxLength: 20 }) })))
      .map(([name, how]) => ({
        mutation: c({
          hooks: {
            entries: (e) => {
              // a flipped signature value, or a good signature of other bytes (copied from another package)
              const message = 'other' in how ? concat([e[1]!.data, enc.encode(how.other)]) : e[1]!.data;
              e.push({ name: `signatures/${name}.sig`, data: enc.encode(sshsigSync(message, 'flip' in how ? { flip: how.flip } : {})) });
            },
          },
        }),
        expect: { path: `signatures/${name}.sig`, count: 1, params: { keyType: 'ED25519', signed: 'stempack.json' } },
      })),
    'SP-SIG-004',
  ),
  'SP-SIG-101': m(
    fc.tuple(sigNameArb, fc.integer({ min: 1, max: 200 })).map(([name, seed]) => ({
      mutation: c({ hooks: { entries: (e) => void e.push({ name: `signatures/${name}.sig`, data: enc.encode(sshsigSync(e[1]!.data, { seed })) }) } }),
      expect: { path: `signatures/${name}.sig`, count: 1, params: { keyType: 'ED25519', principal: null, trusted: null } },
    })),
    'SP-SIG-101',
  ),
  'SP-SIG-005': { reason: 'Needs allowed signers (stempack verify), which the mutator runner does not pass: test/sign/tamper.test.ts covers a package with no signature from an allowed signer.' },
  'SP-SIG-006': { reason: 'Needs allowed signers with validity times and a verification time: test/sign/tamper.test.ts (findings) and test/sign/allowed-signers.test.ts (decisions against ssh-keygen).' },
  // a local entry no central record points at (what a streaming reader would extract), or an end
  // record signature inside the archive comment
  'SP-ZIP-015': m(
    fc.oneof(
      fc
        .tuple(fc.constantFrom('Song.ptx', '../../evil.sh', 'stems/extra.wav', 'mix/mix.wav'), fc.integer({ min: 1, max: 5 }), fc.uint8Array({ minLength: 0, maxLength: 64 }))
        .map(([name, index, data]) => ({
          mutation: c({ hooks: { entries: (e) => void e.splice(Math.min(index, e.length), 0, { name, data, hidden: true }) } }),
          expect: { path: '', count: 1, params: { reason: 'hidden-bytes', localNames: [name] } },
        })),
      fc.tuple(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ minLength: 0, maxLength: 40 })).map(([before, after]) => ({
        mutation: c({ hooks: { zip: (b) => withComment(b, concat([before, Uint8Array.of(0x50, 0x4b, 0x05, 0x06), after])) } }),
        expect: { path: '', params: { reason: 'eocd-in-comment' } },
      })),
    ),
    'SP-ZIP-015',
  ),
  'SP-PAK-001': { reason: 'A requirement on packers, not on a package: test/properties/roundtrip.test.ts packs valid stem sets and validates the result.' },
  'SP-VAL-001': { reason: 'A requirement on validators (check everything, never crash): the mutator table itself and test/fuzz/ exercise it.' },
  'SP-SES-001': m(
    fc.tuple(fc.constantFrom(...SESSION_EXTS), fc.constantFrom('', 'docs/')).map(([ext, dir]) => {
      const name = `${dir}Song.${ext}`;
      return { mutation: c({ hooks: { entries: (e) => void e.push({ name, data: enc.encode('session') }) } }), expect: { path: name } };
    }),
    'SP-SES-001',
  ),
  // ------------------------------------------------------------------ manifest
  'SP-MAN-001': m(
    fc.oneof(
      fc.double({ min: 0.05, max: 0.95, noNaN: true }).map((f) => ({ kind: 'cut' as const, f })),
      fc.constant({ kind: 'bom' as const, f: 0 }),
      fc.constant({ kind: 'latin1' as const, f: 0 }),
    ).map(({ kind, f }) => ({
      mutation: c({
        hooks: {
          entries: (e) => {
            const d = e[1]!.data;
            if (kind === 'cut') e[1]!.data = d.subarray(0, Math.max(1, Math.floor(d.length * f)));
            else if (kind === 'bom') e[1]!.data = concat([new Uint8Array([0xef, 0xbb, 0xbf]), d]);
            else e[1]!.data = concat([d.subarray(0, d.length - 2), new Uint8Array([0x20, 0xe9, 0x0a, 0x7d])]);
          },
        },
      }),
      expect: { path: 'stempack.json' },
    })),
    'SP-MAN-001',
  ),
  'SP-MAN-002': m(
    fc.stringMatching(/^[a-wyz][a-zA-Z]{0,10}$/).filter((k) => !['title', 'artist', 'isrc', 'credits', 'created', 'generator', 'session', 'timeline', 'format', 'mix', 'stems', 'null', 'versions', 'attachments', 'stempack', 'versionName', 'mixBusProcessing'].includes(k)).map((k) => ({
      mutation: c({ hooks: { manifest: (mf) => void ((mf as unknown as Record<string, unknown>)[k] = 1) } }),
      expect: {},
    })),
    'SP-MAN-002',
  ),
  'SP-MAN-003': m(
    stemIdArb.map((id) => ({
      mutation: c({ hooks: { entries: (e) => void e.splice(e.findIndex((x) => x.name === stem(id)), 1) } }),
      expect: { path: stem(id) },
    })),
    'SP-MAN-003',
  ),
  'SP-MAN-004': m(
    fc.tuple(stemIndexArb, fc.integer({ min: -1000, max: 1000 }).filter((k) => k !== 0)).map(([i, k]) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.stems[i]!.bytes += k) } }),
      expect: { path: stem(STEM_IDS[i]!) },
    })),
    'SP-MAN-004',
  ),
  'SP-MAN-005': m(
    fc.tuple(stemIndexArb, stemIndexArb).filter(([a, b]) => a !== b).map(([a, b]) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.stems[a]!.id = mf.stems[b]!.id) } }),
      expect: {},
    })),
    'SP-MAN-005',
  ),
  'SP-MAN-006': m(
    fc.constantFrom('docs/a.txt', 'docs/A.txt').map((second) => ({
      // the case twin is not an entry, so it is also missing (SP-MAN-003)
      mutation: c({
        hooks: {
          manifest: (mf) => void (mf.attachments = [attachment('docs/a.txt', 'a'), attachment(second, 'a')]),
          entries: (e) => void e.push({ name: 'docs/a.txt', data: enc.encode('a') }),
        },
      }),
      expect: second === 'docs/a.txt' ? {} : { alsoErrors: ['SP-MAN-003'] as Code[] },
    })),
    'SP-MAN-006',
  ),
  /**
   * Metadata-only edit: one byte of a stem's `bext` description changes after the manifest was
   * computed (the manifest keeps the old `sha256`). The sample data is untouched, so
   * `audioSha256` still matches: exactly SP-MAN-007, never SP-MAN-008.
   */
  'SP-MAN-007': m(
    fc.tuple(stemIdArb, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x21, max: 0x7e })).map(([id, k, ch]) => {
      let old = '';
      return {
        mutation: c({
          bext: true,
          hooks: {
            file: (p, b) => {
              if (p !== stem(id)) return b;
              old = sha256(b);
              const out = b.slice();
              const at = chunkOffset(out, 'bext') + 8 + k;
              out[at] = out[at] === ch ? ch ^ 1 : ch;
              return out;
            },
            manifest: (mf) => void (mf.stems.find((s) => s.id === id)!.sha256 = old),
          },
        }),
        expect: { path: stem(id), params: { algorithm: 'sha256' } },
      };
    }),
    'SP-MAN-007',
  ),
  /**
   * A flipped audio byte (bit 0 of a sample's least significant byte, so the null and the peak
   * still hold): the manifest keeps the old digests, the zip CRC is computed from the stored
   * bytes (so SP-ZIP-013 stays quiet). Changing sample data changes the file hash too; the
   * validator reports the cause only (SP-MAN-008; SP-MAN-007 alone means metadata-only), so the
   * expected set is exactly {SP-MAN-008}.
   */
  'SP-MAN-008': m(
    fc.tuple(audioPathArb, fc.nat({ max: FRAMES * 2 - 1 })).map(([path, sample]) => {
      const old = { sha: '', audio: '' };
      return {
        mutation: c({
          hooks: {
            file: (p, b) => {
              if (p !== path) return b;
              old.sha = sha256(b);
              old.audio = sha256(audioData(b));
              const out = b.slice();
              out[chunkOffset(out, 'data') + 8 + sample * 3]! ^= 1;
              return out;
            },
            manifest: (mf) => {
              const it = mf.mix.path === path ? mf.mix : mf.stems.find((s) => s.path === path)!;
              it.sha256 = old.sha;
              it.audioSha256 = old.audio;
            },
          },
        }),
        expect: { path, params: { algorithm: 'sha256' } },
      };
    }),
    'SP-MAN-008',
  ),
  'SP-MAN-009': m(
    fc.tuple(stemIndexArb, fc.integer({ min: -FRAMES + 1, max: 10_000 }).filter((k) => k !== 0)).map(([i, k]) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.stems[i]!.frames += k) } }),
      expect: { path: stem(STEM_IDS[i]!), params: { expected: FRAMES + k, found: FRAMES } },
    })),
    'SP-MAN-009',
  ),
  'SP-MAN-010': m(
    fc.tuple(audioPathArb, fc.double({ min: 0.02, max: 20, noNaN: true }), fc.boolean()).map(([path, d, up]) => ({
      mutation: c({
        hooks: {
          manifest: (mf) => {
            const it = mf.mix.path === path ? mf.mix : mf.stems.find((s) => s.path === path)!;
            it.peak = Math.round(((it.peak ?? 0) + (up ? d : -d)) * 100) / 100;
          },
        },
      }),
      expect: { path },
    })),
    'SP-MAN-010',
  ),
  'SP-MAN-011': m(
    fc.constantFrom(44100, 88200, 96000, 192000).map((rate) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.timeline.sampleRate = rate) } }),
      expect: {},
    })),
    'SP-MAN-011',
  ),
  'SP-MAN-012': m(
    fc.constantFrom('credits', 'isrc', 'both').map((what) => ({
      mutation: c({
        hooks: {
          manifest: (mf) => {
            if (what !== 'isrc') delete mf.credits;
            if (what !== 'credits') delete mf.isrc;
          },
        },
      }),
      expect: {},
    })),
    'SP-MAN-012',
  ),
  'SP-MAN-013': m(
    fc.tuple(stemIndexArb, fc.constantFrom(...WRONG_STEREO_LAYOUTS)).map(([i, layout]) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.stems[i]!.layout = layout) } }),
      expect: {},
    })),
    'SP-MAN-013',
  ),
  // one member of the manifest written twice, a decoy value first: JSON.parse keeps the real one,
  // so the repeat is the only thing wrong
  'SP-MAN-014': m(
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom<[string, string]>(['', 'title'], ['', 'stems'], ['', 'format'], ['/format', 'bitDepth'], ['/timeline', 'length'], ['/session', 'sampleRate'], ['/mix', 'path']),
          fc.tuple(stemIndexArb, fc.constantFrom('role', 'sha256', 'channels')).map(([i, k]): [string, string] => [`/stems/${i}`, k]),
        ),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
      )
      .map(([[pointer, name], decoy, escape]) => ({
        mutation: c({ hooks: { entries: (e) => void (e[1]!.data = enc.encode(repeatMember(new TextDecoder().decode(e[1]!.data), pointer, name, decoy, escape))) } }),
        expect: { path: `${pointer}/${name}`, count: 1, params: { name } },
      })),
    'SP-MAN-014',
  ),
  // ------------------------------------------------------------------ audio
  'SP-AUD-001': m(
    fc.tuple(stemIdArb, fc.constantFrom('OggS', 'fLaC', 'ID3\u0003', 'RIFX-junk')).map(([id, magic]) => ({
      mutation: c({ hooks: { file: (p, b) => (p === stem(id) ? enc.encode(`${magic} not a wav file at all`) : b) } }),
      expect: { path: stem(id) },
    })),
    'SP-AUD-001',
  ),
  'SP-AUD-002': m(
    fc.tuple(stemIdArb, fc.integer({ min: 6, max: 1_000_000 })).map(([id, extra]) => ({
      mutation: c({
        hooks: {
          file: (p, b) => {
            if (p !== stem(id)) return b;
            const out = b.slice();
            const at = chunkOffset(out, 'data');
            const v = new DataView(out.buffer);
            v.setUint32(at + 4, v.getUint32(at + 4, true) + extra * 6, true);
            return out;
          },
        },
      }),
      expect: { path: stem(id) },
    })),
    'SP-AUD-002',
  ),
  'SP-AUD-003': m(
    stemIdArb.map((id) => ({ mutation: c({ hooks: { audio: (it) => void (it.id === id && (it.wav.container = 'aiff')) } }), expect: { path: stem(id) } })),
    'SP-AUD-003',
  ),
  'SP-AUD-004': m(
    stemIdArb.map((id) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && ((it.wav.bitDepth = 32), (it.samples = Int32Array.from(it.samples, (x) => x * 256)))) } }),
      expect: { path: stem(id) },
    })),
    'SP-AUD-004',
  ),
  'SP-AUD-005': m(
    fc.tuple(stemIdArb, fc.constantFrom(44100, 88200, 96000, 192000)).map(([id, rate]) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && (it.wav.sampleRate = rate)) } }),
      expect: { path: stem(id), params: { expected: 48000, found: rate } },
    })),
    'SP-AUD-005',
  ),
  'SP-AUD-006': m(
    fc.constantFrom({ bitDepth: 32 }, { sampleRate: 96000 }, { sampleRate: 192000, bitDepth: 32 }).map((s) => ({
      mutation: c({ hooks: { manifest: (mf) => void Object.assign(mf.session, s) } }),
      expect: { path: 'mix/mix.wav' },
    })),
    'SP-AUD-006',
  ),
  'SP-AUD-007': m(
    fc.constantFrom<[string, unknown]>(['container', 'aiff'], ['bitDepth', 32], ['bitDepth', 16]).map(([k, v]) => ({
      mutation: c({ hooks: { manifest: (mf) => void ((mf.format as unknown as Record<string, unknown>)[k] = v) } }),
      expect: { path: 'mix/mix.wav' },
    })),
    'SP-AUD-007',
  ),
  'SP-AUD-008': m(
    fc.constantFrom('aif', 'aiff', 'aifc', 'flac', 'txt', 'wave', 'bwf').map((ext) => ({
      mutation: c({ stems: stemsWith({ id: 'keys', role: 'keys', path: `stems/keys.${ext}`, parts: [{ kind: 'sine', freq: 330, amp: 0.1 }] }) }),
      expect: { path: `stems/keys.${ext}` },
    })),
    'SP-AUD-008',
  ),
  'SP-AUD-009': m(
    fc.constantFrom<BuildOptions>({ bitDepth: 16 }, { bitDepth: 16, container: 'aiff' }).map((b) => ({
      mutation: c(b),
      expect: { path: b.container === 'aiff' ? 'mix/mix.aif' : 'mix/mix.wav' },
    })),
    'SP-AUD-009',
  ),
  'SP-AUD-010': m(
    fc.tuple(stemIdArb, fc.integer({ min: 17, max: 23 })).map(([id, bits]) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && ((it.wav.extensible = true), (it.wav.validBits = bits))) } }),
      expect: { path: stem(id) },
    })),
    'SP-AUD-010',
  ),
  'SP-AUD-011': m(
    fc.constantFrom(8000, 16000, 22050, 32000).map((rate) => ({ mutation: c({ sampleRate: rate }), expect: { path: 'mix/mix.wav' } })),
    'SP-AUD-011',
  ),
  // NaN / ±Infinity written into one float file's data chunk (1..4 samples); the manifest peak of
  // that file is set to its finite samples' peak (what a packer measures), so no SP-MAN-010
  'SP-AUD-012': m(
    fc
      .tuple(
        audioPathArb,
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: FRAMES - 1 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 4, selector: ([f, ch]) => f * 2 + ch }),
        fc.array(fc.constantFrom(NaN, Infinity, -Infinity), { minLength: 4, maxLength: 4 }),
      )
      .map(([path, at, values]) => {
        const pokes: [number, number, number][] = at.map(([f, ch], i) => [f, ch, values[i]!]);
        let poked: Uint8Array | undefined;
        const channels = [0, 1]
          .map((ch) => {
            const fs = pokes.filter((p) => p[1] === ch).map((p) => p[0]);
            return { channel: ch, count: fs.length, firstFrame: Math.min(...fs) };
          })
          .filter((x) => x.count > 0);
        return {
          mutation: c({
            sampleFormat: 'float',
            hooks: {
              file: (p, b) => (p === path ? (poked = pokeFloat32(b, pokes)) : b),
              manifest: (mf) => {
                const item = [mf.mix, ...mf.stems].find((x) => x.path === path)!;
                item.peak = finitePeakDb(poked!);
              },
            },
          }),
          expect: { path, params: { total: pokes.length, channels }, count: 1 },
        };
      }),
    'SP-AUD-012',
  ),
  // ------------------------------------------------------------------ length, start
  'SP-LEN-001': m(
    fc.tuple(stemIdArb, fc.integer({ min: 1, max: 600 })).map(([id, k]) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && (it.frames -= k)) } }),
      expect: { path: stem(id), params: { expected: FRAMES, found: FRAMES - k, differenceFrames: -k }, count: 1 },
    })),
    'SP-LEN-001',
  ),
  'SP-LEN-002': m(
    fc.integer({ min: -FRAMES + 1, max: 100_000 }).filter((k) => k !== 0).map((k) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.timeline.length += k) } }),
      expect: { path: 'mix/mix.wav', params: { expected: FRAMES + k, found: FRAMES }, count: 1 },
    })),
    'SP-LEN-002',
  ),
  'SP-LEN-003': m(
    fc.tuple(stemIdArb, fc.integer({ min: 1, max: 5 })).map(([id, k]) => ({
      mutation: c({ hooks: { file: (p, b) => (p === stem(id) ? growData(b, k) : b) } }),
      expect: { path: stem(id) },
    })),
    'SP-LEN-003',
  ),
  'SP-START-001': m(
    fc.tuple(stemIdArb, fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: -48000, max: 48000 }).filter((d) => d !== 0)).map(([id, start, d]) => {
      const found = Math.max(0, start + d) === start ? start + 1 : Math.max(0, start + d);
      return {
        mutation: c({ bext: true, timelineStart: start, hooks: { audio: (it) => void (it.id === id && (it.wav.bextTimeReference = found)) } }),
        expect: { path: stem(id), params: { expected: start, found }, count: 1 },
      };
    }),
    'SP-START-001',
  ),
  'SP-START-002': m(
    audioPathArb.map((path) => ({
      mutation: c({ hooks: { audio: (it) => void (it.path === path && (it.wav.bextTimeReference = 0)) } }),
      expect: {},
    })),
    'SP-START-002',
  ),
  // ------------------------------------------------------------------ channels
  'SP-CH-001': m(
    fc.tuple(stemIndexArb, fc.constantFrom<[number, Layout]>([1, 'mono'], [6, '5.1'], [8, 'discrete'])).map(([i, [ch, layout]]) => ({
      mutation: c({ hooks: { manifest: (mf) => void ((mf.stems[i]!.channels = ch), (mf.stems[i]!.layout = layout)) } }),
      expect: { path: stem(STEM_IDS[i]!), params: { expected: ch, found: 2 } },
    })),
    'SP-CH-001',
  ),
  /** A stereo stem split into two mono files named with a final L/R marker. */
  'SP-CH-002': m(
    fc.tuple(fc.constantFrom(['.L', '.R'], ['_L', '_R'], ['-L', '-R'], [' L', ' R']), fc.stringMatching(/^[A-Z][a-z]{1,8}$/)).map(([[l, r], base]) => ({
      mutation: c({
        stems: [
          { id: 'drums', role: 'drums', parts: [{ kind: 'noise', amp: 0.15, seed: 1 }] },
          { id: 'gtr-l', role: 'guitars', channels: 1, path: `stems/${base}${l}.wav`, parts: [{ kind: 'sine', freq: 200, amp: 0.2 }] },
          { id: 'gtr-r', role: 'guitars', channels: 1, path: `stems/${base}${r}.wav`, parts: [{ kind: 'sine', freq: 300, amp: 0.2 }] },
        ],
      }),
      expect: { path: `stems/${base}${l}.wav` },
    })),
    'SP-CH-002',
  ),
  'SP-CH-003': m(
    fc.tuple(stemIdArb, fc.integer({ min: 1, max: 0x3ffff }).filter((x) => x !== 3)).map(([id, mask]) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && ((it.wav.extensible = true), (it.wav.channelMask = mask))) } }),
      expect: { path: stem(id) },
    })),
    'SP-CH-003',
  ),
  'SP-CH-004': m(
    fc.integer({ min: 40, max: 400 }).map((freq) => ({
      mutation: c({ stems: stemsWith({ id: 'bass', role: 'bass', channels: 1, parts: [{ kind: 'sine', freq, amp: 0.3 }] }) }),
      expect: { path: stem('bass') },
    })),
    'SP-CH-004',
  ),
  // ------------------------------------------------------------------ levels
  'SP-LVL-001': m(
    fc.tuple(fc.integer({ min: 12, max: 400 }), fc.integer({ min: 0, max: FRAMES - 401 }), fc.boolean()).map(([run, at, neg]) => ({
      mutation: c({
        stems: [
          {
            id: 'synth',
            role: 'synths',
            parts: [{ kind: 'sine', freq: 60, amp: 0.3 }],
            post: (x) => x.fill(neg ? -8388608 : 8388607, at * 2, (at + run) * 2),
          },
        ],
      }),
      expect: { path: stem('synth') },
    })),
    'SP-LVL-001',
  ),
  'SP-LVL-002': m(
    fc.integer({ min: -40, max: -9 }).map((limit) => ({
      mutation: c({}, { profile: { stempackProfile: '1.0', name: 'strict', maxPeakDbfs: limit } }),
      expect: { path: 'mix/mix.wav', params: { limitDbfs: limit } },
    })),
    'SP-LVL-002',
  ),
  'SP-LVL-003': fixed('SP-LVL-003', c({ stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 1000, amp: 1, spread: 0 }] }] }), { path: stem('synth') }),
  'SP-LVL-004': fixed('SP-LVL-004', c({ stems: stemsWith({ id: 'fx', role: 'fx', parts: [{ kind: 'silence' }] }) }), { path: stem('fx'), count: 1 }),
  'SP-LVL-005': m(
    fc.integer({ min: 100, max: 4000 }).map((freq) => ({
      mutation: c({ stems: stemsWith({ id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq, amp: 0.1, spread: 0 }] }) }),
      expect: { path: stem('keys') },
    })),
    'SP-LVL-005',
  ),
  'SP-LVL-006': m(
    fc.integer({ min: 40_000, max: 400_000 }).map((dc) => ({
      mutation: c({
        stems: stemsWith({ id: 'keys', role: 'keys', parts: [{ kind: 'sine', freq: 300, amp: 0.1 }], post: (x) => x.forEach((v, i) => (x[i] = v + dc)) }),
      }),
      expect: { path: stem('keys') },
    })),
    'SP-LVL-006',
  ),
  'SP-LVL-007': fixed(
    'SP-LVL-007',
    c({ sampleFormat: 'float', stems: [{ id: 'synth', role: 'synths', parts: [{ kind: 'sine', freq: 12000, amp: 1.2, phase: Math.PI / 4, spread: 0 }] }] }),
    { path: stem('synth') },
  ),
  'SP-LVL-008': m(
    fc.integer({ min: 100, max: 4000 }).map((freq) => ({
      mutation: c({
        stems: stemsWith({
          id: 'keys',
          role: 'keys',
          parts: [{ kind: 'sine', freq, amp: 0.1, spread: 0 }],
          post: (x, ch, n) => {
            for (let f = 0; f < n; f++) x[f * ch + 1] = -x[f * ch]!;
          },
        }),
      }),
      expect: { path: stem('keys') },
    })),
    'SP-LVL-008',
  ),
  'SP-LVL-101': fixed('SP-LVL-101', c(), { path: 'mix/mix.wav' }),
  // ------------------------------------------------------------------ null
  /** A stem's declared gain no longer matches the mix, or the mix went through a bus compressor. */
  'SP-NULL-001': m(
    fc.oneof(
      fc.tuple(stemIndexArb, fc.constantFrom(-12, -6, -3, -1, 1, 2)).map(([i, g]) => ({
        mutation: c({ hooks: { manifest: (mf) => void (mf.stems[i]!.gainDb = g) } }),
        expect: { path: 'mix/mix.wav', count: 1 },
      })),
      fc.double({ min: 1.5, max: 4, noNaN: true }).map((drive) => ({
        mutation: c({ hooks: { audio: (it) => void (it.isMix && busCompress(it.samples, 2 ** 23, drive)) } }),
        expect: { path: 'mix/mix.wav', count: 1 },
      })),
    ),
    'SP-NULL-001',
  ),
  'SP-NULL-002': m(
    fc.integer({ min: -59, max: -1 }).map((t) => ({ mutation: c({ hooks: { manifest: (mf) => void (mf.null = { tolerance: t }) } }), expect: {} })),
    'SP-NULL-002',
  ),
  'SP-NULL-101': fixed('SP-NULL-101', c(), { path: 'mix/mix.wav', params: { exact: true } }),
  /** A failing null is explained; the failure itself (SP-NULL-001) is unavoidable. */
  'SP-NULL-102': m(
    fc.oneof(
      fc.tuple(stemIdArb, fc.integer({ min: 1, max: 20 })).map(([id, k]) => ({
        mutation: c({
          hooks: {
            audio: (it) => {
              if (it.id !== id) return;
              const x = it.samples;
              x.copyWithin(k * it.channels, 0, x.length - k * it.channels);
              x.fill(0, 0, k * it.channels);
            },
          },
        }),
        expect: { alsoErrors: ['SP-NULL-001'] as Code[] },
      })),
      stemIdArb.map((id) => ({
        mutation: c({ hooks: { audio: (it) => void (it.id === id && it.samples.forEach((v, i, a) => (a[i] = -v))) } }),
        expect: { alsoErrors: ['SP-NULL-001'] as Code[] },
      })),
    ),
    'SP-NULL-102',
  ),
  /** A stem shorter than the rest: the null runs over the common span; the length error (SP-LEN-001) is the break itself. */
  'SP-NULL-103': m(
    fc.tuple(stemIdArb, fc.integer({ min: 1, max: 600 })).map(([id, k]) => ({
      mutation: c({ hooks: { audio: (it) => void (it.id === id && (it.frames -= k)) } }),
      expect: { path: 'mix/mix.wav', params: { frames: FRAMES - k, shortest: stem(id), mixFrames: FRAMES }, count: 1, alsoErrors: ['SP-LEN-001'] as Code[] },
    })),
    'SP-NULL-103',
  ),
  // ------------------------------------------------------------------ versions and render
  'SP-REN-001': m(
    fc.tuple(fc.constantFrom(...ROLES_ABSENT), fc.boolean()).map(([role, byStem]) => ({
      mutation: c({
        hooks: { manifest: (mf) => void (mf.versions = [{ name: 'alt', rules: [byStem ? { stem: `no-${role}`, mute: true } : { role, mute: true }] }]) },
      }),
      expect: {},
    })),
    'SP-REN-001',
  ),
  'SP-REN-002': m(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).map((name) => ({
      mutation: c({
        hooks: {
          manifest: (mf) =>
            void (mf.versions = [
              { name, rules: [{ role: 'bass', mute: true }] },
              { name, rules: [{ role: 'drums', mute: true }] },
            ]),
        },
      }),
      expect: {},
    })),
    'SP-REN-002',
  ),
  'SP-REN-003': { reason: 'Clamping happens in a render, not in a package: test/render/ renders versions whose sum clips and checks the count and positions.' },
  'SP-REN-004': { reason: 'Bit-exact render arithmetic is a renderer property: test/properties/roundtrip.test.ts (full render nulls against the mix) and the golden vectors in spec/golden/.' },
  'SP-REN-005': { reason: 'Reported by a renderer for a stem whose channel count fits neither 1 nor the output; validate reports the same package as SP-CH-004 (a warning), covered in test/render/.' },
  'SP-REN-006': { reason: 'A render-time warning: which version is rendered is the renderer\'s input, not part of the package (a package without vocal roles is valid); test/render/ renders a-cappella and instrumental of such a package and checks the warning, and --strict.' },
  // ------------------------------------------------------------------ profiles
  'SP-PRO-001': m(
    fc.constantFrom('{"stempackProfile": "1.0"}', '{"name": "x"}', 'not json', '{"stempackProfile": "1.0", "name": "x", "maxPeakDbfs": "loud"}').map((profile) => ({
      mutation: c({}, { profile }),
      expect: {},
    })),
    'SP-PRO-001',
  ),
  'SP-PRO-002': m(
    fc.constantFrom(...ROLES_ABSENT).map((role) => ({
      mutation: c({}, { profile: { stempackProfile: '1.0', name: 'needs', requiredRoles: [role] } }),
      expect: { params: { role } },
    })),
    'SP-PRO-002',
  ),
  'SP-PRO-003': m(
    fc.constantFrom<Partial<Profile>>({ allowedSampleRates: [44100] }, { allowedBitDepths: [16, 32] }, { allowedContainers: ['aiff'] }, { allowedSampleFormats: ['float'] }, { minSampleRate: 96000 }).map(
      (p) => ({ mutation: c({}, { profile: { stempackProfile: '1.0', name: 'narrow', ...p } }), expect: { path: 'mix/mix.wav' } }),
    ),
    'SP-PRO-003',
  ),
  'SP-PRO-004': m(
    fc.constantFrom('^[A-Z]', '^\\d', '_48k24\\.wav$', '^Song_').map((namingPattern) => ({
      mutation: c({}, { profile: { stempackProfile: '1.0', name: 'names', namingPattern } }),
      expect: { path: 'mix/mix.wav' },
    })),
    'SP-PRO-004',
  ),
  // ------------------------------------------------------------------ versioning
  'SP-VER-001': m(
    fc.tuple(fc.constantFrom(0, 2, 3, 10), fc.nat({ max: 9 })).map(([major, minor]) => ({
      mutation: c({ hooks: { manifest: (mf) => void (mf.stempack = `${major}.${minor}.0`) } }),
      expect: {},
    })),
    'SP-VER-001',
  ),
  'SP-VER-002': m(
    fc.integer({ min: 2, max: 99 }).map((minor) => ({ mutation: c({ hooks: { manifest: (mf) => void (mf.stempack = `1.${minor}.0`) } }), expect: {} })),
    'SP-VER-002',
  ),
  'SP-VAL-002': { reason: 'A requirement on report output, not on a package: every report in test/validate/ and test/conformance/ is checked against schema/report.schema.json.' },
  'SP-RCP-001': { reason: 'A requirement on receipts, files beside a package: test/sign/receipt.test.ts.' },
  'SP-RCP-002': { reason: 'A requirement on checking a receipt against a package: test/sign/receipt.test.ts and test/cli/sign.test.ts.' },
};

/**
 * Mutations the spec says must be reported and the validator does not report yet. The test
 * runs them as expected failures (`it.fails`): when the validator is fixed, the test fails and
 * the entry moves into {@link MUTATORS}.
 */
export const KNOWN_GAPS: { code: Code; note: string; arb: Mutator['arb'] }[] = [];

function attachment(path: string, text: string) {
  return { path, mediaType: 'text/plain', sha256: sha256(enc.encode(text)), bytes: enc.encode(text).length };
}

/** True for registry entries that are mutators. */
export function isMutator(x: Mutator | NoMutator): x is Mutator {
  return 'arb' in x;
}
