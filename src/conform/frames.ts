/**
 * The frames of a conformed file, computed on demand from its originals: digital silence for the
 * pads, the kept original frames (joined, duplicated, converted) in between. Nothing is written
 * anywhere: a caller asks for a frame range and gets its bytes in the target encoding, so a
 * packer can stream a conformed file straight into its package. Memory is one block of scratch.
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import { convertSamples, duplicate, fillZero, interleave, sameEncoding, Scratch, type SampleEncoding } from './transform.js';

/** A readable original input file. */
export interface FrameInput {
  src: ByteSource & { readInto?(offset: number, target: Uint8Array): Promise<number>; readIntoSync?(offset: number, target: Uint8Array): number | null };
  header: AudioHeader;
}

/** How the frames of a conformed file come from its originals (all counts in frames). */
export interface FrameMapSpec {
  /** One original, or two (left, right) for a split-mono join. */
  inputs: FrameInput[];
  channelOp: 'none' | 'join' | 'dualMono';
  /** Channels of the conformed file. */
  channels: number;
  /** Encoding of the originals (both sides of a join share it). */
  from: SampleEncoding;
  /** Encoding of the conformed file. */
  to: SampleEncoding;
  /** Original frames dropped at the start (digital zero, or not yet checked when only verifying). */
  trimStart: number;
  /** Original frames carried over, from `trimStart` on. */
  kept: number;
  /** Frames of digital silence before and after them. */
  padStart: number;
  padEnd: number;
}

/** Frames per internal read when a block needs converting. */
const CHUNK_FRAMES = 16384;

/** Random access to the frames of one conformed file. */
export class FrameMap {
  readonly frames: number;
  /** Bytes per frame in the target encoding. */
  readonly frameBytes: number;
  private readonly inBytes: number;
  private readonly direct: boolean;
  private readonly scratch = new Scratch();
  private bufs: Uint8Array[] = [];
  private joined = new Uint8Array(0);

  constructor(readonly spec: FrameMapSpec) {
    this.frames = spec.padStart + spec.kept + spec.padEnd;
    this.frameBytes = spec.channels * (spec.to.bitsPerSample >> 3);
    this.inBytes = spec.from.bitsPerSample >> 3;
    this.direct = spec.channelOp === 'none' && sameEncoding(spec.from, spec.to);
  }

  /** True when every input can be read synchronously (a local file). */
  get canReadSync(): boolean {
    return this.spec.inputs.every((i) => typeof i.src.readIntoSync === 'function');
  }

  /**
   * Write frames `[first, first + count)` into `out` (`count * frameBytes` bytes), synchronously.
   * Returns false (having written nothing) when an input cannot read synchronously.
   */
  readSync(first: number, count: number, out: Uint8Array): boolean {
    if (!this.canReadSync) return false;
    const k = this.kept(first, count, out);
    if (!k) return true;
    const readOne = (input: FrameInput, offset: number, target: Uint8Array): void => {
      const n = input.src.readIntoSync!(offset, target);
      if (n === null) throw new Error(`${input.src.name}: a synchronous read was refused`);
      if (n !== target.length) throw changed(input.src.name);
    };
    if (this.direct) {
      const i = this.spec.inputs[0]!;
      readOne(i, i.header.dataOffset + k.origin * i.header.blockAlign, k.out);
      return true;
    }
    for (let f = 0; f < k.frames; f += CHUNK_FRAMES) {
      const n = Math.min(CHUNK_FRAMES, k.frames - f);
      const parts = this.spec.inputs.map((i, j) => {
        const t = this.buffer(j, n);
        readOne(i, i.header.dataOffset + (k.origin + f) * i.header.blockAlign, t);
        return t;
      });
      this.transform(parts, n, k.out.subarray(f * this.frameBytes, (f + n) * this.frameBytes));
    }
    return true;
  }

