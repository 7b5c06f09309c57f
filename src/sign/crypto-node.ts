/**
 * node:crypto behind the {@link SigCrypto} interface: verification (importing this module
 * registers it) and signing with private keys read from OpenSSH key files (`signer.ts`).
 * @module
 */
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { KeyImportError, publicJwk, setSigCrypto, type SigCrypto, type VerifyKey } from './crypto.js';

const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

function importPublic(key: VerifyKey): KeyObject {
  try {
    return createPublicKey({ key: publicJwk(key) as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch (e) {
    throw new KeyImportError(e instanceof Error ? e.message : String(e));
  }
}

/** node:crypto verification. */
export const nodeSigCrypto: SigCrypto = {
  name: 'node:crypto',
  async digest(hash, data) {
    return new Uint8Array(createHash(NODE_HASH[hash]).update(data).digest());
  },
  async verify(key, hash, signature, data) {
    const k = importPublic(key);
    try {
      if (key.kind === 'ed25519') return nodeVerify(null, data, k, signature);
      if (key.kind === 'ecdsa') return nodeVerify(NODE_HASH[hash], data, { key: k, dsaEncoding: 'ieee-p1363' }, signature);
      return nodeVerify(NODE_HASH[hash], data, k, signature);
    } catch {
      // OpenSSL rejects some malformed signatures by throwing rather than returning false
      return false;
    }
  },
};

setSigCrypto(nodeSigCrypto);
