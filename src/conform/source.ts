/**
 * A conformed audio file as a byte source: a header written by the project's audio writer
 * (`fmt `, `bext` and `data`, or `COMM` and `SSND`), then the frames of a {@link FrameMap},
 * then the pad byte. Its bytes exist nowhere: every read is computed from the originals, so
 * a packer streams conformed stems straight into the package, and `conform -o` writes them out
 * with one read of each original.
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { headerBuilder } from '../audio/write/header.js';
import { resolveSpec, type WriteSpec } from '../audio/write/spec.js';
import { FrameMap } from './frames.js';

/** A {@link ByteSource} over a conformed file; reads into caller buffers, synchronously where the originals can. */
export class ConformedSource implements ByteSource {
  readonly size: number;
  /** Sample bytes (without the pad byte). */
  readonly dataBytes: number;
  /** The header: every byte before the first sample. */
  readonly header: Uint8Array;
  private scratch = new Uint8Array(0);

  constructor(
    readonly name: string,
    readonly frames: FrameMap,
    spec: WriteSpec,
  ) {
    const r = resolveSpec({ ...spec, expectedFrames: frames.frames });
    const b = headerBuilder(r);
    this.dataBytes = frames.frames * frames.frameBytes;
    if (this.dataBytes > b.maxDataBytes) throw new RangeError(`${name}: ${this.dataBytes} bytes of samples do not fit a ${r.container} file`);
    this.header = b.build({ dataBytes: this.dataBytes, frames: frames.frames }, b.needsRf64(this.dataBytes));
    this.size = this.header.length + this.dataBytes + (this.dataBytes & 1);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const a = Math.min(Math.max(0, offset), this.size);
    const n = Math.max(0, Math.min(this.size, offset + Math.max(0, length)) - a);
    const out = new Uint8Array(n);
    await this.readInto(a, out);
    return out;
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const sync = this.readIntoSync(offset, target);
    if (sync !== null) return sync;
    return this.copy(offset, target, async (f, n, out) => this.frames.read(f, n, out));
  }

  /** {@link readInto}, synchronously; null when an original cannot be read synchronously. */
  readIntoSync(offset: number, target: Uint8Array): number | null {
    if (!this.frames.canReadSync) return null;
    let ok = true;
    const n = this.copySync(offset, target, (f, c, out) => {
      ok = this.frames.readSync(f, c, out) && ok;
    });
    return ok ? n : null;
  }

  /** The byte ranges of a read: header bytes, sample frames (whole or partial), the pad byte. */
  private parts(offset: number, target: Uint8Array): { n: number; head: [number, number]; data: [number, number]; pad: boolean } {
    const a = Math.min(Math.max(0, offset), this.size);
    const n = Math.max(0, Math.min(this.size, a + target.length) - a);
    const h = this.header.length;
    const e = a + n;
    return { n, head: [a, Math.min(e, h)], data: [Math.max(a, h) - h, Math.max(h, Math.min(e, h + this.dataBytes)) - h], pad: e > h + this.dataBytes && (this.dataBytes & 1) === 1 };
  }

  private copySync(offset: number, target: Uint8Array, frames: (first: number, count: number, out: Uint8Array) => void): number {
    const p = this.parts(offset, target);
    const a = Math.min(Math.max(0, offset), this.size);
    if (p.head[1] > p.head[0]) target.set(this.header.subarray(p.head[0], p.head[1]), 0);
    const [d0, d1] = p.data;
    if (d1 > d0) {
      const at = d0 + this.header.length - a;
      const fb = this.frames.frameBytes;
      const f0 = Math.floor(d0 / fb);
      const f1 = Math.ceil(d1 / fb);
      if (d0 === f0 * fb && d1 === f1 * fb) frames(f0, f1 - f0, target.subarray(at, at + (d1 - d0)));
      else {
        const tmp = this.tmp((f1 - f0) * fb);
        frames(f0, f1 - f0, tmp);
        target.set(tmp.subarray(d0 - f0 * fb, d1 - f0 * fb), at);
      }
    }
    if (p.pad) target[p.n - 1] = 0;
    return p.n;
  }

  private async copy(offset: number, target: Uint8Array, frames: (first: number, count: number, out: Uint8Array) => Promise<void>): Promise<number> {
    // the same ranges as copySync, with asynchronous frame reads
    const pending: [number, number, Uint8Array][] = [];
    const n = this.copySync(offset, target, (f, c, out) => void pending.push([f, c, out]));
    for (const [f, c, out] of pending) {
      await frames(f, c, out);
      if (out.buffer === this.scratch.buffer) {
        const p = this.parts(offset, target);
        const fb = this.frames.frameBytes;
        const a = Math.min(Math.max(0, offset), this.size);
        target.set(out.subarray(p.data[0] - f * fb, p.data[1] - f * fb), p.data[0] + this.header.length - a);
      }
    }
    return n;
  }

  private tmp(n: number): Uint8Array {
    if (this.scratch.length < n) this.scratch = new Uint8Array(n);
    return this.scratch.subarray(0, n);
  }

  /** Close the originals' sources (those that can close). */
  async close(): Promise<void> {
    for (const i of this.frames.spec.inputs) {
      const c = (i.src as { close?: () => Promise<void> }).close;
      if (typeof c === 'function') await c.call(i.src);
    }
  }
}
