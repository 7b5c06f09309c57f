/**
 * SSH public keys: the key blob (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4, OpenSSH
 * PROTOCOL.u2f for security keys), the one-line text form (`ssh-ed25519 AAAA... comment`) and
 * the SHA256 fingerprint `ssh-keygen -l` prints. Pure token readers: no I/O, no crypto calls.
 *
 * Ref: RFC 4253 §6.6; RFC 5656 §3.1; RFC 8709 §4; OpenSSH PROTOCOL.u2f ("sk-" keys);
 * OpenSSH PROTOCOL.certkeys (certificates, recognised to be refused).
 * @module
 */
import { base64Decode, base64Encode } from './base64.js';
import { WireError, WireReader, WireWriter } from './wire.js';

/** The curves of ECDSA keys: SSH name, WebCrypto/JWK name, coordinate bytes, hash of the signature. */
export const CURVES = {
  nistp256: { jwk: 'P-256', bytes: 32, hash: 'SHA-256' },
  nistp384: { jwk: 'P-384', bytes: 48, hash: 'SHA-384' },
  nistp521: { jwk: 'P-521', bytes: 66, hash: 'SHA-512' },
} as const;
export type CurveName = keyof typeof CURVES;

/** Smallest RSA modulus accepted, in bits (spec §3.6, SP-SIG-003). */
export const MIN_RSA_BITS = 2048;
/** Largest RSA modulus read (OpenSSH's limit). */
export const MAX_RSA_BITS = 16384;

/** A parsed public key. `blob` is the exact wire form (what fingerprints and allowed signers compare). */
export type PublicKey =
  | { type: 'ssh-ed25519'; blob: Uint8Array; key: Uint8Array }
  | { type: `ecdsa-sha2-${CurveName}`; blob: Uint8Array; curve: CurveName; point: Uint8Array }
  | { type: 'ssh-rsa'; blob: Uint8Array; e: Uint8Array; n: Uint8Array; bits: number }
  | { type: 'sk-ssh-ed25519@openssh.com'; blob: Uint8Array; key: Uint8Array; application: string }
  | { type: 'sk-ecdsa-sha2-nistp256@openssh.com'; blob: Uint8Array; curve: 'nistp256'; point: Uint8Array; application: string };

/** Why a key blob was not turned into a {@link PublicKey}. */
export type KeyProblem =
  /** Not a key blob we can read (truncated, bad lengths, trailing bytes, a point of the wrong size...). */
  | { kind: 'malformed'; type: string; detail: string }
  /** A well-formed blob of a type this version does not accept (DSA, certificates, unknown names). */
  | { kind: 'unsupported'; type: string; detail: string }
  /** An RSA key below {@link MIN_RSA_BITS}. */
  | { kind: 'weak'; type: 'ssh-rsa'; bits: number; detail: string };

export type KeyResult = { ok: true; key: PublicKey } | { ok: false; problem: KeyProblem };

/** Bits of a big-endian magnitude (no leading zero bytes). */
export function bitLength(m: Uint8Array): number {
  if (m.length === 0) return 0;
  return (m.length - 1) * 8 + (32 - Math.clz32(m[0]!));
}

/** Short key type as `ssh-keygen -l` prints it (ED25519, ECDSA, RSA, ED25519-SK, ECDSA-SK). */
export function keyTypeLabel(k: PublicKey): string {
  switch (k.type) {
    case 'ssh-ed25519':
      return 'ED25519';
    case 'ssh-rsa':
      return 'RSA';
    case 'sk-ssh-ed25519@openssh.com':
      return 'ED25519-SK';
    case 'sk-ecdsa-sha2-nistp256@openssh.com':
      return 'ECDSA-SK';
    default:
      return 'ECDSA';
  }
}

/** Key size in bits as `ssh-keygen -l` prints it. */
export function keyBits(k: PublicKey): number {
  switch (k.type) {
    case 'ssh-rsa':
      return k.bits;
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com':
      return 256;
    default:
      return k.curve === 'nistp521' ? 521 : k.curve === 'nistp384' ? 384 : 256;
  }
}

function malformed(type: string, detail: string): KeyResult {
  return { ok: false, problem: { kind: 'malformed', type, detail } };
}

function ecPoint(type: string, curve: CurveName, point: Uint8Array): string | null {
  const n = CURVES[curve].bytes;
  if (point.length !== 1 + 2 * n || point[0] !== 0x04) return `${type}: the point is not an uncompressed ${curve} point (${point.length} bytes)`;
  return null;
}

/**
 * Read a public key blob. Never throws: bad input gives a {@link KeyProblem}.
 * The whole array must be the key (trailing bytes are malformed).
 */
