/**
 * OpenSSH private key files (`openssh-key-v1`, what `ssh-keygen` writes since 7.8): the public
 * key always, the private key when the file is not encrypted. Encrypted keys and security keys
 * are signed with through ssh-agent instead (`agent.ts`). Pure token reader.
 *
 * Ref: OpenSSH PROTOCOL.key; sshkey.c (`sshkey_private_deserialize`) for the per-type fields;
 * PROTOCOL.u2f for security-key private keys.
 * @module
 */
import { base64Decode } from './base64.js';
import { CURVES, type CurveName } from './keys.js';
import { bytesEqual, WireError, WireReader } from './wire.js';

const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const END = '-----END OPENSSH PRIVATE KEY-----';
const MAGIC = 'openssh-key-v1\0';

/** A private key we can sign with in software. */
export type PrivateKey =
  | { type: 'ssh-ed25519'; publicKey: Uint8Array; seed: Uint8Array }
  | { type: `ecdsa-sha2-${CurveName}`; curve: CurveName; point: Uint8Array; d: Uint8Array }
  | { type: 'ssh-rsa'; n: Uint8Array; e: Uint8Array; d: Uint8Array; iqmp: Uint8Array; p: Uint8Array; q: Uint8Array };

/** What a key file holds. */
export type PrivateKeyFile =
  | { kind: 'plain'; publicKeyBlob: Uint8Array; key: PrivateKey; comment: string }
  /** A passphrase-protected key: only its public half is readable. */
  | { kind: 'encrypted'; publicKeyBlob: Uint8Array; cipher: string }
  /** A security-key (FIDO) key: the private half lives in the authenticator. */
  | { kind: 'security-key'; publicKeyBlob: Uint8Array; type: string; comment: string };

/** The file is not an OpenSSH private key we can read. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/** True when `text` looks like an OpenSSH private key file. */
export function isOpensshPrivateKey(text: string): boolean {
  return text.trimStart().startsWith(BEGIN);
}

/** Read an `openssh-key-v1` file. Throws {@link KeyFileError} with a message a person can act on. */
export function parseOpensshPrivateKey(text: string): PrivateKeyFile {
  const t = text.trim();
  if (!t.startsWith(BEGIN) || !t.endsWith(END)) throw new KeyFileError(`not an OpenSSH private key (no "${BEGIN}" ... "${END}")`);
  const dec = base64Decode(t.slice(BEGIN.length, t.length - END.length).replace(/\s+/g, ''));
  if (!dec.ok) throw new KeyFileError('the key file is damaged (bad base64)');
  try {
    return readKeyBlob(dec.bytes);
  } catch (e) {
    if (e instanceof WireError) throw new KeyFileError(`the key file is damaged: ${e.message}`);
    throw e;
  }
}

function readKeyBlob(b: Uint8Array): PrivateKeyFile {
  const magic = new TextEncoder().encode(MAGIC);
  if (b.length < magic.length || !bytesEqual(b.subarray(0, magic.length), magic)) throw new KeyFileError('not an openssh-key-v1 key');
  const r = new WireReader(b.subarray(magic.length));
  const cipher = r.text('cipher');
  const kdf = r.text('kdf');
  r.string('kdf options');
  const count = r.uint32('key count');
  if (count !== 1) throw new KeyFileError(`the file holds ${count} keys; stempack reads files of one key`);
  const publicKeyBlob = r.string('public key');
  const pubType = new WireReader(publicKeyBlob).text('key type');
  if (cipher !== 'none' || kdf !== 'none') return { kind: 'encrypted', publicKeyBlob, cipher };
  const priv = new WireReader(r.string('private keys'));
  const check1 = priv.uint32('check');
  const check2 = priv.uint32('check');
  if (check1 !== check2) throw new KeyFileError('the key file is damaged (check words differ)');
  const type = priv.text('key type');
  if (type !== pubType) throw new KeyFileError(`the private key (${type}) does not match the public key (${pubType})`);
  let key: PrivateKey;
  if (type === 'ssh-ed25519') {
    const pk = priv.string('Ed25519 public key');
    const sk = priv.string('Ed25519 private key');
    if (pk.length !== 32 || sk.length !== 64 || !bytesEqual(sk.subarray(32), pk)) throw new KeyFileError('the Ed25519 key is damaged');
    key = { type, publicKey: pk, seed: sk.subarray(0, 32) };
  } else if (type.startsWith('ecdsa-sha2-')) {
    const curve = priv.text('curve') as CurveName;
    if (!Object.hasOwn(CURVES, curve) || type !== `ecdsa-sha2-${curve}`) throw new KeyFileError(`unsupported ECDSA curve ${curve}`);
    key = { type: `ecdsa-sha2-${curve}`, curve, point: priv.string('EC point'), d: priv.mpint('EC private key') };
  } else if (type === 'ssh-rsa') {
    const n = priv.mpint('n');
    const e = priv.mpint('e');
    const d = priv.mpint('d');
    const iqmp = priv.mpint('iqmp');
    const p = priv.mpint('p');
    const q = priv.mpint('q');
    key = { type, n, e, d, iqmp, p, q };
  } else if (type.startsWith('sk-')) {
    return { kind: 'security-key', publicKeyBlob, type, comment: '' };
  } else {
    throw new KeyFileError(`the key type ${type} cannot sign stempack deliveries (use Ed25519, ECDSA or RSA)`);
  }
  const comment = priv.text('comment');
  return { kind: 'plain', publicKeyBlob, key, comment };
}
