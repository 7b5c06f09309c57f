/**
 * Joining a split-mono pair (two mono files of identical encoding) into one interleaved
 * stereo file, bit-exact: the sample bytes of left and right are interleaved unchanged (only
 * byte-swapped when the source byte order differs from the output's, e.g. RIFX to RIFF).
 * The left file's `bext` (with its TimeReference and coding history) is kept.
 * @module
 */
import type { AudioHeader, BextInfo } from '../model/audio.js';
import type { ByteSink, ByteSource } from '../model/byte-source.js';
import { finding, type Finding } from '../model/finding.js';
import { framesToMs } from '../model/units.js';
import { createAudioWriter } from '../audio/write/writer.js';
import { bextInput } from '../audio/write/bext.js';
import type { WriteSpec } from '../audio/write/spec.js';
import { containerClass } from './consistency.js';

/** Frames interleaved per block. */
const JOIN_BLOCK_FRAMES = 65536;

/**
 * Why two mono files cannot be joined, as findings on the right file (the left is the
 * reference): SP-AUD-003 container, SP-AUD-004 sample format or bit depth, SP-AUD-005 rate,
 * SP-LEN-001 length (with `differenceFrames`, `differenceMs` and `pair`), SP-AUD-001 not decodable.
 * Empty when the pair can be joined.
 */
export function pairMismatch(leftPath: string, l: AudioHeader, rightPath: string, r: AudioHeader): Finding[] {
  const out: Finding[] = [];
  const pair = { left: leftPath, right: rightPath };
  if (!l.lossless || !r.lossless) return out; // reported per file already
  if (containerClass(l) !== containerClass(r) || l.container !== r.container) {
    out.push(finding('SP-AUD-003', rightPath, { expected: l.container, found: r.container, ...pair }));
  }
  if (l.encoding.sampleFormat !== r.encoding.sampleFormat || l.encoding.bitsPerSample !== r.encoding.bitsPerSample || l.encoding.byteOrder !== r.encoding.byteOrder) {
    const d = (h: AudioHeader) => `${h.encoding.sampleFormat} ${h.encoding.bitsPerSample}-bit ${h.encoding.byteOrder}`;
    out.push(finding('SP-AUD-004', rightPath, { expected: d(l), found: d(r), ...pair }));
  }
  if (l.sampleRate !== r.sampleRate) {
    out.push(finding('SP-AUD-005', rightPath, { expected: l.sampleRate, found: r.sampleRate, left: leftPath }));
  }
  if (l.frames !== r.frames) {
    const d = r.frames - l.frames;
    out.push(finding('SP-LEN-001', rightPath, { expected: l.frames, found: r.frames, differenceFrames: d, differenceMs: Math.round(framesToMs(d, l.sampleRate) * 1000) / 1000, left: leftPath }));
  }
  return out;
}

/** The writer spec for the joined file of a pair whose left header is `h`. */
export function joinedSpec(h: AudioHeader): WriteSpec {
  const e = h.encoding;
  const bits = e.bitsPerSample as WriteSpec['bitsPerSample'];
  if (containerClass(h) === 'wav') {
    return {
      container: 'wav',
      sampleFormat: e.sampleFormat,
      bitsPerSample: bits,
      sampleRate: h.sampleRate,
      channels: 2,
      expectedFrames: h.frames,
      ...(h.bext ? { bext: bextInput(h.bext) } : {}),
    };
  }
  if (h.container === 'aiff' && e.sampleFormat === 'int') {
    return { container: 'aiff', sampleFormat: 'int', bitsPerSample: bits, sampleRate: h.sampleRate, channels: 2, expectedFrames: h.frames };
  }
  const c = h.compression;
  const compression = c === 'NONE' || c === 'twos' || c === 'sowt' || c === 'fl32' || c === 'fl64' ? c : undefined;
  return {
    container: 'aifc',
    sampleFormat: e.sampleFormat,
    bitsPerSample: bits,
    sampleRate: h.sampleRate,
    channels: 2,
    expectedFrames: h.frames,
    ...(compression ? { aifcCompression: compression } : {}),
  };
}

/**
 * Interleave two mono byte blocks of `frames` frames into `out` (frame: left sample, then right).
 * `swap` reverses each sample's bytes.
 */
export function interleaveBytes(left: Uint8Array, right: Uint8Array, bytesPer: number, frames: number, out: Uint8Array, swap: boolean): void {
  let o = 0;
  let i = 0;
  if (!swap && bytesPer === 3) {
    for (let f = 0; f < frames; f++, i += 3, o += 6) {
      out[o] = left[i]!;
      out[o + 1] = left[i + 1]!;
      out[o + 2] = left[i + 2]!;
      out[o + 3] = right[i]!;
      out[o + 4] = right[i + 1]!;
      out[o + 5] = right[i + 2]!;
    }
    return;
  }
  if (!swap && bytesPer === 2) {
    for (let f = 0; f < frames; f++, i += 2, o += 4) {
      out[o] = left[i]!;
      out[o + 1] = left[i + 1]!;
      out[o + 2] = right[i]!;
      out[o + 3] = right[i + 1]!;
    }
    return;
  }
  for (let f = 0; f < frames; f++, i += bytesPer) {
    for (let k = 0; k < bytesPer; k++) out[o + k] = left[i + (swap ? bytesPer - 1 - k : k)]!;
    o += bytesPer;
    for (let k = 0; k < bytesPer; k++) out[o + k] = right[i + (swap ? bytesPer - 1 - k : k)]!;
    o += bytesPer;
  }
}

/**
 * Write the joined stereo file of a checked pair into `sink` (which must support `writeAt`
 * or the writer's expected-frames mode). Does not close the sink. Reads both sources block by
 * block: memory stays flat.
 */
export async function joinSplitMono(
  left: { src: ByteSource; header: AudioHeader },
  right: { src: ByteSource; header: AudioHeader },
  sink: ByteSink,
  onBytes?: (n: number) => void,
): Promise<void> {
  const h = left.header;
  const w = await createAudioWriter(sink, joinedSpec(h));
  const bytesPer = h.encoding.bitsPerSample >> 3;
  const swap = w.spec.encoding.byteOrder !== h.encoding.byteOrder && bytesPer > 1;
  const out = new Uint8Array(JOIN_BLOCK_FRAMES * bytesPer * 2);
  for (let start = 0; start < h.frames; start += JOIN_BLOCK_FRAMES) {
    const frames = Math.min(JOIN_BLOCK_FRAMES, h.frames - start);
    const n = frames * bytesPer;
    const [a, b] = await Promise.all([
      left.src.read(left.header.dataOffset + start * bytesPer, n),
      right.src.read(right.header.dataOffset + start * bytesPer, n),
    ]);
    if (a.length < n || b.length < n) throw new Error(`split-mono join: ${left.src.name} or ${right.src.name} changed while being read`);
    interleaveBytes(a, b, bytesPer, frames, out, swap);
    await w.writeRaw(out.subarray(0, n * 2));
    onBytes?.(n * 2);
  }
  await w.finish();
}
