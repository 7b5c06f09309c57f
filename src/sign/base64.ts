/**
 * Base64 (RFC 4648 §4, with padding) and base64url (§5, without padding), without Buffer so the
 * same code runs in browsers. Decoding is strict: only the alphabet, correct padding, zero pad
 * bits; it reports where the text went wrong instead of guessing.
 *
 * Ref: RFC 4648 §4, §5.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encode bytes as base64 with padding. */
export function base64Encode(b: Uint8Array, alphabet = ALPHABET, pad = true): string {
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + alphabet[v & 63]!;
  }
  const rest = b.length - i;
  if (rest === 1) {
    const v = b[i]! << 16;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8);
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** Encode bytes as base64url without padding (JWK members). */
export function base64UrlEncode(b: Uint8Array): string {
  return base64Encode(b, URL_ALPHABET, false);
}

/** Result of {@link base64Decode}: the bytes, or where and why the text is not base64. */
export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; index: number; reason: 'character' | 'padding' | 'length' };

/**
 * Decode base64 text (no whitespace: strip line breaks first). Strict: the length is a
 * multiple of 4, `=` only as the last one or two characters, and the pad bits are zero.
 */
export function base64Decode(text: string): Base64Result {
  if (text.length % 4 !== 0) return { ok: false, index: text.length, reason: 'length' };
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      if (c === 0x3d /* = */) {
        if (!last || k < 4 - pad) return { ok: false, index: i + k, reason: 'padding' };
        v <<= 6;
        continue;
      }
      const d = c < 128 ? DECODE[c]! : -1;
      if (d < 0) return { ok: false, index: i + k, reason: 'character' };
      v = (v << 6) | d;
    }
    if (last && pad === 2 && (v & 0xffff) !== 0) return { ok: false, index: i + 1, reason: 'padding' };
    if (last && pad === 1 && (v & 0xff) !== 0) return { ok: false, index: i + 2, reason: 'padding' };
    out[o++] = (v >> 16) & 0xff;
    if (o < out.length) out[o++] = (v >> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  return { ok: true, bytes: out };
}
