import type { ByteSource } from '../../model/byte-source.js';
import type { AudioHeader } from '../../model/audio.js';
import { decodeToFloat64 } from '../decode.js';

/** One block of raw sample bytes from {@link readSampleBlocks}. */
export interface SampleBlock {
  /** First frame of the block (0-based from the start of the sample data). */
  frame: number;
  /** Whole frames in the block. */
  frames: number;
  /** `frames * blockAlign` raw interleaved sample bytes, as the source returned them. */
  bytes: Uint8Array;
}

/** Options of {@link readSampleBlocks}. */
export interface BlockOptions {
  /** Frames per block (default 65536). */
  blockFrames?: number;
  /** First frame to read (default 0). */
  startFrame?: number;
  /** Frame to stop before (default header.frames). */
  endFrame?: number;
}

/**
 * Stream the sample data in blocks of whole frames, in order, one source read per block, so a
 * caller can hash and decode the same bytes. Frames are clipped to `[0, header.frames]`; a
 * trailing partial frame (SP-LEN-003) is not yielded. Stops early if the source returns less
 * than asked (it shrank). Each block's bytes are valid until the next block is requested:
 * sources with a `readInto(offset, target)` method (FileSource, SliceSource) are read into one
 * reused buffer, so copy a block's bytes if you keep them.
 */
export async function* readSampleBlocks(src: ByteSource, header: AudioHeader, opts: BlockOptions = {}): AsyncGenerator<SampleBlock> {
  const ba = header.blockAlign;
  if (ba <= 0) return;
  const bf = Math.max(1, Math.floor(opts.blockFrames ?? 65536));
  const start = clamp(Math.floor(opts.startFrame ?? 0), 0, header.frames);
  const end = clamp(Math.floor(opts.endFrame ?? header.frames), start, header.frames);
  const into = (src as Partial<ReadIntoLike>).readInto;
  let buf: Uint8Array | null = null;
  for (let f = start; f < end; f += bf) {
    const n = Math.min(bf, end - f);
    let bytes: Uint8Array;
    if (typeof into === 'function') {
      // Reuse one buffer for the whole stream (blocks are valid until the next one is asked for).
      if (buf === null) buf = new Uint8Array(Math.min(bf, end - start) * ba);
      const got = await into.call(src, header.dataOffset + f * ba, buf.subarray(0, n * ba));
      bytes = buf.subarray(0, got);
    } else bytes = await src.read(header.dataOffset + f * ba, n * ba);
    const got = Math.floor(bytes.length / ba);
    if (got === 0) return;
    yield { frame: f, frames: got, bytes: got * ba === bytes.length ? bytes : bytes.subarray(0, got * ba) };
    if (got < n) return;
  }
}

/** A source with an optional `readInto` (FileSource, SliceSource): see src/io. */
interface ReadIntoLike {
  readInto(offset: number, target: Uint8Array): Promise<number>;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Random access: decode `frameCount` frames from `startFrame` as interleaved Float64
 * (`frames * channels` values), clipped to the frames present (the result may be shorter).
 * Lossless encodings only (throws a RangeError otherwise: check `header.lossless`).
 */
export async function readFrames(src: ByteSource, header: AudioHeader, startFrame: number, frameCount: number): Promise<Float64Array> {
  if (!header.lossless) throw new RangeError(`readFrames: ${header.codecName} is not decodable`);
  const start = clamp(Math.floor(startFrame), 0, header.frames);
  const end = clamp(start + Math.max(0, Math.floor(frameCount)), start, header.frames);
  const out = new Float64Array((end - start) * header.channels);
  let done = 0;
  for await (const blk of readSampleBlocks(src, header, { startFrame: start, endFrame: end, blockFrames: 1 << 20 })) {
    const view = out.subarray((blk.frame - start) * header.channels);
    decodeToFloat64(blk.bytes, header.encoding, header.channels, blk.frames, view);
    done = blk.frame - start + blk.frames;
  }
  return done * header.channels === out.length ? out : out.subarray(0, done * header.channels);
}
