/**
 * Signers: something that turns the data of PROTOCOL.sshsig §3 into an SSH signature, from an
 * unencrypted OpenSSH private key file (node:crypto), an unencrypted PEM/PKCS #8 key, or a key
 * held by the running ssh-agent (passphrase-protected keys, security keys). Node only.
 *
 * Ref: OpenSSH PROTOCOL.sshsig; RFC 8709 §6, RFC 5656 §3.1.2, RFC 8332 §3 (signature blobs).
 * @module
 */
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { agentIdentities, agentSign, AgentError, SSH_AGENT_RSA_SHA2_512 } from './agent.js';
import { base64UrlEncode, base64Decode } from './base64.js';
import { nodeSigCrypto } from './crypto-node.js';
import { CURVES, fingerprintOf, formatKeyLine, keyTypeLabel, parseKeyLine, parsePublicKeyBlob, type CurveName } from './keys.js';
import { isOpensshPrivateKey, KeyFileError, parseOpensshPrivateKey, type PrivateKey } from './private-key.js';
import { armor, encodeSshsigBlob, HASH_ALGORITHM, signedData } from './sshsig.js';
import { checkSignature } from './verify.js';
import { bytesEqual, padTo, WireWriter } from './wire.js';

/** Something that signs. */
export interface Signer {
  /** The public key blob the signatures verify with. */
  readonly publicKeyBlob: Uint8Array;
  /** The key's comment (from the key file or the agent), often `user@host`. */
  readonly comment: string;
  /** `software` (the key file) or `agent`. */
  readonly via: 'software' | 'agent';
  /** Sign the data; returns the SSH signature blob. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** The key cannot be used to sign (usage error: the CLI prints it and exits 2). */
export class SignerError extends Error {
  override name = 'SignerError';
}

function b64u(b: Uint8Array): string {
  return base64UrlEncode(b);
}

function big(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function bytesOf(v: bigint): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** A node:crypto private key from an OpenSSH key. */
function nodeKey(k: PrivateKey): KeyObject {
  if (k.type === 'ssh-ed25519') return createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: b64u(k.seed), x: b64u(k.publicKey) } });
  if (k.type === 'ssh-rsa') {
    const d = big(k.d);
    const dp = bytesOf(d % (big(k.p) - 1n));
    const dq = bytesOf(d % (big(k.q) - 1n));
    return createPrivateKey({ format: 'jwk', key: { kty: 'RSA', n: b64u(k.n), e: b64u(k.e), d: b64u(k.d), p: b64u(k.p), q: b64u(k.q), dp: b64u(dp), dq: b64u(dq), qi: b64u(k.iqmp) } });
  }
  const c = CURVES[k.curve];
  const x = k.point.subarray(1, 1 + c.bytes);
  const y = k.point.subarray(1 + c.bytes);
  return createPrivateKey({ format: 'jwk', key: { kty: 'EC', crv: c.jwk, x: b64u(x), y: b64u(y), d: b64u(padTo(k.d, c.bytes) ?? k.d) } });
}

/** The SSH signature blob of a software signature. */
function softwareSign(type: string, key: KeyObject, data: Uint8Array): Uint8Array {
  if (type === 'ssh-ed25519') return new WireWriter().string('ssh-ed25519').string(new Uint8Array(nodeSign(null, data, key))).bytes();
  if (type === 'ssh-rsa') return new WireWriter().string('rsa-sha2-512').string(new Uint8Array(nodeSign('sha512', data, key))).bytes();
  const curve = type.slice('ecdsa-sha2-'.length) as CurveName;
  const c = CURVES[curve];
  const rs = new Uint8Array(nodeSign(c.hash.replace('SHA-', 'sha'), data, { key, dsaEncoding: 'ieee-p1363' }));
  const inner = new WireWriter().mpint(rs.subarray(0, c.bytes)).mpint(rs.subarray(c.bytes)).bytes();
  return new WireWriter().string(type).string(inner).bytes();
}

