/**
 * The SSHSIG signature format of OpenSSH (`ssh-keygen -Y sign`): the armour, the blob, the
 * data a signature is made over, and the signature values inside it for each key type. Pure
 * token readers and writers; checking and verifying are in `verify.ts`.
 *
 * Ref: OpenSSH PROTOCOL.sshsig (armour §1, blob §2, signed data §3); RFC 8709 §6 (Ed25519),
 * RFC 5656 §3.1.2 (ECDSA), RFC 8332 §3 (rsa-sha2-256/512); OpenSSH PROTOCOL.u2f (sk- signatures).
 * @module
 */
import { base64Decode, base64Encode } from './base64.js';
import { parsePublicKeyBlob, type KeyResult } from './keys.js';
import { WireError, WireReader, WireWriter } from './wire.js';

export const SSHSIG_MAGIC = 'SSHSIG';
export const SSHSIG_VERSION = 1;
export const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
export const ARMOR_END = '-----END SSH SIGNATURE-----';
/** Base64 characters per armour line, as ssh-keygen writes them. */
export const ARMOR_LINE = 70;
/** Namespace of delivery signatures (spec §3.6). */
export const DELIVERY_NAMESPACE = 'stempack-delivery';
/** Namespace of receipt signatures (spec §12.1). */
export const RECEIPT_NAMESPACE = 'stempack-receipt';
/** The hash algorithm stempack signatures use. */
export const HASH_ALGORITHM = 'sha512';
/** Largest signature file or entry read, in bytes (spec §3.6). */
export const MAX_SIGNATURE_BYTES = 65536;

/** Why a signature's text or blob could not be read (SP-SIG-001 `reason`). */
export type SigFormatReason = 'armour' | 'base64' | 'magic' | 'version' | 'truncated' | 'length' | 'trailing' | 'namespace' | 'utf8' | 'too-large';

export interface SigFormatProblem {
  reason: SigFormatReason;
  detail: string;
  /** Byte offset in the armoured text (armour, base64) or in the decoded blob (the others). */
  offset?: number;
}

/** The fields of an SSHSIG blob. */
export interface SshSig {
  /** The whole blob (what the armour encodes). */
  blob: Uint8Array;
  version: number;
  publicKeyBlob: Uint8Array;
  /** The public key as read from `publicKeyBlob`, or why it was not. */
  key: KeyResult;
  namespace: string;
  reserved: Uint8Array;
  hashAlgorithm: string;
  /** The SSH signature: `string algorithm, string value` and, for security keys, flags and counter. */
  signature: Uint8Array;
}

const ascii = new TextDecoder('utf-8', { fatal: true });

/** Remove the armour of a signature file: the blob, or why the text is not an armoured SSHSIG. */
export function dearmor(bytes: Uint8Array): { ok: true; blob: Uint8Array } | { ok: false; problem: SigFormatProblem } {
  if (bytes.length > MAX_SIGNATURE_BYTES) return { ok: false, problem: { reason: 'too-large', detail: `${bytes.length} bytes, above the ${MAX_SIGNATURE_BYTES}-byte limit` } };
  let text: string;
  try {
    text = ascii.decode(bytes);
  } catch {
    return { ok: false, problem: { reason: 'armour', detail: 'the text is not UTF-8' } };
  }
  const head = ARMOR_BEGIN + '\n';
  if (!text.startsWith(head)) return { ok: false, problem: { reason: 'armour', detail: `the text does not start with "${ARMOR_BEGIN}" and a line end`, offset: 0 } };
  const end = text.indexOf('\n' + ARMOR_END, head.length - 1);
  if (end < 0) return { ok: false, problem: { reason: 'armour', detail: `no "${ARMOR_END}" line`, offset: text.length } };
  const after = text.slice(end + 1 + ARMOR_END.length);
  if (after !== '' && after !== '\n') return { ok: false, problem: { reason: 'armour', detail: `${after.length} characters after the "${ARMOR_END}" line`, offset: end + 1 + ARMOR_END.length } };
  const body = text.slice(head.length, end);
  const b64 = body.replace(/\r?\n/g, '');
  const dec = base64Decode(b64);
  if (!dec.ok) {
    // map the index in the joined text back to the armoured text
    let seen = 0;
    let at = head.length;
    for (; at < end && seen < dec.index; at++) if (body[at - head.length] !== '\n' && body[at - head.length] !== '\r') seen++;
    const what = dec.reason === 'length' ? `${b64.length} base64 characters, not a multiple of 4 (truncated?)` : dec.reason === 'padding' ? 'bad base64 padding' : `a character that is not base64: ${JSON.stringify(text[at] ?? '')}`;
    return { ok: false, problem: { reason: 'base64', detail: what, offset: at } };
  }
  if (dec.bytes.length === 0) return { ok: false, problem: { reason: 'base64', detail: 'no base64 between the armour lines', offset: head.length } };
  return { ok: true, blob: dec.bytes };
}

