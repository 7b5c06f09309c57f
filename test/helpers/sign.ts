/**
 * Test helpers for signatures: keys made with the real ssh-keygen (in a temporary folder, never
 * committed), deterministic Ed25519 keys from a seed, signing a package in memory, the manifest
 * bytes of a package.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BytesSource } from '../../src/io/bytes-source.js';
import { readZip } from '../../src/container/read-zip.js';
import { readEntryBytes } from '../../src/container/entry-data.js';
import { applyTailRewrite, planTailRewrite } from '../../src/container/append-entries.js';
import { isSignatureEntry } from '../../src/sign/names.js';
import { keyObjectSigner, signMessage, type Signer } from '../../src/sign/signer.js';
import { armor, DELIVERY_NAMESPACE, encodeSshsigBlob, signedData } from '../../src/sign/sshsig.js';
import { WireWriter } from '../../src/sign/wire.js';

export const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** Fail clearly when OpenSSH is missing (`.ci/run` installs Debian's openssh-client). */
export function requireSshKeygen(): void {
  if (!existsSync(SSH_KEYGEN)) throw new Error(`${SSH_KEYGEN} is missing: install openssh-client (apt-get install openssh-client; .ci/run does)`);
}

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix = 'stempack-sign-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The key types ssh-keygen makes that the issue names, with their ssh-keygen arguments. */
export const KEYGEN_TYPES = {
  ed25519: ['-t', 'ed25519'],
  'ecdsa-256': ['-t', 'ecdsa', '-b', '256'],
  'ecdsa-384': ['-t', 'ecdsa', '-b', '384'],
  'ecdsa-521': ['-t', 'ecdsa', '-b', '521'],
  'rsa-3072': ['-t', 'rsa', '-b', '3072'],
} as const;
export type KeygenType = keyof typeof KEYGEN_TYPES;

/** Make a key with ssh-keygen: returns the private key path, the public key path and line. */
export function keygen(dir: string, type: KeygenType, opts: { name?: string; passphrase?: string; comment?: string } = {}): { key: string; pub: string; line: string } {
  const key = join(dir, opts.name ?? `id_${type}`);
  execFileSync(SSH_KEYGEN, ['-q', ...KEYGEN_TYPES[type], '-N', opts.passphrase ?? '', '-C', opts.comment ?? `test-${type}`, '-f', key], { stdio: 'ignore' });
  return { key, pub: `${key}.pub`, line: readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** An Ed25519 node:crypto key from a 32-byte seed (deterministic keys in tests). */
export function ed25519FromSeed(seed: Uint8Array): KeyObject {
  const prefix = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
  const der = new Uint8Array(48);
  der.set(prefix);
  der.set(seed, 16);
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
}

/** A software signer over an Ed25519 key derived from `n` (same `n`, same key). */
export function testSigner(n = 1, comment = `tester-${n}@example`): Signer {
  return keyObjectSigner(ed25519FromSeed(new Uint8Array(32).fill(n)), comment);
}

/** The stored manifest bytes of a package. */
export async function manifestBytes(pkg: Uint8Array): Promise<Uint8Array> {
  const src = new BytesSource(pkg);
  const zip = await readZip(src);
  const me = zip.entries.find((e) => e.name === 'stempack.json');
  if (!me) throw new Error('no manifest');
  const got = await readEntryBytes(src, me, 1 << 24);
  if (!got.bytes) throw new Error('manifest unreadable');
  return got.bytes;
}

/** Add (or replace) signature entries of a package in memory: the same ZIP operation `stempack sign` uses. */
export async function withSignatureEntries(pkg: Uint8Array, add: { entry: string; text: string | Uint8Array }[], remove: string[] = []): Promise<Uint8Array> {
  const src = new BytesSource(pkg);
  const zip = await readZip(src);
  const existing = zip.entries.filter((e) => isSignatureEntry(e.name));
  const final = new Map<string, Uint8Array>();
  for (const e of existing) if (!remove.includes(e.name)) final.set(e.name, (await src.read(e.dataOffset, e.compressedSize)).slice());
  for (const a of add) final.set(a.entry, typeof a.text === 'string' ? new TextEncoder().encode(a.text) : a.text);
  const names = [...final.keys()].sort();
  const plan = await planTailRewrite(src, zip, (e) => existing.includes(e), names.map((name) => ({ name, data: final.get(name)! })));
  return applyTailRewrite(src, plan);
}

/** Sign a package's manifest in memory and store the signature as `signatures/<name>.sig`. */
export async function signPackage(pkg: Uint8Array, signer: Signer = testSigner(), name = 'mixer', namespace = DELIVERY_NAMESPACE): Promise<{ bytes: Uint8Array; text: string }> {
  const text = await signMessage(signer, await manifestBytes(pkg), namespace);
  return { bytes: await withSignatureEntries(pkg, [{ entry: `signatures/${name}.sig`, text }]), text };
}

/** Options of {@link sshsigSync}. */
export interface SyncSigOptions {
  /** Key seed byte (default 1: the key of `testSigner(1)`). */
  seed?: number;
  namespace?: string;
  hashAlgorithm?: 'sha512' | 'sha256';
  /** Replace the signature algorithm name in the signature value (e.g. `ssh-rsa`). */
  sigAlg?: string;
  /** Replace the public key blob. */
  publicKeyBlob?: Uint8Array;
  /** XOR this into the last byte of the signature value. */
  flip?: number;
}

/**
 * An armoured Ed25519 SSHSIG over `message`, made synchronously (for the synchronous package
 * builder hooks of the mutators), with ways to break it.
 */
export function sshsigSync(message: Uint8Array, o: SyncSigOptions = {}): string {
  const key = ed25519FromSeed(new Uint8Array(32).fill(o.seed ?? 1));
  const pub = createPublicKey(key).export({ format: 'jwk' });
  const pk = Buffer.from(pub.x!, 'base64url');
  const blob = o.publicKeyBlob ?? new WireWriter().string('ssh-ed25519').string(pk).bytes();
  const hashAlgorithm = o.hashAlgorithm ?? 'sha512';
  const namespace = o.namespace ?? DELIVERY_NAMESPACE;
  const data = signedData(namespace, hashAlgorithm, new Uint8Array(createHash(hashAlgorithm).update(message).digest()));
  const sig = new Uint8Array(nodeSign(null, data, key));
  if (o.flip) sig[63]! ^= o.flip;
  const value = new WireWriter().string(o.sigAlg ?? 'ssh-ed25519').string(sig).bytes();
  return armor(encodeSshsigBlob({ publicKeyBlob: blob, namespace, hashAlgorithm, signature: value }));
}