  /** Write frames `[first, first + count)` into `out`. */
  async read(first: number, count: number, out: Uint8Array): Promise<void> {
    if (this.readSync(first, count, out)) return;
    const k = this.kept(first, count, out);
    if (!k) return;
    if (this.direct) {
      const i = this.spec.inputs[0]!;
      await readAsync(i, i.header.dataOffset + k.origin * i.header.blockAlign, k.out);
      return;
    }
    for (let f = 0; f < k.frames; f += CHUNK_FRAMES) {
      const n = Math.min(CHUNK_FRAMES, k.frames - f);
      const parts: Uint8Array[] = [];
      for (const [j, i] of this.spec.inputs.entries()) {
        const t = this.buffer(j, n);
        await readAsync(i, i.header.dataOffset + (k.origin + f) * i.header.blockAlign, t);
        parts.push(t);
      }
      this.transform(parts, n, k.out.subarray(f * this.frameBytes, (f + n) * this.frameBytes));
    }
  }

  /**
   * Zero the pads of a range and say where its kept frames go: `frames` original frames from
   * frame `origin` of the originals into `out`. Null when the range holds no kept frame.
   */
  private kept(first: number, count: number, out: Uint8Array): { origin: number; frames: number; out: Uint8Array } | null {
    const s = this.spec;
    const fb = this.frameBytes;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count > this.frames) {
      throw new RangeError(`frames ${first}..${first + count} outside 0..${this.frames}`);
    }
    if (out.length < count * fb) throw new RangeError(`${count} frames need ${count * fb} bytes`);
    const end = first + count;
    const a = Math.min(Math.max(first, s.padStart), end);
    const b = Math.max(a, Math.min(end, s.padStart + s.kept));
    if (a > first) fillZero(out.subarray(0, (a - first) * fb), s.to);
    if (b < end) fillZero(out.subarray((b - first) * fb, count * fb), s.to);
    if (b <= a) return null;
    return { origin: s.trimStart + (a - s.padStart), frames: b - a, out: out.subarray((a - first) * fb, (b - first) * fb) };
  }

  /** Read buffer `j` (one per input), for `frames` original frames. */
  private buffer(j: number, frames: number): Uint8Array {
    const ch = this.spec.channelOp === 'none' ? this.spec.channels : 1;
    const need = frames * ch * this.inBytes;
    let b = this.bufs[j];
    if (!b || b.length < need) b = this.bufs[j] = new Uint8Array(Math.max(need, Math.min(CHUNK_FRAMES, frames) * ch * this.inBytes));
    return b.subarray(0, need);
  }

  /** Assemble one chunk of original frames into the target encoding. */
  private transform(parts: Uint8Array[], frames: number, out: Uint8Array): void {
    const s = this.spec;
    const ib = this.inBytes;
    let src: Uint8Array;
    if (s.channelOp === 'none') src = parts[0]!;
    else {
      const need = frames * s.channels * ib;
      if (this.joined.length < need) this.joined = new Uint8Array(need);
      src = this.joined.subarray(0, need);
      if (s.channelOp === 'join') interleave(parts, ib, frames, src);
      else duplicate(parts[0]!, ib, frames, s.channels, src);
    }
    const r = convertSamples(src, s.from, out, s.to, frames * s.channels, this.scratch);
    if (r.count > 0) throw new Error(`conform: ${r.count} sample(s) cannot be carried over exactly (a plan that was not checked)`);
  }
}

async function readAsync(input: FrameInput, offset: number, target: Uint8Array): Promise<void> {
  const into = input.src.readInto;
  let n: number;
  if (typeof into === 'function') n = await into.call(input.src, offset, target);
  else {
    const b = await input.src.read(offset, target.length);
    target.set(b.subarray(0, target.length));
    n = b.length;
  }
  if (n !== target.length) throw changed(input.src.name);
}

function changed(name: string): Error {
  return new Error(`${name}: the input changed while it was being read (short read); conform again`);
}
