// Hand-built WAV/AIFF bytes for tests (independent of the writer under src/audio/write).
import { encodeExtended80 } from '../../../src/audio/extended80.js';

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function u16(v: number, le = true): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return b;
}

export function u32(v: number, le = true): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, le);
  return b;
}

export function u64(v: bigint, le = true): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, le);
  return b;
}

/** A chunk with its pad byte; `size` overrides the declared size. */
export function chunk(id: string, body: Uint8Array, le = true, size = body.length, pad = true): Uint8Array {
  return concat(ascii(id), u32(size, le), body, pad && body.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
}

export function fmtBody(o: { tag?: number; channels?: number; rate?: number; bits?: number; blockAlign?: number; le?: boolean }): Uint8Array {
  const le = o.le ?? true;
  const ch = o.channels ?? 2;
  const bits = o.bits ?? 24;
  const ba = o.blockAlign ?? ch * Math.ceil(bits / 8);
  const rate = o.rate ?? 48000;
  return concat(u16(o.tag ?? 1, le), u16(ch, le), u32(rate, le), u32(rate * ba, le), u16(ba, le), u16(bits, le));
}

/** RIFF/RIFX/RF64 file from chunks; riffSize defaults to the true size. */
export function wav(chunks: Uint8Array[], magic = 'RIFF', riffSize?: number): Uint8Array {
  const body = concat(ascii('WAVE'), ...chunks);
  return concat(ascii(magic), u32(riffSize ?? body.length, magic !== 'RIFX'), body);
}

export function bextBody(o: { timeReference?: bigint; version?: number; description?: string; history?: string; loudness?: number[] }): Uint8Array {
  const b = new Uint8Array(602 + (o.history?.length ?? 0));
  b.set(ascii(o.description ?? 'desc'), 0);
  b.set(ascii('Originator'), 256);
  b.set(ascii('REF123'), 288);
  b.set(ascii('2024-01-02'), 320);
  b.set(ascii('03:04:05'), 330);
  b.set(u64(o.timeReference ?? 0n), 338);
  b.set(u16(o.version ?? 2), 346);
  for (let i = 0; i < 64; i++) b[348 + i] = i;
  const l = o.loudness ?? [-2300, 500, -100, -1500, -1800];
  l.forEach((v, i) => new DataView(b.buffer).setInt16(412 + 2 * i, v, true));
  if (o.history) b.set(ascii(o.history), 602);
  return b;
}

export function commBody(o: { channels?: number; frames?: number; bits?: number; rate?: number; compression?: string }): Uint8Array {
  const base = concat(
    u16(o.channels ?? 2, false),
    u32(o.frames ?? 0, false),
    u16(o.bits ?? 16, false),
    encodeExtended80(o.rate ?? 44100),
  );
  if (o.compression === undefined) return base;
  return concat(base, ascii(o.compression), new Uint8Array([0, 0]));
}

export function aiff(chunks: Uint8Array[], aifc = false): Uint8Array {
  const body = concat(ascii(aifc ? 'AIFC' : 'AIFF'), ...chunks);
  return concat(ascii('FORM'), u32(body.length, false), body);
}

export function ssndBody(samples: Uint8Array, offset = 0): Uint8Array {
  return concat(u32(offset, false), u32(0, false), new Uint8Array(offset), samples);
}