/** The public key blob of a node:crypto key (PEM and PKCS #8 files). */
function blobOfKeyObject(k: KeyObject): { type: string; blob: Uint8Array } {
  const jwk = createPublicKey(k).export({ format: 'jwk' });
  const dec = (s: string | undefined) => {
    const r = base64Decode((s ?? '').replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil((s ?? '').length / 4) * 4, '='));
    if (!r.ok) throw new SignerError('cannot read the key');
    return r.bytes;
  };
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return { type: 'ssh-ed25519', blob: new WireWriter().string('ssh-ed25519').string(dec(jwk.x)).bytes() };
  if (jwk.kty === 'RSA') return { type: 'ssh-rsa', blob: new WireWriter().string('ssh-rsa').mpint(dec(jwk.e)).mpint(dec(jwk.n)).bytes() };
  if (jwk.kty === 'EC') {
    const curve = (Object.keys(CURVES) as CurveName[]).find((n) => CURVES[n].jwk === jwk.crv);
    if (!curve) throw new SignerError(`unsupported curve ${jwk.crv}`);
    const type = `ecdsa-sha2-${curve}`;
    const point = new Uint8Array([4, ...(padTo(dec(jwk.x), CURVES[curve].bytes) ?? []), ...(padTo(dec(jwk.y), CURVES[curve].bytes) ?? [])]);
    return { type, blob: new WireWriter().string(type).string(curve).string(point).bytes() };
  }
  throw new SignerError(`the key type ${jwk.kty}/${jwk.crv ?? ''} cannot sign stempack deliveries (use Ed25519, ECDSA or RSA)`);
}

/**
 * A software signer over a node:crypto private key (Ed25519, ECDSA P-256/384/521 or RSA):
 * for programs that hold their key as a KeyObject rather than in an OpenSSH key file.
 */
export function keyObjectSigner(key: KeyObject, comment = ''): Signer {
  const { type, blob } = blobOfKeyObject(key);
  return { publicKeyBlob: blob, comment, via: 'software', sign: async (data) => softwareSign(type, key, data) };
}

/**
 * An armoured SSHSIG of `message` made synchronously with a node:crypto private key (no agent,
 * no check afterwards): for tools and tests that cannot wait.
 */
export function sshsigWithKeyObject(key: KeyObject, message: Uint8Array, namespace: string): string {
  const { type, blob } = blobOfKeyObject(key);
  const hash = new Uint8Array(createHash('sha512').update(message).digest());
  const signature = softwareSign(type, key, signedData(namespace, HASH_ALGORITHM, hash));
  return armor(encodeSshsigBlob({ publicKeyBlob: blob, namespace, hashAlgorithm: HASH_ALGORITHM, signature }));
}

/** Options of {@link loadSigner}. */
export interface LoadSignerOptions {
  /** The ssh-agent socket (default `SSH_AUTH_SOCK`). */
  agentSocket?: string;
  /** Always sign through the agent, even when the key file could be read (default false). */
  useAgent?: boolean;
}

function agentHelp(path: string, why: string): string {
  return (
    `${path} ${why}: stempack signs with such keys through ssh-agent. Start an agent and add the key, then run again:\n` +
    `  eval "$(ssh-agent)"\n  ssh-add ${path}`
  );
}

/** A signer that asks the agent, after checking the agent holds the key. */
async function agentSigner(socket: string, blob: Uint8Array, path: string, why: string): Promise<Signer> {
  let ids;
  try {
    ids = await agentIdentities(socket);
  } catch (e) {
    throw new SignerError(`${agentHelp(path, why)}\n(${(e as Error).message})`);
  }
  const id = ids.find((i) => bytesEqual(i.blob, blob));
  if (!id) throw new SignerError(`${path}: this key is not in the running ssh-agent (${ids.length} other keys). Add it with: ssh-add ${path.replace(/\.pub$/, '')}`);
  const rsa = new TextDecoder().decode(blob.subarray(4, 11)) === 'ssh-rsa';
  return {
    publicKeyBlob: blob,
    comment: id.comment,
    via: 'agent',
    async sign(data) {
      try {
        return await agentSign(socket, blob, data, rsa ? SSH_AGENT_RSA_SHA2_512 : 0);
      } catch (e) {
        throw new SignerError((e as AgentError).message);
      }
    },
  };
}

