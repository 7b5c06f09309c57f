/**
 * The SSH wire encoding: `byte`, `uint32`, `string` and `mpint` as RFC 4251 §5 defines them.
 * A reader over a byte array that never reads or allocates past the array (a declared length
 * beyond the data is an error, not an allocation), and a writer. Pure: runs in Node and browsers.
 *
 * Ref: RFC 4251 §5 (data type representations).
 * @module
 */

/** A field did not fit the data, or broke a rule of its type. */
export class WireError extends Error {
  constructor(
    /** `truncated`: the data ended inside a field; `length`: a declared length exceeds the data; `mpint`: a negative or badly padded mpint. */
    readonly reason: 'truncated' | 'length' | 'mpint' | 'utf8',
    message: string,
    /** Offset of the field in the data read. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads SSH wire fields in order from a byte array (views, no copies). */
export class WireReader {
  private pos = 0;
  constructor(private readonly data: Uint8Array) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.data.length - this.pos;
  }

  /** Offset of the next field. */
  get offset(): number {
    return this.pos;
  }

  /** `n` raw bytes. */
  bytes(n: number, what = 'bytes'): Uint8Array {
    if (n > this.remaining) throw new WireError('truncated', `${what}: ${n} bytes wanted, ${this.remaining} left`, this.pos);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  byte(what = 'byte'): number {
    return this.bytes(1, what)[0]!;
  }

  uint32(what = 'uint32'): number {
    const b = this.bytes(4, what);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  /** A `string`: uint32 length, then that many bytes. */
  string(what = 'string'): Uint8Array {
    const at = this.pos;
    const n = this.uint32(what);
    if (n > this.remaining) throw new WireError('length', `${what}: declared length ${n} exceeds the ${this.remaining} bytes left`, at);
    return this.bytes(n, what);
  }

  /** A `string` holding UTF-8 text (names, namespaces). */
  text(what = 'string'): string {
    const at = this.pos;
    const b = this.string(what);
    try {
      return utf8.decode(b);
    } catch {
      throw new WireError('utf8', `${what}: not UTF-8`, at);
    }
  }

  /**
   * An `mpint` as a non-negative magnitude, big-endian, without leading zero bytes. A negative
   * value (high bit of the first byte set) is an error; a superfluous leading zero is accepted,
   * as OpenSSH accepts it.
   */
  mpint(what = 'mpint'): Uint8Array {
    const at = this.pos;
    const b = this.string(what);
    if (b.length > 0 && (b[0]! & 0x80) !== 0) throw new WireError('mpint', `${what}: negative`, at);
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.subarray(i);
  }
}

/** Builds SSH wire data. */
export class WireWriter {
  private parts: Uint8Array[] = [];
  private length = 0;

  raw(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  byte(v: number): this {
    return this.raw(Uint8Array.of(v & 0xff));
  }

  uint32(v: number): this {
    return this.raw(Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff));
  }

  string(b: Uint8Array | string): this {
    const bytes = typeof b === 'string' ? new TextEncoder().encode(b) : b;
    return this.uint32(bytes.length).raw(bytes);
  }

  /** An `mpint` from a non-negative big-endian magnitude (leading zeros dropped, a 0 byte added when the high bit is set). */
  mpint(magnitude: Uint8Array): this {
    let i = 0;
    while (i < magnitude.length && magnitude[i] === 0) i++;
    const m = magnitude.subarray(i);
    if (m.length > 0 && (m[0]! & 0x80) !== 0) {
      const b = new Uint8Array(m.length + 1);
      b.set(m, 1);
      return this.string(b);
    }
    return this.string(m);
  }

  /** The bytes written so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Left-pad a big-endian magnitude with zeros to `n` bytes; null when it does not fit. */
export function padTo(b: Uint8Array, n: number): Uint8Array | null {
  if (b.length > n) return null;
  if (b.length === n) return b;
  const out = new Uint8Array(n);
  out.set(b, n - b.length);
  return out;
}