/** Armour a blob as ssh-keygen does: header line, base64 in lines of 70 characters, footer line. */
export function armor(blob: Uint8Array): string {
  const b64 = base64Encode(blob);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += ARMOR_LINE) lines.push(b64.slice(i, i + ARMOR_LINE));
  return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}\n`;
}

/** Read an SSHSIG blob (PROTOCOL.sshsig §2). Never throws on bad input. */
export function parseSshsigBlob(blob: Uint8Array): { ok: true; sig: SshSig } | { ok: false; problem: SigFormatProblem } {
  const r = new WireReader(blob);
  try {
    const magic = r.bytes(6, 'magic');
    if (ascii.decode(magic.slice()) !== SSHSIG_MAGIC) return { ok: false, problem: { reason: 'magic', detail: 'the blob does not start with "SSHSIG"', offset: 0 } };
  } catch {
    return { ok: false, problem: { reason: 'magic', detail: 'the blob does not start with "SSHSIG"', offset: 0 } };
  }
  try {
    const version = r.uint32('version');
    if (version !== SSHSIG_VERSION) return { ok: false, problem: { reason: 'version', detail: `version ${version}, not ${SSHSIG_VERSION}`, offset: 6 } };
    const publicKeyBlob = r.string('public key');
    const nsAt = r.offset;
    const namespace = r.text('namespace');
    if (namespace === '') return { ok: false, problem: { reason: 'namespace', detail: 'the namespace is empty', offset: nsAt } };
    const reserved = r.string('reserved');
    const hashAlgorithm = r.text('hash algorithm');
    const signature = r.string('signature');
    if (r.remaining !== 0) return { ok: false, problem: { reason: 'trailing', detail: `${r.remaining} bytes after the signature`, offset: r.offset } };
    return { ok: true, sig: { blob, version, publicKeyBlob, key: parsePublicKeyBlob(publicKeyBlob), namespace, reserved, hashAlgorithm, signature } };
  } catch (e) {
    if (e instanceof WireError) return { ok: false, problem: { reason: e.reason === 'mpint' ? 'length' : e.reason, detail: e.message, offset: e.offset } };
    throw e;
  }
}

/** Write an SSHSIG blob (reserved empty). */
export function encodeSshsigBlob(f: { publicKeyBlob: Uint8Array; namespace: string; hashAlgorithm: string; signature: Uint8Array }): Uint8Array {
  return new WireWriter()
    .raw(new TextEncoder().encode(SSHSIG_MAGIC))
    .uint32(SSHSIG_VERSION)
    .string(f.publicKeyBlob)
    .string(f.namespace)
    .string(new Uint8Array(0))
    .string(f.hashAlgorithm)
    .string(f.signature)
    .bytes();
}

/**
 * The data an SSHSIG signature is made over (PROTOCOL.sshsig §3), from the message's hash.
 * The reserved field is empty, as ssh-keygen writes and verifies it.
 */
export function signedData(namespace: string, hashAlgorithm: string, messageHash: Uint8Array): Uint8Array {
  return new WireWriter()
    .raw(new TextEncoder().encode(SSHSIG_MAGIC))
    .string(namespace)
    .string(new Uint8Array(0))
    .string(hashAlgorithm)
    .string(messageHash)
    .bytes();
}

/** A signature value, read from the `signature` field for its algorithm. */
export type SigValue =
  | { alg: 'ssh-ed25519'; sig: Uint8Array }
  | { alg: 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521'; r: Uint8Array; s: Uint8Array }
  | { alg: 'rsa-sha2-256' | 'rsa-sha2-512'; s: Uint8Array }
  | { alg: 'sk-ssh-ed25519@openssh.com'; sig: Uint8Array; flags: number; counter: number }
  | { alg: 'sk-ecdsa-sha2-nistp256@openssh.com'; r: Uint8Array; s: Uint8Array; flags: number; counter: number };

export type SigValueResult = { ok: true; value: SigValue } | { ok: false; kind: 'malformed' | 'unsupported'; alg: string; detail: string };

/**
 * Read the SSH signature inside an SSHSIG blob. `ssh-rsa` (RSA with SHA-1) and other
 * algorithms come back `unsupported`, with the algorithm named.
 */
export function parseSigValue(signature: Uint8Array): SigValueResult {
  const r = new WireReader(signature);
  let alg = '';
  try {
    alg = r.text('signature algorithm');
    let value: SigValue;
    switch (alg) {
      case 'ssh-ed25519': {
        const sig = r.string('Ed25519 signature');
        if (sig.length !== 64) return { ok: false, kind: 'malformed', alg, detail: `the Ed25519 signature is ${sig.length} bytes, not 64` };
        value = { alg, sig };
        break;
      }
      case 'ecdsa-sha2-nistp256':
      case 'ecdsa-sha2-nistp384':
      case 'ecdsa-sha2-nistp521': {
        const inner = new WireReader(r.string('ECDSA signature'));
        const rr = inner.mpint('r');
        const ss = inner.mpint('s');
        if (inner.remaining !== 0) return { ok: false, kind: 'malformed', alg, detail: `${inner.remaining} bytes after the ECDSA signature` };
        value = { alg, r: rr, s: ss };
        break;
      }
      case 'rsa-sha2-256':
      case 'rsa-sha2-512':
        value = { alg, s: r.string('RSA signature') };
        break;
      case 'sk-ssh-ed25519@openssh.com': {
        const sig = r.string('Ed25519 signature');
        if (sig.length !== 64) return { ok: false, kind: 'malformed', alg, detail: `the Ed25519 signature is ${sig.length} bytes, not 64` };
        value = { alg, sig, flags: r.byte('flags'), counter: r.uint32('counter') };
        break;
      }
      case 'sk-ecdsa-sha2-nistp256@openssh.com': {
        const inner = new WireReader(r.string('ECDSA signature'));
        const rr = inner.mpint('r');
        const ss = inner.mpint('s');
        if (inner.remaining !== 0) return { ok: false, kind: 'malformed', alg, detail: `${inner.remaining} bytes after the ECDSA signature` };
        value = { alg, r: rr, s: ss, flags: r.byte('flags'), counter: r.uint32('counter') };
        break;
      }
      case 'ssh-rsa':
        return { ok: false, kind: 'unsupported', alg, detail: 'ssh-rsa signatures use SHA-1, which is refused; sign with rsa-sha2-512' };
      default:
        return { ok: false, kind: 'unsupported', alg, detail: `the signature algorithm ${JSON.stringify(alg.slice(0, 64))} is not accepted` };
    }
    if (r.remaining !== 0) return { ok: false, kind: 'malformed', alg, detail: `${r.remaining} bytes after the signature value` };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof WireError) return { ok: false, kind: 'malformed', alg: alg || '(none)', detail: e.message };
    throw e;
  }
}