/**
 * A signer for the key file at `path`: an unencrypted OpenSSH or PEM private key is read
 * directly; a passphrase-protected key, a security key or a public key (`.pub`) is used through
 * ssh-agent. Throws {@link SignerError} with what to do when neither works.
 */
export async function loadSigner(path: string, opts: LoadSignerOptions = {}): Promise<Signer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SignerError(`cannot read the key ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const socket = opts.agentSocket ?? process.env['SSH_AUTH_SOCK'];
  const viaAgent = async (blob: Uint8Array, why: string): Promise<Signer> => {
    if (!socket) throw new SignerError(agentHelp(path, why) + '\n(SSH_AUTH_SOCK is not set: no agent is running in this shell)');
    return agentSigner(socket, blob, path, why);
  };
  if (isOpensshPrivateKey(text)) {
    let f;
    try {
      f = parseOpensshPrivateKey(text);
    } catch (e) {
      throw new SignerError(`${path}: ${(e as KeyFileError).message}`);
    }
    if (f.kind === 'encrypted') return viaAgent(f.publicKeyBlob, 'is protected by a passphrase');
    if (f.kind === 'security-key') return viaAgent(f.publicKeyBlob, 'is a security key (FIDO)');
    if (opts.useAgent) return viaAgent(f.publicKeyBlob, 'is to be used through ssh-agent');
    const key = nodeKey(f.key);
    const type = f.key.type;
    return { publicKeyBlob: f.publicKeyBlob, comment: f.comment, via: 'software', sign: async (data) => softwareSign(type, key, data) };
  }
  const line = parseKeyLine(text.trim().split('\n')[0] ?? '');
  if (line) return viaAgent(line.blob, 'is a public key');
  if (/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) {
    let key: KeyObject;
    try {
      key = createPrivateKey(text);
    } catch (e) {
      throw new SignerError(`${path}: cannot read the key: ${(e as Error).message}`);
    }
    const { type, blob } = blobOfKeyObject(key);
    if (opts.useAgent) return viaAgent(blob, 'is to be used through ssh-agent');
    return { publicKeyBlob: blob, comment: '', via: 'software', sign: async (data) => softwareSign(type, key, data) };
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) throw new SignerError(`${path}: an encrypted PKCS #8 key; convert it to an OpenSSH key (ssh-keygen -p -f ${path}) and add it to ssh-agent`);
  throw new SignerError(`${path} is not an SSH key (expected an OpenSSH private key, a PEM private key or a .pub line)`);
}

/**
 * Sign `message` in `namespace` (SSHSIG, hash sha512) and return the armoured signature.
 * The signature is verified before it is returned, so an agent or key mix-up never yields a
 * signature that does not verify.
 */
export async function signMessage(signer: Signer, message: Uint8Array, namespace: string): Promise<string> {
  const hash = await nodeSigCrypto.digest('SHA-512', message);
  const signature = await signer.sign(signedData(namespace, HASH_ALGORITHM, hash));
  const text = armor(encodeSshsigBlob({ publicKeyBlob: signer.publicKeyBlob, namespace, hashAlgorithm: HASH_ALGORITHM, signature }));
  const check = await checkSignature(new TextEncoder().encode(text), message, { namespace, crypto: nodeSigCrypto });
  if (check.outcome !== 'verified') throw new SignerError(`the new signature does not verify (${check.outcome}); the key or the agent is at fault`);
  return text;
}

/** The fingerprint, public key line and key type label (ED25519, RSA...) of a signer, for messages. */
export async function describeSigner(s: Signer): Promise<{ fingerprint: string; line: string; type: string }> {
  const fp = fingerprintOf(await nodeSigCrypto.digest('SHA-256', s.publicKeyBlob));
  const k = parsePublicKeyBlob(s.publicKeyBlob);
  return { fingerprint: fp, line: formatKeyLine(k.ok ? k.key.type : 'unknown', s.publicKeyBlob, s.comment), type: k.ok ? keyTypeLabel(k.key) : 'unknown' };
}