export function parsePublicKeyBlob(blob: Uint8Array): KeyResult {
  const r = new WireReader(blob);
  let type = '';
  try {
    type = r.text('key type');
    let key: PublicKey;
    if (type === 'ssh-ed25519' || type === 'sk-ssh-ed25519@openssh.com') {
      const pk = r.string('Ed25519 key');
      if (pk.length !== 32) return malformed(type, `the Ed25519 key is ${pk.length} bytes, not 32`);
      if (type === 'ssh-ed25519') key = { type, blob, key: pk };
      else key = { type, blob, key: pk, application: r.text('application') };
    } else if (type.startsWith('ecdsa-sha2-') || type === 'sk-ecdsa-sha2-nistp256@openssh.com') {
      const named = r.text('curve');
      const want = type === 'sk-ecdsa-sha2-nistp256@openssh.com' ? 'nistp256' : type.slice('ecdsa-sha2-'.length);
      if (!Object.hasOwn(CURVES, want)) return { ok: false, problem: { kind: 'unsupported', type, detail: `unsupported curve ${JSON.stringify(want.slice(0, 32))}` } };
      if (named !== want) return malformed(type, `the key names the curve ${JSON.stringify(named.slice(0, 32))}, its type ${want}`);
      const curve = want as CurveName;
      const point = r.string('EC point');
      const bad = ecPoint(type, curve, point);
      if (bad) return malformed(type, bad);
      if (type === 'sk-ecdsa-sha2-nistp256@openssh.com') key = { type, blob, curve: 'nistp256', point, application: r.text('application') };
      else key = { type: type as `ecdsa-sha2-${CurveName}`, blob, curve, point };
    } else if (type === 'ssh-rsa') {
      const e = r.mpint('RSA exponent');
      const n = r.mpint('RSA modulus');
      const bits = bitLength(n);
      if (bits > MAX_RSA_BITS) return malformed(type, `the RSA modulus has ${bits} bits, above ${MAX_RSA_BITS}`);
      if (e.length === 0 || (e[e.length - 1]! & 1) === 0) return malformed(type, 'the RSA exponent is not an odd number');
      if (bits < MIN_RSA_BITS) return { ok: false, problem: { kind: 'weak', type, bits, detail: `an RSA key of ${bits} bits, below ${MIN_RSA_BITS}` } };
      key = { type, blob, e, n, bits };
    } else if (/-cert-v0\d@openssh\.com$/.test(type)) {
      return { ok: false, problem: { kind: 'unsupported', type, detail: 'certificates are not accepted as signers in this version' } };
    } else {
      return { ok: false, problem: { kind: 'unsupported', type, detail: `the key type ${JSON.stringify(type.slice(0, 64))} is not accepted` } };
    }
    if (r.remaining !== 0) return malformed(type, `${r.remaining} bytes after the key`);
    return { ok: true, key };
  } catch (e) {
    if (e instanceof WireError) return malformed(type || '(none)', e.message);
    throw e;
  }
}

/**
 * SHA256 fingerprint of a key blob as `ssh-keygen -l -E sha256` prints it:
 * `SHA256:` and the unpadded base64 of the SHA-256 of the blob.
 */
export function fingerprintOf(sha256OfBlob: Uint8Array): string {
  return 'SHA256:' + base64Encode(sha256OfBlob).replace(/=+$/, '');
}

/** A public key line (`type base64 [comment]`, as in `id_ed25519.pub` and allowed signers). */
export interface KeyLine {
  type: string;
  blob: Uint8Array;
  comment: string;
}

/**
 * Read a public key in its one-line text form. Returns null when the text is not one
 * (unknown shape, bad base64, or a blob whose type differs from the line's).
 */
export function parseKeyLine(line: string): KeyLine | null {
  const m = /^\s*(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*?))?\s*$/.exec(line);
  if (!m) return null;
  const dec = base64Decode(m[2]!);
  if (!dec.ok) return null;
  try {
    if (new WireReader(dec.bytes).text() !== m[1]) return null;
  } catch {
    return null;
  }
  return { type: m[1]!, blob: dec.bytes, comment: m[3] ?? '' };
}

/** The one-line text form of a key blob. */
export function formatKeyLine(type: string, blob: Uint8Array, comment = ''): string {
  return `${type} ${base64Encode(blob)}${comment ? ` ${comment}` : ''}`;
}

/** Build an Ed25519 public key blob. */
export function ed25519Blob(key: Uint8Array): Uint8Array {
  return new WireWriter().string('ssh-ed25519').string(key).bytes();
}
