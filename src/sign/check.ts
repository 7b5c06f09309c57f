/**
 * Signature findings for a package (spec §3.6, §3.7): every entry `signatures/<name>.sig` and
 * every detached signature is read and checked against the exact bytes of the stored manifest
 * entry, and, with allowed signers in force, its signer is looked up. Runs at the structure
 * level of validation: it reads the manifest and the small signature entries, never audio.
 * Browser-safe (the crypto comes in through {@link SigCrypto}).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { finding, type Finding, type ParamsMap } from '../model/finding.js';
import type { ZipEntry } from '../container/zip-entry.js';
import type { AllowedSigners } from './allowed-signers.js';
import { lookupSigner } from './allowed-signers.js';
import { sigCrypto, type SigCrypto } from './crypto.js';
import { isSignatureEntry } from './names.js';
import { DELIVERY_NAMESPACE, MAX_SIGNATURE_BYTES } from './sshsig.js';
import { checkSignature, signerFacts, type SigCheck } from './verify.js';
import { rfc3339 } from '../model/units.js';

/** Allowed signers in force and what to check them for. */
export interface TrustOptions {
  signers: AllowedSigners;
  /** Require a principal matching this identity (as `ssh-keygen -Y verify -I`). */
  identity?: string;
  /** Verification time in seconds since the epoch (default: now). */
  time?: number;
}

/** Input of {@link checkSignatures}. */
export interface SignatureCheckInput {
  src: ByteSource;
  entries: readonly ZipEntry[];
  /** The manifest entry and its bytes (null when the package has none, or it could not be read). */
  manifest: { entry: ZipEntry; bytes: Uint8Array | null } | null;
  /** Signatures in files beside the package: a path for messages and the file's bytes. */
  detached?: readonly { path: string; bytes: Uint8Array }[];
  trust?: TrustOptions;
  crypto?: SigCrypto;
  /** The namespace expected (default `stempack-delivery`). */
  namespace?: string;
}

/** Findings of one checked signature at `path` (SP-SIG-001..004, 101 without trust). */
export function checkFindings(path: string, c: SigCheck, signed: string): Finding[] {
  const at = (offset?: number) => (offset === undefined ? undefined : { frame: 0, seconds: 0, byteOffset: offset });
  switch (c.outcome) {
    case 'malformed': {
      const p: ParamsMap['SP-SIG-001'] = { reason: c.problem.reason, detail: c.problem.detail };
      if (c.fingerprint !== undefined) p.fingerprint = c.fingerprint;
      return [finding('SP-SIG-001', path, p, at('offset' in c.problem ? c.problem.offset : undefined))];
    }
    case 'namespace': {
      const p = { expected: c.expected, found: c.found, fingerprint: c.fingerprint };
      return [finding('SP-SIG-002', path, p)];
    }
    case 'algorithm': {
      const p = { reason: c.reason, detail: c.detail, fingerprint: c.fingerprint };
      return [finding('SP-SIG-003', path, p)];
    }
    case 'bad-signature': {
      const f = signerFacts(c);
      const p = { keyType: f.keyType, bits: f.bits, fingerprint: f.fingerprint, namespace: c.sig.namespace, signed };
      return [finding('SP-SIG-004', path, p)];
    }
    case 'verified':
      return [];
  }
}

/** The SP-SIG-101 finding of a verified signature. */
export function verifiedFinding(path: string, c: Extract<SigCheck, { outcome: 'verified' }>, principal: string | null, trusted: boolean | null): Finding {
  const f = signerFacts(c);
  const p: ParamsMap['SP-SIG-101'] = { keyType: f.keyType, bits: f.bits, fingerprint: f.fingerprint, namespace: c.sig.namespace, principal, trusted };
  if (f.userPresence !== undefined) {
    p.userPresence = f.userPresence;
    p.counter = f.counter!;
  }
  return finding('SP-SIG-101', path, p);
}

/** ISO 8601 UTC of seconds since the epoch. */
function iso(seconds: number): string {
  return rfc3339(seconds * 1000);
}

/**
 * Trust findings for verified signatures: SP-SIG-101 with the principal, SP-SIG-006 for a signer
 * outside its validity, and SP-SIG-005 when none is from an allowed signer.
 */
