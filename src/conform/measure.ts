/**
 * The measurements conform plans with (spec §5.5): how many frames at the start and at the end
 * of a file are digital zero (only as far as a trim would reach), and whether every sample of a
 * float file is exactly an integer of the target depth. Bounded reads of the originals, block by
 * block; memory stays flat.
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import { readSampleBlocks } from '../audio/read/blocks.js';
import { convertSamples, leadingZeroFrames, Scratch, trailingZeroFrames, zeroSample } from './transform.js';
import type { MeasureNeed, Measures } from './plan.js';

/** An original to measure: its source and header. */
export interface MeasureInput {
  src: ByteSource;
  header: AudioHeader;
}

const BLOCK_FRAMES = 65536;

/** Frames of digital zero at the start of a file, counted up to `limit`. */
export async function leadingZeros(f: MeasureInput, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const h = f.header;
  const zero = zeroSample(h.encoding);
  let n = 0;
  for await (const b of readSampleBlocks(f.src, h, { endFrame: Math.min(limit, h.frames), blockFrames: BLOCK_FRAMES })) {
    const z = leadingZeroFrames(b.bytes, h.blockAlign, zero);
    n += z;
    if (z < b.frames) break;
  }
  return n;
}

/** Frames of digital zero at the end of a file, counted up to `limit`. */
export async function trailingZeros(f: MeasureInput, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const h = f.header;
  const zero = zeroSample(h.encoding);
  const stop = Math.max(0, h.frames - limit);
  let n = 0;
  for (let end = h.frames; end > stop; ) {
    const start = Math.max(stop, end - BLOCK_FRAMES);
    const bytes = await f.src.read(h.dataOffset + start * h.blockAlign, (end - start) * h.blockAlign);
    if (bytes.length < (end - start) * h.blockAlign) throw new Error(`${f.src.name}: the file changed while it was being read`);
    const z = trailingZeroFrames(bytes, h.blockAlign, zero);
    n += z;
    if (z < end - start) break;
    end = start;
  }
  return n;
}

/** Samples of a float file that are not exactly integers of `bits` bits (count and first frame). */
export async function inexactSamples(f: MeasureInput, bits: number): Promise<{ count: number; firstFrame: number }> {
  const h = f.header;
  const to = { sampleFormat: 'int' as const, bitsPerSample: bits, byteOrder: 'le' as const, unsigned8: false };
  const scratch = new Scratch();
  let out = new Uint8Array(0);
  let count = 0;
  let firstFrame = -1;
  for await (const b of readSampleBlocks(f.src, h, { blockFrames: BLOCK_FRAMES })) {
    const n = b.frames * h.channels;
    if (out.length < n * (bits >> 3)) out = new Uint8Array(n * (bits >> 3));
    const r = convertSamples(b.bytes, h.encoding, out, to, n, scratch);
    if (r.count > 0 && firstFrame < 0) firstFrame = b.frame + Math.floor(r.first / h.channels);
    count += r.count;
  }
  return { count, firstFrame };
}

/** Measure what a draft asks for: per item (its one or two originals), in item order. */
export async function measureItems(items: readonly MeasureInput[][], needs: readonly MeasureNeed[]): Promise<Measures> {
  const m: Measures = { leadingZero: [], trailingZero: [], inexact: [] };
  for (let i = 0; i < items.length; i++) {
    const need = needs[i]!;
    const files = items[i]!;
    let lead = Infinity;
    let trail = Infinity;
    for (const f of files) {
      lead = Math.min(lead, await leadingZeros(f, need.lead));
      trail = Math.min(trail, await trailingZeros(f, need.trail));
    }
    m.leadingZero.push(lead === Infinity ? 0 : lead);
    m.trailingZero.push(trail === Infinity ? 0 : trail);
    if (need.exactBits === null) m.inexact.push(null);
    else {
      const all = { count: 0, firstFrame: -1 };
      for (const f of files) {
        const r = await inexactSamples(f, need.exactBits);
        all.count += r.count;
        if (r.firstFrame >= 0 && (all.firstFrame < 0 || r.firstFrame < all.firstFrame)) all.firstFrame = r.firstFrame;
      }
      m.inexact.push(all);
    }
  }
  return m;
}
