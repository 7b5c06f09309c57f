/**
 * The few cryptographic operations signature checks need, behind a small interface, so one
 * verify core (`verify.ts`) runs over node:crypto in Node (`crypto-node.ts`) and over WebCrypto
 * in the browser ({@link webSigCrypto}, the default wherever `crypto.subtle` exists).
 * This module imports nothing platform-specific.
 *
 * Ref: W3C Web Cryptography API (Ed25519, ECDSA, RSASSA-PKCS1-v1_5); RFC 7518 §6 (JWK).
 * @module
 */
import { base64UrlEncode } from './base64.js';

/** A public key in the form the crypto layer takes. */
export type VerifyKey =
  | { kind: 'ed25519'; key: Uint8Array }
  /** An uncompressed point (0x04 || x || y). */
  | { kind: 'ecdsa'; curve: 'P-256' | 'P-384' | 'P-521'; point: Uint8Array }
  /** Big-endian magnitudes. */
  | { kind: 'rsa'; n: Uint8Array; e: Uint8Array };

export type DigestName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** The key could not be imported (an invalid point, a modulus the platform refuses). */
export class KeyImportError extends Error {
  override name = 'KeyImportError';
  constructor(
    message: string,
    /** The platform does not implement the algorithm at all (an older browser without Ed25519). */
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** The operations signature checks need. */
export interface SigCrypto {
  /** Implementation name, for messages and tests. */
  readonly name: string;
  digest(hash: DigestName, data: Uint8Array): Promise<Uint8Array>;
  /**
   * Verify `signature` over `data`. ECDSA signatures are `r || s`, each left-padded to the
   * curve's size (IEEE P1363); RSA signatures PKCS #1 v1.5, padded to the modulus length;
   * `hash` is ignored for Ed25519. Throws {@link KeyImportError} when the key is unusable;
   * returns false for a signature that does not verify.
   */
  verify(key: VerifyKey, hash: DigestName, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** The coordinates of an uncompressed point. */
export function pointXY(point: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const n = (point.length - 1) / 2;
  return { x: point.subarray(1, 1 + n), y: point.subarray(1 + n) };
}

/** A JWK of a public key (node:crypto and WebCrypto both import it). */
export function publicJwk(key: VerifyKey): JsonWebKey {
  if (key.kind === 'ed25519') return { kty: 'OKP', crv: 'Ed25519', x: base64UrlEncode(key.key) };
  if (key.kind === 'ecdsa') {
    const { x, y } = pointXY(key.point);
    return { kty: 'EC', crv: key.curve, x: base64UrlEncode(x), y: base64UrlEncode(y) };
  }
  return { kty: 'RSA', n: base64UrlEncode(key.n), e: base64UrlEncode(key.e) };
}

/**
 * A fresh ArrayBuffer holding exactly `b` (WebCrypto wants a BufferSource; a Node Buffer's
 * `slice()` is a view into a shared pool, so copy explicitly).
 */
function buf(b: Uint8Array): ArrayBuffer {
  const c = new Uint8Array(b.length);
  c.set(b);
  return c.buffer;
}

/** SigCrypto over a WebCrypto `SubtleCrypto` (browsers; Node's `globalThis.crypto.subtle` too). */
export function webSigCrypto(subtle: SubtleCrypto): SigCrypto {
  return {
    name: 'webcrypto',
    async digest(hash, data) {
      return new Uint8Array(await subtle.digest(hash, buf(data)));
    },
    async verify(key, hash, signature, data) {
      let k: CryptoKey;
      let alg: AlgorithmIdentifier | EcdsaParams;
      try {
        if (key.kind === 'ed25519') {
          k = await subtle.importKey('raw', buf(key.key), { name: 'Ed25519' }, false, ['verify']);
          alg = { name: 'Ed25519' };
        } else if (key.kind === 'ecdsa') {
          k = await subtle.importKey('raw', buf(key.point), { name: 'ECDSA', namedCurve: key.curve }, false, ['verify']);
          alg = { name: 'ECDSA', hash } as EcdsaParams;
        } else {
          k = await subtle.importKey('jwk', publicJwk(key), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
          alg = { name: 'RSASSA-PKCS1-v1_5' };
        }
      } catch (e) {
        throw new KeyImportError(e instanceof Error ? e.message : String(e), e instanceof Error && e.name === 'NotSupportedError');
      }
      return subtle.verify(alg, k, buf(signature), buf(data));
    },
  };
}

let current: SigCrypto | null = null;

/** Set the implementation signature checks use (Node: importing `crypto-node.js` does it). */
export function setSigCrypto(c: SigCrypto): void {
  current = c;
}

/** The registered implementation, else WebCrypto where the platform has it. */
export function sigCrypto(): SigCrypto {
  if (current) return current;
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) throw new Error('no signature crypto available: import sign/crypto-node.js (Node) or run where WebCrypto exists');
  current = webSigCrypto(subtle);
  return current;
}
