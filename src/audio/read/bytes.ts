/** Small byte helpers for the chunk readers. Pure functions over `Uint8Array`. */

/** Unsigned 16-bit at `o`, little- or big-endian. */
export function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

/** Signed 16-bit at `o`. */
export function i16(b: Uint8Array, o: number, le: boolean): number {
  return (u16(b, o, le) << 16) >> 16;
}

/** Unsigned 32-bit at `o`. */
export function u32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
    : ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Unsigned 64-bit at `o` as an exact BigInt (two u32 halves). */
export function u64big(b: Uint8Array, o: number, le: boolean): bigint {
  const lo = u32(b, le ? o : o + 4, le);
  const hi = u32(b, le ? o + 4 : o, le);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Unsigned 64-bit at `o` as a number (exact below 2^53; larger values saturate to MAX_SAFE_INTEGER). */
export function u64(b: Uint8Array, o: number, le: boolean): number {
  const lo = u32(b, le ? o : o + 4, le);
  const hi = u32(b, le ? o + 4 : o, le);
  const v = hi * 4294967296 + lo;
  return v > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : v;
}

/** Four bytes as a Latin-1 string (a chunk id). */
export function fourcc(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);
}

/** True when all four bytes of an id are printable ASCII (0x20-0x7E). */
export function isPrintableId(b: Uint8Array, o: number): boolean {
  for (let i = 0; i < 4; i++) {
    const c = b[o + i];
    if (c === undefined || c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** A fixed-width Latin-1 text field up to the first NUL. */
export function latin1Field(b: Uint8Array, o: number, len: number): string {
  let s = '';
  const end = Math.min(b.length, o + len);
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Lowercase hex of a byte range. */
export function hex(b: Uint8Array, o: number, len: number): string {
  let s = '';
  const end = Math.min(b.length, o + len);
  for (let i = o; i < end; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}
