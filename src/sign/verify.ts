/**
 * The verify core: one armoured SSHSIG signature checked against a message, in the order the
 * spec gives (§3.6): format (SP-SIG-001), namespace (SP-SIG-002), algorithms (SP-SIG-003), then
 * the signature itself (SP-SIG-004). Over the {@link SigCrypto} interface, so the same code runs
 * on node:crypto and on WebCrypto. Never throws on bad input.
 *
 * Ref: OpenSSH PROTOCOL.sshsig; sshsig.c (`sshsig_wrap_verify`) for the order of checks;
 * PROTOCOL.u2f and ssh-ed25519-sk.c / ssh-ecdsa-sk.c for what security keys sign.
 * @module
 */
import { KeyImportError, type DigestName, type SigCrypto, type VerifyKey } from './crypto.js';
import { CURVES, fingerprintOf, keyBits, keyTypeLabel, type PublicKey } from './keys.js';
import { HASH_ALGORITHM, dearmor, parseSigValue, parseSshsigBlob, signedData, type SigFormatProblem, type SigValue, type SshSig } from './sshsig.js';
import { concat, padTo, WireWriter } from './wire.js';

/** What checking one signature found. */
export type SigCheck =
  /** SP-SIG-001: the text, the blob, the key or the signature value cannot be read. */
  | { outcome: 'malformed'; problem: SigFormatProblem | { reason: 'key' | 'signature'; detail: string }; fingerprint?: string }
  /** SP-SIG-002: another namespace than the one expected. */
  | { outcome: 'namespace'; expected: string; found: string; fingerprint: string; sig: SshSig }
  /** SP-SIG-003: a hash, key or signature algorithm that is refused. */
  | { outcome: 'algorithm'; reason: AlgorithmReason; detail: string; fingerprint: string; sig: SshSig }
  /** SP-SIG-004: well-formed, but does not verify over the message. */
  | { outcome: 'bad-signature'; fingerprint: string; key: PublicKey; sig: SshSig }
  /** Verified: SP-SIG-101. */
  | { outcome: 'verified'; fingerprint: string; key: PublicKey; sig: SshSig; value: SigValue };

/** Why SP-SIG-003 refuses a signature. */
export type AlgorithmReason = 'hash' | 'key-type' | 'certificate' | 'weak-key' | 'sha1' | 'signature-type' | 'mismatch' | 'platform';

/** The facts a finding about a signature carries: key type and size, fingerprint, security-key flags. */
export interface SignerFacts {
  keyType: string;
  bits: number;
  fingerprint: string;
  /** Security keys only: the user-presence flag of this signature, and its counter. */
  userPresence?: boolean;
  counter?: number;
}

/** The facts of a verified or unverified well-formed signature. */
export function signerFacts(c: Extract<SigCheck, { key: PublicKey }>): SignerFacts {
  const f: SignerFacts = { keyType: keyTypeLabel(c.key), bits: keyBits(c.key), fingerprint: c.fingerprint };
  if (c.outcome === 'verified' && 'flags' in c.value) {
    f.userPresence = (c.value.flags & 0x01) !== 0;
    f.counter = c.value.counter;
  }
  return f;
}

/** The signature algorithms each key type signs with. */
function algsFor(k: PublicKey): readonly string[] {
  return k.type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256'] : [k.type];
}

/** Key, hash and signature bytes for the crypto layer. */
function cryptoInputs(k: PublicKey, v: SigValue): { key: VerifyKey; hash: DigestName; signature: Uint8Array } | null {
  switch (v.alg) {
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com':
      return { key: { kind: 'ed25519', key: (k as { key: Uint8Array }).key }, hash: 'SHA-512', signature: v.sig };
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521':
    case 'sk-ecdsa-sha2-nistp256@openssh.com': {
      const ec = k as { curve: keyof typeof CURVES; point: Uint8Array };
      const c = CURVES[ec.curve];
      const r = padTo(v.r, c.bytes);
      const s = padTo(v.s, c.bytes);
      if (!r || !s) return null;
      return { key: { kind: 'ecdsa', curve: c.jwk, point: ec.point }, hash: v.alg.startsWith('sk-') ? 'SHA-256' : c.hash, signature: concat(r, s) };
    }
    case 'rsa-sha2-256':
    case 'rsa-sha2-512': {
      const rsa = k as { n: Uint8Array; e: Uint8Array };
      const s = padTo(v.s, rsa.n.length);
      if (!s) return null;
      return { key: { kind: 'rsa', n: rsa.n, e: rsa.e }, hash: v.alg === 'rsa-sha2-256' ? 'SHA-256' : 'SHA-512', signature: s };
    }
  }
}