export function trustFindings(verified: readonly { path: string; check: Extract<SigCheck, { outcome: 'verified' }> }[], total: number, namespace: string, trust: TrustOptions | undefined): Finding[] {
  const out: Finding[] = [];
  if (!trust) {
    for (const v of verified) out.push(verifiedFinding(v.path, v.check, null, null));
    return out;
  }
  const time = trust.time ?? Math.floor(Date.now() / 1000);
  let trusted = 0;
  for (const v of verified) {
    const r = lookupSigner(trust.signers, v.check.sig.publicKeyBlob, namespace, time, trust.identity);
    if (r.status === 'trusted') {
      trusted++;
      out.push(verifiedFinding(v.path, v.check, r.signer.principals, true));
      continue;
    }
    out.push(verifiedFinding(v.path, v.check, null, false));
    if (r.status === 'expired' || r.status === 'not-yet-valid') {
      const s = r.signer;
      const p: ParamsMap['SP-SIG-006'] = {
        reason: r.status,
        fingerprint: v.check.fingerprint,
        principals: s.principals,
        file: s.file,
        line: s.line,
        validAfter: s.validAfterText,
        validBefore: s.validBeforeText,
        verifyTime: iso(time),
      };
      out.push(finding('SP-SIG-006', v.path, p));
    }
  }
  if (trusted === 0) {
    const p = { signatures: total, verified: verified.length, identity: trust.identity ?? null };
    out.push(finding('SP-SIG-005', '', p));
  }
  return out;
}

/** Placement checks of a signature entry (SP-SIG-001 method, position, size); null when it may be read. */
function placement(e: ZipEntry, manifest: ZipEntry | undefined): ParamsMap['SP-SIG-001'] | null {
  if (e.method !== 0) return { reason: 'method', detail: `compression method ${e.method}` };
  if (manifest && e.localHeaderOffset < manifest.localHeaderOffset) return { reason: 'position', detail: `at byte ${e.localHeaderOffset}, the manifest at ${manifest.localHeaderOffset}` };
  if (e.size > MAX_SIGNATURE_BYTES) return { reason: 'too-large', detail: `${e.size} bytes, above the ${MAX_SIGNATURE_BYTES}-byte limit` };
  return null;
}

/**
 * Check every signature entry of a package and every detached signature. Never throws on bad
 * input. Entries that cannot be read at all (encrypted, out of range) are left to the container
 * findings (SP-ZIP-007, SP-ZIP-014); a CRC-32 mismatch is SP-ZIP-013 at the full level.
 */
export async function checkSignatures(input: SignatureCheckInput): Promise<Finding[]> {
  const namespace = input.namespace ?? DELIVERY_NAMESPACE;
  const crypto = input.crypto ?? sigCrypto();
  const message = input.manifest?.bytes ?? null;
  const out: Finding[] = [];
  const verified: { path: string; check: Extract<SigCheck, { outcome: 'verified' }> }[] = [];
  let total = 0;
  const one = async (path: string, bytes: Uint8Array) => {
    total++;
    if (message === null) {
      // no manifest to verify against: the format is still checked
      const c = await checkSignature(bytes, new Uint8Array(0), { namespace, crypto });
      if (c.outcome === 'malformed') out.push(...checkFindings(path, c, 'stempack.json'));
      return;
    }
    const c = await checkSignature(bytes, message, { namespace, crypto });
    if (c.outcome === 'verified') verified.push({ path, check: c });
    else out.push(...checkFindings(path, c, 'stempack.json'));
  };
  for (const e of input.entries) {
    if (e.isDirectory || !isSignatureEntry(e.name)) continue;
    const bad = placement(e, input.manifest?.entry);
    if (bad) {
      total++;
      out.push(finding('SP-SIG-001', e.name, bad));
      continue;
    }
    if (!e.readable || e.encrypted) continue;
    const bytes = (await input.src.read(e.dataOffset, e.compressedSize)).slice();
    await one(e.name, bytes);
  }
  for (const d of input.detached ?? []) await one(d.path, d.bytes);
  if (message !== null) out.push(...trustFindings(verified, total, namespace, input.trust));
  return out;
}