/** What a security key signs (PROTOCOL.u2f): SHA256(application) || flags || counter || SHA256(data). */
async function securityKeyData(c: SigCrypto, application: string, flags: number, counter: number, data: Uint8Array): Promise<Uint8Array> {
  const app = await c.digest('SHA-256', new TextEncoder().encode(application));
  const msg = await c.digest('SHA-256', data);
  return concat(app, new WireWriter().byte(flags).uint32(counter).bytes(), msg);
}

/** Options of {@link checkSignature}. */
export interface CheckOptions {
  /** The namespace the signature must carry (`stempack-delivery`, `stempack-receipt`). */
  namespace: string;
  crypto: SigCrypto;
}

/**
 * Check one armoured SSHSIG signature over `message` (for a delivery: the exact bytes of the
 * manifest entry). Never throws on bad input.
 */
export async function checkSignature(armoured: Uint8Array, message: Uint8Array, opts: CheckOptions): Promise<SigCheck> {
  const d = dearmor(armoured);
  if (!d.ok) return { outcome: 'malformed', problem: d.problem };
  return checkSignatureBlob(d.blob, message, opts);
}

/** {@link checkSignature} on a blob already taken out of its armour. */
export async function checkSignatureBlob(blob: Uint8Array, message: Uint8Array, opts: CheckOptions): Promise<SigCheck> {
  const c = opts.crypto;
  const p = parseSshsigBlob(blob);
  if (!p.ok) return { outcome: 'malformed', problem: p.problem };
  const sig = p.sig;
  const fingerprint = fingerprintOf(await c.digest('SHA-256', sig.publicKeyBlob));
  if (!sig.key.ok && sig.key.problem.kind === 'malformed') return { outcome: 'malformed', problem: { reason: 'key', detail: sig.key.problem.detail }, fingerprint };
  const value = parseSigValue(sig.signature);
  if (!value.ok && value.kind === 'malformed') return { outcome: 'malformed', problem: { reason: 'signature', detail: value.detail }, fingerprint };
  if (sig.namespace !== opts.namespace) return { outcome: 'namespace', expected: opts.namespace, found: sig.namespace, fingerprint, sig };
  const refuse = (reason: AlgorithmReason, detail: string): SigCheck => ({ outcome: 'algorithm', reason, detail, fingerprint, sig });
  if (sig.hashAlgorithm !== HASH_ALGORITHM) return refuse('hash', `the hash algorithm is ${JSON.stringify(sig.hashAlgorithm.slice(0, 32))}, not ${HASH_ALGORITHM}`);
  if (!sig.key.ok) {
    const kp = sig.key.problem;
    return refuse(kp.kind === 'weak' ? 'weak-key' : /-cert-/.test(kp.type) ? 'certificate' : 'key-type', kp.detail);
  }
  const key = sig.key.key;
  if (!value.ok) return refuse(value.alg === 'ssh-rsa' ? 'sha1' : 'signature-type', value.detail);
  if (!algsFor(key).includes(value.value.alg)) return refuse('mismatch', `a ${value.value.alg} signature from a ${key.type} key`);

  const hash = await c.digest('SHA-512', message);
  let data = signedData(sig.namespace, sig.hashAlgorithm, hash);
  const v = value.value;
  if (v.alg === 'sk-ssh-ed25519@openssh.com' || v.alg === 'sk-ecdsa-sha2-nistp256@openssh.com') {
    data = await securityKeyData(c, (key as { application: string }).application, v.flags, v.counter, data);
  }
  const inputs = cryptoInputs(key, v);
  if (!inputs) return { outcome: 'bad-signature', fingerprint, key, sig };
  let ok: boolean;
  try {
    ok = await c.verify(inputs.key, inputs.hash, inputs.signature, data);
  } catch (e) {
    if (e instanceof KeyImportError && e.unsupported) return refuse('platform', `this platform (${c.name}) cannot verify ${v.alg} signatures: ${e.message}`);
    if (e instanceof KeyImportError) return { outcome: 'malformed', problem: { reason: 'key', detail: `the key cannot be used: ${e.message}` }, fingerprint };
    throw e;
  }
  return ok ? { outcome: 'verified', fingerprint, key, sig, value: v } : { outcome: 'bad-signature', fingerprint, key, sig };
}
